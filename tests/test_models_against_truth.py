"""Every model of the catalog at its defaults, judged against truth: a 10-minute recording of tones at
known times and pitches, MP3 and WAV, through the stand-in (whose providers refuse as reported: Chirp
past 60 s or in MP3, the json-only ones asked for verbose_json, AssemblyAI in anything but WAV), into
subtitles. No request may be refused; every tone must be heard exactly once, in a cue that overlaps
its true time; a json-only model's cues (timed by the cuts) last at most 15 s."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest
import srt

from openrouter_ext import ModelProfile, OpenRouter, RetryConfig, errors
from openrouter_ext.testing import StandIn, Tone, tone_recording
from openrouter_ext.testing._audio import encode_audio
from openrouter_ext.testing._catalog import SERVED

pytest.importorskip("av", reason="cutting and converting recordings needs the audio extra")

SECONDS = 600.0
# A tone every 9 s (2-4 s long, at a pitch of its own), 5-7 s of quiet between: 66 of them.
TONES = [Tone(2.0 + 9 * n, 4.0 + 9 * n + (n % 3), 300 + 30 * n) for n in range(66)]
HEARD = re.compile(r"(\d+) ?Hz")
LONGEST_CUE = 15.0


@pytest.fixture(scope="module")
def recordings() -> dict[str, bytes]:
    wav = tone_recording(TONES, SECONDS)
    return {"wav": wav, "mp3": encode_audio(wav, "mp3")}


@pytest.fixture(scope="module")
def server() -> Any:
    with StandIn() as stand_in:
        yield stand_in


def _tone_of(hertz: int) -> Tone:
    nearest = min(TONES, key=lambda tone: abs(tone.hertz - hertz))
    assert abs(nearest.hertz - hertz) <= 10, f"{hertz} Hz is no tone of the recording"
    return nearest


def _heard(text: str) -> list[Tone]:
    """The tones a text names: a timed segment's own ("330 Hz"), or what the stand-in says it heard
    in a part ("...; heard 330 Hz at 1.00-3.00 s, ..."), not the rate it describes the part by."""
    return [_tone_of(int(hertz)) for hertz in HEARD.findall(text.rpartition("heard")[2])]


def _judge(transcript: Any, *, timed_by_cuts: bool) -> None:
    """Each tone named by exactly one segment, overlapping its true time; the subtitles name each
    once too, and (timed by the cuts) no cue lasts over 15 s."""
    heard: Counter[Tone] = Counter()
    for segment in transcript.segments:
        for tone in _heard(segment.text):
            heard[tone] += 1
            assert segment.start < tone.end and segment.end > tone.start, (tone, segment.start, segment.end)
    missing = [tone for tone in TONES if heard[tone] == 0]
    doubled = [tone for tone, count in heard.items() if count > 1]
    assert missing == [] and doubled == [], (missing, doubled)
    cues = list(srt.parse(transcript.to_srt()))
    said = " ".join(word for segment in transcript.segments for word in segment.text.split())
    assert " ".join(word for cue in cues for word in cue.content.split()) == said  # all of it, once
    if timed_by_cuts:
        assert max((cue.end - cue.start).total_seconds() for cue in cues) <= LONGEST_CUE


def _transcript(server: StandIn, audio: bytes, model: str, **arguments: Any) -> Any:
    server.reset()
    with OpenRouter(api_key="k", server_url=server.base_url, retries=RetryConfig("none")) as client:
        transcript = client.stt.transcribe(input_audio=audio, model=model, timed=True, **arguments)
    refused = [r for r in server.requests if r.status != 200]
    assert refused == [], refused[0].response
    return transcript


@pytest.mark.parametrize("audio_format", ["wav", "mp3"])
@pytest.mark.parametrize("model", [served.id for served in SERVED])
def test_every_model_at_its_defaults(
    server: StandIn, recordings: dict[str, bytes], model: str, audio_format: str
) -> None:
    served = next(s for s in SERVED if s.id == model)
    transcript = _transcript(server, recordings[audio_format], model)
    assert transcript.timed_by == ("model" if served.timed else "cuts")
    _judge(transcript, timed_by_cuts=not served.timed)
    assert transcript.duration == pytest.approx(SECONDS, abs=0.1)


def test_an_unknown_model_with_the_limits_its_caller_gives(
    server: StandIn, recordings: dict[str, bytes]
) -> None:
    profile = ModelProfile("vendor/new-stt", max_seconds=45, formats=frozenset({"flac"}), verbose_json=False)
    transcript = _transcript(server, recordings["mp3"], "vendor/new-stt", profile=profile)
    assert transcript.timed_by == "cuts"
    assert {r.headers.get("content-type", "").split(";")[0] for r in server.requests} == {
        "multipart/form-data"
    }
    assert all(b'filename="' in r.body and b".flac" in r.body for r in server.requests)
    _judge(transcript, timed_by_cuts=True)


def test_times_by_cuts_only_when_times_are_wanted(server: StandIn, recordings: dict[str, bytes]) -> None:
    server.reset()
    with OpenRouter(api_key="k", server_url=server.base_url) as client:
        plain = client.stt.transcribe(input_audio=recordings["wav"], model="google/chirp-3")
    assert plain.timed_by is None and plain.segments == []
    assert len(server.requests) == len(plain.chunks) < 15  # parts of up to 55 s, not phrases
    assert all(chunk.end - chunk.start <= 55.0 for chunk in plain.chunks)
    with pytest.raises(errors.InvalidInputError, match=r"subtitles|timed segments"):
        plain.to_srt()


@pytest.mark.parametrize(
    ("model", "arguments", "field"),
    [
        ("google/chirp-3", {"response_format": "verbose_json"}, "response_format"),
        ("openai/gpt-4o-transcribe", {"timestamp_granularities": ["word"]}, "timestamp_granularities"),
    ],
)
def test_what_a_model_refuses_is_refused_before_any_request(
    server: StandIn, recordings: dict[str, bytes], model: str, arguments: dict[str, Any], field: str
) -> None:
    server.reset()
    with OpenRouter(api_key="k", server_url=server.base_url) as client:
        with pytest.raises(errors.InvalidInputError) as caught:
            client.stt.transcribe(input_audio=recordings["wav"], model=model, **arguments)
    assert caught.value.field == field and model in str(caught.value)
    assert server.requests == []


def test_a_url_in_a_format_the_model_refuses_is_refused_before_any_request(server: StandIn) -> None:
    server.reset()
    with OpenRouter(api_key="k", server_url=server.base_url) as client:
        with pytest.raises(errors.InvalidInputError, match="google/chirp-3 does not take"):
            client.stt.transcribe(input_audio="https://example.com/talk.mp3", model="google/chirp-3")
    assert server.requests == []
