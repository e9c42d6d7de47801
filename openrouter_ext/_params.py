"""The keyword arguments of the ``stt`` methods: their public types.

Arguments may be plain values, dicts or the generated attrs models and enums; ``_wire`` brings each
to its wire form, ``_json_body`` and ``_multipart`` build the two request bodies from them.
"""

import os
from collections.abc import Mapping, Sequence
from typing import IO, Any, Literal, Required, TypedDict

from openrouter_ext_generated.models import (
    CreateAudioTranscriptionsFilesBodyResponseFormat,
    STTInlineInputAudio,
    STTRequestProvider,
    STTRequestResponseFormat,
    STTTimestampGranularity,
    STTURLInputAudio,
    TraceConfig,
)
from openrouter_ext_generated.types import File

from ._config import RequestOptions

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
