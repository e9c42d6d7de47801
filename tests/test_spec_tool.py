"""tools/spec.py: cutting a whole vendor document to the operations the SDK calls, and reporting
contract changes in words.

The vendor document here is a small one of our own (tests/spec_fixtures/): OpenRouter's published
operations that the SDK calls (2026-08-22: transcription, the catalog, the key), as the whole
document has them, beside operations and components a cut must leave out."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from _tools import load_tool

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "tests" / "spec_fixtures" / "vendor-2026-08-22.yaml"
REFERENCE_PATH = ROOT / "tests" / "contract" / "openrouter-stt.reference.yaml"
STT = "/audio/transcriptions"


tool = load_tool("spec")


def reference() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(REFERENCE_PATH.read_text())
    return loaded


def test_the_cut_is_the_reference_but_for_its_local_additions() -> None:
    vendor = tool.load(VENDOR)
    cut = tool.cut(vendor)
    assert list(cut["paths"]) == [STT, "/models", "/key"] and list(cut) == [
        "openapi",
        "info",
        "servers",
        "security",
        "paths",
        "components",
    ]
    assert "/models/count" not in cut["paths"] and "/chat/completions" not in cut["paths"]
    assert not {"ModelsCountResponse", "ChatRequest"} & set(cut["components"]["schemas"])
    assert {"ModelsListResponse", "Model", "PublicPricing"} <= set(cut["components"]["schemas"])
    assert list(cut["components"]["securitySchemes"]) == ["apiKey"]  # the one `security` names
    expected = reference()
    local = expected["components"].pop("parameters")
    assert expected["paths"][STT].pop("parameters") == [
        {"$ref": f"#/components/parameters/{n}"} for n in local
    ]
    assert cut == expected
    kept = tool.keep_local_additions(cut, reference())
    assert cut == reference()
    assert kept == [
        "header parameter HTTP-Referer (AppIdentifier)",
        "header parameter X-OpenRouter-Title (AppDisplayName)",
        "header parameter X-OpenRouter-Categories (AppCategories)",
    ]


def one_change(edit: Any) -> list[Any]:
    old = reference()
    new = copy.deepcopy(old)
    edit(new)
    found: list[Any] = tool.changes(old, new)
    return found


SCHEMAS = ("components", "schemas")


def schema(document: dict[str, Any], name: str) -> dict[str, Any]:
    found: dict[str, Any] = document["components"]["schemas"][name]
    return found


@pytest.mark.parametrize(
    ("edit", "kind", "name", "what", "breaking"),
    [
        (lambda d: d["paths"].update({"/audio/speech": {"post": {"responses": {}}}}),
         "operations", "POST /audio/speech", "added", False),
        (lambda d: d["paths"][STT]["parameters"].pop(),
         "parameters", "POST /audio/transcriptions: header X-OpenRouter-Categories", "removed", True),
        (lambda d: schema(d, "STTRequest")["properties"].update({"prompt": {"type": "string"}}),
         "request fields", "POST /audio/transcriptions: (application/json) prompt", "added", False),
        (lambda d: schema(d, "STTRequest")["properties"].pop("temperature"),
         "request fields", "POST /audio/transcriptions: (application/json) temperature", "removed", True),
        (lambda d: schema(d, "STTRequest").update(required=[*schema(d, "STTRequest")["required"], "language"]),
         "request fields", "POST /audio/transcriptions: (application/json) language", "now required", True),
        (lambda d: schema(d, "STTUsage")["properties"]["seconds"].update(type="string"),
         "response fields", "POST /audio/transcriptions: 200 (application/json) usage.seconds", "retyped", True),
        (lambda d: schema(d, "STTRequest")["properties"]["response_format"]["enum"].append("srt"),
         "request fields", "POST /audio/transcriptions: (application/json) response_format", "enum values added", False),
        (lambda d: schema(d, "STTRequest")["properties"]["response_format"]["enum"].remove("json"),
         "request fields", "POST /audio/transcriptions: (application/json) response_format", "enum values removed", True),
        (lambda d: d["paths"][STT]["post"]["responses"].pop("529"),
         "statuses", "POST /audio/transcriptions: 529", "removed", True),
        (lambda d: d["paths"][STT]["post"]["responses"]["200"].update(
            headers={"X-Request-Id": {"schema": {"type": "string"}}}),
         "response headers", "POST /audio/transcriptions: 200 X-Request-Id", "added", False),
    ],
)  # fmt: skip
def test_each_kind_of_change_is_reported_once_and_rightly(
    edit: Any, kind: str, name: str, what: str, breaking: bool
) -> None:
    (change,) = [c for c in one_change(edit) if c.kind != "response fields" or kind == "response fields"]
    assert (change.kind, change.name, change.what, change.breaking) == (kind, name, what, breaking)


def test_a_schema_used_in_two_places_is_reported_in_each() -> None:
    # STTUsage is in the 200 answer only; a change to an error body shows once per operation and
    # status using it (the transcription and the catalog both answer 400 with it).
    found = one_change(lambda d: schema(d, "BadRequestResponseErrorData")["properties"].pop("code"))
    assert [(c.kind, c.name, c.what) for c in found] == [
        ("response fields", "GET /models: 400 (application/json) error.code", "removed"),
        ("response fields", "POST /audio/transcriptions: 400 (application/json) error.code", "removed"),
    ]


def test_no_change_is_no_change() -> None:
    assert tool.changes(reference(), reference()) == []
    assert "no change to the contract" in tool.report([], "title")


def test_a_ref_cycle_is_cut_and_compared_without_end() -> None:
    document = tool.load(VENDOR)
    node = {
        "type": "object",
        "properties": {"children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}},
    }
    document["components"]["schemas"]["Node"] = node
    schema(document, "STTResponse")["properties"]["tree"] = {"$ref": "#/components/schemas/Node"}
    cut = tool.cut(document)
    assert cut["components"]["schemas"]["Node"] == node
    fields = tool.contract(cut)["response fields"]
    assert (
        fields["POST /audio/transcriptions: 200 (application/json) tree.children[]"].type
        == "(recursive: Node)"
    )


def test_a_missing_ref_target_is_a_clear_error() -> None:
    document = tool.load(VENDOR)
    schema(document, "STTRequest")["properties"]["provider"] = {"$ref": "#/components/schemas/Gone"}
    with pytest.raises(
        tool.SpecError,
        match=r"components\.schemas\.STTRequest: \$ref '#/components/schemas/Gone' points at nothing",
    ):
        tool.cut(document)


def test_the_command_line_diff_and_cut(tmp_path: Path) -> None:
    new = reference()
    schema(new, "STTRequest")["properties"].pop("temperature")
    changed = tmp_path / "new.yaml"
    changed.write_text(yaml.safe_dump(new))
    script = [sys.executable, str(ROOT / "tools" / "spec.py")]
    diff = subprocess.run(
        [*script, "diff", str(REFERENCE_PATH), str(changed)], capture_output=True, text=True, check=True
    )
    assert (
        "! removed: POST /audio/transcriptions: (application/json) temperature: number (double)"
        in diff.stdout
        and "1 changes, 1 breaking" in diff.stdout
    )
    out = tmp_path / "cut.yaml"
    subprocess.run([*script, "cut", str(VENDOR), str(out)], check=True)
    assert out.read_text().startswith("# OpenRouter's published OpenAPI document (snapshot of 2026-08-22)")
    bad = subprocess.run(
        [*script, "diff", str(tmp_path / "none.yaml"), str(changed)], capture_output=True, text=True
    )
    assert bad.returncode != 0


def test_update_writes_the_new_reference_keeps_local_additions_and_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vendor = tool.load(VENDOR)
    schema(vendor, "STTRequest")["properties"]["prompt"] = {"type": "string"}  # what the vendor added
    newer = tmp_path / "openrouter-full.2026-12-01.yaml"
    newer.write_text(yaml.safe_dump(vendor))
    target = tmp_path / "reference.yaml"
    target.write_text(REFERENCE_PATH.read_text())
    assert tool.update(str(newer), None, reference=target) == 0
    printed = capsys.readouterr().out
    written = yaml.safe_load(target.read_text())
    assert target.read_text().startswith("# OpenRouter's published OpenAPI document (snapshot of 2026-12-01)")
    assert written["components"]["parameters"] == reference()["components"]["parameters"]
    assert schema(written, "STTRequest")["properties"]["prompt"] == {"type": "string"}
    assert "kept local additions the vendor's document lacks: header parameter HTTP-Referer" in printed
    assert (
        "+ added: POST /audio/transcriptions: (application/json) prompt: string" in printed
        and "0 breaking" in printed
    )
    assert "what openapi.yaml does not have yet" in printed
    # built from the drift check's findings against the new reference (not the one on disk before)
    assert printed.split("what openapi.yaml does not have yet")[1].splitlines()[1:2] == [
        "  STTRequest.prompt: property is missing"
    ]


def test_updating_to_the_same_document_changes_not_a_byte(tmp_path: Path) -> None:
    target = tmp_path / "reference.yaml"
    target.write_text(REFERENCE_PATH.read_text())
    tool.update(str(VENDOR), None, reference=target)
    assert target.read_text() == REFERENCE_PATH.read_text()
