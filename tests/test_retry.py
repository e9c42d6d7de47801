"""Retry policy: what is retried, how long it waits, when it gives up; sync and async alike.

Time is controlled: the ``sleeps`` fixture records each wait instead of sleeping, and
``fake_time`` is the retrier's clock.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import httpx
import pytest
import respx
from conftest import API_KEY, MODEL, FakeTime

from openrouter_ext import BackoffStrategy, OpenRouter, RetryConfig, errors
from openrouter_ext.utils import DEFAULT_RETRY, RETRYABLE_STATUSES

URL = "https://openrouter.ai/api/v1/audio/transcriptions"
OK = httpx.Response(200, json={"text": "done"})
FAST = RetryConfig("backoff", BackoffStrategy(100, 1_000, 2.0, 60_000), retry_connection_errors=True)


def failure(status: int, **headers: str) -> httpx.Response:
    return httpx.Response(status, json={"error": {"code": status, "message": "try later"}}, headers=headers)


@pytest.fixture
def api() -> Iterator[respx.MockRouter]:
    with respx.mock(assert_all_called=False) as router:
        yield router


@pytest.fixture(params=["sync", "async"])
def transcribe(request: pytest.FixtureRequest, audio: dict[str, str]) -> Any:
    """Run one transcription through the sync or the async API, with the given client settings."""

    def run(client_retries: RetryConfig | None = FAST, /, **call: Any) -> Any:
        client = OpenRouter(api_key=API_KEY, retries=client_retries)
        try:
            if request.param == "sync":
                return client.stt.create_transcription(input_audio=audio, model=MODEL, **call)
            return asyncio.run(client.stt.create_transcription_async(input_audio=audio, model=MODEL, **call))
        finally:
            client.close()

    return run


def test_the_default_policy() -> None:
    assert DEFAULT_RETRY.strategy == "backoff"
    assert DEFAULT_RETRY.backoff == BackoffStrategy(500, 60_000, 1.5, 3_600_000)
    assert DEFAULT_RETRY.retry_connection_errors is True
    assert set(RETRIED) == RETRYABLE_STATUSES


# The documented policy, written out here (not read from the code under test).
RETRIED = [408, 429, 500, 502, 503, 504, 524, 529]


@pytest.mark.parametrize("status", RETRIED)
def test_retryable_statuses_are_retried_until_success(
    api: respx.MockRouter, transcribe: Any, sleeps: list[float], status: int
) -> None:
    route = api.post(URL).mock(side_effect=[failure(status), failure(status), OK])
    assert transcribe().text == "done"
    assert route.call_count == 3
    assert len(sleeps) == 2


@pytest.mark.parametrize("status", [400, 401, 402, 403, 404, 413, 418, 422, 501])
def test_other_statuses_are_sent_exactly_once(
    api: respx.MockRouter, transcribe: Any, sleeps: list[float], status: int
) -> None:
    route = api.post(URL).mock(return_value=failure(status))
    with pytest.raises(errors.APIStatusError) as caught:
        transcribe()
    assert caught.value.status_code == status
    assert route.call_count == 1 and caught.value.attempts == 1
    assert sleeps == []


@pytest.mark.parametrize(
    ("strategy", "expected"),
    [
        (BackoffStrategy(100, 5_000, 3.0, 60_000), [0.1, 0.3, 0.9, 2.7, 5.0]),  # initial * 3**n, capped
        (BackoffStrategy(250, 600, 1.5, 60_000), [0.25, 0.375, 0.5625, 0.6, 0.6]),
    ],
)
def test_without_jitter_the_waits_are_exactly_the_backoff(
    api: respx.MockRouter,
    transcribe: Any,
    sleeps: list[float],
    monkeypatch: pytest.MonkeyPatch,
    strategy: BackoffStrategy,
    expected: list[float],
) -> None:
    import random

    monkeypatch.setattr(random, "random", lambda: 0.0)  # tenacity's jitter, off
    api.post(URL).mock(side_effect=[failure(500)] * len(expected) + [OK])
    transcribe(RetryConfig("backoff", strategy))
    assert sleeps == pytest.approx(expected)


def test_the_last_error_carries_the_number_of_attempts(
    api: respx.MockRouter, transcribe: Any, sleeps: list[float]
) -> None:
    route = api.post(URL).mock(side_effect=[failure(503), failure(502), failure(529), OK])
    config = RetryConfig("backoff", BackoffStrategy(100, 100, 1.0, 250))
    with pytest.raises(errors.ProviderOverloadedResponseError) as caught:
        transcribe(config)
    assert route.call_count == 3 == caught.value.attempts


def test_backoff_grows_exponentially_with_bounded_jitter_and_a_cap(
    api: respx.MockRouter, transcribe: Any, sleeps: list[float]
) -> None:
    api.post(URL).mock(side_effect=[failure(500)] * 6 + [OK])
    transcribe(RetryConfig("backoff", BackoffStrategy(100, 1_000, 2.0, 60_000)))
    expected = [0.1, 0.2, 0.4, 0.8, 1.0, 1.0]  # initial * 2**n, then the 1 s cap
    assert len(sleeps) == len(expected)
    for slept, base in zip(sleeps, expected, strict=True):
        assert base <= slept <= min(base + 0.1, 1.0) + 1e-9


@pytest.mark.parametrize("value", ["2", "2.5", "0"])
def test_retry_after_in_seconds_is_honoured(
    api: respx.MockRouter, transcribe: Any, sleeps: list[float], value: str
) -> None:
    api.post(URL).mock(side_effect=[failure(429, **{"retry-after": value}), OK])
    transcribe(RetryConfig("backoff", BackoffStrategy(100, 60_000, 2.0, 600_000)))
    assert sleeps == [float(value)]


def test_retry_after_as_an_http_date_is_honoured(
    api: respx.MockRouter, transcribe: Any, sleeps: list[float]
) -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    api.post(URL).mock(side_effect=[failure(503, **{"retry-after": when}), OK])
    transcribe(RetryConfig("backoff", BackoffStrategy(100, 60_000, 2.0, 600_000)))
    assert 28 <= sleeps[0] <= 30


def test_retry_after_is_capped_by_max_interval(
    api: respx.MockRouter, transcribe: Any, sleeps: list[float]
) -> None:
    api.post(URL).mock(side_effect=[failure(429, **{"retry-after": "3600"}), OK])
    transcribe()  # FAST: max_interval 1 s
    assert sleeps == [1.0]


@pytest.mark.parametrize("value", ["soon", "", "-5", "nan", "inf", "Thu, 99 Foo 2026 00:00:00 GMT"])
def test_an_unusable_retry_after_falls_back_to_backoff(
    api: respx.MockRouter, transcribe: Any, sleeps: list[float], value: str
) -> None:
    api.post(URL).mock(side_effect=[failure(429, **{"retry-after": value}), OK])
    transcribe()
    assert 0.1 <= sleeps[0] <= 0.2  # FAST's first backoff wait: 100 ms plus up to 100 ms of jitter


@pytest.mark.parametrize(
    ("offset", "zone", "expected"),
    [(30, "GMT", 30), (30, "-0000", 30), (30, "+0100", 30 - 3600), (-120, "GMT", 0)],
)
def test_retry_after_dates_in_any_zone(
    api: respx.MockRouter, transcribe: Any, sleeps: list[float], offset: int, zone: str, expected: float
) -> None:
    """An HTTP date is read in its own zone ("-0000" is UTC); a date already past means now."""
    when = (datetime.now(UTC) + timedelta(seconds=offset)).strftime(f"%a, %d %b %Y %H:%M:%S {zone}")
    api.post(URL).mock(side_effect=[failure(503, **{"retry-after": when}), OK])
    transcribe(RetryConfig("backoff", BackoffStrategy(100, 60_000, 2.0, 600_000)))
    assert max(0.0, expected) - 2 <= sleeps[0] <= max(0.0, expected)


def test_a_retry_starts_when_its_wait_ends_exactly_at_the_budget(
    api: respx.MockRouter, transcribe: Any, fake_time: FakeTime
) -> None:
    """The budget is inclusive: attempt 0.75 s + wait 0.25 s = 1 s exactly still retries (binary-exact
    figures on the fake clock; a max_interval of 250 ms caps the jitter away); one more millisecond
    of budget use does not."""

    def run(attempt_seconds: float) -> int:
        answers = iter([failure(503), OK])

        def slow_then_ok(request: httpx.Request) -> httpx.Response:
            fake_time.advance(attempt_seconds)
            return next(answers)

        route = api.post(URL).mock(side_effect=slow_then_ok)
        route.reset()
        with contextlib.suppress(errors.ServiceUnavailableResponseError):
            transcribe(RetryConfig("backoff", BackoffStrategy(250, 250, 1.0, 1_000)))
        return route.call_count

    assert run(0.75) == 2
    assert run(0.751) == 1


def test_max_elapsed_time_bounds_the_total_wait(
    api: respx.MockRouter, transcribe: Any, sleeps: list[float]
) -> None:
    route = api.post(URL).mock(return_value=failure(503))
    config = RetryConfig("backoff", BackoffStrategy(100, 200, 2.0, 1_000))
    with pytest.raises(errors.ServiceUnavailableResponseError) as caught:
        transcribe(config)
    assert sum(sleeps) <= 1.0
    assert sum(sleeps) > 1.0 - 0.4  # it used the budget, and stopped before a wait would overrun it
    assert route.call_count == len(sleeps) + 1 == caught.value.attempts


def test_a_retry_after_longer_than_the_budget_stops_at_once(
    api: respx.MockRouter, transcribe: Any, sleeps: list[float]
) -> None:
    route = api.post(URL).mock(return_value=failure(429, **{"retry-after": "30"}))
    with pytest.raises(errors.TooManyRequestsResponseError):
        transcribe(RetryConfig("backoff", BackoffStrategy(100, 60_000, 2.0, 5_000)))
    assert route.call_count == 1 and sleeps == []


def test_the_first_attempts_own_time_counts_against_the_budget(
    api: respx.MockRouter, transcribe: Any, fake_time: FakeTime, sleeps: list[float]
) -> None:
    # The first attempt runs before the retrier takes over: the budget must still start with it.
    def slow_failure(_request: httpx.Request) -> httpx.Response:
        fake_time.advance(0.3)
        return failure(503)

    route = api.post(URL).mock(side_effect=slow_failure)
    with pytest.raises(errors.ServiceUnavailableResponseError) as caught:
        transcribe(RetryConfig("backoff", BackoffStrategy(100, 100, 1.0, 350)))
    assert route.call_count == caught.value.attempts == 1  # 0.3 s spent + a 0.1 s wait > 0.35 s
    assert sleeps == []


def test_a_call_that_needs_no_retry_leaves_the_retrier_unbuilt(
    api: respx.MockRouter, transcribe: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tenacity

    def refuse(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("the retrier was built for a call that succeeded or must not be retried")

    monkeypatch.setattr(tenacity.Retrying, "__init__", refuse)
    monkeypatch.setattr(tenacity.AsyncRetrying, "__init__", refuse)
    api.post(URL).mock(side_effect=[OK, failure(400), failure(503), failure(503)])
    assert transcribe().text == "done"
    with pytest.raises(errors.BadRequestResponseError):
        transcribe()
    for no_retries in (RetryConfig("none"), RetryConfig("backoff", max_retries=0)):
        with pytest.raises(errors.ServiceUnavailableResponseError):
            transcribe(no_retries)


def test_the_budget_counts_the_attempts_own_time_not_only_the_waits(
    api: respx.MockRouter, transcribe: Any, fake_time: FakeTime
) -> None:
    """A slow server (each attempt 0.3 s) and a 1 s budget: no attempt starts past the budget, so
    the call ends within the budget plus one attempt, and it stops only when the next wait would
    end past the budget. On a fake clock: the figures hold however busy the machine is."""
    began, starts = fake_time.now, []

    def slow_failure(request: httpx.Request) -> httpx.Response:
        starts.append(fake_time.now - began)
        fake_time.advance(0.3)
        return failure(500)

    api.post(URL).mock(side_effect=slow_failure)
    config = RetryConfig("backoff", BackoffStrategy(10, 40, 2.0, 1_000))  # waits of 10-40 ms
    with pytest.raises(errors.InternalServerResponseError) as caught:
        transcribe(config)
    assert len(starts) == caught.value.attempts >= 3
    assert max(starts) <= 1.0 and fake_time.now - began <= 1.0 + 0.3
    assert starts[-1] + 0.3 + 0.010 > 1.0  # one more (wait + attempt) would not have fitted


@pytest.mark.parametrize("max_retries", [0, 1, 3])
def test_max_retries_caps_the_attempts(
    api: respx.MockRouter, transcribe: Any, sleeps: list[float], max_retries: int
) -> None:
    route = api.post(URL).mock(return_value=failure(503))
    with pytest.raises(errors.ServiceUnavailableResponseError) as caught:
        transcribe(RetryConfig("backoff", FAST.backoff, max_retries=max_retries))
    assert route.call_count == caught.value.attempts == max_retries + 1
    assert len(sleeps) == max_retries


def test_strategy_none_sends_once(api: respx.MockRouter, transcribe: Any, sleeps: list[float]) -> None:
    route = api.post(URL).mock(return_value=failure(503))
    with pytest.raises(errors.ServiceUnavailableResponseError):
        transcribe(RetryConfig("none"))
    assert route.call_count == 1 and sleeps == []


@pytest.mark.parametrize("raised", [httpx.ConnectError("refused"), httpx.ReadTimeout("slow")])
def test_connection_errors_are_retried_when_configured(
    api: respx.MockRouter, transcribe: Any, sleeps: list[float], raised: Exception
) -> None:
    route = api.post(URL).mock(side_effect=[raised, OK])
    assert transcribe().text == "done"
    assert route.call_count == 2


@pytest.mark.parametrize("raised", [httpx.ConnectError("refused"), httpx.ReadTimeout("slow")])
def test_connection_errors_are_not_retried_when_not_configured(
    api: respx.MockRouter, transcribe: Any, sleeps: list[float], raised: Exception
) -> None:
    route = api.post(URL).mock(side_effect=[raised, OK])
    config = RetryConfig("backoff", FAST.backoff, retry_connection_errors=False)
    with pytest.raises(errors.APIConnectionError):
        transcribe(config)
    assert route.call_count == 1


def test_a_per_call_policy_overrides_the_clients(
    api: respx.MockRouter, transcribe: Any, sleeps: list[float]
) -> None:
    route = api.post(URL).mock(side_effect=[failure(503), OK])
    assert transcribe(RetryConfig("none"), retries=FAST).text == "done"
    assert route.call_count == 2
    route.reset()
    route.side_effect = [failure(503), OK]
    with pytest.raises(errors.ServiceUnavailableResponseError):
        transcribe(FAST, retries=RetryConfig("none"))


def test_the_retried_statuses_can_be_chosen(
    api: respx.MockRouter, transcribe: Any, sleeps: list[float]
) -> None:
    route = api.post(URL).mock(side_effect=[failure(429), OK])
    with pytest.raises(errors.TooManyRequestsResponseError):
        transcribe(RetryConfig("backoff", FAST.backoff, retry_status_codes={500}))
    assert route.call_count == 1


def test_a_retried_request_resends_the_identical_body(
    api: respx.MockRouter, transcribe: Any, sleeps: list[float]
) -> None:
    route = api.post(URL).mock(side_effect=[failure(502), failure(502), OK])
    transcribe()
    bodies = {call.request.content for call in route.calls}
    assert len(bodies) == 1


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: RetryConfig("sometimes"), "RetryConfig.strategy"),  # type: ignore[arg-type]
        (lambda: BackoffStrategy(0, 1, 1.0, 1), "BackoffStrategy.initial_interval"),
        (lambda: BackoffStrategy(1, -1, 1.0, 1), "BackoffStrategy.max_interval"),
        (lambda: BackoffStrategy(1, 1, "2", 1), "BackoffStrategy.exponent"),  # type: ignore[arg-type]
        (lambda: RetryConfig("backoff", max_retries=-1), "RetryConfig.max_retries"),
        (lambda: RetryConfig("backoff", max_retries=True), "RetryConfig.max_retries"),
    ],
)
def test_bad_retry_settings_are_refused(build: Any, field: str) -> None:
    with pytest.raises(errors.InvalidInputError) as caught:
        build()
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: BackoffStrategy(0, 1, 1.0, 1), "BackoffStrategy.initial_interval: must be a positive number, got 0"),
        (lambda: BackoffStrategy(1, True, 1.0, 1), "BackoffStrategy.max_interval: must be a positive number, got True"),
        (lambda: BackoffStrategy(1, 1, -0.5, 1), "BackoffStrategy.exponent: must be a positive number, got -0.5"),
        (lambda: BackoffStrategy(1, 1, 1.0, "9"), "BackoffStrategy.max_elapsed_time: must be a positive number, got '9'"),  # type: ignore[arg-type]
        (lambda: RetryConfig("backoff", max_retries=-1), "RetryConfig.max_retries: must be a whole number >= 0 or None, got -1"),
        (lambda: RetryConfig("backoff", max_retries=1.0), "RetryConfig.max_retries: must be a whole number >= 0 or None, got 1.0"),  # type: ignore[arg-type]
        (lambda: RetryConfig("always"), "RetryConfig.strategy: must be \"backoff\" or \"none\", got 'always'"),  # type: ignore[arg-type]
    ],
)  # fmt: skip
def test_a_bad_retry_setting_says_what_is_wrong(build: Any, message: str) -> None:
    with pytest.raises(errors.InvalidInputError) as caught:
        build()
    assert str(caught.value) == message


def test_retry_settings_at_their_limits_are_taken() -> None:
    assert BackoffStrategy(1, 1, 0.001, 1).exponent == 0.001  # any positive number
    assert RetryConfig("backoff", max_retries=0).max_retries == 0
    assert RetryConfig("backoff", max_retries=None).max_retries is None
    assert RetryConfig("none").strategy == "none"
