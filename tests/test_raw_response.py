"""``client.stt.with_raw_response``: the response as it came (status, headers, request id, timing,
attempts), and ``parse()`` for the same ``STTResponse`` the plain methods return."""

from __future__ import annotations

import asyncio
import datetime
import pickle
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import respx
from conftest import API_KEY, MODEL

from openrouter_ext import APIResponse, OpenRouter, RetryConfig, STTResponse, errors
from openrouter_ext.testing import SCENARIO_HEADER, StandIn

URL = "https://openrouter.ai/api/v1/audio/transcriptions"
RETRY = RetryConfig("backoff", max_retries=3)


@pytest.fixture(params=["json sync", "json async", "multipart sync", "multipart async"])
def raw_call(request: pytest.FixtureRequest, stand_in: StandIn, wav: bytes) -> Any:
    """One of the four raw methods, called with the same audio and settings."""
    kind, mode = request.param.split()
    settings: dict[str, Any] = {
        "api_key": API_KEY,
        "server_url": stand_in.base_url,
        "retries": RetryConfig("none"),
    }

    def call(**options: Any) -> APIResponse[STTResponse]:
        if mode == "sync":
            with OpenRouter(**settings) as client:
                raw = client.stt.with_raw_response
                if kind == "json":
                    return raw.create_transcription(input_audio=wav, model=MODEL, **options)
                return raw.create_transcription_multipart(file=("tone.wav", wav), model=MODEL, **options)

        async def call_async() -> APIResponse[STTResponse]:
            async with OpenRouter(**settings) as client:
                raw = client.stt.with_raw_response
                if kind == "json":
                    return await raw.create_transcription_async(input_audio=wav, model=MODEL, **options)
                return await raw.create_transcription_multipart_async(
                    file=("tone.wav", wav), model=MODEL, **options
                )

        return asyncio.run(call_async())

    return call


def test_the_raw_response_has_status_headers_request_id_and_timing(
    raw_call: Any, stand_in: StandIn, sleeps: list[float]
) -> None:
    response = raw_call()
    assert isinstance(response, APIResponse)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.request_id == response.headers["x-request-id"] == f"stand-in-{len(stand_in.requests)}"
    assert isinstance(response.elapsed, datetime.timedelta) and response.elapsed.total_seconds() > 0
    assert (response.attempts, response.retries_taken) == (1, 0)
    assert response.content == stand_in.requests[-1].response
    assert "0.50 seconds" in response.parse().text


def test_attempts_count_the_retries(raw_call: Any, stand_in: StandIn, sleeps: list[float]) -> None:
    scenario = {SCENARIO_HEADER: "status=503;fail-first=2"}
    response = raw_call(retries=RETRY, http_headers=scenario)
    assert [seen.status for seen in stand_in.requests] == [503, 503, 200]
    assert (response.attempts, response.retries_taken) == (3, 2)
    assert response.request_id == "stand-in-3"  # the answer's own, not the first failure's
    assert len(sleeps) == 2


def test_parse_gives_what_the_plain_method_returns_and_reads_once(
    client: OpenRouter, wav: bytes, stand_in: StandIn
) -> None:
    response = client.stt.with_raw_response.create_transcription(input_audio=wav, model=MODEL)
    parsed = response.parse()
    assert parsed is response.parse()  # parsed once
    plain = client.stt.create_transcription(input_audio=wav, model=MODEL)
    assert parsed.to_dict() == plain.to_dict()


def test_an_error_status_still_raises(raw_call: Any, stand_in: StandIn) -> None:
    with pytest.raises(errors.PaymentRequiredResponseError) as caught:
        raw_call(http_headers={SCENARIO_HEADER: "status=402"})
    assert caught.value.request_id == "stand-in-1"


@pytest.fixture
def api() -> Iterator[respx.MockRouter]:
    with respx.mock(assert_all_called=True) as router:
        yield router


def test_rate_limit_headers_of_a_success_are_kept(api: respx.MockRouter, audio: dict[str, str]) -> None:
    limits = {"x-ratelimit-limit": "20", "x-ratelimit-remaining": "19", "x-request-id": "req-1"}
    api.post(URL).respond(200, json={"text": "hi"}, headers=limits)
    with OpenRouter(api_key=API_KEY) as client:
        response = client.stt.with_raw_response.create_transcription(input_audio=audio, model=MODEL)
    assert response.headers["x-ratelimit-remaining"] == "19"
    assert response.request_id == "req-1"
    assert response.parse().text == "hi"


def test_a_2xx_that_is_not_a_transcription_fails_at_parse_not_before(
    api: respx.MockRouter, audio: dict[str, str]
) -> None:
    api.post(URL).respond(200, content=b"<html>maintenance</html>", headers={"content-type": "text/html"})
    with OpenRouter(api_key=API_KEY) as client:
        response = client.stt.with_raw_response.create_transcription(input_audio=audio, model=MODEL)
    assert response.text == "<html>maintenance</html>"
    with pytest.raises(errors.ResponseValidationError, match="not a valid STTResponse") as caught:
        response.parse()
    assert caught.value.body == "<html>maintenance</html>"
    assert caught.value.attempts == 1


def test_a_raw_response_shows_no_key_and_does_not_pickle(
    api: respx.MockRouter, audio: dict[str, str]
) -> None:
    api.post(URL).mock(return_value=httpx.Response(200, json={"text": "hi"}))
    with OpenRouter(api_key=API_KEY) as client:
        response = client.stt.with_raw_response.create_transcription(input_audio=audio, model=MODEL)
    assert repr(response) == "<APIResponse [200 OK] attempts=1>"
    assert API_KEY not in repr(response.http_response.request.headers)
    with pytest.raises(TypeError, match="not picklable"):
        pickle.dumps(response)
