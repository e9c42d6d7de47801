"""Requests and responses checked against openapi.yaml, independently of the SDK's own checks.

The judging is the stand-in's own (``openrouter_ext.testing._contract``, openapi-core), so that a
test and the stand-in never disagree on what the contract is; this module words it for asserts.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from openrouter_ext.testing._contract import (
    decode_multipart,
    query_violations,
    request_violations,
    response_violations,
)

SPEC_PATH = Path(__file__).resolve().parent.parent / "openapi.yaml"

__all__ = ["SPEC_PATH", "decode_multipart", "request_errors", "response_errors"]


def request_errors(path: str, headers: Mapping[str, str], body: bytes, method: str = "POST") -> list[str]:
    """Why this request breaks openapi.yaml (empty when it is valid): a POST whole, a GET's query."""
    found = request_violations(path, headers, body) if method == "POST" else query_violations(path, method)
    return [f"{v.field}: {v.problem}" for v in found]


def response_errors(path: str, request_headers: Mapping[str, str], request_body: bytes, status: int,
                    headers: Mapping[str, str], body: bytes, method: str = "POST") -> list[str]:  # fmt: skip
    """Why this response breaks openapi.yaml (empty when it is valid)."""
    violations = response_violations(path, request_headers, request_body, status, headers, body, method)
    return [f"{v.field}: {v.problem}" for v in violations]
