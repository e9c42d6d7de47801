"""``client.stt``'s recording methods: ``transcribe()`` and ``transcribe_async()``.

They hand the call to ``_service``, imported by the first of them: the cutting and merging
machinery (≈ 20 ms of start-up) is loaded by a program that transcribes a recording, and never by
one that only makes single calls.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Required, Unpack

from openrouter_ext._params import TranscriptionParams
from openrouter_ext._stt import Stt

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ._service import ChunkDone, Progress
    from ._transcript import Chunk, Transcript


class RecordingParams(TranscriptionParams, total=False):
    """Arguments of ``transcribe``: those of ``create_transcription``, applied to every part, and how
    to cut: ``max_chunk_seconds``, ``max_chunk_bytes``, ``concurrency``, ``on_progress``,
    ``on_chunk``, ``reuse_chunks``."""

    input_audio: Required[Any]
    max_chunk_seconds: float
    max_chunk_bytes: int
    concurrency: int
    on_progress: Progress | None
    on_chunk: ChunkDone | None
    reuse_chunks: Sequence[Chunk] | None


class RecordingStt(Stt):
    """``client.stt``: the single calls, and ``transcribe`` for a recording of any length."""

    def transcribe(self, **params: Unpack[RecordingParams]) -> Transcript:
        """A recording of any length as one timed ``Transcript``.

        Takes ``create_transcription``'s arguments (applied to every part), and
        ``max_chunk_seconds`` (600), ``max_chunk_bytes`` (24,000,000): the most one request may
        hold; ``concurrency`` (4): parts in flight at once; ``on_progress``: a function called
        with (seconds transcribed, seconds in all) as parts finish; ``on_chunk``: a function called
        with each part's ``Chunk`` as it is answered (to save it); ``reuse_chunks``: chunks an
        earlier call answered for the same audio and arguments (``IncompleteTranscriptError``'s
        ``transcript.chunks``, or saved ones read back with ``Chunk.from_dict``): a part they cover
        is not sent again.

        Audio that fits one request goes as one; longer audio is cut at its silences (this needs
        the ``audio`` extra). A part that still fails after its retries raises
        ``IncompleteTranscriptError`` once every other part is done, with the transcript of the rest.
        """
        from . import _service

        return _service.transcribe(self, params)

    async def transcribe_async(self, **params: Unpack[RecordingParams]) -> Transcript:
        """``transcribe`` for async code (asyncio or trio): parts are read and cut in a worker
        thread, and sent from the event loop."""
        from . import _service

        return await _service.transcribe_async(self, params)
