"""The multipart body (``CreateAudioTranscriptionsFilesBody``): its fields, its file, and its exact
size on the wire, which decides whether local audio may go as multipart (the API counts the whole
body, form parts included, against its 25 MiB)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from contextlib import ExitStack
from typing import Any

import attrs
import httpx
from openrouter_ext_generated.models import CreateAudioTranscriptionsFilesBody
from openrouter_ext_generated.types import File

from . import _validation as check
from ._audio_input import LocalAudio, local_audio
from ._config import RequestOptions
from ._params import MultipartTranscriptionParams
from ._wire import reject_unknown, split_options, wire
from .errors import InvalidInputError

# Multipart part names that differ from the argument names.
_MULTIPART_NAMES = {"keyterms": "keyterms[]", "timestamp_granularities": "timestamp_granularities[]"}


@attrs.frozen
class MultipartRequest:
    body: CreateAudioTranscriptionsFilesBody
    options: RequestOptions


def _json_text(field: str, value: Any) -> str:
    if isinstance(value, str):
        return value  # already JSON; the form check parses it
    plain = wire(value)
    check.check_object(field, plain)
    check.check_json_value(field, plain)
    return json.dumps(plain, separators=(",", ":"))


# More than httpx writes around a part besides its name, file name and content type (which may
# be escaped to thrice their length): two boundary lines of 32 characters, the headers' fixed text.
_PART_FRAMING = 256


@attrs.frozen
class Form:
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


def form(kwargs: Mapping[str, Any]) -> Form:
    """``create_transcription_multipart``'s arguments, checked, as a body whose file is not open yet."""
    reject_unknown(kwargs, MultipartTranscriptionParams)
    fields, options = split_options(kwargs)
    upload = fields.pop("file", None)
    audio_format = fields.pop("audio_format", None)
    parts = {_MULTIPART_NAMES.get(name, name): wire(value) for name, value in fields.items()}
    for name in ("provider", "trace"):
        if name in parts:
            parts[name] = _json_text(name, parts[name])
    check.check_multipart_form(parts if upload is None else {**parts, "file": upload})
    body = CreateAudioTranscriptionsFilesBody.from_dict(parts)
    audio, mime = upload_audio(upload, audio_format) if upload is not None else (None, None)
    return Form(body, options, audio, mime)


def checked_form(fields: Mapping[str, Any], options: RequestOptions, audio: LocalAudio) -> Form:
    """The multipart body of ``create_transcription``'s arguments, whose fields ``_wire.arguments``
    has checked (in wire form, by the JSON body's rules: the same fields, enums and limits as the
    form's, a test holds them equal): built, not checked a second time."""
    parts = {_MULTIPART_NAMES.get(name, name): value for name, value in fields.items()}
    for name in ("provider", "trace"):
        if name in parts:
            parts[name] = json.dumps(parts[name], separators=(",", ":"))
    return Form(CreateAudioTranscriptionsFilesBody.from_dict(parts), options, audio, None)


def multipart_request(kwargs: Mapping[str, Any], opened: ExitStack) -> MultipartRequest:
    """``create_transcription_multipart``'s arguments as the request to send (files it opens go on
    ``opened``)."""
    return form(kwargs).opened(opened)


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
