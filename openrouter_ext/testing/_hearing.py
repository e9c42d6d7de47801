"""What the stand-in hears in the audio it receives: the sounds in it, each with its times and pitch.

It does not recognise speech; it finds the stretches louder than ``LOUD_DBFS`` (in 10 ms frames,
gaps shorter than ``BRIDGE_SECONDS`` bridged, stretches shorter than ``SHORTEST_SECONDS`` dropped)
and the main frequency of each, the peak of its spectrum. Tests place tones of known pitch at known
times in a recording and read back where the stand-in heard each: a judge of cutting and stitching
that shares no code with the SDK's own silence finder.

Decoding: raw ``pcm`` and 16-bit WAV with the standard library; every other format with PyAV when it
is installed (the ``audio`` extra). The analysis needs numpy (installed with PyAV's extra). Without
them the stand-in answers as before, describing the audio without hearing it.
"""

from __future__ import annotations

import importlib.util
import io
import wave

import attrs

RATE = 16_000  # what everything is brought to before listening
FRAME = RATE // 100  # 10 ms
LOUD_DBFS = -40.0
BRIDGE_SECONDS = 0.1
SHORTEST_SECONDS = 0.05


# Voices, for diarization: voice ``v`` speaks at pitches of [VOICE_LOWEST + v * VOICE_BAND,
# VOICE_LOWEST + v * VOICE_BAND + VOICE_WIDTH) Hz. A test gives each voice's sounds pitches in its
# band; a stand-in that diarizes labels each sound by its band (and nothing else: it is the judge).
VOICE_LOWEST = 300
VOICE_BAND = 500
VOICE_WIDTH = 400
VOICES = 14  # bands under 8 kHz, what 16 kHz audio holds


def voice_of(hertz: float) -> int | None:
    """The voice whose band holds this pitch (None: between bands, or above them)."""
    band, within = divmod(round(hertz) - VOICE_LOWEST, VOICE_BAND)
    return band if 0 <= band < VOICES and within < VOICE_WIDTH else None


def voice_pitch(voice: int, n: int) -> int:
    """The ``n``-th of voice ``voice``'s pitches (20 of them, 20 Hz apart, then again)."""
    return VOICE_LOWEST + voice * VOICE_BAND + 20 * (n % 20)


@attrs.frozen
class Sound:
    """A stretch louder than the threshold: its times in seconds and its pitch in Hz."""

    start: float
    end: float
    hertz: int


@attrs.frozen
class Hearing:
    seconds: float
    sounds: tuple[Sound, ...]


def can_hear(audio_format: str) -> bool:
    """Whether this machine can decode and analyse audio of this format."""
    if importlib.util.find_spec("numpy") is None:
        return False
    return audio_format in ("pcm", "wav") or importlib.util.find_spec("av") is not None


def _pcm16(data: bytes, audio_format: str) -> bytes | None:
    """The audio as 16 kHz mono signed 16-bit samples, or None if this machine cannot decode it."""
    if audio_format == "pcm":
        return data[: len(data) // 2 * 2]
    if audio_format == "wav":
        try:
            with wave.open(io.BytesIO(data)) as wav:
                if (wav.getsampwidth(), wav.getnchannels(), wav.getframerate()) == (2, 1, RATE):
                    return bytes(wav.readframes(wav.getnframes()))
        except (wave.Error, EOFError):
            pass
    if importlib.util.find_spec("av") is None:
        return None
    return _decoded(data)


def _decoded(data: bytes) -> bytes | None:
    import av  # only when a stand-in hears a format the standard library cannot read

    try:
        with av.open(io.BytesIO(data), mode="r") as container:
            stream = container.streams.audio[0]
            resampler = av.AudioResampler(format="s16", layout="mono", rate=RATE)
            chunks = []
            for frame in container.decode(stream):
                chunks += [bytes(out.planes[0])[: out.samples * 2] for out in resampler.resample(frame)]
            chunks += [bytes(out.planes[0])[: out.samples * 2] for out in resampler.resample(None)]
    except (av.error.FFmpegError, IndexError, ValueError):
        return None
    return b"".join(chunks)


def hear(data: bytes, audio_format: str) -> Hearing | None:
    """The sounds in the audio, or None when it cannot be decoded here (without the audio extra:
    then the stand-in says only what the bytes and the header tell)."""
    pcm = _pcm16(data, audio_format) if can_hear(audio_format) else None
    if pcm is None:
        return None
    import numpy as np  # here: can_hear said it is installed

    samples = np.frombuffer(pcm, dtype="<i2").astype(np.float64) / 32768.0
    frames = len(samples) // FRAME
    if frames == 0:
        return Hearing(len(samples) / RATE, ())
    power = np.mean(samples[: frames * FRAME].reshape(frames, FRAME) ** 2, axis=1)
    loud = (10 * np.log10(np.maximum(power, 1e-20)) > LOUD_DBFS).astype(np.int8)
    edges = np.diff(np.concatenate(([0], loud, [0])))
    stretches: list[list[int]] = []  # [first frame, last frame + 1], the short gaps bridged
    runs = zip(np.flatnonzero(edges == 1).tolist(), np.flatnonzero(edges == -1).tolist(), strict=True)
    for first, last in runs:
        if stretches and first - stretches[-1][1] < BRIDGE_SECONDS * 100:
            stretches[-1][1] = last
        else:
            stretches.append([first, last])
    sounds = []
    for first, last in stretches:
        if (last - first) / 100 < SHORTEST_SECONDS:
            continue
        stretch = samples[first * FRAME : last * FRAME]
        # The strongest frequency (windowed spectrum, refined between bins): a lossy codec's noise
        # moves zero crossings, not the peak.
        spectrum = np.abs(np.fft.rfft(stretch * np.hanning(len(stretch))))
        peak = int(np.argmax(spectrum[1:])) + 1
        if 0 < peak < len(spectrum) - 1:
            left, middle, right = np.log(spectrum[peak - 1 : peak + 2] + 1e-12)
            peak += 0.5 * (left - right) / (left - 2 * middle + right)
        hertz = round(peak * RATE / len(stretch))
        sounds.append(Sound(first / 100, last / 100, hertz))
    return Hearing(len(samples) / RATE, tuple(sounds))
