"""The keyword arguments of the ``stt`` methods, and their conversion into the generated body models.

Arguments may be plain values, dicts or the generated attrs models and enums; each is brought to
its wire form, checked (``_validation``), and handed to the generated model's ``from_dict``.
"""

import json
import os
import secrets
from collections.abc import Mapping, Sequence
from contextlib import ExitStack
from enum import Enum
from typing import IO, Any, Literal, Required, TypedDict

import attrs
import httpx
from openrouter_ext_generated.models import (
    CreateAudioTranscriptionsFilesBody,
    CreateAudioTranscriptionsFilesBodyResponseFormat,
    STTInlineInputAudio,
    STTRequest,
    STTRequestProvider,
    STTRequestResponseFormat,
    STTTimestampGranularity,
    STTURLInputAudio,
    TraceConfig,
)
from openrouter_ext_generated.types import File

from . import _validation as check
from ._audio_input import LocalAudio, local_audio
from ._config import RequestOptions
from .errors import InvalidInputError

ResponseFormat = (
    Literal["json", "verbose_json"]
    | STTRequestResponseFormat
    | CreateAudioTranscriptionsFilesBodyResponseFormat
)
TimestampGranularity = Literal["word", "segment"] | STTTimestampGranularity
InputAudio = STTInlineInputAudio | STTURLInputAudio | Mapping[str, str]
Provider = STTRequestProvider | Mapping[str, Any]
Trace = TraceConfig | Mapping[str, Any]
FileContent = bytes | bytearray | memoryview | IO[bytes]
# Audio as users have it: a path, bytes, a binary file object (seekable or not).
AudioSource = str | os.PathLike[str] | FileContent
Upload = File | AudioSource | tuple[str, FileContent] | tuple[str, FileContent, str] | Mapping[str, Any]
SendAs = Literal["auto", "json", "multipart"]


class _CommonParams(TypedDict, total=False):
    audio_format: str | None  # the format of a path/bytes/file input, when sniffing cannot tell
    language: str | None
    provider: Provider | None
    temperature: float | None
    response_format: ResponseFormat | None
    timestamp_granularities: Sequence[TimestampGranularity] | None
    diarize: bool | None
    keyterms: Sequence[str] | None
    session_id: str | None
    trace: Trace | None
    user: str | None


class TranscriptionParams(_CommonParams, RequestOptions, total=False):
    """Arguments of ``create_transcription``: the ``STTRequest`` JSON body, plus request options.

    ``input_audio`` is the spec's dict/model, or an http(s) URL string, or local audio (a path,
    bytes, a binary file object). Local audio goes as a multipart upload when it fits (25 MB) and
    as streamed base64 JSON otherwise; ``send_as="json"`` / ``"multipart"`` forces either.
    """

    input_audio: Required[InputAudio | AudioSource]
    model: Required[str]
    send_as: SendAs | None


class MultipartTranscriptionParams(_CommonParams, RequestOptions, total=False):
    """Arguments of ``create_transcription_multipart``: the multipart body, plus request options.

    ``file`` is a generated ``File``, a dict ``{"file_name", "content", "content_type"}``, a tuple
    ``(file_name, content[, content_type])``, or bytes / a binary file object with a file name.
    """

    model: Required[str]
    file: Upload | None
    source_url: str | None


OPTION_NAMES = frozenset(RequestOptions.__annotations__)
# Multipart part names that differ from the argument names.
_MULTIPART_NAMES = {"keyterms": "keyterms[]", "timestamp_granularities": "timestamp_granularities[]"}


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _wire(value: Any) -> Any:
    """A plain-JSON copy of ``value``: generated models become dicts, enums their values."""
    if type(value) in _SCALARS:  # most arguments: answered before the isinstance checks below
        return value
    if isinstance(value, Enum):
        return value.value
    if attrs.has(type(value)) and hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, Mapping):
        return {key: _wire(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_wire(item) for item in value]
    return value


def _reject_unknown(given: Mapping[str, Any], params: type[Any]) -> None:
    known = params.__required_keys__ | params.__optional_keys__
    for name in given.keys() - known:
        import difflib  # only to word this error: a call that passes never loads it

        close = difflib.get_close_matches(name, known, n=1)
        raise InvalidInputError(
            name, "is not an argument of this method", f"Did you mean {close[0]}?" if close else ""
        )
    for name in params.__required_keys__:
        if given.get(name) is None:
            raise InvalidInputError(name, "is required")


def split_options(kwargs: Mapping[str, Any]) -> tuple[dict[str, Any], RequestOptions]:
    """Separate body fields from request options, dropping ``None`` (= not given)."""
    body = {name: value for name, value in kwargs.items() if value is not None and name not in OPTION_NAMES}
    options: RequestOptions = {name: value for name, value in kwargs.items() if name in OPTION_NAMES}  # type: ignore[assignment]
    return body, options


def _input_audio(value: Any) -> dict[str, Any]:
    audio = _wire(value)
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


@attrs.frozen
class JSONRequest:
    """A JSON body; when ``audio`` or ``inline`` is set, its ``input_audio.data`` is
    ``placeholder``, to be replaced while the body is sent by the audio's base64 (encoded a chunk
    at a time) or by ``inline`` (base64 the caller gave, checked and sent as it is)."""

    body: STTRequest
    options: RequestOptions
    audio: LocalAudio | None = None
    placeholder: str = ""
    inline: bytes | None = None


# Base64 given inline at least this long is spliced into the body as it is (it holds nothing JSON
# must escape, once checked) rather than written again by json.dumps: a scan saved per call.
INLINE_SPLICE_CHARS = 64 * 1024


@attrs.frozen
class MultipartRequest:
    body: CreateAudioTranscriptionsFilesBody
    options: RequestOptions


def transcription_request(kwargs: Mapping[str, Any], opened: ExitStack) -> JSONRequest | MultipartRequest:
    """``create_transcription``'s arguments as the request to send (files it opens go on ``opened``)."""
    _reject_unknown(kwargs, TranscriptionParams)
    fields, options = split_options(kwargs)
    source = fields.pop("input_audio")
    send_as = fields.pop("send_as", "auto")
    check.check_choice("send_as", send_as, ("auto", "json", "multipart"))
    audio_format = fields.pop("audio_format", None)
    if is_spec_form(source) or is_url(source):
        spec_form = _input_audio({"url": source} if is_url(source) else source)
        if audio_format is not None:
            spec_form["format"] = audio_format
        data = spec_form.get("data")
        if isinstance(data, str) and len(data) >= INLINE_SPLICE_CHARS and "url" not in spec_form:
            inline = check.base64_audio("input_audio.data", data)  # checked once, its bytes kept
            placeholder = secrets.token_hex(16)
            body = _json_body(fields, {**spec_form, "data": placeholder})  # the rest checked here
            return JSONRequest(body, options, placeholder=placeholder, inline=inline)
        return JSONRequest(_json_body(fields, spec_form), options)
    audio = local_audio("input_audio", source, audio_format)
    if send_as != "json":
        form = _form({**fields, **options, "file": audio})
        if send_as == "multipart" or form.fits():
            return form.opened(opened)
    placeholder = secrets.token_hex(16)  # random: cannot collide with any other text of the body
    body = _json_body(fields, {"data": placeholder, "format": audio.format})
    return JSONRequest(body, options, audio, placeholder)


def _json_body(fields: Mapping[str, Any], input_audio: dict[str, Any]) -> STTRequest:
    wire = {name: _wire(value) for name, value in fields.items()}
    wire["input_audio"] = input_audio
    check.check_json_body(wire)
    return STTRequest.from_dict(wire)


def _json_text(field: str, value: Any) -> str:
    if isinstance(value, str):
        return value  # already JSON; the form check parses it
    wire = _wire(value)
    check.check_object(field, wire)
    check.check_json_value(field, wire)
    return json.dumps(wire, separators=(",", ":"))


# More than httpx writes around a part besides its name, file name and content type (which may
# be escaped to thrice their length): two boundary lines of 32 characters, the headers' fixed text.
_PART_FRAMING = 256


@attrs.frozen
class _Form:
    """A multipart body checked and ready but for opening its file: ``audio`` with its part's
    content type ``mime``."""

    body: CreateAudioTranscriptionsFilesBody
    options: RequestOptions
    audio: LocalAudio | None
    mime: str | None

    def _parts(self) -> list[tuple[str, Any]]:
        """The parts as httpx takes them, the file's content left empty."""
        assert self.audio is not None
        file = (self.audio.name, b"", self.mime or self.audio.content_type)
        parts = [(name, file if name == "file" else part) for name, part in self.body.to_multipart()]
        return parts if self.body.file else [*parts, ("file", file)]

    def size(self) -> int:
        """The exact length of the body on the wire: httpx measures the form with an empty file
        part (its boundary is always 32 characters), and the file's own size is added."""
        if self.audio is None:
            return 0
        form = httpx.Request("POST", "http://length.invalid/", files=self._parts())
        return int(form.headers["Content-Length"]) + self.audio.size

    def framing_bound(self) -> int:
        """At least what the form adds to the file: per part its bytes, names at thrice their
        encoded length (escaping), and more than httpx's fixed framing; then the closing line."""
        return _PART_FRAMING + sum(
            _PART_FRAMING
            + len(part[1])
            + 3 * sum(len((text or "").encode()) for text in (name, part[0], part[2]))
            for name, part in self._parts()
        )

    def fits(self) -> bool:
        """Whether the body is within the API's limit. Measured exactly only near the limit (≈ 50 µs):
        far below it, the bound on the form's framing already says so."""
        if self.audio is None:
            return True
        if self.audio.size + self.framing_bound() <= check.MULTIPART_BODY_LIMIT:
            return True
        return self.size() <= check.MULTIPART_BODY_LIMIT

    def opened(self, opened: ExitStack) -> MultipartRequest:
        """The request to send; refused if its body is over the API's limit (files it opens go on
        ``opened``)."""
        if self.audio is not None:
            if not self.fits():
                check.check_multipart_size("file", self.size())
            content_type = self.mime or self.audio.content_type
            self.body.file = File(payload=opened.enter_context(self.audio.open()), file_name=self.audio.name,
                                  mime_type=content_type)  # fmt: skip
        return MultipartRequest(self.body, self.options)


def _form(kwargs: Mapping[str, Any]) -> _Form:
    """``create_transcription_multipart``'s arguments, checked, as a body whose file is not open yet."""
    _reject_unknown(kwargs, MultipartTranscriptionParams)
    fields, options = split_options(kwargs)
    upload = fields.pop("file", None)
    audio_format = fields.pop("audio_format", None)
    form = {_MULTIPART_NAMES.get(name, name): _wire(value) for name, value in fields.items()}
    for name in ("provider", "trace"):
        if name in form:
            form[name] = _json_text(name, form[name])
    check.check_multipart_form(form if upload is None else {**form, "file": upload})
    body = CreateAudioTranscriptionsFilesBody.from_dict(form)
    audio, mime = upload_audio(upload, audio_format) if upload is not None else (None, None)
    return _Form(body, options, audio, mime)


def multipart_request(kwargs: Mapping[str, Any], opened: ExitStack) -> MultipartRequest:
    """``create_transcription_multipart``'s arguments as the request to send (files it opens go on
    ``opened``)."""
    return _form(kwargs).opened(opened)


def _named_upload(value: Any) -> tuple[str, str | None, Any, str | None] | None:
    """(argument name, file name, content, content type) of the forms that name their file."""
    if isinstance(value, File):
        return "file", value.file_name, value.payload, value.mime_type
    if isinstance(value, Mapping):
        return "file.content", value.get("file_name"), value.get("content"), value.get("content_type")
    if isinstance(value, tuple) and len(value) in (2, 3) and isinstance(value[0], str | None):
        return "file", value[0], value[1], value[2] if len(value) == 3 else None
    return None


def upload_audio(value: Any, audio_format: str | None) -> tuple[LocalAudio, str | None]:
    """The multipart ``file`` argument as audio, and the content type it was given (if any).

    A named form (``(name, content[, content_type])``, a dict, a ``File``) states its format by its
    name or content type; any other is resolved by ``local_audio`` (sniffed, else its own name).
    """
    mime = None
    named = _named_upload(value)
    if named is not None:
        field, name, content, mime = named
        extension = check.extension_of(name or "")
        stated = extension if extension in check.AUDIO_FORMATS else check.format_of_content_type(mime or "")
        if audio_format is None and stated is None:
            raise InvalidInputError(
                "file",
                f"has no audio file name or content type (file name {name!r})",
                'Name it: file=("speech.wav", data), or pass a file opened from a path with an audio extension',
            )
        value = local_audio(field, content, audio_format or stated, name)
    elif not isinstance(value, LocalAudio):
        value = local_audio("file", value, audio_format)
    return value, mime
