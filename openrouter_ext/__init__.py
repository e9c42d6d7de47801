"""OpenRouter speech-to-text for Python.

from openrouter_ext import OpenRouter

with OpenRouter() as client:  # the key from $OPENROUTER_API_KEY
    res = client.stt.create_transcription(
        input_audio={"data": audio_base64, "format": "wav"}, model="openai/whisper-large-v3")
    print(res.text)
"""

from openrouter_ext_generated.models import STTResponse, STTSegment, STTUsage, STTWord
from openrouter_ext_generated.types import File

from . import errors, utils
from ._client import OpenRouter
from ._config import InsecureServerURLWarning
from ._params import MultipartTranscriptionParams, RequestOptions, TranscriptionParams
from ._retry import BackoffStrategy, RetryConfig
from ._version import __version__
from .errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    InvalidInputError,
    OpenRouterError,
    ResponseValidationError,
)

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "BackoffStrategy",
    "File",
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
    "TranscriptionParams",
    "__version__",
    "errors",
    "utils",
]
