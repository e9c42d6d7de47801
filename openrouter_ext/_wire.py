"""Keyword arguments in their wire form: generated models as dicts, enums as their values, request
options apart from body fields, and the checks every call's arguments get before any body is built.
"""

from collections.abc import Mapping
from enum import Enum
from typing import Any, NamedTuple

import attrs
from openrouter_ext_generated.models import STTInlineInputAudio, STTURLInputAudio

from . import _validation as check
from ._config import RequestOptions
from ._params import OPTION_NAMES, TranscriptionParams
from .errors import InvalidInputError

_SCALARS = frozenset({str, int, float, bool, type(None)})


def wire(value: Any) -> Any:
    """A plain-JSON copy of ``value``: generated models become dicts, enums their values."""
    if type(value) in _SCALARS:  # most arguments: answered before the isinstance checks below
        return value
    if isinstance(value, Enum):
        return value.value
    if attrs.has(type(value)) and hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, Mapping):
        return {key: wire(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [wire(item) for item in value]
    return value


def reject_unknown(
    given: Mapping[str, Any], params: type[Any], *, besides: frozenset[str] = frozenset()
) -> None:
    """Refuse a name ``params`` (a TypedDict) does not have, and a required one missing (but those
    ``besides``)."""
    known = params.__required_keys__ | params.__optional_keys__
    for name in given.keys() - known:
        import difflib  # only to word this error: a call that passes never loads it

        close = difflib.get_close_matches(name, known, n=1)
        raise InvalidInputError(
            name, "is not an argument of this method", f"Did you mean {close[0]}?" if close else ""
        )
    for name in params.__required_keys__ - besides:
        if given.get(name) is None:
            raise InvalidInputError(name, "is required")


def split_options(kwargs: Mapping[str, Any]) -> tuple[dict[str, Any], RequestOptions]:
    """Separate body fields from request options, dropping ``None`` (= not given)."""
    body = {name: value for name, value in kwargs.items() if value is not None and name not in OPTION_NAMES}
    options: RequestOptions = {name: value for name, value in kwargs.items() if name in OPTION_NAMES}  # type: ignore[assignment]
    return body, options


def input_audio(value: Any) -> dict[str, Any]:
    """The spec's form of ``input_audio`` (a dict or a generated model) as a plain dict."""
    audio = wire(value)
    if not isinstance(audio, dict):
        raise InvalidInputError(
            "input_audio",
            f"must be a dict or a generated input audio model, got {type(value).__name__}",
            'Pass {"data": <base64>, "format": "wav"} or {"url": ...}',
        )
    if "format_" in audio:  # the generated model's (and the official SDK's) Python spelling
        spelled = audio.pop("format_")
        if audio.setdefault("format", spelled) != spelled:
            raise InvalidInputError("input_audio", "has both format and format_, with different values")
    for key in audio.keys() - {"data", "format", "url"}:
        raise InvalidInputError(
            f"input_audio.{key}",
            "is not a field of input_audio",
            'Pass {"data": <base64>, "format": "wav"} or {"url": ..., "format": ...}',
        )
    if isinstance(audio.get("format"), str):
        audio["format"] = audio["format"].lower().lstrip(".")
    return audio


def is_url(value: Any) -> bool:
    """Whether ``input_audio`` is a URL (sent as the spec's URL form, for the provider to fetch)."""
    return isinstance(value, str) and value.lower().startswith(("https://", "http://"))


def is_spec_form(value: Any) -> bool:
    """Whether ``input_audio`` is the spec's own form (a dict or a generated model), sent as it is."""
    return isinstance(value, Mapping | STTInlineInputAudio | STTURLInputAudio)


class Arguments(NamedTuple):
    """``create_transcription``'s arguments, checked but for the audio: body fields in wire form
    (``input_audio``, ``send_as`` and ``audio_format`` taken out), request options apart."""

    fields: dict[str, Any]
    options: RequestOptions
    source: Any  # input_audio as given; None when the caller checks without audio
    send_as: str
    audio_format: str | None


def arguments(kwargs: Mapping[str, Any], *, audio: bool = True) -> Arguments:
    """``create_transcription``'s arguments, checked by the rules of its JSON body (the multipart body
    carries the same fields), all but ``input_audio``; without ``audio`` it may be absent. Request
    options are checked where the call is prepared (``_request.prepare``)."""
    reject_unknown(kwargs, TranscriptionParams, besides=frozenset() if audio else frozenset({"input_audio"}))
    fields, options = split_options(kwargs)
    source = fields.pop("input_audio", None)
    send_as = fields.pop("send_as", "auto")
    check.check_choice("send_as", send_as, ("auto", "json", "multipart"))
    audio_format = fields.pop("audio_format", None)
    if audio_format is not None:
        check.check_audio_format("audio_format", audio_format)
    wired = {name: wire(value) for name, value in fields.items()}
    check.check_json_fields(wired)
    return Arguments(wired, options, source, send_as, audio_format)
