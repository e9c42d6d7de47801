"""The stand-in hears where sounds are, whatever format they arrive in: the judge of cutting and
stitching, checked here against recordings whose content is known exactly."""

from __future__ import annotations

import pytest
from conftest import API_KEY, MODEL

from openrouter_ext import OpenRouter, RetryConfig
from openrouter_ext.testing import ENCODABLE_FORMATS, StandIn, Tone, encode_audio, tone_recording
from openrouter_ext.testing._hearing import hear

TONES = [Tone(1.0, 2.0, 440), Tone(3.5, 4.25, 880, dbfs=-24), Tone(6.0, 9.0, 300)]
RECORDING = tone_recording(TONES, 10.0)
# Raw ADTS AAC carries no encoder delay: its sounds arrive 64 ms late (1,024 samples at 16 kHz).
LATENESS = {"aac": 0.064}


@pytest.mark.parametrize("audio_format", ENCODABLE_FORMATS)
def test_each_sound_is_heard_where_it_is_at_its_pitch(stand_in: StandIn, audio_format: str) -> None:
    audio = encode_audio(RECORDING, audio_format)
    with OpenRouter(api_key=API_KEY, server_url=stand_in.base_url, retries=RetryConfig("none")) as client:
        res = client.stt.create_transcription(
            input_audio=audio, model=MODEL, response_format="verbose_json", timestamp_granularities=["word"]
        )
    late = LATENESS.get(audio_format, 0.0)
    assert isinstance(res.segments, list) and isinstance(res.words, list)
    for segment, word, tone in zip(res.segments, res.words, TONES, strict=True):
        assert segment.start == pytest.approx(tone.start + late, abs=0.02)
        assert segment.end == pytest.approx(tone.end + late, abs=0.02)
        assert int(segment.text.removesuffix(" Hz")) == pytest.approx(tone.hertz, rel=0.03)
        assert (word.start, word.end) == (segment.start, segment.end)
    assert res.duration == pytest.approx(10.0 + late * 2, abs=0.05)


def test_silence_is_heard_as_nothing_and_quiet_noise_as_silence() -> None:
    hearing = hear(tone_recording([], 5.0, noise_dbfs=-50), "wav")
    assert hearing is not None and hearing.sounds == () and hearing.seconds == 5.0


def test_what_cannot_be_decoded_is_not_heard() -> None:
    assert hear(b"ID3" + bytes(500), "mp3") is None
