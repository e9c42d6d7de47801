"""Checks of a request body in its wire form, raising ``InvalidInputError`` naming field and fix.

The SDK runs them before sending anything. What the contract says is taken from the generated
code: the enums' values, and the limits the spec sets on fields (``SCHEMA_LIMITS``, emitted by our
generator template). The rest is where the SDK is stricter than the spec on purpose: no blank
strings, real base64, audio formats known here, http(s) URLs, a temperature >= 0.
"""

from __future__ import annotations

import enum
import json
import math
import operator
import re
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import attrs
from openrouter_ext_generated.models import (
    CreateAudioTranscriptionsFilesBodyResponseFormat,
    CreateAudioTranscriptionsFilesBodyTimestampGranularitiesItem,
    DataCollection,
    STTRequestResponseFormat,
    STTTimestampGranularity,
    TraceConfig,
    create_audio_transcriptions_files_body,
    stt_request,
)

from .errors import InvalidInputError

# The audio formats known here, each with the content type a file of it is uploaded as.
AUDIO_CONTENT_TYPES = {
    "wav": "audio/wav", "mp3": "audio/mpeg", "flac": "audio/flac", "m4a": "audio/mp4", "ogg": "audio/ogg",
    "webm": "audio/webm", "aac": "audio/aac", "pcm": "audio/pcm", "mp4": "audio/mp4", "mpeg": "audio/mpeg",
    "mpga": "audio/mpeg", "opus": "audio/opus",
}  # fmt: skip
AUDIO_FORMATS = frozenset(AUDIO_CONTENT_TYPES)
_CONTENT_TYPE_FORMATS = {
    **{content_type: name for name, content_type in reversed(AUDIO_CONTENT_TYPES.items())},
    "audio/x-wav": "wav", "audio/wave": "wav", "audio/x-flac": "flac", "audio/x-m4a": "m4a", "audio/mp3": "mp3",
}  # fmt: skip
# The spec's limits on the bodies' fields, by field name: {"session_id": {"maxLength": 256}, ...}.
JSON_LIMITS = stt_request.SCHEMA_LIMITS
MULTIPART_LIMITS = create_audio_transcriptions_files_body.SCHEMA_LIMITS
# The API's cap on a multipart body, form parts included (the spec's "Max 25 MB", as the API counts it).
MULTIPART_BODY_LIMIT = 25 * 1024 * 1024
FORMATS_HINT = ", ".join(sorted(AUDIO_FORMATS))


def _values(choices: type[enum.Enum]) -> tuple[str, ...]:
    return tuple(member.value for member in choices)


def trace_string_keys() -> tuple[str, ...]:
    """The trace fields the spec types as strings (the rest of a trace passes through as any JSON):
    those the generated model annotates so (its annotations are text: PEP 563)."""
    return tuple(
        field.name for field in attrs.fields(TraceConfig) if str(field.type) in ("str", "str | Unset")
    )


_BASE64_ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def extension_of(name: str) -> str:
    """The lower-case extension of a file name or URL path, without the dot ("" when none)."""
    return PurePosixPath(name).suffix.lower().lstrip(".")


def format_of_content_type(content_type: str) -> str | None:
    """The audio format a content type names, if it names one known here."""
    return _CONTENT_TYPE_FORMATS.get(content_type.split(";")[0].strip().lower())


def _type_name(value: Any) -> str:
    return type(value).__name__


def check_str(field: str, value: Any) -> None:
    if not isinstance(value, str):
        raise InvalidInputError(field, f"must be a string, got {_type_name(value)}")
    if not value.strip():
        raise InvalidInputError(field, "must not be empty", "Omit it or pass a value")


def check_number(field: str, value: Any, minimum: float, *, whole: bool = False, above: bool = False) -> None:
    """A finite number (a whole one if ``whole``), at least ``minimum`` (more than it if ``above``)."""
    valid = isinstance(value, int if whole else int | float) and not isinstance(value, bool)
    in_range = valid and (value > minimum if above else value >= minimum)
    if not in_range or (isinstance(value, float) and not math.isfinite(value)):
        wanted = "a whole number" if whole else "a number"
        raise InvalidInputError(
            field, f"must be {wanted} {'>' if above else '>='} {minimum:g}, got {value!r}"
        )


def check_bool(field: str, value: Any) -> None:
    if not isinstance(value, bool):
        raise InvalidInputError(field, f"must be True or False, got {value!r}")


def check_choice(field: str, value: Any, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise InvalidInputError(field, f"must be one of {', '.join(map(repr, choices))}, got {value!r}")


def check_url(field: str, value: Any) -> None:
    check_str(field, value)
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or any(c.isspace() for c in value):
        raise InvalidInputError(
            field, f"must be an http(s) URL, got {value!r}", "Pass e.g. https://example.com/a.mp3"
        )


def check_audio_format(field: str, value: Any) -> None:
    check_str(field, value)
    if value not in AUDIO_FORMATS:
        raise InvalidInputError(field, f"unknown audio format {value!r}", f"Pass one of {FORMATS_HINT}")


def check_model(field: str, value: Any) -> None:
    check_str(field, value)
    if value != value.strip():
        raise InvalidInputError(field, f"has surrounding white space: {value!r}")


def check_temperature(field: str, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidInputError(field, f"must be a number, got {_type_name(value)}", "Pass e.g. 0 or 0.2")
    if not math.isfinite(value) or value < 0:
        raise InvalidInputError(field, f"must be a finite number >= 0, got {value!r}")


def check_str_list(field: str, value: Any) -> None:
    if isinstance(value, str) or not isinstance(value, list):
        raise InvalidInputError(
            field, f"must be a list of strings, got {_type_name(value)}", "Wrap it: [value]"
        )
    for index, item in enumerate(value):
        check_str(f"{field}[{index}]", item)


def check_enum(field: str, value: Any, choices: type[enum.Enum]) -> None:
    """One of a generated enum's values."""
    check_choice(field, value, _values(choices))


def check_enum_list(field: str, value: Any, choices: type[enum.Enum]) -> None:
    """A list of a generated enum's values."""
    if isinstance(value, str) or not isinstance(value, list):
        raise InvalidInputError(field, f"must be a list, got {_type_name(value)}", 'Pass e.g. ["segment"]')
    for index, item in enumerate(value):
        check_enum(f"{field}[{index}]", item, choices)


def check_object(field: str, value: Any) -> None:
    if not isinstance(value, dict) or not all(isinstance(key, str) for key in value):
        raise InvalidInputError(field, f"must be a dict with string keys, got {_type_name(value)}")


def check_json_value(field: str, value: Any) -> None:
    """Free-form values (provider options, trace extras) must be plain, finite JSON."""
    if value is None or isinstance(value, bool | int | str):
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidInputError(field, f"is {value!r}, which JSON cannot carry")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            check_json_value(f"{field}[{index}]", item)
    elif isinstance(value, dict):
        check_object(field, value)
        for key, item in value.items():
            check_json_value(f"{field}.{key}", item)
    else:
        raise InvalidInputError(field, f"is a {_type_name(value)}, which JSON cannot carry",
                                "Use strings, numbers, booleans, None, lists and dicts")  # fmt: skip


def check_provider(field: str, value: Any) -> None:
    check_object(field, value)
    check_json_value(field, value)
    options = value.get("options")
    if options is not None:
        check_object(f"{field}.options", options)
        for slug, settings in options.items():
            check_object(f"{field}.options.{slug}", settings)
    if value.get("zdr") is not None:
        check_bool(f"{field}.zdr", value["zdr"])
    if value.get("data_collection") is not None:
        check_choice(f"{field}.data_collection", value["data_collection"], _values(DataCollection))


def check_trace(field: str, value: Any) -> None:
    check_object(field, value)
    check_json_value(field, value)
    for key in trace_string_keys():
        if key in value:
            check_str(f"{field}.{key}", value[key])


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_multiple(value: Any, limit: Any) -> bool:
    return bool(value % limit == 0)


# JSON Schema's limit keywords on numbers: the comparison a value must pass, and its words.
_NUMBER_LIMITS: Mapping[str, tuple[Callable[[Any, Any], bool], str]] = {
    "maximum": (operator.le, "at most"),
    "minimum": (operator.ge, "at least"),
    "exclusiveMaximum": (operator.lt, "less than"),
    "exclusiveMinimum": (operator.gt, "more than"),
    "multipleOf": (_is_multiple, "a multiple of"),
}
LIMIT_KEYWORDS = frozenset({"maxLength", "minLength", "pattern", "maxItems", "minItems", *_NUMBER_LIMITS})


def limit_problem(keyword: str, value: Any, limit: Any) -> str | None:
    """What is wrong with ``value`` under one JSON Schema limit keyword; None when nothing is, or
    when the keyword does not apply to a value of its kind (as in JSON Schema)."""
    if isinstance(value, str):
        if keyword == "maxLength" and len(value) > limit:
            return f"is {len(value)} characters long, at most {limit} are allowed"
        if keyword == "minLength" and len(value) < limit:
            return f"is {len(value)} characters long, at least {limit} are needed"
        if keyword == "pattern" and not re.search(limit, value):
            return f"does not match the pattern {limit!r}"
    elif isinstance(value, list):
        if keyword == "maxItems" and len(value) > limit:
            return f"has {len(value)} items, at most {limit}"
        if keyword == "minItems" and len(value) < limit:
            return f"has {len(value)} items, at least {limit}"
    elif _is_number(value) and keyword in _NUMBER_LIMITS:
        allowed, words = _NUMBER_LIMITS[keyword]
        if not allowed(value, limit):
            return f"is {value!r}, must be {words} {limit!r}"
    return None


def check_limits(field: str, value: Any, limits: Mapping[str, Any]) -> None:
    """The spec's limits on one field; each applies only to values of its kind (as in JSON Schema)."""
    for keyword, limit in limits.items():
        if keyword not in LIMIT_KEYWORDS:  # a keyword the generator template emits but no check knows
            raise NotImplementedError(f"no check for the spec's {keyword!r} on {field}")
        problem = limit_problem(keyword, value, limit)
        if problem is not None:
            raise InvalidInputError(field, problem)


def _ascii_base64(value: str) -> bytes | None:
    """``value``'s bytes if it is base64: standard alphabet, padded to a multiple of 4, at most two
    "=" and only at the end; checked at the cost of one scan in C (bytes.translate), not a decode
    (5 MB of audio: 7 ms, a regex 17), and without another copy of the audio."""
    if len(value) % 4 or not value.isascii():
        return None
    raw = value.encode("ascii")
    tail = raw[-2:]
    padding = len(tail) - len(tail.rstrip(b"="))
    # Deleting the alphabet leaves what is not in it: nothing but the padding may be left.
    return raw if raw.translate(None, _BASE64_ALPHABET) == b"=" * padding else None


def base64_audio(field: str, value: Any) -> bytes:
    """``value`` checked as base64 audio (raises ``InvalidInputError``), as its ASCII bytes."""
    if not isinstance(value, str):
        raise InvalidInputError(
            field,
            f"must be a base64 string, got {_type_name(value)}",
            "Encode the bytes: base64.b64encode(audio).decode()",
        )
    if value.startswith("data:"):
        prefix = value.partition(",")[0] + ","
        raise InvalidInputError(
            field, "is a data URI; raw base64 is required", f"Strip the {prefix!r} prefix"
        )
    if not value.lstrip("="):  # (lstrip: a string not starting with "=" is not copied)
        raise InvalidInputError(field, "is empty: no audio to transcribe")
    raw = _ascii_base64(value)
    if raw is None:
        raise InvalidInputError(
            field,
            "is not valid base64 (standard alphabet, padded, no line breaks)",
            "Encode the raw bytes with base64.b64encode(audio).decode()",
        )
    return raw


def check_base64_audio(field: str, value: Any) -> None:
    base64_audio(field, value)


def check_input_audio(field: str, value: Any) -> None:
    check_object(field, value)
    if "url" in value:
        if "data" in value:
            raise InvalidInputError(field, "has both data and url", "Pass either inline data or a url")
        check_url(f"{field}.url", value["url"])
        if "format" in value:
            check_audio_format(f"{field}.format", value["format"])
        elif extension_of(urlsplit(value["url"]).path) not in AUDIO_FORMATS:
            raise InvalidInputError(
                f"{field}.format",
                "is required when the URL path has no audio extension",
                f"Pass format, one of {FORMATS_HINT}",
            )
        return
    for key in ("data", "format"):
        if key not in value:
            raise InvalidInputError(
                f"{field}.{key}", "is required", 'Pass {"data": <base64>, "format": "wav"} or {"url": ...}'
            )
    check_base64_audio(f"{field}.data", value["data"])
    check_audio_format(f"{field}.format", value["format"])


# The body fields both request bodies have, keyed by their JSON name.
_COMMON_FIELDS: Mapping[str, Callable[[str, Any], None]] = {
    "model": check_model,
    "language": check_str,
    "temperature": check_temperature,
    "diarize": check_bool,
    "session_id": check_str,
    "user": check_str,
}
JSON_FIELDS: Mapping[str, Callable[[str, Any], None]] = {
    **_COMMON_FIELDS,
    "response_format": partial(check_enum, choices=STTRequestResponseFormat),
    "input_audio": check_input_audio,
    "timestamp_granularities": partial(check_enum_list, choices=STTTimestampGranularity),
    "keyterms": check_str_list,
    "provider": check_provider,
    "trace": check_trace,
}


def _check_fields(
    body: Mapping[str, Any], checks: Mapping[str, Callable[[str, Any], None]], limits: Mapping[str, Any]
) -> None:
    for name, check in checks.items():
        if name in body:
            check(name, body[name])
            check_limits(name, body[name], limits.get(name, {}))


def check_json_fields(fields: Mapping[str, Any]) -> None:
    """Check the fields of an ``STTRequest`` JSON body that are given (as a dict, in wire form)."""
    _check_fields(fields, JSON_FIELDS, JSON_LIMITS)


def check_json_text(field: str, value: Any, check: Callable[[str, Any], None]) -> None:
    """Multipart carries ``provider`` and ``trace`` as JSON text: parse it, then ``check`` the object."""
    if not isinstance(value, str):
        raise InvalidInputError(field, f"must be JSON text, got {_type_name(value)}")
    try:
        decoded = json.loads(value)
    except ValueError:
        raise InvalidInputError(field, "is not valid JSON") from None
    check(field, decoded)


MULTIPART_FIELDS: Mapping[str, Callable[[str, Any], None]] = {
    **_COMMON_FIELDS,
    "response_format": partial(check_enum, choices=CreateAudioTranscriptionsFilesBodyResponseFormat),
    "source_url": check_url,
    "timestamp_granularities[]": partial(
        check_enum_list, choices=CreateAudioTranscriptionsFilesBodyTimestampGranularitiesItem
    ),
    "keyterms[]": check_str_list,
    "provider": partial(check_json_text, check=check_provider),
    "trace": partial(check_json_text, check=check_trace),
}


def check_multipart_form(form: Mapping[str, Any]) -> None:
    """Check a multipart body given as {part name: decoded value}; ``file`` only by its presence."""
    if "model" not in form:
        raise InvalidInputError("model", "is required")
    if ("file" in form) == ("source_url" in form):
        raise InvalidInputError(
            "file",
            "exactly one of file and source_url is required",
            "Pass the audio as file, or its public URL as source_url",
        )
    _check_fields(form, MULTIPART_FIELDS, MULTIPART_LIMITS)


def check_multipart_size(field: str, size: int) -> None:
    if size > MULTIPART_BODY_LIMIT:
        raise InvalidInputError(
            field,
            f"makes a multipart body of {size:,} bytes; the API takes at most {MULTIPART_BODY_LIMIT:,}, "
            "form parts included",
            "Send it as base64 JSON with create_transcription(input_audio=...) or by URL",
        )
