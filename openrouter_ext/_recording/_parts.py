"""Cutting a recording into parts that each fit one request, at its silences, as it is read.

The samples go into one buffer the size of a part. When it is full, the cut is the quietest place
in its last ``lookback`` seconds (``_silence.quietest_cut``); everything before the cut leaves as a
part (16 kHz mono FLAC, or WAV for a model that takes no FLAC), everything after moves to the front and the buffer fills on. So memory is
one part's samples whatever the recording's length, parts are adjacent (nothing lost or doubled),
and each part's start is a sample position: the one clock every time is measured on.
"""

from __future__ import annotations

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


def parts(chunks: Iterable[npt.NDArray[np.int16]], limits: Limits) -> Iterator[Part]:
    """The recording's parts, in order, from its samples as they are decoded."""
    import numpy as np

    size, lookback = limits.samples, limits.lookback_samples
    buffer = np.empty(size, dtype=np.int16)
    filled, first = 0, 0  # samples in the buffer; the recording's sample at buffer[0]
    for chunk in chunks:
        while len(chunk):
            taken = min(len(chunk), size - filled)
            buffer[filled : filled + taken] = chunk[:taken]
            filled, chunk = filled + taken, chunk[taken:]
            if filled < size:
                break
            floor = noise_floor(buffer)
            cut = size - lookback + quietest_cut(buffer[size - lookback :], floor)
            yield from fitting(_part(buffer[:cut], first, limits.format), limits)
            buffer[: size - cut] = buffer[cut:size]
            filled, first = size - cut, first + cut
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
