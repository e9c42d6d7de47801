"""``client.stt.estimate()`` judged against what ``transcribe()`` then sends and the stand-in bills:
recordings of known lengths (tones at known times), in several formats, at the stand-in's list
prices. Only ``GET /models`` may go out; nothing is decoded."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from openrouter_ext import Estimate, InvalidInputError, OpenRouter, RetryConfig
from openrouter_ext.testing import StandIn, Tone, tone_recording
from openrouter_ext.testing._catalog import BY_ID, WHISPER_PRICE

WHISPER = "openai/whisper-large-v3"


def _tones(seconds: float) -> list[Tone]:
    """A tone every 9 s (4 s long), pauses of 5 s between: where parts are cut."""
    return [Tone(2.0 + 9 * n, 6.0 + 9 * n, 300 + 10 * (n % 50)) for n in range(int((seconds - 7) // 9))]


def _recording(seconds: float, audio_format: str) -> bytes:
    wav = tone_recording(_tones(seconds), seconds)
    if audio_format == "wav":
        return wav
    from openrouter_ext.testing import encode_audio

    return encode_audio(wav, audio_format)


@pytest.fixture(scope="module")
def server() -> Any:
    with StandIn() as stand_in:
        yield stand_in


def _client(server: StandIn) -> OpenRouter:
    return OpenRouter(api_key="k", server_url=server.base_url, retries=RetryConfig("none"))


def _sent(server: StandIn) -> list[str]:
    return [f"{request.method} {request.path.partition('?')[0]}" for request in server.requests]


# Lengths that need 1, 3-4 and 8 parts of at most 60 s, in formats cut three ways (WAV decoded,
# MP3 its own frames copied, FLAC and Ogg decoded), and one that fits one request.
CASES = [(45.0, "wav"), (200.0, "mp3"), (450.0, "flac"), (130.0, "ogg"), (470.0, "mp3")]


def test_the_estimate_is_what_transcribe_then_sends_and_the_server_bills(server: StandIn) -> None:
    pytest.importorskip("av", reason="reading these formats and cutting them needs the audio extra")
    audio = [_recording(seconds, audio_format) for seconds, audio_format in CASES]
    server.reset()
    with _client(server) as client:
        estimate = client.stt.estimate(input_audio=audio, model=WHISPER, max_chunk_seconds=60)
        assert _sent(server) == ["GET /api/v1/models"]  # the price and the profile: nothing else
        server.reset()
        spent_before = server.spent
        sent = []
        for recording in audio:
            before = len(server.requests)
            client.stt.transcribe(input_audio=recording, model=WHISPER, max_chunk_seconds=60)
            sent.append(len(server.requests) - before)
    for (seconds, _), planned, requests in zip(CASES, estimate.recordings, sent, strict=True):
        assert planned.seconds == pytest.approx(seconds, rel=0.005)  # the header's length, within 0.5 %
        assert planned.requests is not None and abs(planned.requests - requests) <= 1, (seconds, planned)
        assert planned.exact == (requests == 1 and seconds <= 60)
    assert estimate.seconds == pytest.approx(sum(seconds for seconds, _ in CASES), rel=0.005)
    assert estimate.price_per_second == Decimal(WHISPER_PRICE) and estimate.price_from == "catalog"
    billed = Decimal(repr(server.spent - spent_before))
    assert estimate.cost is not None and abs(estimate.cost - billed) <= billed * Decimal("0.01")


def test_wav_and_pcm_are_estimated_without_the_audio_extra_reading_their_headers(server: StandIn) -> None:
    wav = tone_recording(_tones(130.0), 130.0)
    server.reset()
    with _client(server) as client:
        estimate = client.stt.estimate(input_audio=wav, model=WHISPER, price_per_second="0.0002")
    assert server.requests == []  # the price given: not even the catalog is asked
    (planned,) = estimate.recordings
    assert planned.seconds == pytest.approx(130.0) and planned.requests == 1 and planned.exact
    assert estimate.cost == Decimal("0.026000") and estimate.price_from == "caller"


def test_a_model_priced_by_tokens_has_no_cost_not_a_zero_one(server: StandIn) -> None:
    with _client(server) as client:
        estimate = client.stt.estimate(input_audio=tone_recording([], 30.0), model="openai/gpt-4o-transcribe")
    assert estimate.cost is None and estimate.price_unit == "token"
    assert "per token" in estimate.price() and estimate.to_dict()["cost"] is None
    assert estimate.seconds == pytest.approx(30.0) and estimate.requests == 1


def test_a_model_the_catalog_does_not_list_has_no_price(server: StandIn) -> None:
    with _client(server) as client:
        estimate = client.stt.estimate(input_audio=tone_recording([], 10.0), model="vendor/new-stt")
    assert estimate.cost is None and estimate.price_from is None and "no price" in estimate.price()


def test_the_catalogs_profile_plans_the_parts(server: StandIn) -> None:
    """google/chirp-3 takes 55 s and no MP3: a 200 s WAV is 4 parts, not the one a Whisper takes."""
    pytest.importorskip("av", reason="cutting needs the audio extra")
    with _client(server) as client:
        estimate = client.stt.estimate(
            input_audio=tone_recording(_tones(200.0), 200.0), model="google/chirp-3"
        )
    (planned,) = estimate.recordings
    assert planned.requests == 4 and not planned.exact
    per_second = Decimal(BY_ID["google/chirp-3"].price)
    assert estimate.cost == (per_second * Decimal("200")).quantize(Decimal("1e-6"))


def test_timed_by_cuts_is_estimated_as_phrases(server: StandIn) -> None:
    pytest.importorskip("av", reason="cutting needs the audio extra")
    recording = tone_recording(_tones(300.0), 300.0)
    with _client(server) as client:
        estimate = client.stt.estimate(input_audio=recording, model="google/chirp-3", timed=True)
        server.reset()
        client.stt.transcribe(input_audio=recording, model="google/chirp-3", timed=True)
    (planned,) = estimate.recordings
    sent = len(server.requests)
    # Phrases end at the quietest place of 3-12 s: the count is an estimate, within a quarter here.
    assert planned.requests is not None and not planned.exact
    assert abs(planned.requests - sent) <= sent / 4, (planned.requests, sent)


def test_bad_arguments_raise_before_any_request_and_bad_recordings_are_kept_with_why(
    server: StandIn, tmp_path: Any
) -> None:
    server.reset()
    with _client(server) as client:
        with pytest.raises(InvalidInputError) as caught:
            client.stt.estimate(input_audio=b"x", model=WHISPER, response_format="xml")  # type: ignore[arg-type]
        assert caught.value.field == "response_format"
        with pytest.raises(InvalidInputError, match="price_per_second"):
            client.stt.estimate(input_audio=b"x", model=WHISPER, price_per_second="-1")
        with pytest.raises(InvalidInputError, match="input_audio"):
            client.stt.estimate(model=WHISPER)  # type: ignore[call-arg]
        assert server.requests == []
        estimate = client.stt.estimate(
            input_audio=[str(tmp_path / "missing.wav"), tone_recording([], 5.0), b"not audio at all"],
            model=WHISPER,
        )
    missing, fine, text = estimate.recordings
    assert missing.problem is not None and "missing.wav" in missing.problem
    assert text.problem is not None and fine.problem is None
    assert estimate.refused == (missing, text) and estimate.seconds == pytest.approx(5.0)
    assert set(estimate.to_dict()["refused"]) == {missing.name, "<bytes>"}


@pytest.mark.anyio
async def test_the_async_twin_gives_the_same_estimate(server: StandIn) -> None:
    recordings = [tone_recording([], 20.0), tone_recording([], 70.0)]
    with _client(server) as client:
        wanted = client.stt.estimate(input_audio=recordings, model=WHISPER, max_chunk_seconds=60)
    async with _client(server) as client:
        found: Estimate = await client.stt.estimate_async(
            input_audio=recordings, model=WHISPER, max_chunk_seconds=60
        )
    assert found == wanted
