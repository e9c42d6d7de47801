"""Reading a response: a 2XX into the operation's result, any other status into its exception.

``APIResponse`` is what the transport returns for every call: the HTTP response as it came (status,
headers, request id, timing, attempts), and ``parse()`` for the result. ``client.stt`` methods
return ``parse()``'s value; ``client.stt.with_raw_response`` methods return the ``APIResponse``.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar, cast

import httpx

from .errors import APIStatusError, OpenRouterDefaultError, ResponseValidationError, request_id_in

T = TypeVar("T")
# An operation's generated ``_parse_response``: the spec's table of statuses to body models.
DocumentedParser = Callable[..., Any]


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


def _error_model(response: httpx.Response, body: Any, documented: DocumentedParser | None) -> Any:
    """The body as the generated model of its status, or None when it does not have that shape.

    The operation's generated parser picks the model: the status-to-model table is the spec's, and
    only there.
    """
    if not isinstance(body, dict) or documented is None:
        return None
    # The parser reads its client only for `raise_on_unexpected_status`: off, an undocumented status
    # parses to None. (Imported here: a successful call never loads the generated client classes.)
    from openrouter_ext_generated.client import Client

    try:
        return documented(client=Client(base_url=""), response=response)
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


_QUOTED_RAW = 500  # characters of a provider's answer quoted in a message (all of it is in .raw)


def _provider_words(metadata: dict[str, Any] | None) -> str:
    """What the model's provider said, for the message: the generic "Provider returned error" alone
    says nothing of why."""
    raw = (metadata or {}).get("raw")
    said = raw if isinstance(raw, str) else "" if raw is None else json.dumps(raw)
    if not said.strip():
        return ""
    said = said if len(said) <= _QUOTED_RAW else said[: _QUOTED_RAW - 1] + "…"
    name = (metadata or {}).get("provider_name")
    return f" ({name if isinstance(name, str) and name else 'provider'}: {said})"


def error_for_response(
    response: httpx.Response, *, attempts: int = 1, documented: DocumentedParser | None = None
) -> APIStatusError:
    """Map any non-2XX response to its exception, whatever its body (JSON, HTML, empty, ...);
    ``documented``: the operation's generated parser, for ``data``."""
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
    metadata = _dict_or_none(error.get("metadata"))
    return cls(
        message + _provider_words(metadata),
        status_code=response.status_code,
        code=code,
        metadata=metadata,
        data=_error_model(response, body, documented) if documented_shape else None,
        body=body,
        headers=response.headers,
        raw_response=response,
        attempts=attempts,
    )


_UNPARSED = object()  # APIResponse's result before the first parse()


def _result_name(parse: Callable[..., Any]) -> str:
    """``STTResponse`` for ``STTResponse.from_dict`` (or a function annotated to return one): what a
    response was expected to be."""
    owner = getattr(parse, "__self__", None)
    if isinstance(owner, type):
        return owner.__name__
    returns = getattr(parse, "__annotations__", {}).get("return")
    return returns if isinstance(returns, str) else getattr(returns, "__name__", "result")


class APIResponse(Generic[T]):
    """A successful response as it came, and ``parse()`` for the result it carries.

    Attributes:
        http_response: the ``httpx.Response`` (its body already read).
        status_code, headers: the response's status and headers (rate-limit headers among them).
        request_id: the id to quote to OpenRouter support, when a header carries one.
        elapsed: from sending the last attempt's request to reading its whole answer.
        attempts: how many requests were sent, retries included (``retries_taken`` = attempts - 1).
    """

    def __init__(
        self, http_response: httpx.Response, parse: Callable[[dict[str, Any]], T], *, attempts: int
    ) -> None:
        self.http_response = http_response
        self.attempts = attempts
        self._parse = parse
        self._result: Any = _UNPARSED

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        return request_id_in(self.http_response.headers)

    @property
    def elapsed(self) -> datetime.timedelta:
        return self.http_response.elapsed

    @property
    def retries_taken(self) -> int:
        return self.attempts - 1

    @property
    def content(self) -> bytes:
        return self.http_response.content

    @property
    def text(self) -> str:
        return self.http_response.text

    def parse(self) -> T:
        """The result the body carries; ``ResponseValidationError`` when it is not one."""
        if self._result is _UNPARSED:
            self._result = self._parse_body()
        return cast(T, self._result)

    def _parse_body(self) -> T:
        response = self.http_response
        body = parse_body(response.content)
        try:
            if not isinstance(body, dict):
                raise TypeError(f"expected a JSON object, got {type(body).__name__}")
            return self._parse(body)
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise ResponseValidationError(
                f"the {response.status_code} response is not a valid {_result_name(self._parse)}: "
                f"{type(error).__name__}: {error}",
                status_code=response.status_code,
                body=body,
                headers=response.headers,
                raw_response=response,
                attempts=self.attempts,
            ) from None

    def __repr__(self) -> str:
        return (
            f"<APIResponse [{self.status_code} {self.http_response.reason_phrase}] attempts={self.attempts}>"
        )

    def __reduce__(self) -> Any:
        # The request it answers carries the API key: parse() it and keep the result instead.
        raise TypeError("an APIResponse is not picklable: keep what parse() returns")
