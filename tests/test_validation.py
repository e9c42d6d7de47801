"""The contract's limits and choices, as the checks take them from the generated code."""

from __future__ import annotations

import binascii
import math
from contextlib import ExitStack
from typing import Any

import httpx
import pytest
import yaml
from _contract import SPEC_PATH
from conftest import API_KEY
from hypothesis import given
from hypothesis import strategies as st

from openrouter_ext import InvalidInputError, OpenRouter
from openrouter_ext import _validation as check
from openrouter_ext._stt import check_transcription_arguments, transcription_request

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
    assert set(check.trace_string_keys()) == {
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


def test_a_limit_keyword_no_check_knows_is_not_ignored() -> None:
    with pytest.raises(NotImplementedError, match="uniqueItems"):
        check.check_limits("keyterms", ["a", "a"], {"uniqueItems": True})


def test_every_keyword_the_template_emits_is_checked() -> None:
    template = (SPEC_PATH.parent / "generator-templates" / "model.py.jinja").read_text()
    emitted = {keyword for keyword, *_ in KEYWORDS if f'"{keyword}"' in template}
    assert emitted == {keyword for keyword, *_ in KEYWORDS}
    assert emitted == check.LIMIT_KEYWORDS


def test_one_formats_hint() -> None:
    assert ", ".join(sorted(check.AUDIO_FORMATS)) == check.FORMATS_HINT
    with pytest.raises(InvalidInputError, match=f"one of {check.FORMATS_HINT}$"):
        check.check_audio_format("format", "xyz")


J, M = check.JSON_FIELDS, check.MULTIPART_FIELDS
FORMATS = "aac, flac, m4a, mp3, mp4, mpeg, mpga, ogg, opus, pcm, wav, webm"
B64_FIX = "Encode the raw bytes with base64.b64encode(audio).decode()"
# What a user reads for each way an argument can be wrong: the whole message, written out here.
MESSAGES: list[tuple[Any, str, Any, str]] = [
    (J["model"], "model", 7, "model: must be a string, got int"),
    (J["model"], "model", "  ", "model: must not be empty. Omit it or pass a value"),
    (J["model"], "model", " m ", "model: has surrounding white space: ' m '"),
    (J["diarize"], "diarize", "yes", "diarize: must be True or False, got 'yes'"),
    (J["response_format"], "response_format", "text",
     "response_format: must be one of 'json', 'verbose_json', got 'text'"),
    (M["response_format"], "response_format", "srt",
     "response_format: must be one of 'json', 'verbose_json', got 'srt'"),
    (J["timestamp_granularities"], "timestamp_granularities", "word",
     'timestamp_granularities: must be a list, got str. Pass e.g. ["segment"]'),
    (J["timestamp_granularities"], "timestamp_granularities", ["word", "hour"],
     "timestamp_granularities[1]: must be one of 'segment', 'word', got 'hour'"),
    (M["timestamp_granularities[]"], "timestamp_granularities[]", {"word": 1},
     'timestamp_granularities[]: must be a list, got dict. Pass e.g. ["segment"]'),
    (J["temperature"], "temperature", "0.2", "temperature: must be a number, got str. Pass e.g. 0 or 0.2"),
    (J["temperature"], "temperature", True, "temperature: must be a number, got bool. Pass e.g. 0 or 0.2"),
    (J["temperature"], "temperature", -0.5, "temperature: must be a finite number >= 0, got -0.5"),
    (J["temperature"], "temperature", math.inf, "temperature: must be a finite number >= 0, got inf"),
    (J["keyterms"], "keyterms", "OpenRouter", "keyterms: must be a list of strings, got str. Wrap it: [value]"),
    (J["keyterms"], "keyterms", ("a",), "keyterms: must be a list of strings, got tuple. Wrap it: [value]"),
    (J["keyterms"], "keyterms", ["a", 1], "keyterms[1]: must be a string, got int"),
    (J["provider"], "provider", [], "provider: must be a dict with string keys, got list"),
    (J["provider"], "provider", {1: "a"}, "provider: must be a dict with string keys, got dict"),
    (J["provider"], "provider", {"zdr": "yes"}, "provider.zdr: must be True or False, got 'yes'"),
    (J["provider"], "provider", {"data_collection": "maybe"},
     "provider.data_collection: must be one of 'allow', 'deny', got 'maybe'"),
    (J["provider"], "provider", {"options": {"openai": 1}},
     "provider.options.openai: must be a dict with string keys, got int"),
    (J["provider"], "provider", {"options": {"openai": {"x": [1, math.nan]}}},
     "provider.options.openai.x[1]: is nan, which JSON cannot carry"),
    (J["provider"], "provider", {"options": {"openai": {"x": b"1"}}},
     "provider.options.openai.x: is a bytes, which JSON cannot carry. "
     "Use strings, numbers, booleans, None, lists and dicts"),
    (J["provider"], "provider", {"options": [1]}, "provider.options: must be a dict with string keys, got list"),
    (J["provider"], "provider", {"options": {"openai": {1: "a"}}},
     "provider.options.openai: must be a dict with string keys, got dict"),
    (J["trace"], "trace", {"trace_id": 5}, "trace.trace_id: must be a string, got int"),
    (M["provider"], "provider", {"zdr": True}, "provider: must be JSON text, got dict"),
    (M["trace"], "trace", "{oops", "trace: is not valid JSON"),
    (M["trace"], "trace", '{"span_name": ""}', "trace.span_name: must not be empty. Omit it or pass a value"),
    (M["source_url"], "source_url", "ftp://x.example/a.wav",
     "source_url: must be an http(s) URL, got 'ftp://x.example/a.wav'. Pass e.g. https://example.com/a.mp3"),
    (J["input_audio"], "input_audio", {"data": b"RIFF", "format": "wav"},
     "input_audio.data: must be a base64 string, got bytes. Encode the bytes: base64.b64encode(audio).decode()"),
    (J["input_audio"], "input_audio", {"data": "data:audio/wav;base64,UklG", "format": "wav"},
     "input_audio.data: is a data URI; raw base64 is required. Strip the 'data:audio/wav;base64,' prefix"),
    (J["input_audio"], "input_audio", {"data": "data:audio/wav;codecs=1,2,UklG", "format": "wav"},
     "input_audio.data: is a data URI; raw base64 is required. Strip the 'data:audio/wav;codecs=1,' prefix"),
    (J["input_audio"], "input_audio", "UklG", "input_audio: must be a dict with string keys, got str"),
    (J["input_audio"], "input_audio", {"url": "https://x.example/a.mp3", "format": "xyz"},
     f"input_audio.format: unknown audio format 'xyz'. Pass one of {FORMATS}"),
    (J["input_audio"], "input_audio", {"data": "==", "format": "wav"},
     "input_audio.data: is empty: no audio to transcribe"),
    (J["input_audio"], "input_audio", {"data": "UklGR", "format": "wav"},
     f"input_audio.data: is not valid base64 (standard alphabet, padded, no line breaks). {B64_FIX}"),
    (J["input_audio"], "input_audio", {"data": "Ukl-", "format": "wav"},
     f"input_audio.data: is not valid base64 (standard alphabet, padded, no line breaks). {B64_FIX}"),
    (J["input_audio"], "input_audio", {"data": "UklG", "format": "xyz"},
     f"input_audio.format: unknown audio format 'xyz'. Pass one of {FORMATS}"),
    (J["input_audio"], "input_audio", {"data": "UklG"},
     'input_audio.format: is required. Pass {"data": <base64>, "format": "wav"} or {"url": ...}'),
    (J["input_audio"], "input_audio", {"url": "https://x.example/a.mp3", "data": "UklG"},
     "input_audio: has both data and url. Pass either inline data or a url"),
    (J["input_audio"], "input_audio", {"url": "https://x.example/audio"},
     f"input_audio.format: is required when the URL path has no audio extension. Pass format, one of {FORMATS}"),
]  # fmt: skip


@pytest.mark.parametrize(("check_field", "field", "value", "message"), MESSAGES)
def test_each_refusal_says_what_is_wrong_and_how_to_fix_it(
    check_field: Any, field: str, value: Any, message: str
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        check_field(field, value)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"input_audio": {"data": "UklG", "format": "wav"}}, "model: is required"),
        ({"model": "m"}, "input_audio: is required"),
    ],
)
def test_a_json_body_names_its_missing_field(body: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidInputError, match=f"^{message}$"), ExitStack() as opened:
        transcription_request(body, opened)


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"file": True}, "model: is required"),
        ({"model": "m"}, "file: exactly one of file and source_url is required. "
                         "Pass the audio as file, or its public URL as source_url"),
        ({"model": "m", "file": True, "source_url": "https://x.example/a.wav"},
         "file: exactly one of file and source_url is required. "
         "Pass the audio as file, or its public URL as source_url"),
    ],
)  # fmt: skip
def test_a_multipart_form_names_its_missing_part(form: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        check.check_multipart_form(form)
    assert str(caught.value) == message


def test_the_multipart_size_limit_is_inclusive() -> None:
    check.check_multipart_size("file", 26_214_400)
    with pytest.raises(InvalidInputError) as caught:
        check.check_multipart_size("file", 26_214_401)
    assert str(caught.value) == (
        "file: makes a multipart body of 26,214,401 bytes; the API takes at most 26,214,400, form parts "
        "included. Send it as base64 JSON with create_transcription(input_audio=...) or by URL"
    )


@pytest.mark.parametrize(
    ("keyword", "limit", "value", "message"),
    [
        ("maxLength", 3, "abcd", "f: is 4 characters long, at most 3 are allowed"),
        ("minLength", 2, "a", "f: is 1 characters long, at least 2 are needed"),
        ("pattern", "^a+$", "ab", "f: does not match the pattern '^a+$'"),
        ("maximum", 10, 11, "f: is 11, must be at most 10"),
        ("minimum", 0, -1, "f: is -1, must be at least 0"),
        ("exclusiveMaximum", 10, 10, "f: is 10, must be less than 10"),
        ("exclusiveMinimum", 0, 0, "f: is 0, must be more than 0"),
        ("multipleOf", 5, 7, "f: is 7, must be a multiple of 5"),
        ("maxItems", 1, [1, 2], "f: has 2 items, at most 1"),
        ("minItems", 1, [], "f: has 0 items, at least 1"),
    ],
)
def test_each_limit_says_which(keyword: str, limit: Any, value: Any, message: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        check.check_limits("f", value, {keyword: limit})
    assert str(caught.value) == message


def test_a_boolean_is_not_a_number_to_a_limit() -> None:
    assert check.limit_problem("maximum", True, 0) is None  # JSON's true is no number
    assert check.limit_problem("maximum", 1, 0) == "is 1, must be at most 0"


def test_base64_of_any_alphabet_letters_is_audio_data() -> None:
    check.check_base64_audio("data", "XXXX")  # three bytes: valid, not "empty"
    check.check_base64_audio("data", "AA==")


def test_file_names_and_content_types() -> None:
    assert check.extension_of("Talk.WAV") == "wav"
    assert check.extension_of("https://x.example/a.b/c") == ""
    assert check.extension_of("archive.tar.gz") == "gz"
    assert check.format_of_content_type("Audio/MPEG; charset=x") == "mp3"
    assert check.format_of_content_type("audio/x-wav") == "wav"
    assert check.format_of_content_type("text/plain") is None


@given(st.text(alphabet="AB+/=é\n -_", max_size=12))
def test_the_base64_scan_agrees_with_a_strict_decoder(text: str) -> None:
    # The check scans instead of decoding; a strict decoder is the independent judge of what it says.
    def decodes(value: str) -> bool:
        try:
            binascii.a2b_base64(value, strict_mode=True)
        except (binascii.Error, ValueError):
            return False
        return len(value) % 4 == 0

    if text.rstrip("="):  # all padding is refused earlier, as "empty"
        assert (check._ascii_base64(text) is not None) == decodes(text)


BAD_CALL_ARGUMENTS = [
    {"model": ""},
    {"model": "m", "temperature": "hot"},
    {"model": "m", "language": " "},
    {"model": "m", "response_format": "srt"},
    {"model": "m", "timestamp_granularities": ["second"]},
    {"model": "m", "keyterms": "one"},
    {"model": "m", "session_id": "s" * 257},
    {"model": "m", "provider": {"options": []}},
    {"model": "m", "trace": {"trace_id": 1}},
    {"model": "m", "diarize": "yes"},
    {"model": "m", "send_as": "xml"},
    {"model": "m", "audio_format": "wave"},
    {"model": "m", "languag": "en"},
    {"model": "m", "timeout_ms": -1},
    {"model": "m", "http_headers": {"bad name": "x"}},
    {"model": "m", "server_url": "ftp://example.com"},
    {"language": "en"},
]


@pytest.mark.parametrize("bad", BAD_CALL_ARGUMENTS, ids=lambda bad: ",".join(bad))
def test_the_exported_argument_check_refuses_what_the_call_refuses(bad: dict[str, Any]) -> None:
    """``check_transcription_arguments`` (what the recording layer and Ray check with, no audio
    needed) gives the very refusal ``create_transcription`` gives, before anything is sent."""
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={"text": ""})

    transport = httpx.MockTransport(answer)
    with OpenRouter(api_key=API_KEY, client=httpx.Client(transport=transport)) as client:
        with pytest.raises(InvalidInputError) as by_the_call:
            client.stt.create_transcription(input_audio={"data": "UklGRiQAAABXQVZF", "format": "wav"}, **bad)
    with pytest.raises(InvalidInputError) as by_the_check:
        check_transcription_arguments(bad)
    assert (by_the_check.value.field, str(by_the_check.value)) == (
        by_the_call.value.field,
        str(by_the_call.value),
    )
    assert sent == []


def test_the_exported_argument_check_passes_what_the_call_takes() -> None:
    good = {"model": "m", "language": "en", "temperature": 0.2, "response_format": "verbose_json",
            "timestamp_granularities": ["word"], "keyterms": ["OpenRouter"], "diarize": True,
            "provider": {"options": {"openai": {"prompt": "x"}}}, "audio_format": "wav", "send_as": "json",
            "timeout_ms": 1000, "http_headers": {"X-Trace": "1"}}  # fmt: skip
    check_transcription_arguments(good)
    check_transcription_arguments({**good, "input_audio": "never read: only the other arguments are checked"})


@pytest.mark.parametrize(
    ("value", "minimum", "options", "message"),
    [
        (0, 1, {}, "n: must be a number >= 1, got 0"),
        (0.5, 1, {"whole": True}, "n: must be a whole number >= 1, got 0.5"),
        (True, 0, {}, "n: must be a number >= 0, got True"),
        ("2", 0, {}, "n: must be a number >= 0, got '2'"),
        (0, 0, {"above": True}, "n: must be a number > 0, got 0"),
        (float("inf"), 0, {}, "n: must be a number >= 0, got inf"),
        (float("nan"), 0, {}, "n: must be a number >= 0, got nan"),
        (2.5, 1.5, {"whole": True, "above": True}, "n: must be a whole number > 1.5, got 2.5"),
    ],
)
def test_a_number_out_of_its_range_is_refused_in_words(
    value: Any, minimum: float, options: dict[str, bool], message: str
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        check.check_number("n", value, minimum, **options)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("value", "minimum", "options"),
    [
        (1, 1, {}),
        (1.5, 1, {}),
        (2, 1, {"whole": True}),
        (0.001, 0, {"above": True}),
        (3, 2, {"whole": True, "above": True}),
    ],
)
def test_a_number_in_its_range_passes(value: Any, minimum: float, options: dict[str, bool]) -> None:
    check.check_number("n", value, minimum, **options)


@pytest.mark.parametrize("value", ["AAAAA===", "AAAA====", "AAAAAA=A", "AAA=AAAA"])
def test_padding_beyond_two_or_inside_is_not_base64(value: str) -> None:
    with pytest.raises(InvalidInputError, match="is not valid base64"):
        check.check_base64_audio("input_audio.data", value)


def test_the_json_and_multipart_bodies_share_their_fields_rules() -> None:
    """create_transcription checks its fields once, by the JSON body's rules, and builds the
    multipart body from them unchecked: that holds only while both bodies' rules agree."""
    from openrouter_ext_generated.models import (
        CreateAudioTranscriptionsFilesBodyResponseFormat,
        CreateAudioTranscriptionsFilesBodyTimestampGranularitiesItem,
        STTRequestResponseFormat,
        STTTimestampGranularity,
    )

    assert check.JSON_LIMITS == check.MULTIPART_LIMITS
    assert {m.value for m in STTRequestResponseFormat} == {
        m.value for m in CreateAudioTranscriptionsFilesBodyResponseFormat
    }
    assert {m.value for m in STTTimestampGranularity} == {
        m.value for m in CreateAudioTranscriptionsFilesBodyTimestampGranularitiesItem
    }
    shared = check.JSON_FIELDS.keys() - {"input_audio", "timestamp_granularities", "keyterms"}
    assert shared <= check.MULTIPART_FIELDS.keys()
