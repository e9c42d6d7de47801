"""OpenRouter speech-to-text for Python: ``POST /audio/transcriptions`` as a typed client.

One request (audio that fits one: a path, bytes, a binary file object, an http(s) URL, or the
spec's ``{"data": <base64>, "format": "wav"}``)::

    from openrouter_ext import OpenRouter

    with OpenRouter() as client:  # the key from $OPENROUTER_API_KEY
        res = client.stt.create_transcription(input_audio="speech.wav", model="openai/whisper-large-v3")
        print(res.text)

A recording of any length, cut at its silences and stitched into one timed transcript (needs the
``audio`` extra: ``pip install "openrouter-ext[audio]"``)::

    from pathlib import Path

    with OpenRouter() as client:
        transcript = client.stt.transcribe(input_audio="meeting.mp3", model="openai/whisper-large-v3",
                                           response_format="verbose_json")
        Path("meeting.srt").write_text(transcript.to_srt())

Live audio, transcribed while it is still arriving (a pipe, standard input, a microphone's
blocks), each part's text as soon as it is answered::

    import sys

    with OpenRouter() as client:
        for chunk in client.stt.transcribe_stream(input_audio=sys.stdin.buffer, model="openai/whisper-large-v3"):
            print(f"{chunk.start:7.1f} s  {chunk.response.text if chunk.response else chunk.error}")

Every method has an ``_async`` twin. The command line is ``openrouter-stt`` (``openrouter-stt
transcribe talk.mp3``; ``--stand-in`` runs it offline). To test without a key or a network:
``openrouter_ext.testing.StandIn``, a local server that judges requests by the API's contract
(the ``testing`` extra). Errors: ``openrouter_ext.errors``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._lazy import attach
from ._version import __version__

if TYPE_CHECKING:  # what type checkers and editors see; at run time each name loads on first use
    from openrouter_ext_generated.models import STTResponse, STTSegment, STTUsage, STTWord
    from openrouter_ext_generated.types import UNSET, File, Unset

    from . import errors, subtitles, utils
    from ._catalog import KeyStatus, Prices, TranscriptionModel
    from ._client import OpenRouter
    from ._config import ClientOptions, InsecureServerURLWarning, RequestOptions
    from ._params import MultipartTranscriptionParams, TranscriptionParams
    from ._profiles import PROFILES, ModelProfile, Source
    from ._recording._estimate import Estimate, RecordingEstimate
    from ._recording._live import AsyncLiveTranscription, LiveTranscription
    from ._recording._transcript import Chunk, Speaker, Transcript
    from ._response import APIResponse
    from ._retry import BackoffStrategy, RetryConfig
    from ._spend import SpendCap
    from .errors import (
        APIConnectionError,
        APIStatusError,
        APITimeoutError,
        IncompleteTranscriptError,
        InvalidInputError,
        OpenRouterError,
        ResponseValidationError,
        SpendCapReachedError,
    )

# The module each public name lives in. `import openrouter_ext` loads none of them: httpx and the
# generated models (most of the start-up time) load with the first name used, so the command
# line's --help, and programs that import the package without calling it yet, start quickly.
_HOMES = {
    "APIConnectionError": ".errors",
    "APIResponse": "._response",
    "APIStatusError": ".errors",
    "APITimeoutError": ".errors",
    "AsyncLiveTranscription": "._recording._live",
    "BackoffStrategy": "._retry",
    "Chunk": "._recording._transcript",
    "ClientOptions": "._config",
    "Estimate": "._recording._estimate",
    "File": "openrouter_ext_generated.types",
    "IncompleteTranscriptError": ".errors",
    "InsecureServerURLWarning": "._config",
    "InvalidInputError": ".errors",
    "KeyStatus": "._catalog",
    "LiveTranscription": "._recording._live",
    "ModelProfile": "._profiles",
    "MultipartTranscriptionParams": "._params",
    "OpenRouter": "._client",
    "OpenRouterError": ".errors",
    "PROFILES": "._profiles",
    "Prices": "._catalog",
    "RecordingEstimate": "._recording._estimate",
    "RequestOptions": "._config",
    "ResponseValidationError": ".errors",
    "RetryConfig": "._retry",
    "STTResponse": "openrouter_ext_generated.models",
    "STTSegment": "openrouter_ext_generated.models",
    "STTUsage": "openrouter_ext_generated.models",
    "STTWord": "openrouter_ext_generated.models",
    "Source": "._profiles",
    "Speaker": "._recording._transcript",
    "SpendCap": "._spend",
    "SpendCapReachedError": ".errors",
    "Transcript": "._recording._transcript",
    "TranscriptionModel": "._catalog",
    "TranscriptionParams": "._params",
    "UNSET": "openrouter_ext_generated.types",
    "Unset": "openrouter_ext_generated.types",
}
_SUBMODULES = ("errors", "subtitles", "utils")

# Spelled out for type checkers and linters, in dir()'s order; a test keeps it equal to the names above.
__all__ = [  # noqa: RUF022
    "APIConnectionError",
    "APIResponse",
    "APIStatusError",
    "APITimeoutError",
    "AsyncLiveTranscription",
    "BackoffStrategy",
    "Chunk",
    "ClientOptions",
    "Estimate",
    "File",
    "IncompleteTranscriptError",
    "InsecureServerURLWarning",
    "InvalidInputError",
    "KeyStatus",
    "LiveTranscription",
    "ModelProfile",
    "MultipartTranscriptionParams",
    "OpenRouter",
    "OpenRouterError",
    "PROFILES",
    "Prices",
    "RecordingEstimate",
    "RequestOptions",
    "ResponseValidationError",
    "RetryConfig",
    "STTResponse",
    "STTSegment",
    "STTUsage",
    "STTWord",
    "Source",
    "Speaker",
    "SpendCap",
    "SpendCapReachedError",
    "Transcript",
    "TranscriptionModel",
    "TranscriptionParams",
    "UNSET",
    "Unset",
    "__version__",
    "errors",
    "subtitles",
    "utils",
]


if not TYPE_CHECKING:  # hidden from type checkers, which then still flag a misspelt name
    __getattr__, __dir__ = attach(__name__, globals(), _HOMES, _SUBMODULES)
