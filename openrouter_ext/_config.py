"""Client settings: the API key (one reader, one set of rules), the client's options, per-call
options that override them, and their checks."""

from __future__ import annotations

import ipaddress
import os
import re
import sys
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypedDict
from urllib.parse import urlsplit

import attrs
import httpx

from . import _validation as check
from ._retry import DEFAULT_RETRY, RetryConfig
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


KEY_VARIABLE = "OPENROUTER_API_KEY"
# Where a key can come from, said wherever one is missing (the library, the command line, Ray).
_KEY_SOURCES = (
    f"Set the {KEY_VARIABLE} environment variable, pass api_key=... to OpenRouter(), or name a key "
    "file (--api-key-file FILE on the command line, api_key_file= in openrouter_ext.ray)"
)


def checked_key(key: object) -> str:
    """The rules every API key meets, however it was read: a non-empty string, stripped of the
    white space around it, with none inside it. The error never echoes the key itself."""
    if not isinstance(key, str) or not key.strip():
        raise InvalidInputError("api_key", f"no API key: {KEY_VARIABLE} is not set or empty", _KEY_SOURCES)
    key = key.strip()
    if not (key.isascii() and key.isprintable()) or " " in key:
        raise InvalidInputError(
            "api_key", "contains white space or control characters", "Check how it was read"
        )
    return key


def read_api_key(
    key_file: str | os.PathLike[str] | None = None,
    *,
    key_file_name: str = "api_key_file",
    environ: Mapping[str, str] = os.environ,
) -> str:
    """The API key: read from ``key_file`` when one is named, else from ``$OPENROUTER_API_KEY``;
    checked by ``checked_key``. The one reader for the client, the command line and the Ray workers.
    ``key_file_name`` is how the caller's user spells the key file (``--api-key-file``)."""
    if key_file is None:
        return checked_key(environ.get(KEY_VARIABLE))
    try:
        text = Path(key_file).read_text(encoding="utf-8")
    except OSError as error:
        raise InvalidInputError(
            key_file_name, f"cannot read {key_file_name} {key_file}: {error.strerror or error}"
        ) from None
    if not text.strip():
        raise InvalidInputError(key_file_name, f"{key_file_name} {key_file} is empty", _KEY_SOURCES)
    return checked_key(text)


class APIKey:
    """The API key, or a function returning it (to rotate keys); never shown, never pickled."""

    __slots__ = ("_checked", "_source")

    def __init__(self, source: str | Any) -> None:
        self._source = source
        self._checked: str | None = None  # a fixed key, once checked

    def get(self) -> str:
        if self._checked is not None:
            return self._checked
        key = checked_key(self._source() if callable(self._source) else self._source)
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


def _h2_installed() -> bool:
    import importlib.util  # only when HTTP/2 is asked for

    return importlib.util.find_spec("h2") is not None


# Options a client not given them reads from the environment (the official SDK's names for the app
# headers; the server URL as openai-python reads OPENAI_BASE_URL), so that a program runs against
# another server, or the stand-in, without an edit.
SERVER_URL_VARIABLE = "OPENROUTER_BASE_URL"
APP_HEADER_VARIABLES = {
    "http_referer": "OPENROUTER_HTTP_REFERER",
    "x_open_router_title": "OPENROUTER_X_OPEN_ROUTER_TITLE",
    "x_open_router_categories": "OPENROUTER_X_OPEN_ROUTER_CATEGORIES",
}
DEBUG_VARIABLE = "OPENROUTER_DEBUG"  # set (and not 0/false/no): request logging on standard error


def _from_environment(variable: str) -> str | None:
    return os.environ.get(variable) or None  # set but empty: as if not set


def _server_url(value: str | None) -> str:
    if value is not None:
        return value
    return _from_environment(SERVER_URL_VARIABLE) or DEFAULT_SERVER_URL


def _retries(value: RetryConfig | None) -> RetryConfig:
    return DEFAULT_RETRY if value is None else value


@attrs.frozen(kw_only=True)
class ClientOptions:
    """How a client talks to the API, all but the key: the one type ``OpenRouter(...)``, the command
    line and ``openrouter_ext.ray`` (which sends it to every worker) take. Checked when made, so a
    bad option fails where it is given; picklable, and holds no secret.

    ``server_url``: the API's base URL (default ``$OPENROUTER_BASE_URL``, else OpenRouter's);
    ``timeout_ms``: bound on each wait and on each attempt as a whole (default 10 s to connect,
    600 s otherwise); ``retries``: the ``RetryConfig`` (default: backoff on 408, 429 and 5XX);
    ``http_referer``, ``x_open_router_title``, ``x_open_router_categories``: app identification
    headers sent on every request (default ``$OPENROUTER_HTTP_REFERER``,
    ``$OPENROUTER_X_OPEN_ROUTER_TITLE``, ``$OPENROUTER_X_OPEN_ROUTER_CATEGORIES``, the official
    SDK's names); ``http2``: let owned connections speak HTTP/2 (needs ``openrouter-ext[http2]``).
    """

    # Not given (None): read from the environment when the options are made, else the default.
    server_url: str = attrs.field(default=None, converter=_server_url)
    timeout_ms: float | None = None
    retries: RetryConfig = attrs.field(default=DEFAULT_RETRY, converter=_retries)
    http_referer: str | None = None  # the app headers: None is read from APP_HEADER_VARIABLES
    x_open_router_title: str | None = None
    x_open_router_categories: str | None = None
    http2: bool = False

    def __attrs_post_init__(self) -> None:
        for name, variable in APP_HEADER_VARIABLES.items():
            if getattr(self, name) is None:
                object.__setattr__(self, name, _from_environment(variable))  # frozen: set once, here
        check_options(
            RequestOptions(
                http_referer=self.http_referer,
                x_open_router_title=self.x_open_router_title,
                x_open_router_categories=self.x_open_router_categories,
                server_url=self.server_url,
                timeout_ms=self.timeout_ms,
                retries=self.retries,
            )
        )
        check.check_bool("http2", self.http2)
        if self.http2 and not _h2_installed():
            raise InvalidInputError(
                "http2", "needs the h2 package, which is not installed", 'pip install "openrouter-ext[http2]"'
            )

    def app_headers(self) -> dict[str, str]:
        """The app identification options that are set: option name -> value."""
        return {name: value for name in APP_HEADER_OPTIONS if (value := getattr(self, name)) is not None}

    @classmethod
    def names(cls) -> frozenset[str]:
        """Its keyword arguments' names."""
        return frozenset(attrs.fields_dict(cls))

    @classmethod
    def of(cls, options: ClientOptions | None = None, **given: Any) -> ClientOptions:
        """``options`` (default: the defaults) with the ``given`` fields that are not None over it."""
        given = {name: value for name, value in given.items() if value is not None}
        if options is None:
            return cls(**given)
        if not isinstance(options, ClientOptions):
            raise InvalidInputError("options", f"must be a ClientOptions, got {type(options).__name__}")
        return attrs.evolve(options, **given) if given else options


class ClientConfig:
    """One ``OpenRouter`` client's settings: its key and its options (every call may override all
    options but ``http2``), with the app headers derived once, for every call."""

    __slots__ = ("api_key", "app_headers", "options")

    def __init__(self, api_key: APIKey, options: ClientOptions) -> None:
        self.api_key = api_key
        self.options = options
        self.app_headers: Mapping[str, str] = options.app_headers()


_HEADER_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")


def log_requests_if_asked() -> None:
    """``$OPENROUTER_DEBUG`` set (and not 0, false or no): the SDK's log (each request's method, URL,
    status and attempt; each retry) at DEBUG on standard error, as the official SDK does. Never the
    key: no log line of the SDK holds it."""
    if (os.environ.get(DEBUG_VARIABLE) or "").strip().lower() in ("", "0", "false", "no"):
        return
    import logging

    logger = logging.getLogger("openrouter_ext")
    logger.setLevel(logging.DEBUG)
    if not any(getattr(handler, "_openrouter_debug", False) for handler in logger.handlers):
        handler = logging.StreamHandler()  # standard error
        handler.setFormatter(logging.Formatter("%(asctime)s openrouter_ext %(levelname)s %(message)s"))
        handler._openrouter_debug = True  # type: ignore[attr-defined]  # added once, however many clients
        logger.addHandler(handler)


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
_OURS = (_PACKAGE_DIR, "<attrs generated")  # and the __init__ attrs writes for our classes (ClientOptions)


def _callers_stacklevel() -> int:
    """The ``stacklevel`` at which a warning points at the first line outside this package: the
    user's, however deep in the SDK (sync or async, constructor or call) the warning is raised."""
    frame, level = sys._getframe(1), 1
    while frame.f_back is not None and frame.f_code.co_filename.startswith(_OURS):
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
