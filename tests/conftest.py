from __future__ import annotations

import base64
import io
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit

import attrs
import pytest
import yaml
from _contract import SPEC_PATH, request_errors, response_errors

from openrouter_ext import OpenRouter, RetryConfig, _retry
from openrouter_ext.testing import RecordedRequest, Scenario, StandIn, sine_wav
from openrouter_ext.testing._server import API_PREFIX

API_KEY = "sk-or-v1-test-0123456789abcdef"
MODEL = "openai/whisper-large-v3"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


AMBIENT = ("OPENROUTER_API_KEY", "OPENROUTER_BASE_URL", "OPENROUTER_HTTP_REFERER", "OPENROUTER_X_OPEN_ROUTER_TITLE",
           "OPENROUTER_X_OPEN_ROUTER_CATEGORIES", "OPENROUTER_DEBUG")  # fmt: skip


@pytest.fixture(autouse=True)
def _no_ambient_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see none of the SDK's environment variables a developer's shell may hold."""
    for variable in AMBIENT:
        monkeypatch.delenv(variable, raising=False)


@pytest.fixture(scope="session")
def wav() -> bytes:
    return sine_wav(0.5)


@pytest.fixture
def audio(wav: bytes) -> dict[str, str]:
    return {"data": base64.b64encode(wav).decode(), "format": "wav"}


_PATHS = yaml.safe_load(SPEC_PATH.read_text())["paths"]
# The stand-in's routes of the spec's operations: path -> (method, the statuses documented).
OPERATIONS = {
    API_PREFIX + path: (method.upper(), {int(status) for status in operation["responses"]})
    for path, methods in _PATHS.items()
    for method, operation in methods.items()
    if method in ("get", "post")
}


def _answered_by_the_contract(seen: RecordedRequest) -> bool:
    """The stand-in's own answer (not a fault scenario's) to an operation, with a documented status."""
    scenario = Scenario.parse(seen.scenario) if seen.scenario else None
    if scenario is not None and scenario.changes_answer:
        return False
    method, statuses = OPERATIONS.get(urlsplit(seen.path).path, ("", set()))
    return seen.method == method and seen.status in statuses


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
            assert request_errors(seen.path, seen.headers, seen.body, seen.method) == [], seen.path
        headers = {"content-type": "application/json"}
        assert response_errors(seen.path, seen.headers, seen.body, seen.status, headers, seen.response,
                               seen.method) == []  # fmt: skip


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


@attrs.define
class FakeTime:
    """The retrier's clock and sleeps under a test's control: a sleep is recorded and moves the
    clock on at once; ``advance`` stands for time spent elsewhere (a slow attempt)."""

    now: float = 1_000.0
    sleeps: list[float] = attrs.field(factory=list)

    def clock(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.advance(seconds)

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)


@pytest.fixture
def fake_time(monkeypatch: pytest.MonkeyPatch) -> FakeTime:
    """Replace the retrier's clock and sleeps (sync and async) with a ``FakeTime``."""
    fake = FakeTime()
    monkeypatch.setattr(_retry, "_clock", fake.clock)
    monkeypatch.setattr(_retry, "_sleep", fake.sleep)
    monkeypatch.setattr(_retry, "_async_sleep", fake.async_sleep)
    return fake


@pytest.fixture
def sleeps(fake_time: FakeTime) -> list[float]:
    """The retrier's waits, recorded instead of slept (on a fake clock)."""
    return fake_time.sleeps


class Pipe(io.RawIOBase):
    """A non-seekable binary stream (like a pipe or a socket), readable once."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        return self._data.readinto(buffer)
