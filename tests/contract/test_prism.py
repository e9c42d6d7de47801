"""Contract tests against Prism, an independent mock server built from openapi.yaml (``make contract``).

Prism validates every request it receives against the spec; started with ``--errors`` it answers a
request that breaks the spec with an error status and lists the violations in ``sl-violations``.
So a variant passes only if Prism returns 2XX *and* reports no violation.

One known Prism limitation is asserted as such, not hidden: Prism 5.16 reads repeated multipart
parts (``keyterms[]``, ``timestamp_granularities[]``) as a single string and reports "must be
array" (stoplightio/prism PR #2654, open). Repeated parts are how OpenAI-style APIs and the official
SDK send arrays; tests/_contract.py checks that encoding against the schema independently.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any

import httpx
import pytest
from _documented import DOCUMENTED
from _prism import (
    AUDIO,
    KNOWN_PRISM_LIMITATION,
    MODEL,
    OPERATION,
    WAV,
    Exchange,
    assert_accepted,
    client,
    exchange,
    prism,
    running_prism,
)

from openrouter_ext import OpenRouter, RetryConfig, STTResponse, errors

pytestmark = pytest.mark.contract
__all__ = ["client", "exchange", "prism"]  # the fixtures, used by name

OPTIONAL_JSON_FIELDS: dict[str, Any] = {
    "language": "en",
    "provider": {"options": {"openai": {"prompt": "names"}}, "zdr": True, "data_collection": "allow"},
    "temperature": 0.2,
    "response_format": "verbose_json",
    "timestamp_granularities": ["word", "segment"],
    "diarize": True,
    "keyterms": ["OpenRouter", "Whisper"],
    "session_id": "s" * 256,
    "trace": {"trace_id": "t-1", "trace_name": "n", "span_name": "s", "generation_name": "g",
              "parent_span_id": "p", "custom": [1, {"a": None}]},
    "user": "user-42",
}  # fmt: skip
OPTIONAL_MULTIPART_FIELDS: dict[str, Any] = {
    "language": "en",
    "provider": {"zdr": False, "data_collection": "deny"},
    "temperature": 0.7,
    "response_format": "verbose_json",
    "diarize": False,
    "session_id": "session",
    "trace": {"trace_id": "t-1"},
    "user": "user-42",
    "keyterms": ["alpha", "beta"],
    "timestamp_granularities": ["word"],
}


JSON_VARIANTS = [
    pytest.param({}, id="required-only"),
    *(pytest.param({name: value}, id=name) for name, value in OPTIONAL_JSON_FIELDS.items()),
    pytest.param(OPTIONAL_JSON_FIELDS, id="all-fields"),
    pytest.param({"response_format": "json"}, id="response_format=json"),
    pytest.param({"provider": {"zdr": None, "data_collection": None}}, id="provider-nulls"),
]


@pytest.mark.parametrize("fields", JSON_VARIANTS)
def test_every_json_variant_is_accepted(
    client: OpenRouter, exchange: Exchange, fields: dict[str, Any]
) -> None:
    res = client.stt.create_transcription(input_audio=AUDIO, model=MODEL, **fields)
    assert isinstance(res, STTResponse)
    assert_accepted(exchange)


@pytest.mark.parametrize(
    "audio", [{"url": "https://example.com/talk.mp3"}, {"url": "https://example.com/talk", "format": "ogg"}]
)
def test_url_input_is_accepted(client: OpenRouter, exchange: Exchange, audio: dict[str, str]) -> None:
    client.stt.create_transcription(input_audio=audio, model=MODEL)
    assert_accepted(exchange)


MULTIPART_VARIANTS = [
    pytest.param({"file": ("a.wav", WAV)}, id="file"),
    pytest.param({"source_url": "https://example.com/a.mp3"}, id="source_url"),
    *(
        pytest.param({"file": ("a.wav", WAV), name: value}, id=name)
        for name, value in OPTIONAL_MULTIPART_FIELDS.items()
    ),
    pytest.param({"file": ("a.wav", WAV), "diarize": True}, id="diarize-true"),
    pytest.param({"file": ("a.wav", WAV), **OPTIONAL_MULTIPART_FIELDS}, id="all-fields"),
]


@pytest.mark.parametrize("fields", MULTIPART_VARIANTS)
def test_every_multipart_variant_is_accepted(
    client: OpenRouter, exchange: Exchange, fields: dict[str, Any]
) -> None:
    # Prism answers a violation with 400; judged below: only the known limitation may cause one.
    with contextlib.suppress(errors.BadRequestResponseError):
        client.stt.create_transcription_multipart(model=MODEL, **fields)
    assert_accepted(exchange, known=KNOWN_PRISM_LIMITATION)


def test_the_known_prism_limitation_is_exactly_that(client: OpenRouter, exchange: Exchange) -> None:
    with pytest.raises(errors.BadRequestResponseError):
        client.stt.create_transcription_multipart(model=MODEL, file=("a.wav", WAV), keyterms=["a", "b"])
    assert [(v["location"], v["code"]) for v in exchange.violations] == [
        (["request", "body", "keyterms[]"], "type")
    ]


@pytest.mark.parametrize("status", sorted(int(s) for s in OPERATION["responses"] if s != "200"))
def test_every_documented_error_status_maps_to_its_class(client: OpenRouter, status: int) -> None:
    with pytest.raises(DOCUMENTED[status][0]) as caught:
        client.stt.create_transcription(
            input_audio=AUDIO, model=MODEL, http_headers={"Prefer": f"code={status}"}
        )
    example = OPERATION["responses"][str(status)]["content"]["application/json"]["example"]
    assert caught.value.status_code == status
    assert caught.value.message == example["error"]["message"]
    assert caught.value.data is not None


def test_the_200_example_parses(client: OpenRouter) -> None:
    res = client.stt.create_transcription(input_audio=AUDIO, model=MODEL)
    assert res.text == OPERATION["responses"]["200"]["content"]["application/json"]["example"]["text"]


def test_generated_200_bodies_parse(client: OpenRouter, exchange: Exchange) -> None:
    for _ in range(25):  # each dynamic answer is a fresh random body that fits the STTResponse schema
        res = client.stt.create_transcription(
            input_audio=AUDIO, model=MODEL, http_headers={"Prefer": "dynamic=true"}
        )
        assert isinstance(res.text, str)
        assert exchange.status == 200


def test_seeded_dynamic_200_bodies_parse() -> None:
    """Prism in dynamic mode with a seed answers one generated body, the same on every call: each
    seed is a reproducible case; different seeds give different bodies, all must parse."""
    example = OPERATION["responses"]["200"]["content"]["application/json"]["example"]["text"]
    texts = set()
    for seed in ("1", "2", "3", "4"):
        with running_prism("--dynamic", "--seed", seed) as base_url, httpx.Client() as http:
            with OpenRouter(
                api_key="k", server_url=base_url, client=http, retries=RetryConfig("none")
            ) as client:
                answers = [client.stt.create_transcription(input_audio=AUDIO, model=MODEL) for _ in range(3)]
        assert all(isinstance(res, STTResponse) for res in answers)
        assert len({res.text for res in answers}) == 1, f"seed {seed} is not deterministic"
        texts.add(answers[0].text)
    assert len(texts) > 1 and example not in texts  # generated bodies, not the example


NEGATIVE_JSON = [
    pytest.param({"input_audio": AUDIO}, id="model-missing"),
    pytest.param({"model": MODEL}, id="input_audio-missing"),
    pytest.param({"model": 1, "input_audio": AUDIO}, id="model-a-number"),
    pytest.param(
        {"model": MODEL, "input_audio": AUDIO, "response_format": "text"}, id="unknown-response_format"
    ),
    pytest.param({"model": MODEL, "input_audio": AUDIO, "temperature": "hot"}, id="temperature-a-string"),
    pytest.param({"model": MODEL, "input_audio": AUDIO, "session_id": "s" * 257}, id="session_id-too-long"),
    pytest.param({"model": MODEL, "input_audio": {"format": "wav"}}, id="audio-without-data-or-url"),
    pytest.param(
        {"model": MODEL, "input_audio": AUDIO, "timestamp_granularities": ["hour"]}, id="bad-granularity"
    ),
]


@pytest.mark.parametrize("body", NEGATIVE_JSON)
def test_prism_rejects_requests_that_break_the_spec(prism: str, body: dict[str, Any]) -> None:
    """Built by hand, past the SDK's checks: shows that Prism validates, so green means something."""
    response = httpx.post(f"{prism}/audio/transcriptions", json=body, headers={"Authorization": "Bearer k"})
    assert response.status_code >= 400
    assert json.loads(response.headers.get("sl-violations", "[]")), response.text


def test_prism_rejects_a_multipart_boolean_spelt_as_python_writes_it(prism: str) -> None:
    parts = [("model", (None, b"m", "text/plain")), ("diarize", (None, b"True", "text/plain")),
             ("file", ("a.wav", WAV, "audio/wav"))]  # fmt: skip
    response = httpx.post(f"{prism}/audio/transcriptions", files=parts, headers={"Authorization": "Bearer k"})
    assert response.status_code >= 400
    assert "diarize" in response.headers.get("sl-violations", "")


def test_prism_requires_the_bearer_key(prism: str) -> None:
    response = httpx.post(f"{prism}/audio/transcriptions", json={"model": MODEL, "input_audio": AUDIO})
    assert response.status_code == 401
