"""Fault scenarios for the stand-in: how it misbehaves, chosen per server or per request.

A scenario is written as ``;``-separated settings, e.g. ``status=503;retry-after=2;fail-first=2``.
Send it per request in the ``X-Stand-In-Scenario`` header (with the SDK:
``http_headers={"X-Stand-In-Scenario": "status=503"}``), or give it to ``StandIn(scenario=...)``
for every request. Settings:

==================  ==========================================================================
``status=N``        answer N with the documented error body (any status: 400 ... 529, 408, ...)
``retry-after=V``   with ``status``: add ``Retry-After: V`` (seconds or an HTTP date)
``fail-first=K``    only the first K requests with this scenario misbehave; later ones succeed
                    (counted per scenario text; ``StandIn.reset()`` starts the counts again)
``id=TEXT``         no effect but to make the text, and so its ``fail-first`` count, distinct:
                    concurrent callers each get their own count
``body=KIND``       answer (with ``status``, else 200) a body that is ``malformed`` JSON,
                    ``empty``, plain ``text``, or an ``html`` page as an edge proxy sends it
``drop=HOW``        ``close``: close the connection without answering; ``reset``: send half
                    the body, then reset the connection; ``hang``: accept and never answer
``delay-ms=N``      wait N ms before answering
``drip-ms=N``       send the response body one byte every N ms
``max-bytes=N``     answer 413 to a body larger than N bytes (as a server with a lower limit would)
``rate-limit=N``    a token bucket of N requests a second (N at most at once): a request beyond it
                    is answered 429 with ``Retry-After`` (whole seconds until a token is back)
``redirect=N``      answer N (301, 302, 303, 307 or 308) with ``Location: <location>``
``location=URL``    with ``redirect``: where to (e.g. a second stand-in on 127.0.0.2)
==================  ==========================================================================
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import attrs

SCENARIO_HEADER = "x-stand-in-scenario"
DROP_KINDS = ("close", "reset", "hang")
REDIRECTS = (301, 302, 303, 307, 308)
EDGE_HTML = (
    b"<!DOCTYPE html><html><head><title>openrouter.ai | 524: A timeout occurred</title></head>"
    b"<body><h1>A timeout occurred</h1><p>The origin web server timed out responding to this request.</p>"
    b"</body></html>"
)
# body=KIND: (content type, body) of a 2XX or error answer that is not what the contract says.
BROKEN_BODIES = {
    "malformed": ("application/json", b'{"text": "cut off'),
    "empty": ("application/json", b""),
    "text": ("text/plain", b"OK"),
    "html": ("text/html", EDGE_HTML),
}


class ScenarioError(ValueError):
    """The scenario text does not parse."""


def _number(key: str, value: str) -> int:
    if not value.isdigit():
        raise ScenarioError(f"{key} takes a whole number, got {value!r}")
    return int(value)


@attrs.frozen
class Scenario:
    """One parsed scenario (see the module documentation for the settings)."""

    text: str
    status: int | None = None
    retry_after: str | None = None
    fail_first: int | None = None
    body: str | None = None
    drop: str | None = None
    delay_ms: int = 0
    drip_ms: int = 0
    redirect: int | None = None
    location: str | None = None
    id: str | None = None
    max_bytes: int | None = None
    rate_limit: int | None = None

    @classmethod
    def parse(cls, text: str) -> Scenario:
        settings: dict[str, Any] = {}
        for item in filter(None, (part.strip() for part in text.split(";"))):
            key, _, value = (piece.strip() for piece in item.partition("="))
            if key in ("status", "fail-first", "delay-ms", "drip-ms", "redirect", "max-bytes", "rate-limit"):
                settings[key.replace("-", "_")] = _number(key, value)
            elif key in ("retry-after", "location", "id") and value:
                settings[key.replace("-", "_")] = value
            elif key == "body" and value in BROKEN_BODIES:
                settings["body"] = value
            elif key == "drop" and value in DROP_KINDS:
                settings["drop"] = value
            else:
                raise ScenarioError(f"unknown scenario setting {item!r}")
        status = settings.get("status")
        if status is not None and not 100 <= status <= 599:
            raise ScenarioError(f"status must be 100-599, got {status}")
        if settings.get("rate_limit") == 0:
            raise ScenarioError("rate-limit must be at least 1 request a second")
        if ("redirect" in settings) != ("location" in settings):
            raise ScenarioError("redirect and location go together")
        if "redirect" in settings and settings["redirect"] not in REDIRECTS:
            raise ScenarioError(f"redirect takes one of {REDIRECTS}, got {settings['redirect']}")
        return cls(text=text, **settings)

    @property
    def changes_answer(self) -> bool:
        """False when the answer is the normal one (a delay, drip, drop or size limit may still apply)."""
        return self.status is not None or self.body is not None or self.redirect is not None


class ScenarioCounts:
    """How many requests each scenario text has seen, for ``fail-first``."""

    def __init__(self) -> None:
        self._counts: Counter[str] = Counter()
        self._lock = threading.Lock()

    def misbehaves(self, scenario: Scenario) -> bool:
        """Count this request; True while the scenario should still misbehave."""
        with self._lock:
            self._counts[scenario.text] += 1
            return scenario.fail_first is None or self._counts[scenario.text] <= scenario.fail_first

    def reset(self) -> None:
        with self._lock:
            self._counts.clear()


class RateLimits:
    """The token buckets of ``rate-limit`` scenarios, one per scenario text."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._buckets: dict[str, tuple[float, float]] = {}  # text: (tokens, when counted)
        self._clock = clock
        self._lock = threading.Lock()

    def wait(self, scenario: Scenario) -> float:
        """Take a token: 0 if there was one, else the seconds until one is back (none taken)."""
        assert scenario.rate_limit is not None
        rate = float(scenario.rate_limit)
        with self._lock:
            now = self._clock()
            tokens, then = self._buckets.get(scenario.text, (rate, now))
            tokens = min(rate, tokens + (now - then) * rate)
            if tokens >= 1.0:
                self._buckets[scenario.text] = (tokens - 1.0, now)
                return 0.0
            self._buckets[scenario.text] = (tokens, now)
            return (1.0 - tokens) / rate

    def reset(self) -> None:
        with self._lock:
            self._buckets.clear()
