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
