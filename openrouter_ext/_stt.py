"""``client.stt``: the speech-to-text operation, as a JSON or a multipart body, sync or async.

``Stt`` returns the parsed ``STTResponse``; ``Stt.with_raw_response`` (``SttWithRawResponse``) the
``APIResponse`` it was read from. The first is the second followed by ``parse()``: one path.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any, Unpack

from openrouter_ext_generated.models import STTResponse

from . import _json_body as json_body
from ._config import ClientConfig, check_options
from ._params import MultipartTranscriptionParams, TranscriptionParams
from ._request import prepare
from ._response import APIResponse
from ._transport import Transport
from ._wire import arguments, input_audio, is_spec_form, is_url

if TYPE_CHECKING:
    from ._multipart import MultipartRequest


def goes_as_given(source: Any) -> bool:
    """Whether ``input_audio`` is sent as it is, never read here: a URL, or the spec's own form."""
    return is_url(source) or is_spec_form(source)


def check_transcription_arguments(params: Mapping[str, Any]) -> dict[str, Any]:
    """``create_transcription``'s arguments, all but ``input_audio`` (which may be absent), checked by
    the rules the call applies to them: for a layer that makes calls later (parts of a recording, Ray
    workers) and must refuse bad arguments before reading any audio. Returns the body fields in
    wire form (enums and models as their JSON values)."""
    checked = arguments(params, audio=False)
    check_options(checked.options)
    return checked.fields


def transcription_request(
    kwargs: Mapping[str, Any], opened: ExitStack
) -> json_body.JSONRequest | MultipartRequest:
    """``create_transcription``'s arguments as the request to send (files it opens go on ``opened``):
    the spec's form or a URL as JSON; local audio as multipart when that body fits the API's limit,
    else as base64 JSON (``send_as`` forces either)."""
    checked = arguments(kwargs)
    source, fields, options = checked.source, checked.fields, checked.options
    if goes_as_given(source):
        spec_form = input_audio({"url": source} if is_url(source) else source)
        if checked.audio_format is not None:
            spec_form["format"] = checked.audio_format
        return json_body.given_audio_request(fields, options, spec_form)
    # Local audio only: a call with the spec's form never loads these (nor the multipart model).
    from ._audio_input import local_audio
    from ._multipart import checked_form

    audio = local_audio("input_audio", source, checked.audio_format)
    if checked.send_as != "json":
        body = checked_form(fields, options, audio)
        if checked.send_as == "multipart" or body.fits():
            return body.opened(opened)
    return json_body.local_audio_request(fields, options, audio)


class SttWithRawResponse:
    """``client.stt``'s methods, returning the ``APIResponse`` (status, headers, request id,
    elapsed time, attempts); its ``parse()`` gives the ``STTResponse``. An error status still
    raises its exception."""

    def __init__(self, config: ClientConfig, transport: Transport) -> None:
        self._config = config
        self._transport = transport

    def create_transcription(self, **params: Unpack[TranscriptionParams]) -> APIResponse[STTResponse]:
        """``Stt.create_transcription``, raw."""
        with ExitStack() as opened:
            call = prepare(transcription_request(params, opened), self._config)
            return self._transport.send(call, STTResponse.from_dict)

    async def create_transcription_async(
        self, **params: Unpack[TranscriptionParams]
    ) -> APIResponse[STTResponse]:
        """``Stt.create_transcription_async``, raw."""
        with ExitStack() as opened:
            call = prepare(transcription_request(params, opened), self._config)
            return await self._transport.send_async(call, STTResponse.from_dict)

    def create_transcription_multipart(
        self, **params: Unpack[MultipartTranscriptionParams]
    ) -> APIResponse[STTResponse]:
        """``Stt.create_transcription_multipart``, raw."""
        from ._multipart import multipart_request

        with ExitStack() as opened:
            call = prepare(multipart_request(params, opened), self._config)
            return self._transport.send(call, STTResponse.from_dict)

    async def create_transcription_multipart_async(
        self, **params: Unpack[MultipartTranscriptionParams]
    ) -> APIResponse[STTResponse]:
        """``Stt.create_transcription_multipart_async``, raw."""
        from ._multipart import multipart_request

        with ExitStack() as opened:
            call = prepare(multipart_request(params, opened), self._config)
            return await self._transport.send_async(call, STTResponse.from_dict)


class Stt:
    """``POST /audio/transcriptions`` (operation ``createAudioTranscriptions``).

    Every method takes the request body's fields as keyword arguments (nested values as dicts or
    as the generated models), plus per-call ``http_referer``, ``x_open_router_title``,
    ``x_open_router_categories``, ``retries``, ``server_url``, ``timeout_ms`` and ``http_headers``,
    and returns the generated ``STTResponse`` (``text``, ``usage``, ``segments``, ``words``, ...).
    Arguments are checked before anything is sent: a bad one raises ``InvalidInputError``.
    ``with_raw_response`` has the same methods, returning the response as it came.
    """

    def __init__(self, config: ClientConfig, transport: Transport) -> None:
        self.with_raw_response = SttWithRawResponse(config, transport)

    def create_transcription(self, **params: Unpack[TranscriptionParams]) -> STTResponse:
        """Transcribe audio: ``input_audio`` (a path, bytes, a binary file object, an http(s) URL,
        or the spec's ``{"data": <base64>, "format": "wav"}`` / ``{"url": ...}``) and ``model``
        (required); ``language``, ``provider``, ``temperature``, ``response_format``,
        ``timestamp_granularities``, ``diarize``, ``keyterms``, ``session_id``, ``trace``, ``user``
        (optional). Local audio goes as a multipart upload up to 25 MB, as streamed base64 JSON
        above; ``send_as="json"`` or ``"multipart"`` forces either. Its format is ``audio_format``
        if given, else read from its first bytes, else from its file name."""
        return self.with_raw_response.create_transcription(**params).parse()

    async def create_transcription_async(self, **params: Unpack[TranscriptionParams]) -> STTResponse:
        """``create_transcription`` for async code (asyncio or trio)."""
        return (await self.with_raw_response.create_transcription_async(**params)).parse()

    def create_transcription_multipart(self, **params: Unpack[MultipartTranscriptionParams]) -> STTResponse:
        """Transcribe an uploaded file (multipart/form-data, at most 25 MB): ``model`` (required),
        ``file`` (a path, bytes, a binary file object, or ``(name, content[, content_type])``) or
        ``source_url``; the other body fields as in ``create_transcription``. Files on disk are
        streamed from disk."""
        return self.with_raw_response.create_transcription_multipart(**params).parse()

    async def create_transcription_multipart_async(
        self, **params: Unpack[MultipartTranscriptionParams]
    ) -> STTResponse:
        """``create_transcription_multipart`` for async code (asyncio or trio)."""
        return (await self.with_raw_response.create_transcription_multipart_async(**params)).parse()
