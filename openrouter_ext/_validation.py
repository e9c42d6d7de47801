"""Checks of a request body in its wire form, raising ``InvalidInputError`` naming field and fix.

The SDK runs them before sending anything; the local stand-in server runs the same checks on
what it receives and answers 400 when they fail, as OpenRouter does.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

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
RESPONSE_FORMATS = ("json", "verbose_json")
TIMESTAMP_GRANULARITIES = ("word", "segment")
DATA_COLLECTION = ("deny", "allow")
TRACE_STRING_KEYS = ("trace_id", "trace_name", "span_name", "generation_name", "parent_span_id")
SESSION_ID_MAX_LENGTH = 256
MULTIPART_FILE_LIMIT = 25 * 1024 * 1024

_BASE64 = re.compile(r"[A-Za-z0-9+/]*={0,2}")
_FORMATS_HINT = "one of " + ", ".join(sorted(AUDIO_FORMATS))


def extension_of(name: str) -> str:
    """The lower-case extension of a file name or URL path, without the dot ("" when none)."""
    return PurePosixPath(name).suffix.lower().lstrip(".")


def format_of_content_type(content_type: str) -> str | None:
    """The audio format a content type names, if it names one known here."""
    return _CONTENT_TYPE_FORMATS.get(content_type.split(";")[0].strip().lower())


def _type_name(value: Any) -> str:
    return type(value).__name__


def check_str(field: str, value: Any, *, max_length: int | None = None) -> None:
    if not isinstance(value, str):
        raise InvalidInputError(field, f"must be a string, got {_type_name(value)}")
    if not value.strip():
        raise InvalidInputError(field, "must not be empty", "Omit it or pass a value")
    if max_length is not None and len(value) > max_length:
        raise InvalidInputError(field, f"is {len(value)} characters long, at most {max_length} are allowed")


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
        raise InvalidInputError(field, f"unknown audio format {value!r}", f"Pass {_FORMATS_HINT}")


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


def check_granularities(field: str, value: Any) -> None:
    if isinstance(value, str) or not isinstance(value, list):
        raise InvalidInputError(field, f"must be a list, got {_type_name(value)}", 'Pass e.g. ["segment"]')
    for index, item in enumerate(value):
        check_choice(f"{field}[{index}]", item, TIMESTAMP_GRANULARITIES)


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
        check_choice(f"{field}.data_collection", value["data_collection"], DATA_COLLECTION)


def check_trace(field: str, value: Any) -> None:
    check_object(field, value)
    check_json_value(field, value)
    for key in TRACE_STRING_KEYS:
        if key in value:
            check_str(f"{field}.{key}", value[key])


def check_session_id(field: str, value: Any) -> None:
    check_str(field, value, max_length=SESSION_ID_MAX_LENGTH)


def check_base64_audio(field: str, value: Any) -> None:
    if not isinstance(value, str):
        raise InvalidInputError(
            field,
            f"must be a base64 string, got {_type_name(value)}",
            "Encode the bytes: base64.b64encode(audio).decode()",
        )
    if value.startswith("data:"):
        prefix = value.split(",", 1)[0] + ","
        raise InvalidInputError(
            field, "is a data URI; raw base64 is required", f"Strip the {prefix!r} prefix"
        )
    if not value.rstrip("="):
        raise InvalidInputError(field, "is empty: no audio to transcribe")
    if len(value) % 4 or not _BASE64.fullmatch(value):
        raise InvalidInputError(
            field,
            "is not valid base64 (standard alphabet, padded, no line breaks)",
            "Encode the raw bytes with base64.b64encode(audio).decode()",
        )


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
                f"Pass format, {_FORMATS_HINT}",
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
    "response_format": lambda field, value: check_choice(field, value, RESPONSE_FORMATS),
    "diarize": check_bool,
    "session_id": check_session_id,
    "user": check_str,
}
JSON_FIELDS: Mapping[str, Callable[[str, Any], None]] = {
    **_COMMON_FIELDS,
    "input_audio": check_input_audio,
    "timestamp_granularities": check_granularities,
    "keyterms": check_str_list,
    "provider": check_provider,
    "trace": check_trace,
}


def _check_fields(body: Mapping[str, Any], checks: Mapping[str, Callable[[str, Any], None]]) -> None:
    for name, check in checks.items():
        if name in body:
            check(name, body[name])


def check_json_body(body: Mapping[str, Any]) -> None:
    """Check an ``STTRequest`` JSON body (as a dict)."""
    for name in ("model", "input_audio"):
        if name not in body:
            raise InvalidInputError(name, "is required")
    _check_fields(body, JSON_FIELDS)


def _check_json_string(check: Callable[[str, Any], None]) -> Callable[[str, Any], None]:
    """Multipart carries ``provider`` and ``trace`` as JSON text: parse it, then check the object."""

    def check_encoded(field: str, value: Any) -> None:
        if not isinstance(value, str):
            raise InvalidInputError(field, f"must be JSON text, got {_type_name(value)}")
        try:
            decoded = json.loads(value)
        except ValueError:
            raise InvalidInputError(field, "is not valid JSON") from None
        check(field, decoded)

    return check_encoded


MULTIPART_FIELDS: Mapping[str, Callable[[str, Any], None]] = {
    **_COMMON_FIELDS,
    "source_url": check_url,
    "timestamp_granularities[]": check_granularities,
    "keyterms[]": check_str_list,
    "provider": _check_json_string(check_provider),
    "trace": _check_json_string(check_trace),
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
    _check_fields(form, MULTIPART_FIELDS)


def check_upload_size(field: str, size: int) -> None:
    if size == 0:
        raise InvalidInputError(field, "is empty: no audio to transcribe")
    if size > MULTIPART_FILE_LIMIT:
        raise InvalidInputError(
            field,
            f"is {size:,} bytes; multipart uploads are limited to {MULTIPART_FILE_LIMIT:,}",
            "Send it as base64 JSON with create_transcription(input_audio=...) or by URL",
        )
