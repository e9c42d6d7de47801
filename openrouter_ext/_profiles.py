"""What each transcription model takes in one request: the table the SDK plans parts by.

A ``ModelProfile`` says how long and how large one request may be, which audio formats the model
takes, whether it gives ``verbose_json`` segments and words, whether it diarizes, and where its
provider's own options go. Every fact carries its ``Source`` (where it was read, and when), so the
table can be reviewed line by line and a new model added in one place: ``PROFILES`` below.

A fact the table does not have is ``None`` (unknown): unknown things are let through as asked,
known refusals are refused before any request. A model the table does not know gets
``DEFAULT_PROFILE``: the limits of the Whisper family, which most of the catalog shares.
``refined()`` fills unknown facts from the catalog's ``supported_parameters``; ``with_limits()``
applies what the caller gives.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any, Literal

import attrs

from .errors import InvalidInputError

PriceUnit = Literal["second", "token"]
# Every format the API documents for input_audio.format (the wire enum is open; these are the common ones).
COMMON_FORMATS = frozenset({"wav", "mp3", "flac", "m4a", "ogg", "webm", "aac", "mp4", "mpeg", "mpga", "oga"})
# The longest part the SDK cuts when the model allows more: long enough that requests stay few,
# short enough that parts go side by side and a failed one costs little to send again.
PART_SECONDS = 600.0
# The largest body the SDK sends when the model allows more: under the API's 25 MiB multipart cap
# with room for the form.
PART_BYTES = 24_000_000


@attrs.frozen
class Source:
    """Where a fact was read (a document, a pull request, a model card) and when it was checked."""

    fact: str
    where: str
    checked: str  # ISO date


@attrs.frozen
class ModelProfile:
    """What one request to a model may be, and what it gives back.

    Attributes:
        model: the model id (``""`` for the defaults of a model the table does not know).
        max_seconds: the longest audio one request may hold, as the SDK applies it (a little under
            the reported limit: a codec's delay and rounding must not pass it).
        max_bytes: the largest request body, as the SDK applies it.
        formats: the audio formats it takes (``None``: every common one).
        verbose_json: whether it answers ``response_format="verbose_json"`` with timed segments
            (``False``: it refuses or ignores it; ``None``: not known).
        word_timestamps: whether it gives words with times (``timestamp_granularities=["word"]``).
        diarize: whether it labels speakers (``diarize=True``).
        provider_options: the key its own options go under in ``provider.options``, when known.
        diarize_option: for a provider that switches diarization on by an option of its own: its
            name under ``provider_options`` (sent as true with ``diarize=True``).
        price_unit: what ``pricing.prompt`` is the price of: an audio ``"second"`` or a ``"token"``.
        sources: where each fact comes from.
        origin: ``"table"`` (this module's), ``"default"``, or with ``"+catalog"``/``"+caller"``
            when refined by the catalog or given limits by the caller.
    """

    model: str
    max_seconds: float = PART_SECONDS
    max_bytes: int = PART_BYTES
    formats: frozenset[str] | None = None
    verbose_json: bool | None = None
    word_timestamps: bool | None = None
    diarize: bool | None = None
    provider_options: str | None = None
    diarize_option: str | None = None
    price_unit: PriceUnit | None = None
    sources: tuple[Source, ...] = ()
    origin: str = "table"

    @property
    def timed(self) -> bool:
        """Whether it can give timed segments itself (unknown counts as yes: it is asked)."""
        return self.verbose_json is not False

    @property
    def part_seconds(self) -> float:
        """The longest part the SDK cuts for it."""
        return min(PART_SECONDS, self.max_seconds)

    def takes(self, audio_format: str) -> bool:
        return self.formats is None or audio_format.lower() in self.formats

    def converted_format(self) -> str:
        """The format decoded parts are sent in: FLAC (smallest lossless), else WAV."""
        return "flac" if self.takes("flac") else "wav"

    def refined(self, supported_parameters: Collection[str]) -> ModelProfile:
        """Unknown facts filled from the catalog's ``supported_parameters`` for this model: a
        parameter listed is supported (``timestamp_granularities``: it gives timed segments and
        words); a non-empty list without it says it is not. Facts the table has (with their
        sources) stay as they are."""
        if not supported_parameters:
            return self
        listed = set(supported_parameters)
        timed = "timestamp_granularities" in listed
        return attrs.evolve(
            self,
            verbose_json=_known(self.verbose_json, timed),
            word_timestamps=_known(self.word_timestamps, timed),
            diarize=_known(self.diarize, "diarize" in listed),
            origin=_plus(self.origin, "catalog"),
        )

    def with_limits(
        self,
        *,
        max_seconds: float | None = None,
        max_bytes: int | None = None,
        formats: Iterable[str] | None = None,
        verbose_json: bool | None = None,
    ) -> ModelProfile:
        """The profile with what the caller knows of the model in place of the table's."""
        given: dict[str, Any] = {
            "max_seconds": max_seconds,
            "max_bytes": max_bytes,
            "formats": None if formats is None else frozenset(f.lower() for f in formats),
            "verbose_json": verbose_json,
        }
        changes = {name: value for name, value in given.items() if value is not None}
        if not changes:
            return self
        return attrs.evolve(self, **changes, origin=_plus(self.origin, "caller"))


def _known(fact: bool | None, listed: bool) -> bool | None:
    return listed if fact is None else fact


def _plus(origin: str, what: str) -> str:
    return origin if origin.endswith("+" + what) else f"{origin}+{what}"


_OPENAI_DOCS = "OpenAI speech-to-text guide (platform.openai.com/docs/guides/speech-to-text)"
_OPENROUTER_GUIDE = "OpenRouter speech-to-text guide (openrouter.ai/docs/guides/overview/multimodal/stt)"


def _whisper(model: str) -> ModelProfile:
    return ModelProfile(
        model,
        verbose_json=True,
        word_timestamps=True,
        diarize=False,
        price_unit="second",
        sources=(
            Source("file uploads are limited to 25 MB", _OPENAI_DOCS, "2026-12-01"),
            Source("verbose_json with segment and word timestamps", _OPENAI_DOCS, "2026-12-01"),
            Source("priced per second of audio (pricing.prompt)", _OPENROUTER_GUIDE, "2026-12-01"),
        ),
    )


def _gpt_4o_transcribe(model: str) -> ModelProfile:
    return ModelProfile(
        model,
        max_seconds=1400.0,
        verbose_json=False,
        word_timestamps=False,
        diarize=False,
        price_unit="token",
        sources=(
            Source("file uploads are limited to 25 MB; audio to 1500 s", _OPENAI_DOCS, "2026-12-01"),
            Source(
                "json only: verbose_json and timestamp_granularities are refused (400)",
                "OpenAI docs; SubtitleEdit PR #14028",
                "2026-12-01",
            ),
            Source("priced per token", _OPENROUTER_GUIDE, "2026-12-01"),
        ),
    )


PROFILES: Mapping[str, ModelProfile] = {
    profile.model: profile
    for profile in (
        _whisper("openai/whisper-1"),
        _whisper("openai/whisper-large-v3"),
        _whisper("openai/whisper-large-v3-turbo"),
        _gpt_4o_transcribe("openai/gpt-4o-transcribe"),
        _gpt_4o_transcribe("openai/gpt-4o-mini-transcribe"),
        ModelProfile(
            "google/chirp-3",
            max_seconds=55.0,
            formats=frozenset({"wav", "flac", "ogg"}),
            verbose_json=False,
            word_timestamps=False,
            price_unit="second",
            sources=(
                Source(
                    "about 60 s a request at most; MP3 and verbose_json refused with an opaque "
                    "'Provider returned error'",
                    "SubtitleEdit PR #14542",
                    "2026-12-01",
                ),
                Source("usage.seconds billed (a 20 s request: seconds 20)", _OPENROUTER_GUIDE, "2026-12-01"),
            ),
        ),
        ModelProfile(
            "assemblyai/universal-3-5-pro",
            max_seconds=115.0,
            max_bytes=38_000_000,
            formats=frozenset({"wav", "pcm"}),
            verbose_json=False,
            word_timestamps=False,
            provider_options="assemblyai",
            sources=(
                Source(
                    "120 s and 40 MB a request at most; WAV or PCM16 only; options under "
                    "provider.options.assemblyai (prompt, keyterms, earlier turns)",
                    "AssemblyAI, Sync STT on OpenRouter",
                    "2026-12-01",
                ),
            ),
        ),
        ModelProfile(
            "elevenlabs/scribe-v2",
            verbose_json=True,
            word_timestamps=True,
            diarize=True,
            price_unit="second",
            sources=(
                Source(
                    "labels up to 32 speakers, with word timestamps; takes hours of audio in one "
                    "request (ElevenLabs); on OpenRouter as elevenlabs/scribe-v2 (its catalog, as "
                    "seen in public integrations: TanStack/ai discussion #1985): the body limit of "
                    "25 MB applies",
                    "ElevenLabs Scribe docs; PROVIDERS.md",
                    "2026-12-01",
                ),
            ),
        ),
        ModelProfile(
            "nvidia/parakeet-tdt-0.6b-v3",
            max_seconds=1380.0,
            sources=(
                Source("up to 24 minutes of audio with full attention", "NVIDIA model card", "2026-12-01"),
            ),
        ),
    )
}

DEFAULT_PROFILE = ModelProfile(
    "",
    origin="default",
    sources=(
        Source("a model this table does not know: the Whisper family's limits", "this SDK", "2026-12-01"),
    ),
)


def profile_for(model: str) -> ModelProfile:
    """The table's profile of ``model``, or the defaults under its id when the table does not know it."""
    known = PROFILES.get(model)
    return known if known is not None else attrs.evolve(DEFAULT_PROFILE, model=model)


def refuse_unsupported(profile: ModelProfile, fields: Mapping[str, Any]) -> None:
    """``InvalidInputError`` for what the caller asks that the model is known to refuse (``fields``:
    the body fields in wire form, as ``check_transcription_arguments`` returns them)."""
    name = profile.model
    granularities = fields.get("timestamp_granularities") or []
    if fields.get("response_format") == "verbose_json" and profile.verbose_json is False:
        raise InvalidInputError(
            "response_format",
            f"{name} gives no verbose_json (it answers json only)",
            "Leave response_format out: transcribe() times its segments by its own cuts when times "
            "are wanted, or choose a model that gives timestamps (openrouter-stt models)",
        )
    if (granularities and profile.verbose_json is False) or (
        "word" in granularities and profile.word_timestamps is False
    ):
        raise InvalidInputError(
            "timestamp_granularities",
            f"{name} gives no timestamps",
            "Leave timestamp_granularities out, or choose a model that gives them (openrouter-stt models)",
        )
    if fields.get("diarize") and profile.diarize is False:
        raise InvalidInputError(
            "diarize",
            f"{name} does not label speakers",
            "Leave diarize out, or choose a model that diarizes (openrouter-stt models)",
        )
