"""Cutting a recording into parts that each fit one request, at its silences, as it is read.

The samples go into one buffer the size of a part. When it holds the part's share of what is left
(the recording's length, as its header says, shared out evenly: ``balanced_window``), the cut is
the quietest place near that share (``_silence.quietest_cut``); everything before the cut leaves as a
part (16 kHz mono FLAC, or WAV for a model that takes no FLAC), everything after moves to the front and the buffer fills on. So memory is
one part's samples whatever the recording's length, parts are adjacent (nothing lost or doubled),
and each part's start is a sample position: the one clock every time is measured on.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

import attrs

from ._audio import DECODERS, ENCODERS, RATE
from ._silence import noise_floor, quietest_cut

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

# A request carries its part plus the form around it (model, language, ...): room kept for that.
FORM_ALLOWANCE = 64 * 1024
_LONGEST_LOOKBACK = 30.0


@attrs.frozen
class Part:
    """A stretch of the recording, from ``start`` to ``end`` seconds, as an audio file (16 kHz
    mono FLAC, or the source's own packets); ``origin``: where the file's time 0 lies in the
    recording, when not at ``start`` (see ``Chunk.origin``)."""

    start: float
    end: float
    data: bytes
    format: str = "flac"
    origin: float | None = None

    @property
    def seconds(self) -> float:
        return self.end - self.start


@attrs.frozen
class Limits:
    """How long and how large one part may be, the format decoded parts are written in; where in
    its end to look for the cut."""

    seconds: float
    bytes: int
    format: str = "flac"
    lookback: float | None = None  # seconds at the end where the cut is searched; None: a tenth

    @property
    def samples(self) -> int:
        """The samples of the longest part: by time, or by size (FLAC is never larger than the raw
        16-bit samples but for its frame headers, well under 1 %; WAV is them and 44 bytes)."""
        by_size = int((self.bytes - FORM_ALLOWANCE) / 2 / 1.01)
        return max(RATE, min(round(self.seconds * RATE), by_size))

    @property
    def lookback_samples(self) -> int:
        """Cuts are searched for in the last tenth of a part, at most 30 s: parts stay long (and
        requests few), and a pause between sentences is almost always there. Phrases (``lookback``
        given) are searched for over most of their length: a pause is what ends them."""
        if self.lookback is not None:
            return max(1, min(self.samples - RATE, round(self.lookback * RATE)))
        return round(min(_LONGEST_LOOKBACK * RATE, self.samples / 10))


def _part(samples: npt.NDArray[np.int16], first: int, audio_format: str) -> Part:
    encoded = ENCODERS[audio_format](samples)
    return Part(first / RATE, (first + len(samples)) / RATE, encoded, audio_format)


def balanced_window(remaining: float, longest: float, lookback: float) -> tuple[float, float, float | None]:
    """Where the search for a part's cut ends, counted from the part's start, how far back it
    goes, and the even share the cut is to be nearest (None: as late as it can be), when ``remaining`` of the recording is left (any unit, the same for all three). The parts
    left are made about equal, ``ceil(remaining / longest)`` of them, each cut within ``lookback``
    of its even share (never past ``longest``): a recording a little over the limit is two halves,
    not a full part and a sliver (1,200 s at 600 s: not 598 + 599 + 3). The last part is what is
    left (or, if the header said too little, a full one, cut in its last ``lookback``)."""
    if remaining <= longest:
        return longest, lookback, None
    share = remaining / math.ceil(remaining / longest)
    end = min(longest, share + lookback)
    return end, end - (share - lookback), share


def parts(
    chunks: Iterable[npt.NDArray[np.int16]], limits: Limits, seconds: float | None = None
) -> Iterator[Part]:
    """The recording's parts, in order, from its samples as they are decoded. ``seconds``: its
    length as its header says, for parts of even length (phrases, ``limits.lookback`` given, are
    cut at the first good pause instead)."""
    import numpy as np

    size, lookback = limits.samples, limits.lookback_samples
    total = None if seconds is None or limits.lookback is not None else round(seconds * RATE)

    def window(first: int) -> tuple[int, int, int | None]:
        """Where the search ends, how far back it goes, and the even share it is nearest to."""
        if total is None:
            return size, lookback, None
        end, width, share = balanced_window(total - first, size, lookback)
        width = min(round(width), round(end) - 1)
        return round(end), width, None if share is None else round(share) - (round(end) - width)

    buffer = np.empty(size, dtype=np.int16)
    filled, first = 0, 0  # samples in the buffer; the recording's sample at buffer[0]
    end, width, near = window(first)
    # The recording's own floor: the quietest seen so far (a short even share may be mostly sound,
    # and its own 5th percentile a syllable's energy, not the room's).
    floor: float | None = None
    for chunk in chunks:
        while len(chunk):
            taken = min(len(chunk), end - filled)
            buffer[filled : filled + taken] = chunk[:taken]
            filled, chunk = filled + taken, chunk[taken:]
            if filled < end:
                break
            here = noise_floor(buffer[:end])
            floor = here if floor is None else min(floor, here)
            cut = end - width + quietest_cut(buffer[end - width : end], floor, near)
            yield from fitting(_part(buffer[:cut], first, limits.format), limits)
            buffer[: end - cut] = buffer[cut:end]
            filled, first = end - cut, first + cut
            end, width, near = window(first)
            end = max(end, filled + 1)
    if filled:
        yield from fitting(_part(buffer[:filled], first, limits.format), limits)


def split(part: Part) -> tuple[Part, Part]:
    """The part in two at its quietest place in the middle third (for a server that takes less)."""
    samples = DECODERS[part.format](part.data)
    third = len(samples) // 3
    cut = third + quietest_cut(samples[third : len(samples) - third], noise_floor(samples))
    first = round(part.start * RATE)
    return _part(samples[:cut], first, part.format), _part(samples[cut:], first + cut, part.format)


def fitting(part: Part, limits: Limits) -> Iterator[Part]:
    """The part, split until each piece's request fits ``limits.bytes`` (rarely needed: only audio
    that FLAC cannot compress at all comes near it)."""
    if len(part.data) + FORM_ALLOWANCE <= limits.bytes or part.seconds < 2 / RATE:
        yield part
        return
    for half in split(part):
        yield from fitting(half, limits)
