"""Cutting an MP3 recording without re-encoding it: its own frames are copied into the parts.

An MP3 stream is a run of frames that a decoder can start on, so a part is the source's frames from
one cut to the next, as they are (lossless, no larger than the source, and no decoding but near
the cuts). Only the stretch in which a cut is searched for (the last tenth of a part) is decoded,
to 16 kHz mono, and the cut (``_silence.quietest_cut``) is moved to the nearest frame boundary
(26 ms at 44.1 kHz).

The clock: frame ``i`` of the source holds the recording's audio from ``pts_i - start_time``
(the stream's start time is the encoder's and the decoder's delay, which a player skips by the
file's LAME header). A part has no such header, so a provider decodes its first frame from the
part's time 0: every part's own time 0 is its first frame's place on that clock. That is the
part's start, but for the first part, whose time 0 lies before the recording's (``Part.origin``).
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import attrs

from openrouter_ext._audio_input import LocalAudio

from ._audio import RATE, Unreadable, ended_early, open_audio, samples_of
from ._parts import FORM_ALLOWANCE, Limits, Part, balanced_window
from ._silence import noise_floor, quietest_cut

if TYPE_CHECKING:
    import av.stream
    import numpy as np
    import numpy.typing as npt

REMUXED_FORMATS = frozenset({"mp3"})
# An MP3 frame may take up to 511 bytes of its data from the frames before it (the bit reservoir),
# and its sound overlaps the frame before: a decoder started cold needs those frames first.
_RESERVOIR_BYTES = 511
_MOST_PRIMING_FRAMES = 4


@attrs.frozen
class _Frame:
    at: float  # where the frame's audio begins on the recording's clock, in seconds
    seconds: float
    data: bytes


def _concatenated(frames: list[_Frame]) -> bytes:
    return b"".join(frame.data for frame in frames)


@attrs.define
class PacketCutting:
    """The parts of an MP3 recording, cut between its frames; after iteration, how reading went
    (``read_seconds``, ``stopped``, as ``_audio.Decoding`` says them)."""

    audio: LocalAudio
    limits: Limits
    duration: float | None = None  # what the file's header says, if anything
    read_seconds: float = 0.0
    stopped: str | None = None

    def __iter__(self) -> Iterator[Part]:
        with self.audio.open() as reader:
            try:
                container, stream = open_audio(reader, "mp3", container_format="mp3")
            except Unreadable as why:
                self.stopped = str(why)
                return
            with container:
                yield from self._parts(container, stream)

    def _parts(self, container: Any, stream: av.AudioStream) -> Iterator[Part]:
        import av

        budget = self.limits.bytes - FORM_ALLOWANCE
        pending: list[_Frame] = []  # the frames of the part being gathered, its priming ones first
        primed = 0
        size = 0
        window: tuple[float, float, float | None] = (
            self.limits.seconds,
            0.0,
            None,
        )  # ``_window``: the part's
        try:
            for frame in _frames(container, stream, 0.0):
                # A part's length is what a provider decodes: its priming frames (and the first
                # part's codec delay) count, so a model's own length limit is never passed.
                end, width, share = window
                if len(pending) > primed and (
                    frame.at + frame.seconds - pending[0].at > end or size + len(frame.data) > budget
                ):
                    cut = self._cut(stream, pending, primed, width, share)
                    yield _part(pending, primed, cut)
                    primed = _priming(pending, cut)
                    size -= sum(len(done.data) for done in pending[: cut - primed])
                    del pending[: cut - primed]
                    window = self._window(pending[0].at)  # the next part's, once
                pending.append(frame)
                if len(pending) == 1:
                    window = self._window(frame.at)
                size += len(frame.data)
                self.read_seconds = frame.at + frame.seconds
        except (av.error.FFmpegError, ValueError) as error:
            self.stopped = f"it is corrupt after {self.read_seconds:.1f} s ({error})"
        self.stopped = self.stopped or ended_early(self.read_seconds, self.duration)
        if self.duration is not None:  # the encoder's padding at the end is not audio
            self.read_seconds = min(self.read_seconds, self.duration)
        if len(pending) > primed:
            yield _part(pending, primed, len(pending), end=max(self.read_seconds, pending[primed].at))

    def _window(self, start: float) -> tuple[float, float, float | None]:
        """How long the part that starts at ``start`` may grow before its cut is searched, and how
        far back the search goes: its even share of what the header says is left
        (``balanced_window``), never past the model's limit; a tenth of it without a header's length."""
        lookback = self.limits.lookback_samples / RATE
        if self.duration is None:
            return self.limits.seconds, min(lookback, self.limits.seconds / 10), None
        return balanced_window(self.duration - start, self.limits.seconds, lookback)

    def _cut(
        self, stream: av.AudioStream, frames: list[_Frame], primed: int, width: float, share: float | None
    ) -> int:
        """Where the part ends: the frame boundary nearest the quietest place of its last ``width``
        seconds (never more than a quarter of it: an index into ``frames``, after the part's own
        first frame)."""
        span = _boundary(frames, len(frames)) - frames[0].at
        lookback = min(width, span / 4)
        searched = next(
            (i for i, frame in enumerate(frames) if i > primed and frame.at >= frames[-1].at - lookback),
            len(frames),  # the part is one frame of its own: it ends after it
        )
        if searched == len(frames):
            return searched
        first = _priming_start(frames, searched)
        samples = _decoded(stream.codec_context.name, frames[first:])
        window = samples[round((frames[searched].at - frames[first].at) * RATE) :]
        if len(window) < RATE // 10:
            return searched
        near = None if share is None else round((frames[0].at + share - frames[searched].at) * RATE)
        at = frames[searched].at + quietest_cut(window, noise_floor(window), near) / RATE
        return min(range(searched, len(frames) + 1), key=lambda i: abs(_boundary(frames, i) - at))


def _frames(container: Any, stream: av.AudioStream, origin: float) -> Iterator[_Frame]:
    """The stream's frames as they are demuxed, placed on the recording's clock: a frame's audio
    begins ``(pts - start_time) * time_base`` after ``origin``, where the file's time 0 lies."""
    base = stream.time_base
    assert base is not None
    start = (stream.start_time or 0) * base
    for packet in container.demux(stream):
        if packet.pts is not None and packet.size:
            yield _Frame(
                float(origin + packet.pts * base - start), float((packet.duration or 0) * base), bytes(packet)
            )


def _boundary(frames: list[_Frame], index: int) -> float:
    """Where frame ``index`` begins (the end of the last frame for ``len(frames)``)."""
    return frames[index].at if index < len(frames) else frames[-1].at + frames[-1].seconds


def _priming_start(frames: list[_Frame], index: int) -> int:
    """The first frame a decoder must start on to decode frame ``index`` whole: enough frames
    before it to hold the bits it may borrow (up to 511 bytes back) and one more, whose output
    overlaps it."""
    first, held = index, 0
    while first > 0 and (held < _RESERVOIR_BYTES or index - first < 2):
        first -= 1
        held += len(frames[first].data)
    return min(first, max(0, index - _MOST_PRIMING_FRAMES))


def _priming(frames: list[_Frame], cut: int) -> int:
    """How many frames before ``cut`` the next part starts with, to prime its decoder."""
    return cut - _priming_start(frames, cut)


def _part(frames: list[_Frame], primed: int, cut: int, *, end: float | None = None) -> Part:
    """Frames ``[0, cut)`` as a part: its own audio starts after ``primed`` frames, which a decoder
    needs first (they repeat the end of the part before; the merge clamps what is heard in them to
    the part's start, so nothing is doubled)."""
    first = frames[primed].at
    start = max(first, 0.0)
    origin = frames[0].at
    return Part(
        start,
        _boundary(frames, cut) if end is None else end,
        _concatenated(frames[:cut]),
        "mp3",
        origin=None if origin == start else origin,
    )


def _decoded(codec: str, frames: list[_Frame]) -> npt.NDArray[np.int16]:
    """The frames decoded by a decoder started cold, as 16 kHz mono samples (a frame the decoder
    cannot make out yet stands as silence, so that every frame keeps its place)."""
    import av
    import numpy as np

    context = av.CodecContext.create(codec, "r")
    assert isinstance(context, av.AudioCodecContext)
    resampler = av.AudioResampler(format="s16", layout="mono", rate=RATE)
    pieces = []
    for frame in frames:
        decoded: list[av.AudioFrame] = []
        with contextlib.suppress(av.error.FFmpegError):
            decoded = context.decode(av.Packet(frame.data))
        converted = [samples for one in decoded for samples in samples_of(resampler.resample(one))]
        samples = np.concatenate([*converted, np.zeros(0, dtype=np.int16)])
        wanted = round(frame.seconds * RATE)
        pieces.append(np.pad(samples[:wanted], (0, max(0, wanted - len(samples)))))
    return np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.int16)


def split_mp3(part: Part) -> tuple[Part, Part]:
    """An MP3 part in two at a frame boundary near its quietest place in the middle third; the
    second half starts with the frames that prime its decoder."""

    origin = part.start if part.origin is None else part.origin
    container, stream = open_audio(io.BytesIO(part.data), "mp3", container_format="mp3")
    with container:
        frames = list(_frames(container, stream, origin))
        samples = _decoded(stream.codec_context.name, frames)
    third = len(samples) // 3
    at = origin + (third + quietest_cut(samples[third : len(samples) - third], noise_floor(samples))) / RATE
    own = next(i for i, frame in enumerate(frames) if frame.at >= part.start)  # after this part's priming
    cut = min(range(own + 1, len(frames)), key=lambda i: abs(frames[i].at - at))
    first = Part(part.start, frames[cut].at, _concatenated(frames[:cut]), "mp3", origin=part.origin)
    prime = _priming_start(frames, cut)
    return first, _part(frames[prime:], cut - prime, len(frames) - prime, end=part.end)
