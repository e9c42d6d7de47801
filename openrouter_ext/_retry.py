"""Retry policy: ``RetryConfig`` (the official SDK's shape, in milliseconds), and ``call()`` /
``call_async()``, which make a call's first attempt and, when it fails in a way the policy retries,
hand over to the retrier built from it with tenacity (``_retrying``)."""

from __future__ import annotations

import functools
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, Literal, TypeVar

import attrs

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


def is_retryable(config: RetryConfig, error: BaseException) -> bool:
    if config.strategy == "none" or config.max_retries == 0:
        return False
    if isinstance(error, APIStatusError):
        return error.status_code in config.retry_status_codes
    return isinstance(error, APIConnectionError) and config.retry_connection_errors


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
    the shim's own work for a small request, and most calls never retry. The retrier (``_retrying``,
    and tenacity with it, loaded then) takes over with the first failure as its first outcome and
    its clock started when that attempt did.
    """
    started = _clock()
    try:
        return attempt(1)
    except Exception as error:
        if not is_retryable(config, error):
            raise
        first = error
    from . import _retrying

    policy = _retrying.policy(config, clock=_clock, retryable=functools.partial(is_retryable, config))
    return _retrying.retry(attempt, first, started, policy, sleep=_sleep, hooks=hooks)


async def call_async(config: RetryConfig, attempt: Callable[[int], Awaitable[T]], **hooks: Any) -> T:
    """``call()`` for async code (asyncio or trio): the same policy, sleeping with ``anyio.sleep``."""
    started = _clock()
    try:
        return await attempt(1)
    except Exception as error:
        if not is_retryable(config, error):
            raise
        first = error
    from . import _retrying

    policy = _retrying.policy(config, clock=_clock, retryable=functools.partial(is_retryable, config))
    return await _retrying.retry_async(attempt, first, started, policy, sleep=_async_sleep, hooks=hooks)
