"""The retrier: a ``RetryConfig`` as tenacity's stop/wait/retry pieces, and the retry loops.

``_retry.call()`` comes here only after a first attempt failed in a way the policy retries, so a
call that succeeds at once never loads tenacity. It passes the clock and the sleep (which tests
replace with fakes); the sync and the async loop share the pieces and differ in the sleep.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import tenacity
from tenacity.stop import stop_base
from tenacity.wait import wait_base

from ._retry_after import retry_after_seconds
from .errors import APIStatusError

if TYPE_CHECKING:
    from ._retry import RetryConfig

T = TypeVar("T")
Policy = dict[str, Any]  # tenacity.Retrying's stop, wait, retry and reraise arguments


class wait_retry_after_or(wait_base):
    """Wait what the server's ``Retry-After`` asks, else what ``fallback`` says; never more than ``cap`` s."""

    def __init__(self, fallback: wait_base, cap: float) -> None:
        self.fallback = fallback
        self.cap = cap

    def __call__(self, retry_state: tenacity.RetryCallState) -> float:
        error = retry_state.outcome.exception() if retry_state.outcome else None
        if isinstance(error, APIStatusError):
            asked = retry_after_seconds(error.headers)
            if asked is not None:
                return min(asked, self.cap)
        return min(float(self.fallback(retry_state)), self.cap)


class stop_before_budget(stop_base):
    """Stop when the next sleep would end past ``budget`` seconds since the first attempt began.

    Like tenacity's ``stop_before_delay``, but on ``clock`` (which ``_retry.call`` also starts the
    count with), and time spent sleeping counts even when a sleep returned early, so the budget
    bounds the total wait either way.
    """

    def __init__(self, budget: float, clock: Callable[[], float]) -> None:
        self.budget = budget
        self.clock = clock

    def __call__(self, retry_state: tenacity.RetryCallState) -> bool:
        spent = max(self.clock() - retry_state.start_time, retry_state.idle_for)
        return spent + retry_state.upcoming_sleep > self.budget


def policy(
    config: RetryConfig, *, clock: Callable[[], float], retryable: Callable[[BaseException], bool]
) -> Policy:
    """The stop/wait/retry pieces shared by the sync and the async retrier. Built only once a call
    has failed in a way worth retrying (the first attempt runs without them), so never cached, and
    never for ``RetryConfig("none")``, whose failures ``retryable`` never calls worth it."""
    backoff = config.backoff
    cap = backoff.max_interval / 1000  # applied by wait_retry_after_or, to Retry-After too
    initial = backoff.initial_interval / 1000
    exponential = tenacity.wait_exponential(multiplier=initial, exp_base=backoff.exponent)
    jitter = tenacity.wait_random(0, initial)
    stop: stop_base = stop_before_budget(backoff.max_elapsed_time / 1000, clock)
    if config.max_retries is not None:
        stop = stop | tenacity.stop_after_attempt(config.max_retries + 1)
    return {
        "stop": stop,
        "wait": wait_retry_after_or(exponential + jitter, cap),
        "retry": tenacity.retry_if_exception(retryable),
        "reraise": True,
    }


def retry(
    attempt: Callable[[int], T],
    first: Exception,
    started: float,
    policy: Policy,
    *,
    sleep: Callable[[float], None],
    hooks: Mapping[str, Any],
) -> T:
    """``attempt(2)``, ``attempt(3)``, ... under ``policy``, ``first`` being attempt 1's failure and
    ``started`` the clock when it began."""
    for retrying in tenacity.Retrying(sleep=sleep, **policy, **hooks):
        with retrying:
            if retrying.retry_state.attempt_number == 1:
                retrying.retry_state.start_time = started
                raise first
            return attempt(retrying.retry_state.attempt_number)
    raise AssertionError("unreachable: the retrier returns or raises")  # pragma: no mutate


async def retry_async(
    attempt: Callable[[int], Awaitable[T]],
    first: Exception,
    started: float,
    policy: Policy,
    *,
    sleep: Callable[[float], Awaitable[None]],
    hooks: Mapping[str, Any],
) -> T:
    """``retry()`` for async code."""
    async for retrying in tenacity.AsyncRetrying(sleep=sleep, **policy, **hooks):
        with retrying:
            if retrying.retry_state.attempt_number == 1:
                retrying.retry_state.start_time = started
                raise first
            return await attempt(retrying.retry_state.attempt_number)
    raise AssertionError("unreachable: the retrier returns or raises")  # pragma: no mutate
