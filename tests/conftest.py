from __future__ import annotations

import base64
from collections.abc import AsyncIterator, Iterator

import pytest
from _contract import request_errors, response_errors

from openrouter_ext import OpenRouter, RetryConfig, _retry
from openrouter_ext.testing import StandIn, sine_wav

API_KEY = "sk-or-v1-test-0123456789abcdef"
MODEL = "openai/whisper-large-v3"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(autouse=True)
def _no_ambient_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENROUTER_API_KEY", raising=False)


@pytest.fixture(scope="session")
def wav() -> bytes:
    return sine_wav(0.5)


@pytest.fixture
def audio(wav: bytes) -> dict[str, str]:
    return {"data": base64.b64encode(wav).decode(), "format": "wav"}


@pytest.fixture
def stand_in(openrouter_stand_in: StandIn) -> Iterator[StandIn]:
    """The stand-in; after the test, every exchange it saw must satisfy openapi.yaml."""
    yield openrouter_stand_in
    for seen in openrouter_stand_in.requests:
        assert request_errors(seen.path, seen.headers, seen.body) == [], seen.path
        response_headers = {"content-type": "application/json"}
        assert (
            response_errors(seen.path, seen.headers, seen.body, seen.status, response_headers, seen.response)
            == []
        )


@pytest.fixture
def client(stand_in: StandIn) -> Iterator[OpenRouter]:
    with OpenRouter(api_key=API_KEY, server_url=stand_in.base_url, retries=RetryConfig("none")) as client:
        yield client


@pytest.fixture
async def async_client(stand_in: StandIn) -> AsyncIterator[OpenRouter]:
    async with OpenRouter(
        api_key=API_KEY, server_url=stand_in.base_url, retries=RetryConfig("none")
    ) as client:
        yield client


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Replace the retrier's sleeps (sync and async) with ones that only record the duration."""
    slept: list[float] = []

    async def async_sleep(seconds: float) -> None:
        slept.append(seconds)

    monkeypatch.setattr(_retry, "_sleep", slept.append)
    monkeypatch.setattr(_retry, "_async_sleep", async_sleep)
    return slept
