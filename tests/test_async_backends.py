"""The async methods under each event loop httpx runs on: asyncio and trio (through anyio).

Calls, retries with their real sleeps, the per-attempt deadline and cancellation, each on both.
"""

from __future__ import annotations

import time
from typing import Any

import anyio
import pytest
from conftest import API_KEY, MODEL

from openrouter_ext import BackoffStrategy, OpenRouter, RetryConfig, errors
from openrouter_ext.testing import SCENARIO_HEADER, StandIn

pytestmark = pytest.mark.anyio
FAST_RETRY = RetryConfig("backoff", BackoffStrategy(20, 50, 1.5, 10_000), max_retries=3)


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def client_for(stand_in: StandIn, **settings: Any) -> OpenRouter:
    return OpenRouter(api_key=API_KEY, server_url=stand_in.base_url, **settings)


async def test_json_and_multipart_calls(anyio_backend: str, stand_in: StandIn, wav: bytes) -> None:
    async with client_for(stand_in) as client:
        json_res = await client.stt.create_transcription_async(input_audio=wav, model=MODEL, send_as="json")
        multipart_res = await client.stt.create_transcription_multipart_async(
            file=("a.wav", wav), model=MODEL
        )
    assert "0.50 seconds" in json_res.text and "0.50 seconds" in multipart_res.text
    assert [seen.headers["content-type"].split(";")[0] for seen in stand_in.requests] == [
        "application/json",
        "multipart/form-data",
    ]


async def test_retries_sleep_on_the_running_loop(anyio_backend: str, stand_in: StandIn, wav: bytes) -> None:
    scenario = {SCENARIO_HEADER: f"status=503;fail-first=2;id={anyio_backend}"}
    started = time.monotonic()
    async with client_for(stand_in, retries=FAST_RETRY) as client:
        raw = await client.stt.with_raw_response.create_transcription_async(
            input_audio=wav, model=MODEL, http_headers=scenario
        )
    assert raw.attempts == 3 and [seen.status for seen in stand_in.requests] == [503, 503, 200]
    # Two real waits of at least 20 ms and 30 ms (the initial interval, then 1.5 times it) were slept.
    assert time.monotonic() - started >= 0.05


async def test_an_attempt_is_cut_at_its_deadline(anyio_backend: str, stand_in: StandIn, wav: bytes) -> None:
    scenario = {SCENARIO_HEADER: "drip-ms=100"}  # a body trickling in byte by byte: minutes
    started = time.monotonic()
    async with client_for(stand_in, retries=RetryConfig("none"), timeout_ms=300) as client:
        with pytest.raises(errors.APITimeoutError, match=r"no complete response within 0\.3 s"):
            await client.stt.create_transcription_async(input_audio=wav, model=MODEL, http_headers=scenario)
    assert time.monotonic() - started < 30  # cut at the deadline, not when the body ends


async def test_a_cancelled_call_leaves_the_client_usable(
    anyio_backend: str, stand_in: StandIn, wav: bytes
) -> None:
    async with client_for(stand_in, retries=RetryConfig("none")) as client:
        with anyio.move_on_after(0.2) as scope:
            await client.stt.create_transcription_async(
                input_audio=wav, model=MODEL, http_headers={SCENARIO_HEADER: "drop=hang"}
            )
        assert scope.cancelled_caught
        res = await client.stt.create_transcription_async(input_audio=wav, model=MODEL)
        assert "0.50 seconds" in res.text
