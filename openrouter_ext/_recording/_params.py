"""``transcribe()``'s arguments: those of ``create_transcription``, and how to cut."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal, Required

from openrouter_ext._params import TranscriptionParams

if TYPE_CHECKING:
    from openrouter_ext._profiles import ModelProfile
    from openrouter_ext._spend import SpendLedger

    from ._service import ChunkDone, Progress
    from ._transcript import Chunk


class RecordingParams(TranscriptionParams, total=False):
    """Arguments of ``transcribe``: those of ``create_transcription``, applied to every part, and how
    to cut: ``timed``, ``profile``, ``max_chunk_seconds``, ``max_chunk_bytes``, ``concurrency``, ``on_progress``,
    ``on_chunk``, ``reuse_chunks``; what it may spend: ``max_cost``, ``spend_cap``,
    ``price_per_second``; with ``diarize``, how the parts' speakers are linked: ``link_speakers``."""

    input_audio: Required[Any]
    profile: ModelProfile | None
    timed: bool
    max_chunk_seconds: float
    max_chunk_bytes: int
    concurrency: int
    on_progress: Progress | None
    on_chunk: ChunkDone | None
    reuse_chunks: Sequence[Chunk] | None
    max_cost: Decimal | str | float | None
    spend_cap: SpendLedger | None
    price_per_second: Decimal | str | float | None
    link_speakers: Literal["afterwards", "prepend"]


class EstimateParams(RecordingParams, total=False):
    """Arguments of ``estimate``: ``transcribe``'s (``input_audio`` one recording or a list of
    them; ``price_per_second``: USD an audio second, instead of the catalog's)."""


class StreamParams(TranscriptionParams, total=False):
    """Arguments of ``transcribe_stream``: those of ``create_transcription``, applied to every part
    (``input_audio``: a binary file object, seekable or not, an iterable of ``bytes``, an async
    iterable for the async call, or a path such as a named pipe); ``audio_format`` (default: read
    from the first bytes), and for headerless ``pcm`` its ``sample_rate`` and ``channels``; how to
    cut: ``min_chunk_seconds``, ``max_chunk_seconds``, ``max_chunk_bytes``, ``timed``, ``profile``;
    ``concurrency``; the session's limits: ``max_seconds``, ``max_cost``, ``spend_cap``,
    ``price_per_second``."""

    input_audio: Required[Any]
    sample_rate: int | None
    channels: int | None
    profile: ModelProfile | None
    timed: bool
    min_chunk_seconds: float | None
    max_chunk_seconds: float
    max_chunk_bytes: int
    concurrency: int
    max_seconds: float | None
    max_cost: Decimal | str | float | None
    spend_cap: SpendLedger | None
    price_per_second: Decimal | str | float | None
