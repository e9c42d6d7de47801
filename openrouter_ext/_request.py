"""One call, ready to send: the generated request builder's output, adapted, with the call's settings.

The generated ``_get_kwargs`` decides path, method, header names and body encoding. Two things in
its output are adapted here, and only here:

* multipart: it pins ``Content-Type: multipart/form-data; boundary=+++``, which httpx would reuse,
  so audio containing ``\\r\\n--+++`` would corrupt the upload. The header is dropped so that httpx
  picks a random boundary per request.
* multipart: it writes booleans as ``str(True)`` = ``"True"``; the form value is ``"true"``. Only the
  parts that are booleans in the body model are rewritten: a keyterm "True" stays as it is.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from openrouter_ext_generated.api.stt import create_audio_transcriptions
from openrouter_ext_generated.models import CreateAudioTranscriptionsFilesBody
from openrouter_ext_generated.types import UNSET, RequestFiles

from . import _json_body as json_body
from ._config import APP_HEADER_OPTIONS, ClientConfig, check_options
from ._json_body import JSONRequest
from ._response import DocumentedParser
from ._transport import Call, SizedStream

if TYPE_CHECKING:
    from ._multipart import MultipartRequest


def _multipart(body: CreateAudioTranscriptionsFilesBody, files: RequestFiles) -> RequestFiles:
    """The generated parts, with the body's booleans written as JSON writes them."""
    booleans = {name: value for name, value in body.to_dict().items() if isinstance(value, bool)}
    return [
        (name, (None, json.dumps(booleans[name]).encode(), part[2])) if name in booleans else (name, part)
        for name, part in files
    ]


def prepare(request: JSONRequest | MultipartRequest, config: ClientConfig) -> Call:
    """Build the call: generated request kwargs + client settings + per-call overrides."""
    body, options = request.body, request.options
    if options:  # most calls have no per-call options
        check_options(options)
    app = {name: options.get(name) or config.app_headers.get(name) or UNSET for name in APP_HEADER_OPTIONS}
    generated = create_audio_transcriptions._get_kwargs(body=body, **app)  # type: ignore[arg-type]
    headers = generated["headers"]  # made for this call: ours to add to
    headers["Authorization"] = f"Bearer {config.api_key.get()}"
    content: bytes | SizedStream | None = None
    files = None
    if isinstance(request, JSONRequest):
        content = json_body.content(request, generated["json"])
    else:
        assert isinstance(body, CreateAudioTranscriptionsFilesBody)
        headers.pop("Content-Type")  # the pinned boundary; httpx writes a random one
        files = _multipart(body, generated["files"])
    headers.update(options.get("http_headers") or {})
    return Call(
        method=generated["method"].upper(),
        url=(options.get("server_url") or config.options.server_url).rstrip("/") + generated["url"],
        headers=headers,
        retries=options.get("retries") or config.options.retries,
        content=content,
        files=files,
        timeout_ms=options.get("timeout_ms") or config.options.timeout_ms,
        documented=create_audio_transcriptions._parse_response,
    )


def prepare_get(generated: Mapping[str, Any], config: ClientConfig, documented: DocumentedParser) -> Call:
    """A catalog operation's call (``GET /models``, ``GET /key``) from its generated ``_get_kwargs``:
    the query it built (unset values left out), the key, the client's settings."""
    query = {
        name: str(value).lower() if isinstance(value, bool) else value
        for name, value in (generated.get("params") or {}).items()
        if value is not UNSET and value is not None
    }
    url = config.options.server_url.rstrip("/") + generated["url"]
    return Call(
        method=generated["method"].upper(),
        url=url + ("?" + urlencode(query) if query else ""),
        headers={"Authorization": f"Bearer {config.api_key.get()}"},
        retries=config.options.retries,
        timeout_ms=config.options.timeout_ms,
        documented=documented,
    )
