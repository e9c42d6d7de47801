from __future__ import annotations

import base64
from collections.abc import AsyncIterator, Iterator

import pytest
import yaml
from _contract import SPEC_PATH, request_errors, response_errors

from openrouter_ext import OpenRouter, RetryConfig, _retry
from openrouter_ext.testing import RecordedRequest, Scenario, StandIn, sine_wav
from openrouter_ext.testing._server import TRANSCRIPTIONS_PATH

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


DOCUMENTED_STATUSES = {
    int(status)
    for status in yaml.safe_load(SPEC_PATH.read_text())["paths"]["/audio/transcriptions"]["post"]["responses"]
}


def _answered_by_the_contract(seen: RecordedRequest) -> bool:
    """The stand-in's own answer (not a fault scenario's) to the operation, with a documented status."""
    scenario = Scenario.parse(seen.scenario) if seen.scenario else None
    if scenario is not None and scenario.changes_answer:
        return False
    return seen.path == TRANSCRIPTIONS_PATH and seen.status in DOCUMENTED_STATUSES


@pytest.fixture(autouse=True)
def _every_stand_in_keeps_the_contract(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every stand-in of every test: each request it accepted, and each answer of its own, must
    satisfy openapi.yaml (the stand-in already refuses requests that do not, with a 400)."""
    exchanges: list[RecordedRequest] = []
    record = StandIn.record

    def record_and_keep(self: StandIn, request: RecordedRequest) -> None:
        record(self, request)
        exchanges.append(request)

    monkeypatch.setattr(StandIn, "record", record_and_keep)
    yield
    for seen in filter(_answered_by_the_contract, exchanges):
        if seen.status == 200:
            assert request_errors(seen.path, seen.headers, seen.body) == [], seen.path
        headers = {"content-type": "application/json"}
        assert response_errors(seen.path, seen.headers, seen.body, seen.status, headers, seen.response) == []


@pytest.fixture
def stand_in(openrouter_stand_in: StandIn) -> StandIn:
    return openrouter_stand_in


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
