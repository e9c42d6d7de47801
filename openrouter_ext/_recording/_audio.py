"""Reading a recording as a stream of 16 kHz mono samples, and writing parts of it as FLAC (PyAV).

Every format FFmpeg reads is read the same way: decoded a frame at a time, resampled to 16 kHz
mono 16-bit (what speech models listen to), never held whole. A part is written as 16 kHz mono FLAC:
lossless for what was decoded, about a third of the size of the raw samples, so a 600 s part is
some 6-12 MB, well under the request limit whatever the source's rate and channels.

A file that ends early or turns corrupt part-way is read as far as it can be: ``Decoding.stopped``
then says where and why, and what was read is transcribed.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import wave
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, BinaryIO, Protocol

import attrs

from openrouter_ext._audio_input import LocalAudio

if TYPE_CHECKING:
    import av
    import numpy as np
    import numpy.typing as npt

RATE = 16_000
# Raw ``pcm`` (the spec's: signed 16-bit little-endian mono at 16 kHz) needs no decoder.
_PCM_CHUNK = RATE * 2 * 10  # 10 s a read


class Reading(Protocol):
    """How reading a recording went, once its parts are cut: how far it got, and if it stopped
    before the end, why."""

    audio: LocalAudio
    stopped: str | None

    @property
    def read_seconds(self) -> float: ...


@attrs.define
class Decoding:
    """The samples of one recording, as they are decoded; after iteration, how it went."""

    audio: LocalAudio
    duration: float | None = None  # what the file's header says (``probe``), if anything
    read: int = 0  # samples decoded so far
    stopped: str | None = None  # why reading stopped before the end, if it did

    @property
    def read_seconds(self) -> float:
        return self.read / RATE

    def __iter__(self) -> Iterator[npt.NDArray[np.int16]]:
        chunks = self._pcm() if self.audio.format == "pcm" else self._decoded()
        for chunk in chunks:
            self.read += len(chunk)
            yield chunk
        self.stopped = self.stopped or ended_early(self.read_seconds, self.duration)

    def _pcm(self) -> Iterator[npt.NDArray[np.int16]]:
        import numpy as np

        with self.audio.open() as reader:
            self.duration = self.audio.size / 2 / RATE
            while chunk := reader.read(_PCM_CHUNK):
                yield np.frombuffer(chunk[: len(chunk) // 2 * 2], dtype="<i2").astype(np.int16)

    def _decoded(self) -> Iterator[npt.NDArray[np.int16]]:
        import av

        with self.audio.open() as reader:
            try:
                container, stream = open_audio(reader, self.audio.format)
            except Unreadable as why:
                self.stopped = str(why)
                return
            with container:
                if self.duration is None and container.duration is not None:
                    self.duration = container.duration / av.time_base
                resampler = av.AudioResampler(format="s16", layout="mono", rate=RATE)
                try:
                    for frame in container.decode(stream):
                        yield from samples_of(resampler.resample(frame))
                except (av.error.FFmpegError, ValueError) as error:
                    self.stopped = f"it is corrupt after {self.read_seconds:.1f} s ({error})"
                yield from samples_of(resampler.resample(None))  # the resampler's last samples


class Unreadable(Exception):
    """A recording that cannot be read at all; the message says why, as ``Reading.stopped`` does."""


def open_audio(reader: BinaryIO, audio_format: str, container_format: str | None = None) -> tuple[Any, Any]:
    """The opened container and its first audio stream (raises ``Unreadable``)."""
    import av

    try:
        container = av.open(reader, mode="r", format=container_format)
    except av.error.FFmpegError as error:
        raise Unreadable(f"it cannot be read as {audio_format} audio: {error}") from None
    if not container.streams.audio:
        container.close()
        raise Unreadable("it has no audio stream")
    return container, container.streams.audio[0]


def ended_early(read_seconds: float, duration: float | None) -> str | None:
    """Why reading stopped short, when the header promised more than half a second more."""
    if duration is not None and read_seconds < duration - 0.5:
        return f"the file ends at {read_seconds:.1f} s; its header says {duration:.1f} s"
    return None


def samples_of(frames: list[av.AudioFrame]) -> Iterator[npt.NDArray[np.int16]]:
    """The samples of frames a resampler made (s16 mono), as arrays."""
    import numpy as np

    for frame in frames:
        yield frame.to_ndarray().reshape(-1)[: frame.samples].astype(np.int16, copy=False)


def encode_flac(samples: npt.NDArray[np.int16]) -> bytes:
    """``samples`` (16 kHz mono, 16-bit) as a FLAC file."""
    import av

    out = io.BytesIO()
    with av.open(out, mode="w", format="flac") as container:
        stream = container.add_stream("flac", rate=RATE, layout="mono")
        assert isinstance(stream, av.audio.stream.AudioStream)
        stream.format = "s16"
        # A second at a time: the encoder copies what it is given, so one frame of a whole part
        # would cost a second copy of the part.
        for first in range(0, len(samples), RATE):
            block = samples[first : first + RATE].reshape(1, -1)
            frame = av.AudioFrame.from_ndarray(block, format="s16", layout="mono")
            frame.sample_rate = RATE
            frame.pts = first
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return out.getvalue()


def decoded(data: bytes, audio_format: str) -> npt.NDArray[np.int16]:
    """Audio held in memory (a part as it was sent: FLAC, WAV, MP3 frames, ...) as 16 kHz mono
    samples from its own time 0."""
    import numpy as np

    chunks = list(
        Decoding(LocalAudio(format=audio_format, name=f"part.{audio_format}", size=len(data), data=data))
    )
    return np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int16)


def decode_flac(data: bytes) -> npt.NDArray[np.int16]:
    """A FLAC file of ours (16 kHz mono) back into samples."""
    return decoded(data, "flac")


def encode_wav(samples: npt.NDArray[np.int16]) -> bytes:
    """``samples`` (16 kHz mono, 16-bit) as a WAV file: for a model that takes no FLAC."""
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(samples.astype("<i2", copy=False).data)  # its buffer, not a copy of it
    return out.getvalue()


def decode_wav(data: bytes) -> npt.NDArray[np.int16]:
    """A WAV file of ours (16 kHz mono, 16-bit) back into samples (read-only: a view of its frames)."""
    import numpy as np

    with wave.open(io.BytesIO(data)) as wav:
        return np.frombuffer(wav.readframes(wav.getnframes()), dtype=np.int16)


# How decoded parts are written, by the format the model is sent: FLAC where it takes it (about half
# the size), else WAV.
ENCODERS = {"flac": encode_flac, "wav": encode_wav}
DECODERS = {"flac": decode_flac, "wav": decode_wav}


def _pyav_installed() -> bool:
    return importlib.util.find_spec("av") is not None


def probe(audio: LocalAudio) -> float | None:
    """The recording's length in seconds from its header, without decoding it (None: unknown).
    WAV and PCM with the standard library; without PyAV, MP3 and FLAC from their own headers
    (``_headers``); every other format with PyAV."""
    if audio.format == "pcm":
        return audio.size / 2 / RATE
    if audio.format == "wav":
        with audio.open() as reader, contextlib.suppress(wave.Error, EOFError), wave.open(reader) as wav:
            return float(wav.getnframes() / wav.getframerate())
    if not _pyav_installed():
        if audio.format not in ("mp3", "flac"):
            return None
        from . import _headers

        with audio.open() as reader:
            head = reader.read(_headers.HEAD_BYTES)
        if audio.format == "flac":
            return _headers.flac_seconds(head)
        return _headers.mp3_seconds(head, audio.size)
    import av

    with (
        audio.open() as reader,
        contextlib.suppress(av.error.FFmpegError),
        av.open(reader, mode="r") as container,
    ):
        return None if container.duration is None else container.duration / av.time_base
    return None


def can_split() -> bool:
    """Whether PyAV and numpy, which reading and cutting need, are installed."""
    return _pyav_installed() and importlib.util.find_spec("numpy") is not None
