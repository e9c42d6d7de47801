"""Requests and responses checked against openapi.yaml, independently of the SDK's own checks.

The judging is the stand-in's own (``openrouter_ext.testing._contract``, openapi-core), so that a
test and the stand-in never disagree on what the contract is; this module words it for asserts.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from openrouter_ext.testing._contract import decode_multipart, request_violations, response_violations

SPEC_PATH = Path(__file__).resolve().parent.parent / "openapi.yaml"

__all__ = ["SPEC_PATH", "decode_multipart", "request_errors", "response_errors"]


def request_errors(path: str, headers: Mapping[str, str], body: bytes) -> list[str]:
    """Why this request breaks openapi.yaml (empty when it is valid)."""
    return [f"{v.field}: {v.problem}" for v in request_violations(path, headers, body)]


def response_errors(path: str, request_headers: Mapping[str, str], request_body: bytes,
                    status: int, headers: Mapping[str, str], body: bytes) -> list[str]:  # fmt: skip
    """Why this response breaks openapi.yaml (empty when it is valid)."""
    violations = response_violations(path, request_headers, request_body, status, headers, body)
    return [f"{v.field}: {v.problem}" for v in violations]
