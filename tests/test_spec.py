"""openapi.yaml is a valid OpenAPI document and keeps every part of the vendor's published contract."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from _tools import load_tool
from openapi_spec_validator import validate

ROOT = Path(__file__).resolve().parent.parent
OURS = yaml.safe_load((ROOT / "openapi.yaml").read_text())
REFERENCE = yaml.safe_load((ROOT / "tests/contract/openrouter-stt.reference.yaml").read_text())


drift = load_tool("spec").drift


def test_openapi_yaml_is_a_valid_openapi_31_document() -> None:
    assert OURS["openapi"] == "3.1.0"
    validate(OURS)


def test_openapi_yaml_keeps_every_part_of_the_reference_contract() -> None:
    assert drift(REFERENCE, OURS) == []


def test_the_newer_additions_are_present() -> None:
    operation = OURS["paths"]["/audio/transcriptions"]["post"]
    assert {"403", "413", "504"} <= operation["responses"].keys()
    request = OURS["components"]["schemas"]["STTRequest"]["properties"]
    assert {"diarize", "keyterms", "session_id", "trace", "user"} <= request.keys()
    assert request["session_id"]["maxLength"] == 256
    multipart = operation["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert {"source_url", "keyterms[]", "provider", "trace", "diarize"} <= multipart["properties"].keys()
    assert multipart["required"] == ["model"]
    response = OURS["components"]["schemas"]["STTResponse"]["properties"]
    assert {"confidence", "language_confidence", "entities"} <= response.keys()


@pytest.mark.parametrize(
    ("mutate", "gap"),
    [
        (lambda s: s["components"]["schemas"]["STTRequest"]["properties"].pop("language"), "language"),
        (lambda s: s["paths"]["/audio/transcriptions"]["post"]["responses"].pop("529"), "529"),
        (lambda s: s["components"]["schemas"]["STTTimestampGranularity"]["enum"].remove("word"), "enum"),
        (
            lambda s: s["components"]["schemas"]["STTUsage"]["properties"]["cost"].update(type="string"),
            "cost",
        ),
        (lambda s: s["components"]["schemas"]["STTResponse"]["required"].append("usage"), "required"),
        (lambda s: s["paths"]["/audio/transcriptions"].pop("parameters"), "HTTP-Referer"),
    ],
)
def test_the_drift_check_catches_a_broken_spec(mutate: Any, gap: str) -> None:
    broken = yaml.safe_load((ROOT / "openapi.yaml").read_text())
    mutate(broken)
    gaps = drift(REFERENCE, broken)
    assert gaps
    assert any(gap in line for line in gaps), gaps


@pytest.mark.parametrize(
    ("mutate", "gap"),
    [
        (lambda s: s["paths"].pop("/key"), "path /key is missing"),
        (lambda s: s["paths"]["/models"]["get"]["parameters"].pop(4), "output_modalities"),
        (lambda s: s["components"]["schemas"]["Model"]["properties"].pop("pricing"), "pricing"),
        (
            lambda s: s["components"]["schemas"]["PublicPricing"]["properties"]["prompt"].update(
                type="number"
            ),
            "prompt",
        ),
        (lambda s: s["components"]["schemas"]["Parameter"].update(type="integer"), "supported_parameters"),
    ],
)
def test_the_drift_check_covers_the_catalog_and_the_key(mutate: Any, gap: str) -> None:
    broken = yaml.safe_load((ROOT / "openapi.yaml").read_text())
    mutate(broken)
    gaps = drift(REFERENCE, broken)
    assert any(gap in line for line in gaps), gaps


def test_the_catalogs_open_enums_are_open_and_only_they() -> None:
    """The vendor's enums of catalog answers are the chat ones: openapi.yaml takes any string there
    (a strict parser refuses the live transcription listing), and nowhere else."""
    schemas = OURS["components"]["schemas"]
    for name in (
        "InputModality",
        "InstructType",
        "ModelGroup",
        "OutputModality",
        "Parameter",
        "ReasoningEffort",
    ):
        assert "enum" not in schemas[name] and "enum" in REFERENCE["components"]["schemas"][name], name
        assert "Documented so far" in schemas[name]["description"]
    closed = yaml.safe_load((ROOT / "openapi.yaml").read_text())
    closed["components"]["schemas"]["STTTimestampGranularity"].pop("enum")
    assert any(
        "STTTimestampGranularity" in line or "timestamp_granularities" in line
        for line in drift(REFERENCE, closed)
    )


def test_a_transcription_listing_parses_with_values_the_vendors_enums_lack() -> None:
    from openrouter_ext_generated.models import ModelsListResponse

    whisper = {
        "id": "openai/whisper-1", "canonical_slug": "openai/whisper-1", "name": "OpenAI: Whisper",
        "created": 1_700_000_000, "context_length": None,
        "pricing": {"prompt": "0.0001", "completion": "0"},
        "architecture": {"modality": "audio->transcription", "input_modalities": ["audio"],
                         "output_modalities": ["transcription"], "tokenizer": "Other", "instruct_type": None},
        "top_provider": {"is_moderated": False}, "per_request_limits": None,
        "supported_parameters": ["language", "temperature", "response_format", "timestamp_granularities", "diarize"],
        "default_parameters": None, "supported_voices": None,
        "links": {"details": "/api/v1/models/openai/whisper-1/endpoints"},
    }  # fmt: skip
    listing = ModelsListResponse.from_dict({"data": [whisper], "links": {"next": None}, "total_count": 1})
    (model,) = listing.data
    assert model.supported_parameters == whisper["supported_parameters"]
    assert model.architecture.output_modalities == ["transcription"] and model.pricing.prompt == "0.0001"
