"""One client shared by 16 threads, and by 200 concurrent async calls, with faults mixed in.

Every call sends audio of its own size and its own scenario id, so the test can tell whose answer
came back (no crossed responses) and how many attempts the stand-in saw for it. Afterwards the
pool has nothing checked out, and a second round leaves no memory behind.
"""

from __future__ import annotations

import asyncio
import base64
import gc
import subprocess
import sys
import tracemalloc
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import attrs
import httpcore
import pytest
from conftest import API_KEY, MODEL
from openrouter_ext_generated.models import STTResponse

from openrouter_ext import BackoffStrategy, OpenRouter, RetryConfig, errors
from openrouter_ext.testing import SCENARIO_HEADER, StandIn, sine_wav

NO_RETRY = RetryConfig("none")
RETRY = RetryConfig("backoff", BackoffStrategy(5, 20, 2.0, 10_000))


@attrs.frozen
class Case:
    scenario: str
    outcome: type[errors.OpenRouterError] | None  # None: a transcription
    attempts: int
    options: dict[str, Any] = attrs.field(factory=dict)


MIX = (
    Case("delay-ms=0", None, 1),
    Case("delay-ms=30", None, 1),
    Case("drip-ms=1", None, 1),
    Case("status=503;fail-first=1", None, 2),
    Case("status=429;retry-after=0;fail-first=2", None, 3),
    Case("drop=close;fail-first=1", None, 2),
    Case("status=404", errors.NotFoundResponseError, 1),
    Case("status=400", errors.BadRequestResponseError, 1),
    Case("status=502", errors.BadGatewayResponseError, 1, {"retries": NO_RETRY}),
    Case("body=malformed", errors.ResponseValidationError, 1),
    Case("drop=reset", errors.APIConnectionError, 1, {"retries": NO_RETRY}),
    Case("drop=hang", errors.APITimeoutError, 1, {"retries": NO_RETRY}),  # + Job.hang_timeout_ms
)


@attrs.frozen
class Job:
    """Call number ``number``: its case, its own scenario text and its own audio."""

    number: int
    case: Case
    # The timeout counts the wait for a pooled connection and for the busy stand-in too: 200 calls
    # at once need long enough to reach the server before the hang begins, on a loaded machine too.
    hang_timeout_ms: int

    @property
    def scenario(self) -> str:
        return f"{self.case.scenario};id={self.number}"

    @property
    def audio(self) -> bytes:
        return sine_wav(0.25 + self.number / 16_000)  # 8 KB, one more frame per call: a size of its own

    def kwargs(self) -> dict[str, Any]:
        data = base64.b64encode(self.audio).decode()
        return {
            "input_audio": {"data": data, "format": "wav"},
            "model": MODEL,
            "http_headers": {SCENARIO_HEADER: self.scenario},
            "timeout_ms": self.hang_timeout_ms if "hang" in self.case.scenario else None,
            **self.case.options,
        }


def jobs(count: int, hang_timeout_ms: int) -> list[Job]:
    return [Job(number, MIX[number % len(MIX)], hang_timeout_ms) for number in range(count)]


def run_sync(client: OpenRouter, job: Job) -> STTResponse | errors.OpenRouterError:
    try:
        return client.stt.create_transcription(**job.kwargs())
    except errors.OpenRouterError as error:  # anything else escapes and fails the test
        return error


async def run_async(client: OpenRouter, job: Job) -> STTResponse | errors.OpenRouterError:
    try:
        return await client.stt.create_transcription_async(**job.kwargs())
    except errors.OpenRouterError as error:
        return error


def check_outcomes(server: StandIn, done: list[tuple[Job, STTResponse | errors.OpenRouterError]]) -> None:
    seen = Counter(request.headers.get(SCENARIO_HEADER) for request in server.requests)
    for job, outcome in done:
        expected = job.case
        if expected.outcome is None:
            assert isinstance(outcome, STTResponse), (job, outcome)
            assert f"wav audio, {len(job.audio)} bytes" in outcome.text, (job, outcome.text)
        else:
            assert type(outcome) is expected.outcome, (job, outcome)
            assert isinstance(outcome, errors.APIConnectionError | errors.APIResponseError)
            assert outcome.attempts == expected.attempts, (job, outcome)
        assert seen[job.scenario] == expected.attempts, job
    assert sum(seen.values()) == sum(job.case.attempts for job, _ in done)


def checked_out(pool: httpcore.ConnectionPool | httpcore.AsyncConnectionPool) -> list[Any]:
    return [connection for connection in pool.connections if not connection.is_idle()]


@pytest.fixture
def server() -> Iterator[StandIn]:
    with StandIn() as stand_in:
        yield stand_in


def traced_bytes() -> int:
    gc.collect()
    return tracemalloc.get_traced_memory()[0]


@pytest.fixture
def server_process() -> Iterator[str]:
    """A stand-in in its own process (its threads' memory is not the client's); yields its base URL."""
    command = [sys.executable, "-m", "openrouter_ext.testing"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True) as process:
        try:
            assert process.stdout is not None
            yield process.stdout.readline().strip()
        finally:
            process.terminate()
            process.wait(timeout=10)


def test_sixteen_threads_share_one_client(server: StandIn) -> None:
    with OpenRouter(api_key=API_KEY, server_url=server.base_url, retries=RETRY) as client:
        work = jobs(16 * len(MIX), hang_timeout_ms=5_000)
        with ThreadPoolExecutor(max_workers=16) as pool:
            done = list(zip(work, pool.map(lambda job: run_sync(client, job), work), strict=True))
        check_outcomes(server, done)
        connections = client._transport._client._transport._pool  # type: ignore[union-attr]
        assert checked_out(connections) == []
        assert len(connections.connections) <= 16  # reused, not one per call


def test_two_hundred_concurrent_async_calls_share_one_client(server: StandIn) -> None:
    async def main() -> None:
        async with OpenRouter(api_key=API_KEY, server_url=server.base_url, retries=RETRY) as client:
            work = jobs(200, hang_timeout_ms=10_000)
            outcomes = await asyncio.gather(*(run_async(client, job) for job in work))
            check_outcomes(server, list(zip(work, outcomes, strict=True)))
            connections = client._transport._async_client._transport._pool  # type: ignore[union-attr]
            assert checked_out(connections) == []
            assert len(connections.connections) <= 100  # httpx's pool limit

    asyncio.run(main())


def test_rounds_of_mixed_calls_leave_no_memory_behind(server_process: str) -> None:
    # Memory after each round from the 2nd on (the 1st warms caches and the pool). Each round sends
    # ~0.3 MB of base64 audio, so keeping any body or response per call grows memory by hundreds
    # of KB a round, every round; allocator and gc noise moves it by ~100 KB either way, once.
    # So the bound is on the growth per round across five rounds, not on one difference.
    work = jobs(3 * len(MIX), hang_timeout_ms=300)
    sync_memory, async_memory = [], []
    tracemalloc.start()
    try:
        with OpenRouter(api_key=API_KEY, server_url=server_process, retries=RETRY) as client:
            for _ in range(ROUNDS):
                with ThreadPoolExecutor(max_workers=16) as pool:
                    list(pool.map(lambda job: run_sync(client, job), work))
                sync_memory.append(traced_bytes())

        async def rounds() -> None:
            async with OpenRouter(api_key=API_KEY, server_url=server_process, retries=RETRY) as client:
                for _ in range(ROUNDS):
                    await asyncio.gather(*(run_async(client, job) for job in work))
                    async_memory.append(traced_bytes())

        asyncio.run(rounds())
    finally:
        tracemalloc.stop()
    assert growth_per_round(sync_memory) < 40 * 1024, sync_memory
    assert growth_per_round(async_memory) < 40 * 1024, async_memory


ROUNDS = 6


def growth_per_round(memory: list[int]) -> float:
    """Bytes kept per round, from the 2nd round to the last."""
    return (memory[-1] - memory[1]) / (len(memory) - 2)
