"""The contract's limits and choices, as the checks take them from the generated code."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from _contract import SPEC_PATH

from openrouter_ext import InvalidInputError
from openrouter_ext import _validation as check

SPEC = yaml.safe_load(SPEC_PATH.read_text())
OPERATION = SPEC["paths"]["/audio/transcriptions"]["post"]["requestBody"]["content"]
JSON_PROPERTIES = SPEC["components"]["schemas"]["STTRequest"]["properties"]
MULTIPART_PROPERTIES = OPERATION["multipart/form-data"]["schema"]["properties"]


def test_the_limits_are_the_specs() -> None:
    def limits_in(properties: dict[str, Any]) -> dict[str, dict[str, Any]]:
        keywords = {"maxLength", "minLength", "pattern", "minimum", "maximum", "maxItems", "minItems"}
        found = {
            name: {k: v for k, v in schema.items() if k in keywords} for name, schema in properties.items()
        }
        return {name: limits for name, limits in found.items() if limits}

    assert limits_in(JSON_PROPERTIES) == check.JSON_LIMITS == {"session_id": {"maxLength": 256}}
    assert limits_in(MULTIPART_PROPERTIES) == check.MULTIPART_LIMITS


def test_the_choices_are_the_specs() -> None:
    refused = {
        "response_format": "text",
        "timestamp_granularities": ["minute"],
    }
    for name, value in refused.items():
        with pytest.raises(InvalidInputError):
            check.JSON_FIELDS[name](name, value)
    for value in JSON_PROPERTIES["response_format"]["enum"]:
        check.JSON_FIELDS["response_format"]("response_format", value)
        check.MULTIPART_FIELDS["response_format"]("response_format", value)
    granularities = SPEC["components"]["schemas"]["STTTimestampGranularity"]["enum"]
    check.JSON_FIELDS["timestamp_granularities"]("timestamp_granularities", granularities)
    check.MULTIPART_FIELDS["timestamp_granularities[]"]("timestamp_granularities[]", granularities)
    for value in SPEC["components"]["schemas"]["DataCollection"]["enum"]:
        check.check_provider("provider", {"data_collection": value})
    trace = SPEC["components"]["schemas"]["TraceConfig"]["properties"]
    assert set(check.TRACE_STRING_KEYS) == {
        name for name, schema in trace.items() if schema["type"] == "string"
    }


# (keyword, limit, a value at the limit, a value past it, a value of a kind it does not apply to)
KEYWORDS = [
    ("maxLength", 3, "abc", "abcd", 12345),
    ("minLength", 2, "ab", "a", 1),
    ("pattern", "^[a-z]+$", "abc", "ab1", 5),
    ("maximum", 10, 10, 10.5, "11"),
    ("minimum", 0, 0, -0.5, "-1"),
    ("exclusiveMaximum", 10, 9.99, 10, "10"),
    ("exclusiveMinimum", 0, 0.01, 0, "0"),
    ("multipleOf", 5, 15, 16, "16"),
    ("maxItems", 2, ["a", "b"], ["a", "b", "c"], "abc"),
    ("minItems", 1, ["a"], [], ""),
]


@pytest.mark.parametrize(("keyword", "limit", "at", "past", "other_kind"), KEYWORDS)
def test_each_limit_keyword_refuses_only_what_is_past_it(
    keyword: str, limit: Any, at: Any, past: Any, other_kind: Any
) -> None:
    check.check_limits("field", at, {keyword: limit})
    check.check_limits("field", other_kind, {keyword: limit})  # as in JSON Schema: not its kind
    with pytest.raises(InvalidInputError) as caught:
        check.check_limits("field", past, {keyword: limit})
    assert caught.value.field == "field"


def test_every_keyword_the_template_emits_is_checked() -> None:
    template = (SPEC_PATH.parent / "generator-templates" / "model.py.jinja").read_text()
    emitted = {keyword for keyword, *_ in KEYWORDS if f'"{keyword}"' in template}
    assert emitted == {keyword for keyword, *_ in KEYWORDS}
    assert set(check._LIMIT_KEYWORDS) == emitted


def test_one_formats_hint() -> None:
    assert ", ".join(sorted(check.AUDIO_FORMATS)) == check.FORMATS_HINT
    with pytest.raises(InvalidInputError, match=f"one of {check.FORMATS_HINT}$"):
        check.check_audio_format("format", "xyz")
