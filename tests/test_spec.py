"""openapi.yaml is a valid OpenAPI document and keeps every part of the vendor's published contract."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_spec_validator import validate

ROOT = Path(__file__).resolve().parent.parent
OURS = yaml.safe_load((ROOT / "openapi.yaml").read_text())
REFERENCE = yaml.safe_load((ROOT / "tests/contract/openrouter-stt.reference.yaml").read_text())

# Where openapi.yaml deliberately differs from the reference, and why (see the spec's descriptions).
DELIBERATE = {
    # A map keyed by provider slug instead of ~150 named properties: the same JSON on the wire.
    "STTRequest.provider.options": "additionalProperties",
    # Widened to anyOf inline | URL, as the live API accepts both; the inline shape is unchanged.
    "STTRequest.input_audio": "anyOf",
    # The live API takes source_url instead of file: file is no longer required.
    "multipart.required": "file",
}


def _resolve(doc: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        node: Any = doc
        for part in schema["$ref"].removeprefix("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def _types(schema: dict[str, Any]) -> set[str]:
    kind = schema.get("type", [])
    return set(kind) if isinstance(kind, list) else {kind}


def schema_gaps(ref: dict[str, Any], ours: dict[str, Any], where: str) -> Iterator[str]:
    """Every way ``ours`` fails to keep what the reference schema ``ref`` says."""
    ref, ours = _resolve(REFERENCE, ref), _resolve(OURS, ours)
    if "anyOf" in ours and "anyOf" not in ref:
        if DELIBERATE.get(where) != "anyOf":
            yield f"{where}: became anyOf"
            return
        branches = [list(schema_gaps(ref, branch, where + "|branch")) for branch in ours["anyOf"]]
        if all(branches):
            yield f"{where}: no anyOf branch keeps the reference shape: {branches}"
        return
    if _types(ref) != _types(ours):
        yield f"{where}: type {_types(ref)} became {_types(ours)}"
    for key in ("format", "maxLength", "minimum", "maximum"):
        if ref.get(key) != ours.get(key):
            yield f"{where}: {key} {ref.get(key)!r} became {ours.get(key)!r}"
    if set(ref.get("enum", [])) - set(ours.get("enum", [])):
        yield f"{where}: enum values {set(ref['enum']) - set(ours.get('enum', []))} are missing"
    if set(ref.get("required", [])) != set(ours.get("required", [])):
        dropped = set(ref.get("required", [])) - set(ours.get("required", []))
        added = set(ours.get("required", [])) - set(ref.get("required", []))
        if added or any(DELIBERATE.get(f"{where}.required") != name for name in dropped):
            yield f"{where}: required {sorted(ref.get('required', []))} became {sorted(ours.get('required', []))}"
    if "items" in ref:
        yield from schema_gaps(ref["items"], ours.get("items", {}), f"{where}[]")
    for name, prop in ref.get("properties", {}).items():
        if name in ours.get("properties", {}):
            yield from schema_gaps(prop, ours["properties"][name], f"{where}.{name}")
        elif DELIBERATE.get(where) == "additionalProperties" and isinstance(
            ours.get("additionalProperties"), dict
        ):
            yield from schema_gaps(prop, ours["additionalProperties"], f"{where}.*")
        else:
            yield f"{where}.{name}: property is missing"
    if isinstance(ref.get("additionalProperties"), dict):
        yield from schema_gaps(
            ref["additionalProperties"], ours.get("additionalProperties", {}), f"{where}.*"
        )


def contract_gaps() -> Iterator[str]:
    """Every path, parameter, body, status and header of the reference, compared with openapi.yaml."""
    yield from (f"server {s['url']} is missing" for s in REFERENCE["servers"] if s not in OURS["servers"])
    if REFERENCE["components"]["securitySchemes"] != OURS["components"]["securitySchemes"]:
        yield "securitySchemes differ"
    for path, item in REFERENCE["paths"].items():
        our_item = OURS["paths"].get(path)
        if our_item is None:
            yield f"path {path} is missing"
            continue
        for parameter in item.get("parameters", []) + item.get("post", {}).get("parameters", []):
            ref_param = _resolve(REFERENCE, parameter)
            ours = [_resolve(OURS, p) for p in our_item.get("parameters", [])]
            match = [p for p in ours if (p["name"], p["in"]) == (ref_param["name"], ref_param["in"])]
            if not match:
                yield f"parameter {ref_param['in']} {ref_param['name']} is missing"
            else:
                yield from schema_gaps(
                    ref_param["schema"], match[0]["schema"], f"parameter {ref_param['name']}"
                )
        operation, ours_op = item["post"], our_item.get("post", {})
        if operation["operationId"] != ours_op.get("operationId"):
            yield "operationId differs"
        for media, content in operation["requestBody"]["content"].items():
            our_content = ours_op["requestBody"]["content"].get(media)
            if our_content is None:
                yield f"request body {media} is missing"
                continue
            where = "STTRequest" if media == "application/json" else "multipart"
            yield from schema_gaps(content["schema"], our_content["schema"], where)
        for status, response in operation["responses"].items():
            our_response = ours_op["responses"].get(status)
            if our_response is None:
                yield f"response {status} is missing"
                continue
            for media, content in response.get("content", {}).items():
                yield from schema_gaps(
                    content["schema"], our_response["content"][media]["schema"], f"response {status}"
                )


def test_openapi_yaml_is_a_valid_openapi_31_document() -> None:
    assert OURS["openapi"] == "3.1.0"
    validate(OURS)


def test_openapi_yaml_keeps_every_part_of_the_reference_contract() -> None:
    assert list(contract_gaps()) == []


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
def test_the_drift_check_catches_a_broken_spec(
    mutate: Any, gap: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = yaml.safe_load((ROOT / "openapi.yaml").read_text())
    mutate(broken)
    monkeypatch.setitem(globals(), "OURS", broken)
    gaps = list(contract_gaps())
    assert gaps
    assert any(gap in line for line in gaps), gaps
