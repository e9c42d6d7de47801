"""Retry policy: ``RetryConfig`` (the official SDK's shape, in milliseconds) as tenacity data.

The policy is composed once from tenacity's stop/wait/retry pieces; ``call()`` and ``call_async()``
wrap the same pieces around a blocking or an async sleep.
"""

from __future__ import annotations

import email.utils
import functools
import math
import time
from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, datetime
from typing import Any, Literal, TypeVar

import attrs
import tenacity
from tenacity.stop import stop_base
from tenacity.wait import wait_base

from .errors import APIConnectionError, APIStatusError, InvalidInputError

# Statuses worth another try: the request may succeed later. 408 and 429 are retried here too
# (the official SDK retries only 5XX): both say "try again", and Retry-After tells when.
RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504, 524, 529})


def _positive(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """attrs validator: a number > 0 (named as ``BackoffStrategy.initial_interval``, ...)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise InvalidInputError(
            f"{type(instance).__name__}.{attribute.name}", f"must be a positive number, got {value!r}"
        )


@attrs.frozen
class BackoffStrategy:
    """Exponential backoff, all times in milliseconds.

    The n-th retry waits ``initial_interval * exponent ** (n - 1)`` plus up to ``initial_interval``
    of random jitter, at most ``max_interval``; no retry starts after ``max_elapsed_time``.
    """

    initial_interval: int = attrs.field(validator=_positive)
    max_interval: int = attrs.field(validator=_positive)
    exponent: float = attrs.field(validator=_positive)
    max_elapsed_time: int = attrs.field(validator=_positive)


DEFAULT_BACKOFF = BackoffStrategy(
    initial_interval=500, max_interval=60_000, exponent=1.5, max_elapsed_time=3_600_000
)


def _count_or_none(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """attrs validator: a whole number >= 0, or None."""
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        raise InvalidInputError(
            f"{type(instance).__name__}.{attribute.name}",
            f"must be a whole number >= 0 or None, got {value!r}",
        )


def _status_set(codes: Iterable[int]) -> frozenset[int]:
    return frozenset(codes)


def _strategy(_instance: Any, _attribute: Any, value: Any) -> None:
    if value not in ("backoff", "none"):
        raise InvalidInputError("RetryConfig.strategy", f'must be "backoff" or "none", got {value!r}')


@attrs.frozen
class RetryConfig:
    """Retry settings: ``RetryConfig("backoff", BackoffStrategy(...), True)``, or ``RetryConfig("none")``.

    ``retry_connection_errors`` also retries requests that got no response (connection failures and
    timeouts). ``retry_status_codes`` is the set of statuses retried (default ``RETRYABLE_STATUSES``).
    ``max_retries``, if set, also caps how many times a call is retried (``backoff.max_elapsed_time``
    always bounds the total wait).
    """

    strategy: Literal["backoff", "none"] = attrs.field(validator=_strategy)
    backoff: BackoffStrategy = DEFAULT_BACKOFF
    retry_connection_errors: bool = True
    retry_status_codes: frozenset[int] = attrs.field(default=RETRYABLE_STATUSES, converter=_status_set)
    max_retries: int | None = attrs.field(default=None, validator=_count_or_none)


DEFAULT_RETRY = RetryConfig("backoff")


def retry_after_seconds(headers: Any) -> float | None:
    """Seconds to wait from a ``Retry-After`` header, if it holds a usable one: delta-seconds (a
    number >= 0), or an HTTP-date (one already past means now)."""
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:  # "-0000": UTC, as RFC 5322 reads it
            when = when.replace(tzinfo=UTC)
        return max(0.0, (when - datetime.now(UTC)).total_seconds())
    return seconds if math.isfinite(seconds) and seconds >= 0 else None


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

    Like tenacity's ``stop_before_delay``, but on this module's clock (``_clock``, which ``call``
    also starts the count with), and time spent sleeping counts even when a sleep returned early,
    so the budget bounds the total wait either way.
    """

    def __init__(self, budget: float) -> None:
        self.budget = budget

    def __call__(self, retry_state: tenacity.RetryCallState) -> bool:
        spent = max(_clock() - retry_state.start_time, retry_state.idle_for)
        return spent + retry_state.upcoming_sleep > self.budget


def _is_retryable(config: RetryConfig, error: BaseException) -> bool:
    if config.strategy == "none" or config.max_retries == 0:
        return False
    if isinstance(error, APIStatusError):
        return error.status_code in config.retry_status_codes
    return isinstance(error, APIConnectionError) and config.retry_connection_errors


def _policy(config: RetryConfig) -> dict[str, Any]:
    """The stop/wait/retry pieces shared by the sync and the async retrier. Built only once a call
    has failed in a way worth retrying (the first attempt runs without them), so never cached, and
    never for ``RetryConfig("none")``, whose failures ``_is_retryable`` never calls worth it."""
    backoff = config.backoff
    cap = backoff.max_interval / 1000  # applied by wait_retry_after_or, to Retry-After too
    initial = backoff.initial_interval / 1000
    exponential = tenacity.wait_exponential(multiplier=initial, exp_base=backoff.exponent)
    jitter = tenacity.wait_random(0, initial)
    stop: stop_base = stop_before_budget(backoff.max_elapsed_time / 1000)
    if config.max_retries is not None:
        stop = stop | tenacity.stop_after_attempt(config.max_retries + 1)
    return {
        "stop": stop,
        "wait": wait_retry_after_or(exponential + jitter, cap),
        "retry": tenacity.retry_if_exception(functools.partial(_is_retryable, config)),
        "reraise": True,
    }


async def _anyio_sleep(seconds: float) -> None:
    """asyncio's or trio's sleep, whichever runs the call."""
    import anyio  # here, not at the top: sync-only programs never load it (≈ 20 ms)

    await anyio.sleep(seconds)


# Module-level so that tests can replace them with fakes: the clock the budget is counted on, and
# the sleeps between attempts.
_clock: Callable[[], float] = time.monotonic
_sleep: Callable[[float], None] = time.sleep
_async_sleep: Callable[[float], Awaitable[None]] = _anyio_sleep


T = TypeVar("T")


def call(config: RetryConfig, attempt: Callable[[int], T], **hooks: Any) -> T:
    """``attempt(1)``, and if it fails in a way ``config`` retries, ``attempt(2)``, ... under the policy.

    The first attempt runs outside tenacity: its per-call state costs about as much as the rest of
    the shim's own work for a small request, and most calls never retry. The retrier then takes
    over with the first failure as its first outcome and its clock started when that attempt did.
    """
    started = _clock()
    try:
        return attempt(1)
    except Exception as error:
        if not _is_retryable(config, error):
            raise
        first = error
    for retry in tenacity.Retrying(sleep=_sleep, **_policy(config), **hooks):
        with retry:
            if retry.retry_state.attempt_number == 1:
                retry.retry_state.start_time = started
                raise first
            return attempt(retry.retry_state.attempt_number)
    raise AssertionError("unreachable: the retrier returns or raises")  # pragma: no mutate


async def call_async(config: RetryConfig, attempt: Callable[[int], Awaitable[T]], **hooks: Any) -> T:
    """``call()`` for async code (asyncio or trio): the same policy, sleeping with ``anyio.sleep``."""
    started = _clock()
    try:
        return await attempt(1)
    except Exception as error:
        if not _is_retryable(config, error):
            raise
        first = error
    async for retry in tenacity.AsyncRetrying(sleep=_async_sleep, **_policy(config), **hooks):
        with retry:
            if retry.retry_state.attempt_number == 1:
                retry.retry_state.start_time = started
                raise first
            return await attempt(retry.retry_state.attempt_number)
    raise AssertionError("unreachable: the retrier returns or raises")  # pragma: no mutate
