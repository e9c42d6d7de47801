"""A live stream's bytes as they arrive, and its samples as they are decoded (PyAV).

A stream is read once, from the front, and never rewound: a pipe, a socket, standard input, an
iterable of ``bytes`` (or, for the async call, an async iterable). ``ByteReader.read(n)`` answers
with what has arrived, up to ``n`` bytes, never waiting for all of them: a buffered ``read(n)`` on
a pipe waits for ``n`` bytes, seconds of audio at real time, and PyAV asks for 32 KB a read. At the
end it answers ``b""``, as often as it is asked (FFmpeg reads again after the end).

Its format is sniffed from the first bytes (or given), and the stream decoded a frame at a time to
16 kHz mono 16-bit samples, with FFmpeg's probing cut short: on a pipe its default (5 s of audio
analysed before the first frame) would hold every caption back by seconds. A WAV header's length is
never trusted here (ffmpeg writes 0 or 0xFFFFFFFF to a pipe): the stream ends when its bytes do.
"""

from __future__ import annotations

import io
import threading
import time
from collections.abc import AsyncIterable, Callable, Generator, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openrouter_ext import _validation as check
from openrouter_ext._audio_input import SNIFF_BYTES, sniff_format
from openrouter_ext.errors import InvalidInputError

from ._audio import RATE, samples_of

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

READ_BYTES = 64 * 1024  # the most one read takes from a file object
_NOTHING_YET_WAIT = 0.01  # seconds: a non-blocking file that has nothing yet is asked again after
# FFmpeg's demuxer for each format a stream may be in (the spec's names); pcm is s16le, its rate
# and channels given.
DEMUXERS = {"wav": "wav", "mp3": "mp3", "flac": "flac", "ogg": "ogg", "webm": "matroska",
            "aac": "aac", "m4a": "mov", "mp4": "mov", "pcm": "s16le"}  # fmt: skip
# An MP3 stream without a LAME header (cut from the middle of a file, or written to a pipe by an
# encoder that could not go back to write one) does not say its encoder's delay: decoded, its sound
# comes this many of its samples late. LAME's own (576) and the decoder's (529): what ffmpeg and
# most encoders use. With a header, FFmpeg skips the delay itself (the stream's start time).
_UNANNOUNCED_MP3_DELAY = 576 + 529
# Probing on a pipe: what is needed to know the codec, nothing more (FFmpeg's defaults read up to
# 5 MB and analyse 5 s of audio before the first frame comes out).
_QUICK_PROBE = {"probesize": "32", "analyzeduration": "0"}


class ByteReader:
    """``read(n)``: up to ``n`` bytes of the stream as they arrive; ``b""`` at its end, and after
    ``stop()`` (what was read stands: the stream is ended early, not abandoned)."""

    def __init__(self, pull: Callable[[int], bytes], close: Callable[[], object] | None = None) -> None:
        self._pull = pull
        self._close = close
        self._ended = False
        self._stopped = threading.Event()
        self.bytes_read = 0

    def read(self, size: int = READ_BYTES) -> bytes:
        if self._ended or self._stopped.is_set():
            return b""
        data = self._pull(size if size > 0 else READ_BYTES)
        if self._stopped.is_set():  # asked to stop while waiting: what came is still read
            self._ended = True
        if not data:
            self._ended = True
            return b""
        self.bytes_read += len(data)
        return data

    def stop(self) -> None:
        self._stopped.set()

    def close(self) -> None:
        if self._close is not None:
            self._close()


def _from_file(file: Any) -> Callable[[int], bytes]:
    read1 = getattr(file, "read1", None)
    read = read1 if callable(read1) else file.read

    def pull(size: int) -> bytes:
        data = read(size)
        while data is None:  # a non-blocking file with nothing yet: asked again soon
            time.sleep(_NOTHING_YET_WAIT)
            data = read(size)
        if not isinstance(data, bytes | bytearray | memoryview):
            raise InvalidInputError(
                "input_audio",
                f"read() gave {type(data).__name__}, not bytes: the file is open in text mode",
                "Open it in binary mode ('rb'), or pass sys.stdin.buffer for standard input",
            )
        return bytes(data)

    return pull


def _in_pieces(following: Callable[[], bytes | None]) -> Callable[[int], bytes]:
    """``read(n)`` over a source that gives chunks of its own size (``following``: the next, or
    None at the end): up to ``n`` bytes of the chunk at hand, the rest kept for the next read."""
    held = b""

    def pull(size: int) -> bytes:
        nonlocal held
        while not held:
            chunk = following()
            if chunk is None:
                return b""
            held = chunk
        data, held = held[:size], held[size:]
        return data

    return pull


def _as_bytes(chunk: Any) -> bytes:
    if not isinstance(chunk, bytes | bytearray | memoryview):
        raise InvalidInputError(
            "input_audio",
            f"gave {type(chunk).__name__}, not bytes: an iterable source yields the stream's bytes",
            "Yield bytes (e.g. the blocks a microphone library gives, as bytes)",
        )
    return bytes(chunk)


def _from_iterable(chunks: Iterable[Any]) -> Callable[[int], bytes]:
    iterator = iter(chunks)
    return _in_pieces(lambda: None if (chunk := next(iterator, None)) is None else _as_bytes(chunk))


def _from_async_iterable(chunks: AsyncIterable[Any]) -> Callable[[int], bytes]:
    """Pulled from a worker thread of the async call (``anyio.to_thread``): each chunk awaited on the
    event loop."""
    import anyio.from_thread

    iterator = chunks.__aiter__()

    async def following() -> bytes | None:
        try:
            return _as_bytes(await iterator.__anext__())
        except StopAsyncIteration:
            return None

    return _in_pieces(lambda: anyio.from_thread.run(following))


def byte_reader(source: Any, *, asynchronous: bool = False) -> ByteReader:
    """The stream as a ``ByteReader``, or ``InvalidInputError`` naming what it is and what to pass."""
    if source is None:
        raise InvalidInputError("input_audio", "is required")
    if isinstance(source, str | Path):
        path = Path(source)
        if not path.exists():
            raise InvalidInputError("input_audio", f"{str(source)!r}: no such file", "Pass an existing path, a "
                                    "named pipe, or an open binary file object (sys.stdin.buffer)")  # fmt: skip
        file = path.open("rb")
        return ByteReader(_from_file(file), file.close)
    if isinstance(source, bytes | bytearray | memoryview):
        raise InvalidInputError(
            "input_audio",
            "is the whole recording as bytes, not a stream",
            "Pass it to client.stt.transcribe(), or an iterable of bytes to stream it",
        )
    if isinstance(source, io.TextIOBase):
        raise InvalidInputError(
            "input_audio",
            "is a text stream",
            "Pass its binary buffer (sys.stdin.buffer), or open the file 'rb'",
        )
    if callable(getattr(source, "read", None)):
        return ByteReader(_from_file(source))
    if hasattr(source, "__aiter__"):
        if not asynchronous:
            raise InvalidInputError(
                "input_audio", "is an async iterable", "Use client.stt.transcribe_stream_async() for it"
            )
        return ByteReader(_from_async_iterable(source))
    if isinstance(source, Iterable):
        return ByteReader(_from_iterable(source))
    raise InvalidInputError(
        "input_audio",
        f"must be a binary file object, an iterable of bytes{' or an async iterable' if asynchronous else ''}, "
        f"or a path; got {type(source).__name__}",
    )


class _Replayed:
    """The reader, with the bytes already taken to sniff its format put back in front."""

    def __init__(self, head: bytes, reader: ByteReader) -> None:
        self._head = head
        self._reader = reader

    def read(self, size: int) -> bytes:
        if self._head:
            data, self._head = self._head[:size], self._head[size:]
            return data
        return self._reader.read(size)


def _head(reader: ByteReader) -> bytes:
    """The first bytes, enough to sniff (fewer only when the stream ends before them)."""
    head = b""
    while len(head) < SNIFF_BYTES:
        data = reader.read(SNIFF_BYTES - len(head))
        if not data:
            break
        head += data
    return head


def stream_format(head: bytes, given: str | None) -> str:
    if not head:
        raise InvalidInputError(
            "input_audio", "the stream ended before any audio came", "Check what feeds it"
        )
    if given is not None:
        return given
    sniffed = sniff_format(head)
    if sniffed is None:
        raise InvalidInputError(
            "input_audio",
            "its first bytes are not of an audio format known here",
            "Pass audio_format (wav, mp3, flac, ogg, webm; pcm, with sample_rate and channels, for raw "
            "16-bit samples)",
        )
    return sniffed


def check_pcm_layout(audio_format: str | None, sample_rate: Any, channels: Any) -> tuple[int, int]:
    """Headerless PCM's rate and channels (16 kHz mono unless given); refused for other formats,
    whose headers say them."""
    if audio_format != "pcm":
        for name, value in (("sample_rate", sample_rate), ("channels", channels)):
            if value is not None:
                raise InvalidInputError(
                    name, "is for audio_format='pcm' only (other formats say it themselves)"
                )
        return RATE, 1
    rate = RATE if sample_rate is None else sample_rate
    count = 1 if channels is None else channels
    check.check_number("sample_rate", rate, 1000, whole=True)
    check.check_number("channels", count, 1, whole=True)
    if count > 8:
        raise InvalidInputError("channels", f"must be 8 or fewer, got {count}")
    return int(rate), int(count)


class StreamDecoding:
    """The stream's samples (16 kHz mono, 16-bit) as they are decoded; after iteration, ``stopped``
    says why it ended before its bytes did, if it did (corrupt part-way: what was decoded stands).
    A stream that cannot be read at all raises ``InvalidInputError`` before anything is yielded."""

    def __init__(
        self, reader: ByteReader, audio_format: str | None, layout: tuple[int, int] = (RATE, 1)
    ) -> None:
        self.reader = reader
        self.audio_format = audio_format
        self.layout = layout
        self.stopped: str | None = None

    def __iter__(self) -> Generator[npt.NDArray[np.int16]]:
        import av
        import numpy as np

        head = _head(self.reader)
        found = stream_format(head, self.audio_format)
        replayed = _Replayed(head, self.reader)
        if found == "pcm" and self.layout == (RATE, 1):  # the spec's pcm: the samples as they come
            odd = b""
            while data := replayed.read(READ_BYTES):
                data, odd = odd + data, b""
                if len(data) % 2:
                    data, odd = data[:-1], data[-1:]
                yield np.frombuffer(data, dtype="<i2").astype(np.int16)
            return
        options = dict(_QUICK_PROBE)
        if found == "pcm":
            options |= {"sample_rate": str(self.layout[0]), "ch_layout": f"{self.layout[1]}c"}
        try:
            container = av.open(replayed, mode="r", format=DEMUXERS.get(found), options=options)
        except av.error.FFmpegError as error:
            raise InvalidInputError("input_audio", f"cannot be read as a {found} stream: {error}") from None
        with container:
            if not container.streams.audio:
                raise InvalidInputError("input_audio", f"the {found} stream has no audio in it")
            stream = container.streams.audio[0]
            resampler = av.AudioResampler(format="s16", layout="mono", rate=RATE)
            late = 0
            if found == "mp3" and not stream.start_time and stream.rate:
                late = round(_UNANNOUNCED_MP3_DELAY / stream.rate * RATE)
            try:
                for frame in container.decode(stream):
                    for samples in samples_of(resampler.resample(frame)):
                        samples, late = samples[late:], max(0, late - len(samples))
                        if len(samples):
                            yield samples
            except (av.error.FFmpegError, ValueError) as error:
                self.stopped = f"the stream is corrupt after {self.reader.bytes_read:,} bytes ({error})"
            yield from samples_of(resampler.resample(None))
