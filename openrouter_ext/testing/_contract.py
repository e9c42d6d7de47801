"""Requests and responses judged against openapi.yaml by openapi-core: not by the SDK's own checks.

The stand-in refuses what this refuses, so an SDK that sends what the contract forbids meets a 400
here even when its own validation let it through. JSON bodies go through openapi-core whole (path,
method, headers, security, body). openapi-core does not decode multipart text parts into their
schema types, so a multipart body is decoded here by the schema (booleans only as "true"/"false",
numbers as JSON numbers, repeated parts as arrays) and that form validated against the schema;
path, headers and security still go through openapi-core.

Needs the ``testing`` extra: ``pip install "openrouter-ext[testing]"``.
"""

from __future__ import annotations

import contextlib
import email.message
import email.parser
import email.policy
import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import attrs

try:
    import yaml
    from openapi_core import OpenAPI
    from openapi_core.datatypes import RequestParameters
    from openapi_schema_validator import OAS31Validator
    from werkzeug.datastructures import Headers, ImmutableMultiDict
except ImportError as missing:
    raise ImportError(
        f'the stand-in judges requests with openapi-core ({missing.name} is missing): pip install "openrouter-ext[testing]"'
    ) from missing

# The spec ships in the wheel beside this module; in a source checkout it is the project's own.
_SHIPPED_SPEC = Path(__file__).with_name("openapi.yaml")
SPEC_PATH = _SHIPPED_SPEC if _SHIPPED_SPEC.exists() else Path(__file__).parents[2] / "openapi.yaml"
OPERATION_PATH = "/audio/transcriptions"
# The spec's servers say https://openrouter.ai/api/v1; a local server answers on another host.
_SPEC_HOST = "https://openrouter.ai"
_API_PREFIX = "/api/v1"  # the servers' path: the spec's paths are under it
_MESSAGE_LIMIT = 200  # characters of a violation's message (a schema error quotes the whole value)


@attrs.frozen
class Violation:
    """One way a request or response breaks the contract: where (a dotted field path, or the part
    of the request such as ``security``) and what."""

    field: str
    problem: str


@dataclass
class _Request:
    path: str
    method: str
    body: bytes | None
    content_type: str
    parameters: RequestParameters
    host_url: str = _SPEC_HOST


@dataclass
class _Response:
    status_code: int
    content_type: str
    headers: Headers
    data: bytes


def _request(path: str, headers: Mapping[str, str], body: bytes, method: str) -> _Request:
    """The request as openapi-core reads one: its path and query apart."""
    target = urlsplit(path)
    return _Request(
        path=target.path,
        method=method.lower(),
        body=body or None,
        content_type=headers.get("content-type", ""),
        parameters=RequestParameters(
            query=ImmutableMultiDict(parse_qsl(target.query, keep_blank_values=True)),
            header=Headers(list(headers.items())),
        ),
    )


@functools.cache
def _document() -> dict[str, Any]:
    return dict(yaml.safe_load(SPEC_PATH.read_text()))


@functools.cache
def _spec() -> tuple[OpenAPI, dict[str, Any]]:
    """openapi-core's view of the spec, and the multipart schema (loaded once per process)."""
    document = _document()
    operation = document["paths"][OPERATION_PATH]["post"]
    multipart = operation["requestBody"]["content"]["multipart/form-data"]["schema"]
    return OpenAPI.from_dict(document, base_uri=SPEC_PATH.as_uri()), multipart


def multipart_schema() -> dict[str, Any]:
    return _spec()[1]


def multipart_parts(content_type: str, body: bytes) -> list[email.message.EmailMessage]:
    """The parts of a multipart/form-data body, as the standard library's MIME parser reads them."""
    head = f"Content-Type: {content_type}\r\n\r\n".encode("latin-1")
    message = email.parser.BytesParser(email.message.EmailMessage, policy=email.policy.HTTP).parsebytes(
        head + body
    )
    if not message.is_multipart():
        raise ValueError("the multipart body could not be parsed")
    return [part for part in message.iter_parts() if isinstance(part, email.message.EmailMessage)]


def part_name(part: email.message.EmailMessage) -> str:
    name = part.get_param("name", header="content-disposition")
    if not isinstance(name, str):
        raise ValueError("a multipart part has no name")
    return name


def decode_multipart(content_type: str, body: bytes) -> dict[str, Any]:
    """The multipart body as the schema's types (a part that is not of its type is left as text, for
    the schema check to name); raises ValueError for a body that is not multipart."""
    properties = multipart_schema()["properties"]
    form: dict[str, Any] = {}
    for part in multipart_parts(content_type, body):
        name = part_name(part)
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            raise ValueError(f"part {name!r} has no content")
        schema = properties.get(name, {})
        if schema.get("format") == "binary":
            form[name] = payload.decode("latin-1")  # a binary string: any bytes
            continue
        text = payload.decode()
        kind = schema.get("items", schema).get("type")
        value: Any = text
        if kind == "boolean":
            value = {"true": True, "false": False}.get(text, text)
        elif kind in ("number", "integer"):
            with contextlib.suppress(ValueError):  # else left as text: the schema says what is wrong
                value = json.loads(text)
        if schema.get("type") == "array":
            form.setdefault(name, []).append(value)
        else:
            form[name] = value
    return form


def _field(path: Any) -> str:
    field = ""
    for step in path:
        field += f"[{step}]" if isinstance(step, int) else f".{step}" if field else str(step)
    return field


def _short(message: str) -> str:
    return message if len(message) <= _MESSAGE_LIMIT else message[: _MESSAGE_LIMIT - 1] + "…"


def _violations(errors: Any) -> list[Violation]:
    found = []
    for error in errors:
        cause = error.__cause__ or error
        schema_errors = getattr(cause, "schema_errors", None)
        if schema_errors:
            found += [Violation(_field(e.absolute_path) or "body", _short(e.message)) for e in schema_errors]
        else:
            kind = type(cause).__name__
            where = "security" if "Security" in kind else "request"
            found.append(Violation(where, _short(f"{kind}: {cause}" if str(cause) else kind)))
    return found


def _query_value(text: str, schema: Mapping[str, Any]) -> Any:
    """A query value as the schema's type (left as text when it is not one, for the check to name)."""
    types = schema.get("type", "string")
    types = types if isinstance(types, list) else [types]
    if "integer" in types or "number" in types:
        with contextlib.suppress(ValueError):
            return json.loads(text)
    if "boolean" in types:
        return {"true": True, "false": False}.get(text, text)
    return text


def query_violations(path: str, method: str) -> list[Violation]:
    """How a body-less request's query breaks its operation's parameters in openapi.yaml: each value
    decoded by its schema and checked against it, a name the operation does not declare refused.
    (openapi-core cannot read a parameter whose type is a list, such as ``[integer, null]``.)"""
    target = urlsplit(path)
    document = _document()
    operation = document["paths"].get(target.path.removeprefix(_API_PREFIX), {}).get(method.lower())
    if operation is None:
        return [Violation("request", f"{method} {target.path} is not an operation of the spec")]
    declared = {p["name"]: p for p in operation.get("parameters", []) if p.get("in") == "query"}
    found = []
    for name, text in parse_qsl(target.query, keep_blank_values=True):
        if name not in declared:
            found.append(Violation(name, "is not a query parameter of this operation"))
            continue
        schema = declared[name].get("schema", {})
        found += [
            Violation(name, _short(e.message))
            for e in OAS31Validator(schema).iter_errors(_query_value(text, schema))
        ]
    return found


def request_violations(path: str, headers: Mapping[str, str], body: bytes) -> list[Violation]:
    """How this request (headers lower-cased) breaks openapi.yaml; empty when it does not."""
    spec, schema = _spec()
    content_type = headers.get("content-type", "")
    errors = list(spec.unmarshal_request(_request(path, headers, body, "post")).errors)
    if not content_type.startswith("multipart/form-data"):
        return _violations(errors)
    # openapi-core leaves multipart text parts as text: its body verdict is replaced by our own.
    errors = [e for e in errors if "RequestBody" not in type(e).__name__]
    try:
        form = decode_multipart(content_type, body)
    except ValueError as error:
        return [*_violations(errors), Violation("body", f"undecodable part: {error}")]
    return _violations(errors) + [
        Violation(_field(e.absolute_path) or "body", _short(e.message))
        for e in OAS31Validator(schema).iter_errors(form)
    ]


def response_violations(
    path: str,
    request_headers: Mapping[str, str],
    request_body: bytes,
    status: int,
    headers: Mapping[str, str],
    body: bytes,
    method: str = "POST",
) -> list[Violation]:
    """How this response to that request breaks openapi.yaml; empty when it does not."""
    spec, _ = _spec()
    response = _Response(status, headers.get("content-type", ""), Headers(list(headers.items())), body)
    result = spec.unmarshal_response(_request(path, request_headers, request_body, method), response)
    return _violations(result.errors)
