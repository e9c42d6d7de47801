"""Request bodies generated from openapi.yaml, passed to the SDK as keyword arguments, must reach
Prism as the same body and be accepted (``make contract``).

This catches anything the shim drops, renames or re-encodes: the body on the wire is compared with
the generated one, then Prism validates it against the spec.

The generator is Schemathesis (its own JSON Schema generator, on Hypothesis), chosen over
hypothesis-jsonschema because that one is unmaintained (last release 2024) and fails on any object
schema with current Hypothesis ("'many' object has no attribute 'more'").

The SDK is stricter than the spec in a few places, on purpose (a request it would send to certain
refusal, or that the spec cannot express, is refused before sending). The generator gets a copy
of the spec tightened by exactly those rules, listed in ``SDK_RULES`` with their reason; everything
else is generated as the spec allows.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
import schemathesis
import yaml
from _contract import decode_multipart
from _prism import KNOWN_PRISM_LIMITATION, ROOT, WAV, Exchange, assert_accepted, prism
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openrouter_ext import OpenRouter, RetryConfig, STTResponse, errors
from openrouter_ext._validation import AUDIO_FORMATS

pytestmark = pytest.mark.contract
__all__ = ["prism"]  # the fixture, used by name

SPEC = yaml.safe_load((ROOT / "openapi.yaml").read_text())
PATH = "/audio/transcriptions"
# A character Python's str.strip() keeps: ECMA's \S (the spec's regex dialect) also lets through
# U+001C..U+001F and U+0085, which Python counts as white space.
_SOLID = r"[^\s\x1c-\x1f\x85]"
NON_BLANK = _SOLID  # JSON Schema patterns search: at least one such character
TRIMMED = rf"^{_SOLID}(?:[\s\S]*{_SOLID})?$"
BASE64 = r"^(?:[A-Za-z0-9+/]{4})+$"
AUDIO_URL = r"^https://[a-z]{1,12}\.example/[a-z0-9]{1,12}\.(?:mp3|wav|flac|ogg)$"
STRING_FIELDS = ("language", "user", "session_id")
TRACE_STRINGS = ("trace_id", "trace_name", "span_name", "generation_name", "parent_span_id")

# (where, what the SDK adds, why)
SDK_RULES = (
    ("body", "additionalProperties: false", "the call takes the documented fields as keyword arguments"),
    ("model", f"pattern {TRIMMED}", "a blank model or one with surrounding spaces is refused"),
    ("language, user, session_id, keyterms items, trace ids", f"pattern {NON_BLANK}",
     "blank strings are refused: omit the field instead"),
    ("input_audio.data", f"pattern {BASE64}", "must be non-empty standard base64 (the spec says so in words)"),
    ("input_audio.format", "enum of the known audio formats", "a typo would be refused by the provider"),
    ("input_audio url / source_url", f"pattern {AUDIO_URL}", "must be an http(s) URL"),
    ("input_audio shapes", "additionalProperties: false", "inline data and url are exclusive"),
    ("temperature", "minimum: 0", "negative temperatures are refused"),
    ("multipart file", "supplied by the test (a WAV) unless source_url is given",
     "exactly one of file and source_url"),
    ("multipart keyterms[] / timestamp_granularities[] / provider / trace",
     "generated as the keyword arguments keyterms / timestamp_granularities and objects",
     "the call takes lists and dicts; the SDK writes the repeated parts and the JSON text"),
)  # fmt: skip


def _tighten_common(properties: dict[str, Any]) -> None:
    properties["model"] = {**properties["model"], "pattern": TRIMMED}
    for name in STRING_FIELDS:
        properties[name] = {**properties[name], "pattern": NON_BLANK}
    properties["temperature"] = {**properties["temperature"], "minimum": 0}


def _sdk_spec(media_type: str) -> dict[str, Any]:
    """A copy of openapi.yaml with only ``media_type`` as the request body, tightened by SDK_RULES."""
    spec: dict[str, Any] = copy.deepcopy(SPEC)
    schemas = spec["components"]["schemas"]
    operation = spec["paths"][PATH]["post"]
    content = operation["requestBody"]["content"]
    operation["requestBody"]["content"] = {media_type: content[media_type]}
    for name in TRACE_STRINGS:
        schemas["TraceConfig"]["properties"][name]["pattern"] = NON_BLANK
    request = schemas["STTRequest"]
    request["additionalProperties"] = False
    _tighten_common(request["properties"])
    request["properties"]["keyterms"]["items"]["pattern"] = NON_BLANK
    inline, url = schemas["STTInlineInputAudio"], schemas["STTURLInputAudio"]
    inline["properties"]["data"]["pattern"] = BASE64
    for shape in (inline, url):
        shape["additionalProperties"] = False
        shape["properties"]["format"]["enum"] = sorted(AUDIO_FORMATS)
    url["properties"]["url"]["pattern"] = AUDIO_URL
    if media_type == "multipart/form-data":
        form = content[media_type]["schema"]
        properties = form["properties"]
        properties.pop("file")
        properties["source_url"]["pattern"] = AUDIO_URL
        properties["keyterms"] = properties.pop("keyterms[]")
        properties["keyterms"]["items"]["pattern"] = NON_BLANK
        properties["timestamp_granularities"] = properties.pop("timestamp_granularities[]")
        properties["provider"] = request["properties"]["provider"]
        properties["trace"] = {"$ref": "#/components/schemas/TraceConfig"}
        form["additionalProperties"] = False
        _tighten_common(properties)
    return spec


def _body_of(case: schemathesis.Case[Any]) -> dict[str, Any]:
    assert isinstance(case.body, dict)
    return case.body


def _bodies(media_type: str) -> st.SearchStrategy[dict[str, Any]]:
    operation = schemathesis.openapi.from_dict(_sdk_spec(media_type))[PATH]["POST"]
    return operation.as_strategy().map(_body_of)


class Wire:
    """The last request body the SDK put on the wire, and Prism's verdict on it."""

    def __init__(self) -> None:
        self.content_type = ""
        self.body = b""

    def record(self, request: httpx.Request) -> None:
        self.content_type = request.headers["content-type"]
        self.body = request.read()


@pytest.fixture(scope="module")
def sdk(prism: str) -> Iterator[tuple[OpenRouter, Wire, Exchange]]:
    wire, exchange = Wire(), Exchange()
    http = httpx.Client(event_hooks={"request": [wire.record], "response": [exchange.record]})
    with http, OpenRouter(api_key="k", server_url=prism, client=http, retries=RetryConfig("none")) as client:
        yield client, wire, exchange


def _check_multipart_wire(wire: Wire, body: dict[str, Any]) -> None:
    """The form carries each keyword argument: lists as repeated ``name[]`` parts (none for an empty
    list: a form cannot say []), dicts as JSON text, the rest as their values."""
    form = decode_multipart(wire.content_type, wire.body)  # booleans, numbers and lists typed back
    if "source_url" not in body:
        assert form.pop("file") == WAV.decode("latin-1")
    expected = {
        (f"{name}[]" if isinstance(value, list) else name): value
        for name, value in body.items()
        if value != []
    }
    for name in ("provider", "trace"):
        if name in form:
            form[name] = json.loads(form[name])
    assert form == expected


def _send(call: Callable[[], STTResponse], exchange: Exchange, known: frozenset[str] = frozenset()) -> None:
    try:
        assert isinstance(call(), STTResponse)
    except errors.BadRequestResponseError:
        assert exchange.violations, "a 400 from Prism without a violation"
    assert_accepted(exchange, known)


COMMON = settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))


@COMMON
@given(body=_bodies("application/json"))
def test_generated_json_bodies_reach_prism_intact(
    sdk: tuple[OpenRouter, Wire, Exchange], body: dict[str, Any]
) -> None:
    client, wire, exchange = sdk
    _send(lambda: client.stt.create_transcription(**body), exchange)
    assert json.loads(wire.body) == body  # nothing dropped, renamed or re-encoded


@COMMON
@given(body=_bodies("multipart/form-data"))
def test_generated_multipart_bodies_reach_prism_intact(
    sdk: tuple[OpenRouter, Wire, Exchange], body: dict[str, Any]
) -> None:
    client, wire, exchange = sdk
    upload: dict[str, Any] = {} if "source_url" in body else {"file": ("audio.wav", WAV)}
    _send(
        lambda: client.stt.create_transcription_multipart(**body, **upload), exchange, KNOWN_PRISM_LIMITATION
    )
    _check_multipart_wire(wire, body)
