"""Small audio helpers for the stand-in: make a test WAV, and say honestly what some audio is."""

from __future__ import annotations

import io
import math
import struct
import wave
from collections.abc import Sequence

import attrs

PCM_BYTES_PER_SECOND = 16_000 * 2  # the spec's `pcm`: signed 16-bit little-endian mono at 16 kHz


def sine_wav(seconds: float = 1.0, *, frequency: float = 440.0, rate: int = 16_000) -> bytes:
    """A mono 16-bit WAV of a sine tone: real, valid audio to test with."""
    frames = int(seconds * rate)
    samples = (int(12_000 * math.sin(2 * math.pi * frequency * n / rate)) for n in range(frames))
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(struct.pack(f"<{frames}h", *samples))
    return out.getvalue()


@attrs.frozen
class AudioFacts:
    """What can be told about some audio without recognising speech in it."""

    format: str
    size: int
    seconds: float | None = None
    rate: int | None = None
    channels: int | None = None

    def describe(self) -> str:
        text = f"{self.format} audio, {self.size} bytes"
        if self.seconds is not None:
            text += f", {self.seconds:.2f} seconds"
        if self.rate is not None:
            text += f" at {self.rate} Hz, {self.channels} channel(s)"
        return text


def audio_facts(data: bytes, audio_format: str) -> AudioFacts:
    if audio_format == "pcm":
        return AudioFacts(
            audio_format, len(data), seconds=len(data) / PCM_BYTES_PER_SECOND, rate=16_000, channels=1
        )
    if audio_format == "wav":
        try:
            with wave.open(io.BytesIO(data)) as wav:
                rate, channels = wav.getframerate(), wav.getnchannels()
                return AudioFacts(audio_format, len(data), wav.getnframes() / rate, rate, channels)
        except (wave.Error, EOFError, ZeroDivisionError):
            pass  # not a WAV we can read: say only what we know
    return AudioFacts(audio_format, len(data))


@attrs.frozen
class Tone:
    """A sine tone placed in a recording: from ``start`` to ``end`` seconds, at ``hertz``, at a
    level of ``dbfs`` (decibels below full scale)."""

    start: float
    end: float
    hertz: float
    dbfs: float = -12.0


def tone_recording(
    tones: Sequence[Tone],
    seconds: float,
    *,
    rate: int = 16_000,
    channels: int = 1,
    noise_dbfs: float | None = -70.0,
    seed: int = 0,
) -> bytes:
    """A 16-bit WAV recording of ``seconds`` holding ``tones`` where they are placed, over a floor
    of white noise (``noise_dbfs``; None: digital silence). Needs numpy (the ``audio`` extra).

    The audio's content is known exactly, so where a cutter cut and where a stitcher put things can
    be judged against it: the stand-in reports where it heard each tone, at which pitch.
    """
    import numpy as np

    frames = round(seconds * rate)
    signal = np.zeros(frames)
    if noise_dbfs is not None:
        signal += np.random.default_rng(seed).normal(0.0, 10 ** (noise_dbfs / 20), frames)
    for tone in tones:
        first, last = round(tone.start * rate), min(round(tone.end * rate), frames)
        at = np.arange(last - first) / rate
        # The sine's peak at dbfs + 3 dB: its RMS (what the level means) is then dbfs.
        signal[first:last] += 10 ** ((tone.dbfs + 3.0103) / 20) * np.sin(2 * np.pi * tone.hertz * at)
    samples = np.clip(np.round(signal * 32767), -32768, 32767).astype("<i2")
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(channels)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(np.repeat(samples, channels).tobytes())
    return out.getvalue()


# Container and codec PyAV writes each format with.
_ENCODINGS = {
    "mp3": ("mp3", "libmp3lame"),
    "flac": ("flac", "flac"),
    "ogg": ("ogg", "libopus"),
    "webm": ("webm", "libopus"),
    "m4a": ("ipod", "aac"),
    "aac": ("adts", "aac"),
    "wav": ("wav", "pcm_s16le"),
}
ENCODABLE_FORMATS = tuple(_ENCODINGS)


def encode_audio(wav_bytes: bytes, audio_format: str, *, bit_rate: int | None = None) -> bytes:
    """The WAV recording re-encoded as ``audio_format`` (one of ``ENCODABLE_FORMATS``), with PyAV."""
    import av

    container_format, codec = _ENCODINGS[audio_format]
    out = io.BytesIO()
    with (
        av.open(io.BytesIO(wav_bytes), mode="r") as source,
        av.open(out, mode="w", format=container_format) as sink,
    ):
        decoded = source.streams.audio[0]
        layout = {1: "mono", 2: "stereo"}.get(decoded.channels, decoded.layout.name)  # a WAV's may be unnamed
        rate = 48_000 if codec == "libopus" else decoded.rate
        stream = sink.add_stream(codec, rate=rate, layout=layout)
        assert isinstance(stream, av.audio.stream.AudioStream)
        if bit_rate is not None:
            stream.bit_rate = bit_rate
        resampler = av.AudioResampler(format=stream.format.name, layout=layout, rate=rate)
        for frame in source.decode(decoded):
            for converted in resampler.resample(frame):
                sink.mux(stream.encode(converted))
        for converted in resampler.resample(None):
            sink.mux(stream.encode(converted))
        sink.mux(stream.encode(None))
    return out.getvalue()
