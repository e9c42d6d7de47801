"""Each fault the stand-in can inject ends in exactly one documented outcome, sync and async.

Real sockets on 127.0.0.1; the stand-in counts the attempts. Retry waits are recorded, not slept,
except where a test measures real time.
"""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from _documented import DOCUMENTED, UNDOCUMENTED
from conftest import API_KEY, MODEL

from openrouter_ext import BackoffStrategy, OpenRouter, RetryConfig, errors
from openrouter_ext.testing import SCENARIO_HEADER, Scenario, ScenarioError, StandIn

NO_RETRY = RetryConfig("none")
RETRY = RetryConfig("backoff", BackoffStrategy(10, 50, 2.0, 10_000))


@pytest.fixture
def server() -> Iterator[StandIn]:
    with StandIn() as stand_in:
        yield stand_in


@pytest.fixture(params=["sync", "async"])
def call(request: pytest.FixtureRequest, server: StandIn, audio: dict[str, str]) -> Any:
    """Transcribe once under a scenario, through the sync or the async API."""

    def run(scenario: str, retries: RetryConfig = NO_RETRY, **options: Any) -> Any:
        kwargs = {
            "input_audio": audio,
            "model": MODEL,
            "http_headers": {SCENARIO_HEADER: scenario},
            **options,
        }
        if request.param == "sync":
            with OpenRouter(api_key=API_KEY, server_url=server.base_url, retries=retries) as client:
                return client.stt.create_transcription(**kwargs)

        async def run_async() -> Any:
            async with OpenRouter(api_key=API_KEY, server_url=server.base_url, retries=retries) as client:
                return await client.stt.create_transcription_async(**kwargs)

        return asyncio.run(run_async())

    return run


STATUS_CLASSES = {
    **{status: cls for status, (cls, _) in DOCUMENTED.items()},
    **dict.fromkeys(UNDOCUMENTED, errors.OpenRouterDefaultError),
}


@pytest.mark.parametrize("status", sorted(STATUS_CLASSES))
def test_each_status_raises_its_class_after_one_attempt(call: Any, server: StandIn, status: int) -> None:
    with pytest.raises(errors.APIStatusError) as caught:
        call(f"status={status}")
    assert type(caught.value) is STATUS_CLASSES[status]
    assert caught.value.status_code == status
    assert caught.value.code == status
    assert caught.value.request_id == "stand-in-1"
    assert len(server.requests) == 1 == caught.value.attempts


def test_fail_first_then_succeed_takes_exactly_that_many_retries(
    call: Any, server: StandIn, sleeps: list[float]
) -> None:
    res = call("status=503;fail-first=2", RETRY)
    assert "wav audio" in res.text
    assert [r.status for r in server.requests] == [503, 503, 200]
    assert len(sleeps) == 2


def test_retry_after_from_the_server_is_honoured(call: Any, server: StandIn, sleeps: list[float]) -> None:
    call(
        "status=429;retry-after=3;fail-first=1",
        RetryConfig("backoff", BackoffStrategy(10, 60_000, 2.0, 60_000)),
    )
    assert sleeps == [3.0]
    assert len(server.requests) == 2


def test_attempts_seen_by_the_server_match_the_error(call: Any, server: StandIn, sleeps: list[float]) -> None:
    config = RetryConfig("backoff", BackoffStrategy(100, 100, 1.0, 450))
    with pytest.raises(errors.ServiceUnavailableResponseError) as caught:
        call("status=503", config)
    assert caught.value.attempts == len(server.requests) == len(sleeps) + 1 == 5  # waits 4 x ~0.1-0.2 s


@pytest.mark.parametrize("status", [400, 401, 402, 403, 404, 413, 422])
def test_non_retryable_statuses_are_sent_once_even_with_retries(
    call: Any, server: StandIn, status: int
) -> None:
    with pytest.raises(errors.APIStatusError):
        call(f"status={status}", RETRY)
    assert len(server.requests) == 1


@pytest.mark.parametrize("kind", ["malformed", "empty", "text", "html"])
def test_a_200_that_is_not_a_transcription_is_a_response_validation_error(call: Any, kind: str) -> None:
    with pytest.raises(errors.ResponseValidationError) as caught:
        call(f"body={kind}")
    assert caught.value.status_code == 200


def test_the_edge_html_524_page_is_the_edge_timeout_class(call: Any) -> None:
    with pytest.raises(errors.EdgeNetworkTimeoutResponseError) as caught:
        call("status=524;body=html")
    assert isinstance(caught.value.body, str)
    assert "<title>" in caught.value.body
    assert caught.value.code is None


@pytest.mark.parametrize("drop", ["close", "reset"])
def test_a_dropped_connection_is_a_connection_error(call: Any, server: StandIn, drop: str) -> None:
    with pytest.raises(errors.APIConnectionError) as caught:
        call(f"drop={drop}")
    assert type(caught.value) is errors.APIConnectionError
    assert len(server.requests) == 1


def test_a_dropped_connection_is_retried_and_recovers(
    call: Any, server: StandIn, sleeps: list[float]
) -> None:
    res = call("drop=close;fail-first=2", RETRY)
    assert "wav audio" in res.text
    assert len(server.requests) == 3


# Timing on real sockets: each bound below sits far from what a failure would take (a hang lasts
# 60 s, a drip 30 s, an unbounded connect 10 s), so a loaded machine cannot make a correct client
# fail, nor a broken one pass. The exact budget arithmetic is tested on a fake clock (test_retry.py).
SLACK = 5.0


def test_a_hanging_server_is_bounded_by_timeout_ms(call: Any, server: StandIn) -> None:
    started = time.monotonic()
    with pytest.raises(errors.APITimeoutError):
        call("drop=hang", timeout_ms=300)
    assert 0.3 <= time.monotonic() - started < 0.3 + SLACK


def test_a_body_dripping_past_timeout_ms_is_cut_by_the_total_deadline(call: Any) -> None:
    # A byte every 100 ms (30 s for the body) never trips a per-read timeout of 0.3 s; only the
    # attempt's total deadline stops it.
    started = time.monotonic()
    with pytest.raises(errors.APITimeoutError, match=r"no complete response within 0\.3 s"):
        call("drip-ms=100", timeout_ms=300)
    assert 0.3 <= time.monotonic() - started < 0.3 + SLACK


@pytest.fixture
def unanswered_connect() -> Iterator[str]:
    """A server URL whose listener's accept queue is full, so a new connection never completes."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    fillers = [socket.socket() for _ in range(4)]
    for filler in fillers:
        filler.setblocking(False)
        filler.connect_ex(listener.getsockname())
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/api/v1"
    finally:
        for sock in (*fillers, listener):
            sock.close()


def test_a_connection_that_never_completes_is_bounded_by_timeout_ms(
    call: Any, unanswered_connect: str
) -> None:
    started = time.monotonic()
    with pytest.raises(errors.APITimeoutError, match="timed out") as caught:
        call("delay-ms=0", server_url=unanswered_connect, timeout_ms=300)
    assert 0.3 <= time.monotonic() - started < 0.3 + SLACK
    assert caught.value.attempts == 1


@pytest.mark.parametrize("scenario", ["drop=hang", "drip-ms=100", "status=503"])
def test_retries_never_run_past_max_elapsed_time_plus_one_timeout(
    call: Any, server: StandIn, scenario: str
) -> None:
    budget_s, timeout_s = 0.6, 0.25
    retries = RetryConfig("backoff", BackoffStrategy(50, 100, 2.0, int(budget_s * 1000)))
    started = time.monotonic()
    with pytest.raises((errors.APITimeoutError, errors.ServiceUnavailableResponseError)) as caught:
        call(scenario, retries, timeout_ms=timeout_s * 1000)
    elapsed = time.monotonic() - started
    assert elapsed <= budget_s + timeout_s + SLACK  # without the budget: retries for an hour
    assert isinstance(caught.value, errors.APITimeoutError | errors.ServiceUnavailableResponseError)
    assert caught.value.attempts == len(server.requests) >= 2


def test_a_slow_answer_within_the_timeout_succeeds(call: Any) -> None:
    started = time.monotonic()
    assert "wav audio" in call("delay-ms=150", timeout_ms=2_000).text
    assert time.monotonic() - started >= 0.15


def test_a_slow_answer_past_the_timeout_is_a_timeout(call: Any) -> None:
    with pytest.raises(errors.APITimeoutError):
        call("delay-ms=1000", timeout_ms=200)


def test_a_dripping_body_arrives_whole(call: Any) -> None:
    assert "wav audio" in call("drip-ms=1", timeout_ms=5_000).text


def test_a_server_wide_scenario_and_reset(audio: dict[str, str]) -> None:
    with StandIn(scenario="status=502;fail-first=1") as server:
        with OpenRouter(api_key=API_KEY, server_url=server.base_url, retries=NO_RETRY) as client:
            with pytest.raises(errors.BadGatewayResponseError):
                client.stt.create_transcription(input_audio=audio, model=MODEL)
            client.stt.create_transcription(input_audio=audio, model=MODEL)
            server.reset()
            assert server.requests == []
            with pytest.raises(errors.BadGatewayResponseError):
                client.stt.create_transcription(input_audio=audio, model=MODEL)
        assert server.requests[0].scenario == "status=502;fail-first=1"


@pytest.mark.parametrize(
    "text",
    [
        "status=abc",
        "status=700",
        "explode",
        "drop=sometimes",
        "body=xml",
        "redirect=307",
        "redirect=200;location=x",
    ],
)
def test_a_bad_scenario_is_refused_clearly(call: Any, text: str) -> None:
    with pytest.raises(ScenarioError):
        Scenario.parse(text)
    with pytest.raises(errors.BadRequestResponseError, match=SCENARIO_HEADER):
        call(text)


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_retried_file_upload_resends_the_identical_bytes(
    server: StandIn, wav: bytes, tmp_path: Any, sleeps: list[float], mode: str
) -> None:
    path = tmp_path / "speech.wav"
    path.write_bytes(wav)
    headers = {SCENARIO_HEADER: "status=502;fail-first=2"}

    async def upload_async(audio_file: Any) -> Any:
        async with OpenRouter(api_key=API_KEY, server_url=server.base_url, retries=RETRY) as client:
            return await client.stt.create_transcription_multipart_async(
                model=MODEL, file=audio_file, http_headers=headers
            )

    with path.open("rb") as audio_file:
        if mode == "sync":
            with OpenRouter(api_key=API_KEY, server_url=server.base_url, retries=RETRY) as client:
                res = client.stt.create_transcription_multipart(
                    model=MODEL, file=audio_file, http_headers=headers
                )
        else:
            res = asyncio.run(upload_async(audio_file))
    assert "0.50 seconds" in res.text
    bodies = [request.body for request in server.requests]
    assert len(bodies) == 3
    assert bodies[0] == bodies[1] == bodies[2]
    assert wav in bodies[2]


@pytest.fixture
def other_host() -> Iterator[StandIn]:
    """A second stand-in on another loopback address: a host the API key must never reach."""
    with StandIn(host="127.0.0.2") as stand_in:
        yield stand_in


@pytest.mark.parametrize("status", [307, 308])
def test_a_redirect_to_another_host_is_not_followed(
    call: Any, server: StandIn, other_host: StandIn, status: int
) -> None:
    target = other_host.base_url + "/audio/transcriptions"
    with pytest.raises(errors.OpenRouterDefaultError) as caught:
        call(f"redirect={status};location={target}")
    assert caught.value.status_code == status
    assert caught.value.headers["location"] == target
    assert len(server.requests) == 1
    assert other_host.requests == []


@pytest.mark.parametrize("status", [307, 308])
def test_a_client_that_follows_redirects_never_sends_the_key_to_another_host(
    server: StandIn, other_host: StandIn, audio: dict[str, str], status: int
) -> None:
    import httpx

    target = other_host.base_url + "/audio/transcriptions"
    with (
        StandIn(scenario=f"redirect={status};location={target}") as first,
        httpx.Client(follow_redirects=True) as http,
    ):
        with OpenRouter(api_key=API_KEY, server_url=first.base_url, client=http, retries=NO_RETRY) as client:
            with pytest.raises(errors.UnauthorizedResponseError):  # the other host got no key
                client.stt.create_transcription(input_audio=audio, model=MODEL)
    (arrived,) = other_host.requests
    assert "authorization" not in arrived.headers
    assert API_KEY.encode() not in arrived.body
    assert first.requests[0].headers["authorization"] == "Bearer <redacted>"  # the first host did get it


def test_a_redirect_loop_in_a_following_client_is_a_connection_error(
    server: StandIn, audio: dict[str, str]
) -> None:
    import httpx

    loop = f"redirect=307;location={server.base_url}/audio/transcriptions"
    with httpx.Client(follow_redirects=True, max_redirects=3) as http:
        with OpenRouter(api_key=API_KEY, server_url=server.base_url, client=http, retries=NO_RETRY) as client:
            with pytest.raises(errors.APIConnectionError, match="TooManyRedirects"):
                client.stt.create_transcription(
                    input_audio=audio, model=MODEL, http_headers={SCENARIO_HEADER: loop}
                )
    assert len(server.requests) == 4


@pytest.mark.anyio
@pytest.mark.parametrize("how", ["wait_for", "task.cancel"])
async def test_a_cancelled_async_call_frees_its_connection_and_the_client_stays_usable(
    server: StandIn, audio: dict[str, str], how: str
) -> None:
    hang = {SCENARIO_HEADER: "drop=hang"}
    async with OpenRouter(api_key=API_KEY, server_url=server.base_url, retries=NO_RETRY) as client:
        call = client.stt.create_transcription_async(input_audio=audio, model=MODEL, http_headers=hang)
        if how == "wait_for":
            with pytest.raises(TimeoutError):
                await asyncio.wait_for(call, timeout=0.2)
        else:
            task = asyncio.ensure_future(call)
            await asyncio.sleep(0.2)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
        pool = client._transport._async_client._transport._pool  # type: ignore[union-attr]
        assert [c for c in pool.connections if not c.is_idle()] == []  # nothing left checked out
        for _ in range(3):  # the pool still serves calls
            res = await client.stt.create_transcription_async(input_audio=audio, model=MODEL)
            assert "wav audio" in res.text
    assert len(server.requests) == 4


def test_a_rate_limit_scenario_answers_429_with_retry_after_once_its_bucket_is_empty() -> None:
    with StandIn(scenario="rate-limit=2") as stand_in:
        body = {"model": MODEL, "input_audio": {"url": "https://example.com/talk.mp3", "format": "mp3"}}
        headers = {"Authorization": f"Bearer {API_KEY}"}
        with httpx.Client(base_url=stand_in.base_url, headers=headers) as http:
            answers = [http.post("/audio/transcriptions", json=body) for _ in range(3)]
    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert answers[2].headers["retry-after"] == "1"  # half a second to the next token, in whole seconds
    assert answers[2].json()["error"]["code"] == 429
