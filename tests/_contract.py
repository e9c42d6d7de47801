"""Validate requests and responses against openapi.yaml, independently of the SDK's own checks.

JSON bodies go through openapi-core whole (path, method, headers, security, body). openapi-core
does not decode multipart text parts into their schema types, so a multipart body is decoded here
by the schema (booleans only as "true"/"false", numbers as JSON numbers, repeated parts as arrays)
and that form validated against the schema; path, headers and security still go through openapi-core.
"""

from __future__ import annotations

import email.parser
import email.policy
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from openapi_core import OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_schema_validator import OAS31Validator
from werkzeug.datastructures import Headers

SPEC_PATH = Path(__file__).resolve().parent.parent / "openapi.yaml"
SPEC = OpenAPI.from_file_path(str(SPEC_PATH))
_DOCUMENT = yaml.safe_load(SPEC_PATH.read_text())
_OPERATION = _DOCUMENT["paths"]["/audio/transcriptions"]["post"]
MULTIPART_SCHEMA = _OPERATION["requestBody"]["content"]["multipart/form-data"]["schema"]
# The spec's servers say https://openrouter.ai/api/v1; local servers answer on another host.
SPEC_HOST = "https://openrouter.ai"


@dataclass
class _Request:
    path: str
    method: str
    body: bytes | None
    content_type: str
    parameters: RequestParameters
    host_url: str = SPEC_HOST


@dataclass
class _Response:
    status_code: int
    content_type: str
    headers: Headers
    data: bytes


def _request(path: str, headers: Mapping[str, str], body: bytes) -> _Request:
    return _Request(
        path=path,
        method="post",
        body=body,
        content_type=headers.get("content-type", ""),
        parameters=RequestParameters(header=Headers(list(headers.items()))),
    )


def decode_multipart(content_type: str, body: bytes) -> dict[str, Any]:
    """The multipart body as the schema's types; raises ValueError for a part that does not decode."""
    head = f"Content-Type: {content_type}\r\n\r\n".encode("latin-1")
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    form: dict[str, Any] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        assert isinstance(name, str) and isinstance(payload, bytes)
        schema = MULTIPART_SCHEMA["properties"].get(name, {})
        if schema.get("format") == "binary":
            form[name] = payload.decode("latin-1")  # a binary string: any bytes
            continue
        text = payload.decode()
        kind = schema.get("items", schema).get("type")
        value: Any = text
        if kind == "boolean":
            value = {"true": True, "false": False}.get(text, text)
        elif kind in ("number", "integer"):
            value = json.loads(text)
        if schema.get("type") == "array":
            form.setdefault(name, []).append(value)
        else:
            form[name] = value
    return form


def request_errors(path: str, headers: Mapping[str, str], body: bytes) -> list[str]:
    """Why this request breaks openapi.yaml (empty when it is valid)."""
    content_type = headers.get("content-type", "")
    result = SPEC.unmarshal_request(_request(path, headers, body))
    errors = [repr(error.__cause__ or error) for error in result.errors]
    if content_type.startswith("multipart/form-data"):
        errors = [e for e in errors if "InvalidSchemaValue" not in e and "RequestBody" not in e]
        try:
            form = decode_multipart(content_type, body)
        except ValueError as error:
            return [*errors, f"undecodable part: {error}"]
        errors += [error.message for error in OAS31Validator(MULTIPART_SCHEMA).iter_errors(form)]
    return errors


def response_errors(path: str, request_headers: Mapping[str, str], request_body: bytes,
                    status: int, headers: Mapping[str, str], body: bytes) -> list[str]:  # fmt: skip
    """Why this response breaks openapi.yaml (empty when it is valid)."""
    response = _Response(status, headers.get("content-type", ""), Headers(list(headers.items())), body)
    result = SPEC.unmarshal_response(_request(path, request_headers, request_body), response)
    return [repr(error.__cause__ or error) for error in result.errors]
