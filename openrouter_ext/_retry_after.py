"""A server's ``Retry-After``, read: shared by the retrier and by the Ray workers' rate budget, so
that neither has to load the other (the retrier loads tenacity; a worker that is never told to wait
never needs it)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import UTC, datetime


def retry_after_seconds(headers: Mapping[str, str]) -> float | None:
    """Seconds to wait from a ``Retry-After`` header, if it holds a usable one: delta-seconds (a
    number >= 0), or an HTTP-date (one already past means now)."""
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        import email.utils  # only for the HTTP-date form (email.utils costs start-up time)

        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:  # "-0000": UTC, as RFC 5322 reads it
            when = when.replace(tzinfo=UTC)
        return max(0.0, (when - datetime.now(UTC)).total_seconds())
    return seconds if math.isfinite(seconds) and seconds >= 0 else None
