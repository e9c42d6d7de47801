"""Client settings: the API key, the server, defaults every call may override, and their checks."""

from __future__ import annotations

import ipaddress
import os
import re
import sys
import warnings
from collections.abc import Mapping
from typing import Any, TypedDict
from urllib.parse import urlsplit

import attrs
import httpx

from . import _validation as check
from ._retry import RetryConfig
from ._version import __version__
from .errors import InvalidInputError

DEFAULT_SERVER_URL = "https://openrouter.ai/api/v1"
# Transcribing long audio takes minutes: httpx's 5 s default read timeout would cut it short.
DEFAULT_TIMEOUT = httpx.Timeout(600.0, connect=10.0)
# Per-phase timeouts do not bound a body that keeps trickling in: each attempt also has a total.
DEFAULT_DEADLINE = 600.0
# platform.python_version(), without importing platform (2 ms of start-up)
_PYTHON_VERSION = "{}.{}.{}".format(*sys.version_info[:3])
USER_AGENT = f"openrouter-ext/{__version__} python/{_PYTHON_VERSION} httpx/{httpx.__version__}"
# What every request of the SDK carries, whatever the operation (the transport adds them).
SDK_HEADERS = {"User-Agent": USER_AGENT, "Accept": "application/json"}
APP_HEADER_OPTIONS = ("http_referer", "x_open_router_title", "x_open_router_categories")


class InsecureServerURLWarning(UserWarning):
    """The server URL would send the API key unencrypted over a network."""


class APIKey:
    """The API key, or a function returning it (to rotate keys); never shown, never pickled."""

    __slots__ = ("_checked", "_source")

    def __init__(self, source: str | Any) -> None:
        self._source = source
        self._checked: str | None = None  # a fixed key, once checked

    def get(self) -> str:
        if self._checked is not None:
            return self._checked
        key = self._source() if callable(self._source) else self._source
        if not isinstance(key, str) or not key.strip():
            raise InvalidInputError(
                "api_key",
                "is missing or empty",
                "Pass api_key=... or set the OPENROUTER_API_KEY environment variable",
            )
        key = key.strip()
        if not (key.isascii() and key.isprintable()) or " " in key:
            # Never echo the key itself: say only what is wrong with it.
            raise InvalidInputError(
                "api_key", "contains white space or control characters", "Check how it was read"
            )
        if not callable(self._source):
            self._checked = key
        return key

    def __repr__(self) -> str:
        return "APIKey(<redacted>)"

    def __reduce__(self) -> Any:
        raise TypeError("an API key is not picklable")


class RequestOptions(TypedDict, total=False):
    """Per-call settings; each overrides the client's. ``None`` means "not given", as for body fields."""

    http_referer: str | None
    x_open_router_title: str | None
    x_open_router_categories: str | None
    retries: RetryConfig | None
    server_url: str | None
    timeout_ms: float | None
    http_headers: Mapping[str, str] | None


@attrs.frozen
class ClientConfig:
    """Settings of one ``OpenRouter`` client; every call may override all but the key."""

    api_key: APIKey
    server_url: str
    retries: RetryConfig
    timeout_ms: float | None = None
    app_headers: Mapping[str, str] = attrs.field(factory=dict)  # option name -> value


_HEADER_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")


def check_header_value(field: str, value: Any) -> None:
    """A value httpx can send as is: printable ASCII (tabs allowed), so no header injection either."""
    check.check_str(field, value)
    if not value.isascii() or not value.replace("\t", " ").isprintable():
        raise InvalidInputError(
            field, "must be printable ASCII (HTTP header values cannot carry other characters)",
            "Percent-encode or transliterate it",
        )  # fmt: skip


def check_options(options: RequestOptions) -> None:
    for name in APP_HEADER_OPTIONS:
        if name in options and options[name] is not None:  # type: ignore[literal-required]
            check_header_value(name, options[name])  # type: ignore[literal-required]
    if options.get("server_url") is not None:
        check_server_url(options["server_url"])
    timeout_ms = options.get("timeout_ms")
    if timeout_ms is not None:
        check_timeout_ms(timeout_ms)
    retries = options.get("retries")
    if retries is not None and not isinstance(retries, RetryConfig):
        raise InvalidInputError(
            "retries",
            f"must be a RetryConfig, got {type(retries).__name__}",
            'Pass RetryConfig("backoff", BackoffStrategy(...), True) or RetryConfig("none")',
        )
    headers = options.get("http_headers")
    if headers is None:
        return
    if not isinstance(headers, Mapping):
        raise InvalidInputError(
            "http_headers", f"must be a mapping of header names to values, got {type(headers).__name__}"
        )
    for name, value in headers.items():
        if not isinstance(name, str) or not _HEADER_NAME.fullmatch(name):
            raise InvalidInputError("http_headers", f"{name!r} is not a valid header name")
        check_header_value(f"http_headers[{name!r}]", value)


_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep  # this package's files, not a sibling's


def _callers_stacklevel() -> int:
    """The ``stacklevel`` at which a warning points at the first line outside this package: the
    user's, however deep in the SDK (sync or async, constructor or call) the warning is raised."""
    frame, level = sys._getframe(1), 1
    while frame.f_back is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        frame, level = frame.f_back, level + 1
    return level


def check_server_url(url: Any) -> None:
    check.check_url("server_url", url)
    host = urlsplit(url).hostname or ""
    if url.lower().startswith("http://") and not _is_loopback(host):
        warnings.warn(
            f"server_url {url!r} is plain http to a non-loopback host: the API key would cross the network "
            "in clear text. Use https.",
            InsecureServerURLWarning,
            stacklevel=_callers_stacklevel(),
        )


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_timeout_ms(value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise InvalidInputError("timeout_ms", f"must be a positive number of milliseconds, got {value!r}")
