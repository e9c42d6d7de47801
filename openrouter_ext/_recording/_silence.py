"""Where to cut: the quietest place in a stretch of audio, judged against its own noise floor.

Audio here is 16 kHz mono, 16-bit samples. Energy is measured in 20 ms frames. A frame
is silent when it is within ``SILENCE_ABOVE_FLOOR_DB`` of the floor: the 5th percentile of frame
energy over the whole part being cut (minutes of the recording, not just the stretch searched), so
the floor is the recording's own, whether it was made in a studio or a car, and a stretch of
continuous speech has no "silence" in it just because one syllable is quieter than the rest.

The cut goes in the middle of the latest silence at least ``PAUSE_SECONDS`` long (a pause between
words or sentences, as late as possible so that parts stay long; or the one nearest a given place,
for parts of even length); failing that, the longest
shorter silence; failing any, the middle of the quietest 100 ms (vLLM cuts the same way). The
parts on either side are adjacent: nothing is lost or doubled, wherever the cut falls.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._audio import RATE

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

FRAME = RATE // 50  # 20 ms
SILENCE_ABOVE_FLOOR_DB = 10.0
PAUSE_SECONDS = 0.3
QUIET_WINDOW_FRAMES = 5  # 100 ms
FLOOR_PERCENTILE = 5
_BLOCK = FRAME * 500  # energies are computed 10 s at a time: no copy of a whole part in floats


def frame_energy_db(samples: npt.NDArray[np.int16]) -> npt.NDArray[np.float64]:
    """The energy of each whole 20 ms frame, in dB below full scale."""
    import numpy as np

    blocks = []
    for start in range(0, len(samples) // FRAME * FRAME, _BLOCK):
        block = samples[start : start + _BLOCK]
        frames = len(block) // FRAME
        scaled = block[: frames * FRAME].reshape(frames, FRAME).astype(np.float64) / 32768
        blocks.append(np.mean(np.square(scaled), axis=1))
    power = np.concatenate(blocks) if blocks else np.zeros(0)
    result: npt.NDArray[np.float64] = 10 * np.log10(np.maximum(power, 1e-12))
    return result


def noise_floor(samples: npt.NDArray[np.int16]) -> float:
    """The energy (dB) that the quietest 5 % of the audio's 20 ms frames are at or below."""
    import numpy as np

    energy = frame_energy_db(samples)
    return float(np.percentile(energy, FLOOR_PERCENTILE)) if len(energy) else -120.0


def quietest_cut(samples: npt.NDArray[np.int16], floor: float | None = None, near: int | None = None) -> int:
    """The sample offset in ``samples`` at which to cut (0 < offset < len(samples) when it can be);
    silence is judged against ``floor`` (dB), by default the stretch's own. ``near``: the offset
    the cut should be closest to (a part's even share), instead of as late as it can be."""
    import numpy as np

    energy = frame_energy_db(samples)
    if len(energy) < QUIET_WINDOW_FRAMES:
        return len(samples) // 2
    if floor is None:
        floor = float(np.percentile(energy, FLOOR_PERCENTILE))
    silent = np.concatenate(([0], (energy <= floor + SILENCE_ABOVE_FLOOR_DB).astype(np.int8), [0]))
    edges = np.diff(silent)
    runs = list(zip(np.flatnonzero(edges == 1).tolist(), np.flatnonzero(edges == -1).tolist(), strict=True))
    pause_frames = round(PAUSE_SECONDS * RATE / FRAME)
    pauses = [(first, last) for first, last in runs if last - first >= pause_frames]
    if pauses and near is not None:
        first, last = min(pauses, key=lambda run: abs((run[0] + run[1]) * FRAME // 2 - near))
    elif pauses:
        first, last = pauses[-1]  # the latest pause
    elif any(last - first >= QUIET_WINDOW_FRAMES for first, last in runs):
        first, last = max(runs, key=lambda run: (run[1] - run[0], run[0]))  # the longest silence
    else:  # no silence at all: the quietest 100 ms
        window = np.convolve(energy, np.ones(QUIET_WINDOW_FRAMES), mode="valid")
        first = int(np.argmin(window))
        last = first + QUIET_WINDOW_FRAMES
    return max(1, min((first + last) * FRAME // 2, len(samples) - 1))
