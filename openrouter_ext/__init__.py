"""OpenRouter speech-to-text for Python.

from openrouter_ext import OpenRouter

with OpenRouter() as client:  # the key from $OPENROUTER_API_KEY
    res = client.stt.create_transcription(
        input_audio={"data": audio_base64, "format": "wav"}, model="openai/whisper-large-v3")
    print(res.text)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._lazy import attach
from ._version import __version__

if TYPE_CHECKING:  # what type checkers and editors see; at run time each name loads on first use
    from openrouter_ext_generated.models import STTResponse, STTSegment, STTUsage, STTWord
    from openrouter_ext_generated.types import UNSET, File, Unset

    from . import errors, subtitles, utils
    from ._client import OpenRouter
    from ._config import ClientOptions, InsecureServerURLWarning, RequestOptions
    from ._params import MultipartTranscriptionParams, TranscriptionParams
    from ._recording._transcript import Chunk, Transcript
    from ._response import APIResponse
    from ._retry import BackoffStrategy, RetryConfig
    from .errors import (
        APIConnectionError,
        APIStatusError,
        APITimeoutError,
        IncompleteTranscriptError,
        InvalidInputError,
        OpenRouterError,
        ResponseValidationError,
    )

# The module each public name lives in. `import openrouter_ext` loads none of them: httpx and the
# generated models (most of the start-up time) load with the first name used, so the command
# line's --help, and programs that import the package without calling it yet, start quickly.
_HOMES = {
    "APIConnectionError": ".errors",
    "APIResponse": "._response",
    "APIStatusError": ".errors",
    "APITimeoutError": ".errors",
    "BackoffStrategy": "._retry",
    "Chunk": "._recording._transcript",
    "ClientOptions": "._config",
    "File": "openrouter_ext_generated.types",
    "IncompleteTranscriptError": ".errors",
    "InsecureServerURLWarning": "._config",
    "InvalidInputError": ".errors",
    "MultipartTranscriptionParams": "._params",
    "OpenRouter": "._client",
    "OpenRouterError": ".errors",
    "RequestOptions": "._config",
    "ResponseValidationError": ".errors",
    "RetryConfig": "._retry",
    "STTResponse": "openrouter_ext_generated.models",
    "STTSegment": "openrouter_ext_generated.models",
    "STTUsage": "openrouter_ext_generated.models",
    "STTWord": "openrouter_ext_generated.models",
    "Transcript": "._recording._transcript",
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
    "BackoffStrategy",
    "Chunk",
    "ClientOptions",
    "File",
    "IncompleteTranscriptError",
    "InsecureServerURLWarning",
    "InvalidInputError",
    "MultipartTranscriptionParams",
    "OpenRouter",
    "OpenRouterError",
    "RequestOptions",
    "ResponseValidationError",
    "RetryConfig",
    "STTResponse",
    "STTSegment",
    "STTUsage",
    "STTWord",
    "Transcript",
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
