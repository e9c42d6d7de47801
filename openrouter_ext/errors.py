"""Every exception the SDK raises, and the one function that reads an error response.

::

    OpenRouterError                     base of everything below
    ├── InvalidInputError               bad arguments; raised before any request is sent
    ├── APIConnectionError              no response: DNS, refused or dropped connection, TLS
    │   └── APITimeoutError             no response within the timeout
    └── APIResponseError                a response arrived but is not a transcription
        ├── ResponseValidationError     a 2XX whose body does not parse as the response model
        └── APIStatusError              a 4XX/5XX (or other non-2XX) response
            ├── BadRequestResponseError         400
            ├── ...                             one class per documented status
            ├── ProviderOverloadedResponseError 529
            └── OpenRouterDefaultError          any status the spec does not document

The class names of the status errors are those of OpenRouter's official Python SDK.
No exception text, ``repr`` or pickle ever contains the API key: the request headers are
reachable only through ``raw_response.request`` (whose ``repr`` masks ``Authorization``),
and ``raw_response`` is dropped when an exception is pickled.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, ClassVar, Protocol

import httpx
from openrouter_ext_generated.models import (
    BadGatewayResponse,
    BadRequestResponse,
    EdgeNetworkTimeoutResponse,
    ForbiddenResponse,
    GatewayTimeoutResponse,
    InternalServerResponse,
    NotFoundResponse,
    PayloadTooLargeResponse,
    PaymentRequiredResponse,
    ProviderOverloadedResponse,
    ServiceUnavailableResponse,
    TooManyRequestsResponse,
    UnauthorizedResponse,
)

__all__ = [
    "APIConnectionError",
    "APIResponseError",
    "APIStatusError",
    "APITimeoutError",
    "BadGatewayResponseError",
    "BadRequestResponseError",
    "EdgeNetworkTimeoutResponseError",
    "ForbiddenResponseError",
    "GatewayTimeoutResponseError",
    "InternalServerResponseError",
    "InvalidInputError",
    "NotFoundResponseError",
    "OpenRouterDefaultError",
    "OpenRouterError",
    "PayloadTooLargeResponseError",
    "PaymentRequiredResponseError",
    "ProviderOverloadedResponseError",
    "ResponseValidationError",
    "ServiceUnavailableResponseError",
    "TooManyRequestsResponseError",
    "UnauthorizedResponseError",
    "error_for_response",
]

# Headers that carry an id OpenRouter support can trace a request by, most specific first.
REQUEST_ID_HEADERS = ("x-request-id", "x-openrouter-request-id", "cf-ray")


class OpenRouterError(Exception):
    """Base class of every exception raised by openrouter_ext."""


class InvalidInputError(OpenRouterError, ValueError):
    """An argument is wrong; nothing was sent.

    ``field`` names the argument (dotted for nested values, e.g. ``input_audio.data``) and
    ``fix`` says what to pass instead.
    """

    def __init__(self, field: str, problem: str, fix: str = "") -> None:
        self.field = field
        self.problem = problem
        self.fix = fix
        super().__init__(f"{field}: {problem}" + (f". {fix}" if fix else ""))

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.field, self.problem, self.fix))


class APIConnectionError(OpenRouterError):
    """The request got no usable HTTP response (after every retry the policy allowed): the
    connection failed or dropped, a user-supplied client followed too many redirects, or the
    body could not be decoded."""

    def __init__(self, message: str, *, request: httpx.Request | None = None, attempts: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.request = request
        self.attempts = attempts

    def __reduce__(self) -> tuple[Any, ...]:
        # The request (and with it the Authorization header) is never pickled.
        return (_rebuild, (type(self), (self.message,), {"attempts": self.attempts}))


class APITimeoutError(APIConnectionError):
    """No response arrived within the timeout."""


def _rebuild(cls: type[OpenRouterError], args: tuple[Any, ...], state: dict[str, Any]) -> OpenRouterError:
    error = cls(*args)
    error.__dict__.update(state)
    return error


class APIResponseError(OpenRouterError):
    """A response arrived, but it is not a transcription.

    Attributes:
        status_code: the HTTP status.
        message: the server's error message, or a description of what was wrong.
        body: the body parsed as JSON when it is JSON, else its text ("" when empty).
        headers: the response headers.
        request_id: the id to quote to OpenRouter support, when a response header carries one.
        attempts: how many requests were sent, retries included.
        raw_response: the ``httpx.Response`` (not kept when the exception is pickled).
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        body: Any = "",
        headers: Mapping[str, str] | None = None,
        raw_response: httpx.Response | None = None,
        attempts: int = 1,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code
        self.body = body
        self.headers = httpx.Headers(headers)
        self.raw_response = raw_response
        self.attempts = attempts

    @property
    def request_id(self) -> str | None:
        return next((self.headers[name] for name in REQUEST_ID_HEADERS if name in self.headers), None)

    def __str__(self) -> str:
        request_id = f", request id {self.request_id}" if self.request_id else ""
        return f"{self.message} (HTTP {self.status_code}{request_id})"

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status_code={self.status_code}, message={self.message!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        state = {key: value for key, value in self.__dict__.items() if key != "raw_response"}
        state["raw_response"] = None
        return (_rebuild, (type(self), (self.message,), state))


class ResponseValidationError(APIResponseError):
    """A 2XX response whose body is not a valid transcription response (see ``body``)."""

    def __init__(self, message: str, **kwargs: Any) -> None:
        kwargs.setdefault("status_code", 200)
        super().__init__(message, **kwargs)


class _ErrorModel(Protocol):
    """The generated error-body models (``BadRequestResponse``, ...)."""

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Any: ...


class APIStatusError(APIResponseError):
    """An error status. Subclasses, one per documented status, are listed in ``STATUS_ERRORS``.

    Besides the attributes of ``APIResponseError``:
        code: ``error.code`` from the body (an int), when present.
        metadata: ``error.metadata`` from the body (a dict), when present.
        data: the body as the generated model of this status, when it has that shape.
    """

    status: ClassVar[int | None] = None
    model: ClassVar[type[_ErrorModel] | None] = None

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        code: int | None = None,
        metadata: dict[str, Any] | None = None,
        data: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(message, status_code=status_code or self.status or 0, **kwargs)
        self.code = code
        self.metadata = metadata
        self.data = data


class BadRequestResponseError(APIStatusError):
    """400: invalid request parameters or malformed input."""

    status, model = 400, BadRequestResponse


class UnauthorizedResponseError(APIStatusError):
    """401: missing or invalid API key."""

    status, model = 401, UnauthorizedResponse


class PaymentRequiredResponseError(APIStatusError):
    """402: insufficient credits or quota."""

    status, model = 402, PaymentRequiredResponse


class ForbiddenResponseError(APIStatusError):
    """403: the key or account may not use this resource."""

    status, model = 403, ForbiddenResponse


class NotFoundResponseError(APIStatusError):
    """404: the resource (e.g. the model) does not exist."""

    status, model = 404, NotFoundResponse


class PayloadTooLargeResponseError(APIStatusError):
    """413: the request body is too large (send a URL, or split the audio)."""

    status, model = 413, PayloadTooLargeResponse


class TooManyRequestsResponseError(APIStatusError):
    """429: rate limited."""

    status, model = 429, TooManyRequestsResponse


class InternalServerResponseError(APIStatusError):
    """500: unexpected server error."""

    status, model = 500, InternalServerResponse


class BadGatewayResponseError(APIStatusError):
    """502: the provider (upstream) failed."""

    status, model = 502, BadGatewayResponse


class ServiceUnavailableResponseError(APIStatusError):
    """503: the service is temporarily unavailable."""

    status, model = 503, ServiceUnavailableResponse


class GatewayTimeoutResponseError(APIStatusError):
    """504: the provider did not answer in time."""

    status, model = 504, GatewayTimeoutResponse


class EdgeNetworkTimeoutResponseError(APIStatusError):
    """524: the request timed out at the edge network."""

    status, model = 524, EdgeNetworkTimeoutResponse


class ProviderOverloadedResponseError(APIStatusError):
    """529: the provider is temporarily overloaded."""

    status, model = 529, ProviderOverloadedResponse


class OpenRouterDefaultError(APIStatusError):
    """Any error status the spec does not document."""


STATUS_ERRORS: Mapping[int, type[APIStatusError]] = {
    cls.status: cls
    for cls in APIStatusError.__subclasses__()
    if cls.status is not None  # OpenRouterDefaultError covers the rest
}


def parse_body(content: bytes) -> Any:
    """The body as JSON when it is JSON, else as text; never raises."""
    if not content.strip():
        return ""
    try:
        return json.loads(content)
    except ValueError:  # JSONDecodeError and UnicodeDecodeError both are ValueErrors
        return content.decode("utf-8", errors="replace")


def _dict_or_none(value: Any) -> dict[str, Any] | None:
    return value if isinstance(value, dict) else None


def _parse_model(model: type[_ErrorModel] | None, body: Any) -> Any:
    """The body as the generated model of its status, or None when it does not have that shape."""
    if model is None or not isinstance(body, dict):
        return None
    try:
        return model.from_dict(body)
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def error_for_response(response: httpx.Response, *, attempts: int = 1) -> APIStatusError:
    """Map any non-2XX response to its exception, whatever its body (JSON, HTML, empty, ...)."""
    cls = STATUS_ERRORS.get(response.status_code, OpenRouterDefaultError)
    body = parse_body(response.content)
    error = (_dict_or_none(body.get("error")) if isinstance(body, dict) else None) or {}
    code, message = error.get("code"), error.get("message")
    code = code if isinstance(code, int) and not isinstance(code, bool) else None
    documented_shape = code is not None and isinstance(message, str)
    if not isinstance(message, str) or not message:
        message = f"HTTP {response.status_code} {response.reason_phrase or 'error'}".rstrip()
        if isinstance(body, str) and body:  # an edge proxy's HTML page, plain text, broken JSON
            kind = response.headers.get("content-type", "no content type")
            message += f" with a non-JSON body ({len(response.content)} bytes, {kind})"
    return cls(
        message,
        status_code=response.status_code,
        code=code,
        metadata=_dict_or_none(error.get("metadata")),
        data=_parse_model(cls.model, body) if documented_shape else None,
        body=body,
        headers=response.headers,
        raw_response=response,
        attempts=attempts,
    )
