"""Every exception the SDK raises (reading a response into one of them is ``_response``'s job).

::

    OpenRouterError                     base of everything below
    ├── InvalidInputError               bad arguments; raised before any request is sent
    ├── IncompleteTranscriptError       parts of a recording failed; carries the partial transcript
    ├── SpendCapReachedError            a request not sent: it would have passed the spend cap
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

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

import httpx

if TYPE_CHECKING:
    from ._recording._transcript import Transcript

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
    "IncompleteTranscriptError",
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
    "SpendCapReachedError",
    "TooManyRequestsResponseError",
    "UnauthorizedResponseError",
]

# Headers that carry an id OpenRouter support can trace a request by, most specific first.
REQUEST_ID_HEADERS = ("x-request-id", "x-openrouter-request-id", "cf-ray")


def request_id_in(headers: httpx.Headers) -> str | None:
    """The id OpenRouter support can trace a response by, when a header carries one."""
    return next((headers[name] for name in REQUEST_ID_HEADERS if name in headers), None)


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


class IncompleteTranscriptError(OpenRouterError):
    """Some parts of a recording have no transcript after their retries.

    ``transcript`` holds everything the other parts gave (nothing already paid for is lost); its
    ``missing`` chunks say which stretches of the recording are missing, and each one's ``error``
    why. ``errors`` lists those errors.
    """

    def __init__(self, message: str, transcript: Transcript) -> None:
        super().__init__(message)
        self.message = message
        self.transcript = transcript

    @property
    def errors(self) -> list[OpenRouterError]:
        return [chunk.error for chunk in self.transcript.missing if chunk.error is not None]

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.message, self.transcript))


class SpendCapReachedError(OpenRouterError):
    """A request was not sent: its estimated cost would have taken the spend past the cap
    (``max_cost``). Nothing past the cap is started; requests already in flight finish.

    ``cap``, ``spent`` (settled by the answers so far) and ``needed`` (the estimate of the request
    not sent) are USD, as ``Decimal``. Raised by ``transcribe()``, ``transcript`` holds what the
    parts answered before gave (nothing paid for is lost: pass its ``chunks`` as ``reuse_chunks``,
    with a higher cap, and only the rest is sent); ``missing`` chunks mark the rest.
    """

    def __init__(
        self,
        message: str,
        *,
        cap: Decimal,
        spent: Decimal,
        needed: Decimal,
        transcript: Transcript | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.cap, self.spent, self.needed = cap, spent, needed
        self.transcript = transcript

    def __reduce__(self) -> tuple[Any, ...]:
        keywords = {
            "cap": self.cap,
            "spent": self.spent,
            "needed": self.needed,
            "transcript": self.transcript,
        }
        return (_called, (type(self), (self.message,), keywords))


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


def _called(cls: type[OpenRouterError], args: tuple[Any, ...], keywords: dict[str, Any]) -> OpenRouterError:
    return cls(*args, **keywords)


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
        return request_id_in(self.headers)

    def __str__(self) -> str:
        request_id = f", request id {self.request_id}" if self.request_id else ""
        return f"{self.message} (HTTP {self.status_code}{request_id})"

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status_code={self.status_code}, message={self.message!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        # The response (and the request it answers, with its Authorization header) is never pickled.
        # Neither the response (its request holds the key) nor a transcript (its chunks hold this
        # very error: a cycle pickle cannot build through a reduce).
        state = {**self.__dict__, "raw_response": None}
        if "transcript" in state:
            state["transcript"] = None
        return (_rebuild, (type(self), (self.message,), state))


class ResponseValidationError(APIResponseError):
    """A 2XX response whose body is not a valid transcription response (see ``body``)."""

    def __init__(self, message: str, **kwargs: Any) -> None:
        kwargs.setdefault("status_code", 200)
        super().__init__(message, **kwargs)


class APIStatusError(APIResponseError):
    """An error status: one subclass per status the spec documents (its ``status``), and
    ``OpenRouterDefaultError`` for any other.

    Besides the attributes of ``APIResponseError``:
        code: ``error.code`` from the body (an int), when present.
        metadata: ``error.metadata`` from the body (a dict), when present.
        provider_name, raw: for an error of the model's provider ("Provider returned error"), who
            it was and what it said (``metadata.provider_name``, ``metadata.raw``); the message
            quotes both.
        data: the body as the generated model of this status (``BadRequestResponse``, ...), when
            it has the documented shape.
    """

    status: ClassVar[int | None] = None

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
        # Set when raised by ``transcribe()`` for a refusal about the account (401, 402, 403) that
        # stopped the recording's parts: what the parts answered before it (``missing``: the rest).
        self.transcript: Transcript | None = None

    @property
    def provider_name(self) -> str | None:
        name = (self.metadata or {}).get("provider_name")
        return name if isinstance(name, str) else None

    @property
    def raw(self) -> Any:
        """What the provider answered, as OpenRouter passed it on (text, or a JSON value)."""
        return (self.metadata or {}).get("raw")


class BadRequestResponseError(APIStatusError):
    """400: invalid request parameters or malformed input."""

    status = 400


class UnauthorizedResponseError(APIStatusError):
    """401: missing or invalid API key."""

    status = 401


class PaymentRequiredResponseError(APIStatusError):
    """402: insufficient credits or quota."""

    status = 402


class ForbiddenResponseError(APIStatusError):
    """403: the key or account may not use this resource."""

    status = 403


class NotFoundResponseError(APIStatusError):
    """404: the resource (e.g. the model) does not exist."""

    status = 404


class PayloadTooLargeResponseError(APIStatusError):
    """413: the request body is too large (send a URL, or split the audio)."""

    status = 413


class TooManyRequestsResponseError(APIStatusError):
    """429: rate limited."""

    status = 429


class InternalServerResponseError(APIStatusError):
    """500: unexpected server error."""

    status = 500


class BadGatewayResponseError(APIStatusError):
    """502: the provider (upstream) failed."""

    status = 502


class ServiceUnavailableResponseError(APIStatusError):
    """503: the service is temporarily unavailable."""

    status = 503


class GatewayTimeoutResponseError(APIStatusError):
    """504: the provider did not answer in time."""

    status = 504


class EdgeNetworkTimeoutResponseError(APIStatusError):
    """524: the request timed out at the edge network."""

    status = 524


class ProviderOverloadedResponseError(APIStatusError):
    """529: the provider is temporarily overloaded."""

    status = 529


class OpenRouterDefaultError(APIStatusError):
    """Any error status the spec does not document."""
