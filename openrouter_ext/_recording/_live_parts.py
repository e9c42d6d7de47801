"""Cutting a live stream into parts as it arrives: at the first pause after a few seconds, never
longer than a caption can wait, each second sent once and long silence not at all.

The samples (16 kHz mono) go into a buffer one part long, their energy measured in 20 ms frames
(``_silence``). A frame is sound when it is more than ``SILENCE_ABOVE_FLOOR_DB`` over the stream's
noise floor (the quietest 5 % of its last 10 s, the lowest seen so far, but never above
``_LOUDEST_FLOOR_DB``: a stream that starts with a held tone or a noisy room still has sound in it)
and louder than ``_ALWAYS_QUIET_DB``. Then:

- silence before the first sound of a part is dropped but its last ``EDGE_SECONDS``: it is not sent,
  and its time still counts (a part's ``start`` is its first sample's place on the stream's clock);
- a part ends in the first pause (``PAUSE_SECONDS`` of silence) that lies ``shortest`` seconds or
  more after the end of the part before (so requests stay near one per ``shortest`` seconds
  of stream, however the speech is spread), and its trailing silence past ``EDGE_SECONDS`` is
  not sent either;
- with no pause, it ends at the quietest place once it is ``longest`` seconds long (the model's
  limit, or what keeps captions close);
- at the end of the stream, what is left is sent if it has sound in it.

Parts are adjacent or have only silence between them: nothing is sent twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

import attrs

from ._audio import ENCODERS, RATE
from ._parts import Limits, Part, fitting
from ._silence import FLOOR_PERCENTILE, FRAME, PAUSE_SECONDS, SILENCE_ABOVE_FLOOR_DB, quietest_cut

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

SHORTEST_SECONDS = 5.0  # a part ends at the first pause after this long: about one request per 5 s
LONGEST_SECONDS = 15.0  # ... and at the quietest place when it gets this long without one
EDGE_SECONDS = 0.2  # silence kept before a part's first sound and after its last
_FLOOR_FRAMES = 500  # the noise floor is judged over the last 10 s of frames ...
_FLOOR_EVERY = 50  # ... once a second
_LOUDEST_FLOOR_DB = -45.0
_ALWAYS_QUIET_DB = -60.0
_EVALUATE_FRAMES = 5  # the buffer is looked at again every 100 ms of audio


@attrs.frozen
class LiveLimits:
    """How a live stream is cut: parts end at the first pause ``shortest`` seconds after the part
    before, or at the quietest place at ``longest``; ``limits``: what one request may hold."""

    shortest: float
    longest: float
    limits: Limits

    @property
    def longest_frames(self) -> int:
        return max(round(self.longest * RATE) // FRAME, 2)

    @property
    def shortest_samples(self) -> int:
        return round(self.shortest * RATE)


class LiveCutter:
    """``feed()`` the samples as they come, ``finish()`` at the end; each gives the parts that are
    complete. ``read``: samples fed so far (the stream's clock); ``sent``: of them, those in parts."""

    def __init__(self, limits: LiveLimits) -> None:
        import numpy as np

        self.limits = limits
        self._capacity = limits.longest_frames * FRAME
        self._buffer = np.zeros(self._capacity, dtype=np.int16)
        self._energy = np.zeros(limits.longest_frames, dtype=np.float64)
        self._filled = 0  # samples in the buffer
        self._frames = 0  # whole frames of them whose energy is measured
        self._first = 0  # the stream's sample at buffer[0]
        self._since = 0  # the stream's sample where the last part's stretch of the clock ended
        self._unseen = 0  # frames measured since the buffer was last looked at
        self._history = np.zeros(_FLOOR_FRAMES, dtype=np.float64)  # the last 10 s of frame energies
        self._heard = 0  # frames measured in all
        self._floor = _LOUDEST_FLOOR_DB
        self.read = 0
        self.sent = 0

    def feed(self, samples: npt.NDArray[np.int16]) -> Iterator[Part]:
        self.read += len(samples)
        while len(samples):
            taken = min(len(samples), self._capacity - self._filled)
            self._buffer[self._filled : self._filled + taken] = samples[:taken]
            self._filled += taken
            samples = samples[taken:]
            self._measure()
            if self._unseen >= _EVALUATE_FRAMES or self._filled == self._capacity:
                self._unseen = 0
                yield from self._cuts()

    def finish(self) -> Iterator[Part]:
        """What is left, if it has sound in it (its trailing silence trimmed)."""
        sound = self._sound()
        if sound.any():
            last = int(len(sound) - sound[::-1].argmax())
            end = min(self._filled, (last + _edge_frames()) * FRAME)
            yield from list(self._part(end))
        self._drop(self._filled)

    def _measure(self) -> None:
        from ._silence import frame_energy_db

        whole = self._filled // FRAME
        if whole <= self._frames:
            return
        energy = frame_energy_db(self._buffer[self._frames * FRAME : whole * FRAME])
        self._energy[self._frames : whole] = energy
        # Into the last 10 s (a ring), the floor judged again at each second's end crossed.
        for first in range(0, len(energy), _FLOOR_EVERY):
            piece = energy[first : first + _FLOOR_EVERY]
            at = self._heard % _FLOOR_FRAMES
            taken = min(len(piece), _FLOOR_FRAMES - at)
            self._history[at : at + taken] = piece[:taken]
            self._history[: len(piece) - taken] = piece[taken:]
            crossed = (self._heard + len(piece)) // _FLOOR_EVERY > self._heard // _FLOOR_EVERY
            self._heard += len(piece)
            if crossed:
                self._update_floor()
        self._unseen += whole - self._frames
        self._frames = whole

    def _update_floor(self) -> None:
        import numpy as np

        seen = self._history[: min(self._heard, _FLOOR_FRAMES)]
        self._floor = min(self._floor, float(np.percentile(seen, FLOOR_PERCENTILE)))

    def _sound(self) -> npt.NDArray[np.bool_]:
        threshold = max(self._floor + SILENCE_ABOVE_FLOOR_DB, _ALWAYS_QUIET_DB)
        result: npt.NDArray[np.bool_] = self._energy[: self._frames] > threshold
        return result

    def _cuts(self) -> Iterator[Part]:
        import numpy as np

        while True:
            sound = self._sound()
            if not sound.any():  # silence only: not sent, but its last edge (a sound may begin in it)
                self._drop(max(0, self._frames - _edge_frames()) * FRAME)
                return
            onset = int(sound.argmax())
            if onset > _edge_frames():
                self._drop((onset - _edge_frames()) * FRAME)
                continue
            # The earliest frame a cut may be at: the part's stretch of the clock (since the last
            # one's end) at least ``shortest``.
            earliest = max(0, -(-(self._since + self.limits.shortest_samples - self._first) // FRAME))
            pause = round(PAUSE_SECONDS * RATE / FRAME)
            silent = np.concatenate(([0], (~sound).astype(np.int8), [0]))
            edges = np.diff(silent)
            for begin, end in zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1), strict=True):
                cut = max(int(begin) + pause // 2, earliest)
                if end - begin >= pause and cut <= end - pause // 2:
                    yield from self._cut(cut, min(cut, int(begin) + _edge_frames()))
                    break
            else:
                if self._filled < self._capacity:
                    return  # no pause yet: wait for more
                window = self._buffer[earliest * FRAME : self._filled]
                cut = max(1, (earliest * FRAME + quietest_cut(window, self._floor)) // FRAME)
                yield from self._cut(cut, cut)

    def _cut(self, at: int, sent_until: int) -> Iterator[Part]:
        """End the part at frame ``at`` on the clock, its audio at frame ``sent_until``."""
        parts = list(self._part(sent_until * FRAME))  # encoded before the buffer moves on
        self._since = self._first + at * FRAME
        self._drop(at * FRAME)
        yield from parts

    def _part(self, end: int) -> Iterator[Part]:
        samples = self._buffer[:end]
        self.sent += end
        encoded = ENCODERS[self.limits.limits.format](samples)
        part = Part(self._first / RATE, (self._first + end) / RATE, encoded, self.limits.limits.format)
        yield from fitting(part, self.limits.limits)

    def _drop(self, samples: int) -> None:
        """Move the buffer on by ``samples`` (whole frames but at the end)."""
        if samples <= 0:
            return
        frames = samples // FRAME
        rest = self._filled - samples
        self._buffer[:rest] = self._buffer[samples : self._filled]
        self._energy[: self._frames - frames] = self._energy[frames : self._frames]
        self._filled = rest
        self._frames = max(0, self._frames - frames)
        self._first += samples


def _edge_frames() -> int:
    return round(EDGE_SECONDS * RATE / FRAME)


def live_parts(chunks: Iterable[npt.NDArray[np.int16]], limits: LiveLimits) -> Iterator[Part]:
    """The stream's parts, in order, as its samples come."""
    cutter = LiveCutter(limits)
    for chunk in chunks:
        yield from cutter.feed(chunk)
    yield from cutter.finish()
