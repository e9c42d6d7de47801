"""Small audio helpers for the stand-in: make a test WAV, and say honestly what some audio is."""

from __future__ import annotations

import io
import math
import struct
import wave

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
