"""The stand-in's catalog: the transcription models it serves, and how each one's provider behaves.

Written from the providers' reports (``PROVIDERS.md``), not from the SDK's table of profiles: the
stand-in must judge the SDK's planning, so it holds the limits as reported (60 s for Chirp, where
the SDK applies less) and refuses as the providers do, with OpenRouter's error body for a provider
error (``metadata.provider_name`` and ``metadata.raw``). A model it does not list behaves as
Whisper does, so a test may name any model.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import attrs

_COMMON = frozenset({"wav", "mp3", "flac", "m4a", "ogg", "webm", "aac", "mp4", "mpeg", "mpga", "oga", "pcm"})
_CREATED = 1_735_689_600  # 2025-01-01, for every model: the stand-in's catalog has no history


@attrs.frozen
class ServedModel:
    """One model of the stand-in's catalog, and its provider's behaviour.

    ``max_seconds`` / ``max_bytes``: the longest and largest audio its provider takes (None: no
    limit of its own); ``formats``: what it decodes; ``timed``: whether it answers verbose_json and
    timestamp_granularities (else it refuses both); ``price``: USD per audio second, or per input
    token for a model ``priced_by`` tokens; ``diarize``: True labels speakers, False refuses the
    field, None (no report either way) ignores it.
    """

    id: str
    name: str
    provider: str
    price: str
    priced_by: Literal["second", "token"] = "second"
    max_seconds: float | None = None
    max_bytes: int | None = None
    formats: frozenset[str] = _COMMON
    timed: bool = True
    diarize: bool | None = None  # None: the field is ignored; False: refused
    tokens_per_second: int = 10  # what a token-priced model counts for an audio second

    @property
    def supported_parameters(self) -> list[str]:
        named = ["language", "temperature"]
        if self.timed:
            named += ["response_format", "timestamp_granularities"]
        if self.diarize:
            named.append("diarize")
        return named

    def refusal(
        self, request: Mapping[str, Any], audio_format: str, seconds: float | None, size: int
    ) -> str | None:
        """Why its provider refuses this request (its own words), or None when it takes it."""
        if audio_format not in self.formats:
            return f"unsupported audio encoding: {audio_format}"
        if self.max_seconds is not None and seconds is not None and seconds > self.max_seconds:
            return f"audio of {seconds:.1f} s is longer than the {self.max_seconds:g} s this model takes"
        if self.max_bytes is not None and size > self.max_bytes:
            return f"audio of {size:,} bytes is larger than the {self.max_bytes:,} bytes this model takes"
        granularities = request.get("timestamp_granularities") or request.get("timestamp_granularities[]")
        if not self.timed and (request.get("response_format") == "verbose_json" or granularities):
            return (
                "response_format 'verbose_json' and timestamp_granularities are not supported by this model"
            )
        diarize = request.get("diarize")
        if self.diarize is False and diarize in (True, "true"):
            return "diarization is not supported by this model"
        return None

    def usage(self, seconds: float, words: int) -> dict[str, Any]:
        """The ``usage`` it reports for ``seconds`` of audio answered with ``words`` words."""
        if self.priced_by == "second":
            return {"cost": round(seconds * float(self.price), 8), "seconds": round(seconds, 3)}
        input_tokens, output_tokens = round(seconds * self.tokens_per_second), words
        return {
            "cost": round((input_tokens + output_tokens) * float(self.price), 8),
            "input_tokens": input_tokens,
            "output_tokens": output_tokens,
            "total_tokens": input_tokens + output_tokens,
        }

    def entry(self) -> dict[str, Any]:
        """Its ``Model`` in ``GET /models``, as the spec has it."""
        return {
            "id": self.id,
            "canonical_slug": self.id,
            "name": self.name,
            "created": _CREATED,
            "description": f"{self.name} (the stand-in's catalog)",
            "pricing": {
                "prompt": self.price,
                "completion": "0" if self.priced_by == "second" else self.price,
            },
            "context_length": None,
            "architecture": {
                "modality": "audio->text",
                "input_modalities": ["audio"],
                "output_modalities": ["transcription"],
            },
            "top_provider": {"is_moderated": False},
            "per_request_limits": None,
            "supported_parameters": self.supported_parameters,
            "default_parameters": None,
            "supported_voices": None,
            "links": {"details": f"/api/v1/models/{self.id}/endpoints"},
        }


WHISPER_PRICE = "0.0001"  # $0.006 a minute: a common list price for Whisper (nominal: nothing is billed)

SERVED: tuple[ServedModel, ...] = (
    ServedModel("openai/whisper-1", "OpenAI: Whisper", "OpenAI", WHISPER_PRICE, max_bytes=25 * 1024 * 1024),
    ServedModel("openai/whisper-large-v3", "OpenAI: Whisper Large v3", "Groq", WHISPER_PRICE),
    ServedModel("openai/whisper-large-v3-turbo", "OpenAI: Whisper Large v3 Turbo", "Groq", "0.0000111"),
    ServedModel(
        "openai/gpt-4o-transcribe",
        "OpenAI: GPT-4o Transcribe",
        "OpenAI",
        "0.0000025",
        priced_by="token",
        max_seconds=1500,
        timed=False,
    ),
    ServedModel(
        "openai/gpt-4o-mini-transcribe",
        "OpenAI: GPT-4o mini Transcribe",
        "OpenAI",
        "0.00000125",
        priced_by="token",
        max_seconds=1500,
        timed=False,
    ),
    ServedModel(
        "google/chirp-3",
        "Google: Chirp 3",
        "Google",
        "0.000267",
        max_seconds=60,
        formats=frozenset({"wav", "flac", "ogg", "pcm"}),
        timed=False,
    ),
    ServedModel(
        "assemblyai/universal-3-5-pro",
        "AssemblyAI: Universal-3.5 Pro",
        "AssemblyAI",
        "0.0000583",
        max_seconds=120,
        max_bytes=40_000_000,
        formats=frozenset({"wav", "pcm"}),
        timed=False,
    ),
    ServedModel(
        "elevenlabs/scribe-v2",
        "ElevenLabs: Scribe v2",
        "ElevenLabs",
        "0.000111",  # about $0.40 an hour: ElevenLabs' list price for Scribe (not verified on OpenRouter)
        diarize=True,
    ),
    ServedModel(
        "nvidia/parakeet-tdt-0.6b-v3",
        "NVIDIA: Parakeet TDT 0.6B v3",
        "NVIDIA",
        "0.0000167",
        max_seconds=24 * 60,
    ),
)
BY_ID: Mapping[str, ServedModel] = {model.id: model for model in SERVED}


def served(model_id: str) -> ServedModel:
    """The catalog's model, or one that behaves as Whisper does under that id."""
    known = BY_ID.get(model_id)
    return known if known is not None else ServedModel(model_id, model_id, "OpenAI", WHISPER_PRICE)


def models_page(output_modalities: str | None, offset: int, limit: int) -> dict[str, Any]:
    """``GET /models``: only ``transcription`` (or ``all``) lists these models; the default, text, lists
    none of them, as the API's listing leaves them out."""
    wanted = {part.strip() for part in (output_modalities or "text").split(",")}
    listed = [model.entry() for model in SERVED] if wanted & {"transcription", "all"} else []
    page = listed[offset : offset + limit]
    more = offset + limit < len(listed)
    return {
        "data": page,
        "total_count": len(listed),
        "links": {"next": f"/api/v1/models?offset={offset + limit}&limit={limit}" if more else None},
    }


def key_answer(limit: float | None, spent: float) -> dict[str, Any]:
    """``GET /key`` for a key with this limit (None: none) that has spent ``spent`` USD."""
    return {
        "data": {
            "label": "sk-or-v1-sta...ind",
            "limit": limit,
            "limit_remaining": None if limit is None else round(max(0.0, limit - spent), 8),
            "limit_reset": None,
            "include_byok_in_limit": False,
            "usage": round(spent, 8),
            "usage_daily": round(spent, 8),
            "usage_weekly": round(spent, 8),
            "usage_monthly": round(spent, 8),
            "byok_usage": 0,
            "byok_usage_daily": 0,
            "byok_usage_weekly": 0,
            "byok_usage_monthly": 0,
            "is_free_tier": False,
            "is_management_key": False,
            "is_provisioning_key": False,
            "creator_user_id": None,
            "rate_limit": {
                "requests": -1,
                "interval": "10s",
                "note": "This field is deprecated and safe to ignore.",
            },
            "expires_at": None,
        }
    }
