"""The JSON body (``STTRequest``), and the audio spliced into it while it is sent.

Local audio is not base64-encoded into the body when it is built: the body holds a random
placeholder where ``input_audio.data`` goes, and the bytes written on the wire replace it with the
audio's base64, encoded a chunk at a time (memory stays bounded whatever the audio's size). Long
base64 the caller gave inline is checked once and spliced in the same way, as it is, rather than
written again by the JSON encoder.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from openrouter_ext_generated.models import STTRequest

from . import _validation as check
from ._config import RequestOptions
from ._transport import SizedStream

if TYPE_CHECKING:
    from ._audio_input import LocalAudio

# Base64 given inline at least this long is spliced into the body as it is (it holds nothing JSON
# must escape, once checked) rather than written again by json.dumps: a scan saved per call.
INLINE_SPLICE_CHARS = 64 * 1024
# Local audio at least this long is base64-encoded a chunk at a time while it is sent; shorter
# audio is encoded at once into the body.
STREAMED_FROM = 64 * 1024
_JSON = json.JSONEncoder(separators=(",", ":"), allow_nan=False)  # made once: json.dumps makes one per call


class JSONRequest(NamedTuple):
    """A JSON body; when ``audio`` or ``inline`` is set, its ``input_audio.data`` is
    ``placeholder``, to be replaced while the body is sent by the audio's base64 (encoded a chunk
    at a time) or by ``inline`` (base64 the caller gave, checked and sent as it is)."""

    body: STTRequest
    options: RequestOptions
    audio: LocalAudio | None = None
    placeholder: str = ""
    inline: bytes | None = None


def _body(fields: Mapping[str, Any], input_audio: dict[str, Any]) -> STTRequest:
    """The body from checked ``fields`` (wire form) and ``input_audio``, which is checked here."""
    check.check_input_audio("input_audio", input_audio)
    return STTRequest.from_dict({**fields, "input_audio": input_audio})


def given_audio_request(
    fields: Mapping[str, Any], options: RequestOptions, spec_form: dict[str, Any]
) -> JSONRequest:
    """The request for audio in the spec's own form (inline base64 or a URL)."""
    data = spec_form.get("data")
    if isinstance(data, str) and len(data) >= INLINE_SPLICE_CHARS and "url" not in spec_form:
        inline = check.base64_audio("input_audio.data", data)  # checked once, its bytes kept
        placeholder = secrets.token_hex(16)
        return JSONRequest(_body(fields, {**spec_form, "data": placeholder}), options,
                           placeholder=placeholder, inline=inline)  # fmt: skip
    return JSONRequest(_body(fields, spec_form), options)


def local_audio_request(fields: Mapping[str, Any], options: RequestOptions, audio: LocalAudio) -> JSONRequest:
    """The request for local audio, to be base64-encoded while it is sent."""
    placeholder = secrets.token_hex(16)  # random: cannot collide with any other text of the body
    body = _body(fields, {"data": placeholder, "format": audio.format})
    return JSONRequest(body, options, audio, placeholder)


def content(request: JSONRequest, generated_json: Any) -> bytes | SizedStream:
    """The body's bytes; with local audio from ``STREAMED_FROM`` bytes on, a stream that base64-encodes
    it a chunk at a time while it is sent (never a full copy of either), its length known in advance."""
    text = _JSON.encode(generated_json).encode()
    audio, inline = request.audio, request.inline
    if audio is None and inline is None:
        return text
    prefix, _, suffix = text.partition(request.placeholder.encode())
    if inline is not None:
        return SizedStream(len(prefix) + len(inline) + len(suffix), lambda: (prefix, inline, suffix))
    assert audio is not None
    if audio.size < STREAMED_FROM:  # one body, one send: no chunk generator to drive
        return b"".join((prefix, *audio.iter_base64(), suffix))

    def chunks() -> Iterator[bytes]:
        yield prefix
        yield from audio.iter_base64()
        yield suffix

    return SizedStream(len(prefix) + audio.base64_size + len(suffix), chunks)
