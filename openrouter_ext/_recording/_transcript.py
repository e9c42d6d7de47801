"""One timed transcript from the answers to the parts of a recording.

Each part's times are its own (they start at zero); the merge moves them onto the recording's clock
by the part's true start (a sample position, never part index times nominal length), clamps them to the
part, keeps starts non-decreasing, renumbers the segments, joins the texts (with a space, or without
one for languages written without spaces), moves entity offsets with the text, and sums the usage.
"""

from __future__ import annotations

import base64
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
from openrouter_ext_generated.models import STTEntity, STTResponse, STTSegment, STTUsage, STTWord
from openrouter_ext_generated.types import Unset

from openrouter_ext import subtitles
from openrouter_ext.errors import OpenRouterError

# Languages written without spaces between words, as ISO 639-1 codes and as the names Whisper-style
# providers answer with: their parts' texts are joined with nothing between them.
UNSPACED_LANGUAGES = frozenset(
    {"ja", "japanese", "zh", "chinese", "yue", "cantonese", "th", "thai", "lo", "lao", "km", "khmer",
     "my", "burmese", "myanmar", "bo", "tibetan", "dz", "dzongkha"}
)  # fmt: skip
_USAGE_FIELDS = ("cost", "seconds", "input_tokens", "output_tokens", "total_tokens")


@attrs.frozen
class Clip:
    """A few seconds of one speaker alone, taken from an answered part: what links that part's
    speaker to the same voice in other parts (``_speakers``). ``speaker``: the part's own label for
    it (its ``speaker``, else its ``speaker_label``); ``start``/``end`` on the recording's clock;
    ``audio``: the clip as 16 kHz mono FLAC (or WAV, ``format``)."""

    speaker: int | str
    start: float
    end: float
    audio: bytes = attrs.field(repr=False)
    format: str = "flac"

    def to_dict(self) -> dict[str, Any]:
        return {"speaker": self.speaker, "start": self.start, "end": self.end, "format": self.format,
                "audio": base64.b64encode(self.audio).decode()}  # fmt: skip

    @classmethod
    def from_dict(cls, saved: Mapping[str, Any]) -> Clip:
        speaker = saved["speaker"]
        return cls(speaker if isinstance(speaker, int) else str(speaker), float(saved["start"]),
                   float(saved["end"]), base64.b64decode(saved["audio"]), str(saved.get("format", "flac")))  # fmt: skip


@attrs.frozen
class Speaker:
    """One voice of the whole recording: ``speaker`` (its global number, by first appearance),
    ``label`` (``speaker_N``), ``seconds`` of talk, ``first`` (when it is first heard), and
    ``linked``: False when one of its parts' clips could not be judged (``problem`` says why), so
    it may be a voice that is also another speaker."""

    speaker: int
    label: str
    seconds: float
    first: float
    linked: bool = True
    problem: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)


@attrs.frozen
class Chunk:
    """One part of a recording: where it lies in the recording, what was sent, and its answer (or
    why there is none)."""

    index: int
    start: float  # seconds into the recording, from the position of its first sample
    end: float
    bytes_sent: int = 0
    attempts: int = 0
    response: STTResponse | None = None
    error: OpenRouterError | None = None
    # Where the part's own time 0 lies in the recording, when not at ``start``: a part cut from
    # compressed audio without re-encoding it decodes with its codec's delay in front.
    origin: float | None = None
    # Diarized: a clip of each of its speakers, to link them to the other parts' (``_speakers``).
    clips: tuple[Clip, ...] = ()

    @property
    def offset(self) -> float:
        """What to add to a time in the part's answer to put it on the recording's clock."""
        return self.start if self.origin is None else self.origin

    @property
    def done(self) -> bool:
        return self.response is not None

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "start": self.start,
            "end": self.end,
            "origin": self.origin,
            "bytes_sent": self.bytes_sent,
            "attempts": self.attempts,
            "status": "done" if self.done else "failed",
            "error": None if self.error is None else f"{type(self.error).__name__}: {self.error}",
            "response": None if self.response is None else self.response.to_dict(),
            **({"clips": [clip.to_dict() for clip in self.clips]} if self.clips else {}),
        }

    @classmethod
    def from_dict(cls, saved: Mapping[str, Any]) -> Chunk:
        """A chunk saved with ``to_dict`` (its error, if it had one, comes back as None)."""
        response = saved.get("response")
        return cls(
            index=int(saved["index"]),
            start=float(saved["start"]),
            end=float(saved["end"]),
            bytes_sent=int(saved.get("bytes_sent", 0)),
            attempts=int(saved.get("attempts", 0)),
            response=None if response is None else STTResponse.from_dict(response),
            origin=None if saved.get("origin") is None else float(saved["origin"]),
            clips=tuple(Clip.from_dict(clip) for clip in saved.get("clips") or ()),
        )


def _given(value: Any) -> Any:
    return None if isinstance(value, Unset) else value


@attrs.frozen
class Transcript:
    """A whole recording's transcript: ``text``, ``segments`` and ``words`` on the recording's
    clock (the generated ``STTSegment``/``STTWord``), ``language``, ``duration`` (seconds),
    ``usage`` summed over the parts, and ``chunks``: each part's place, bytes, attempts and answer.

    ``speakers``: with ``diarize``, one per voice of the whole recording (its parts' speakers
    linked: see ``Speaker``), whose ``speaker``/``speaker_label`` every segment and word carries.

    ``read_until`` is set when the audio could not be read to its end (a truncated or corrupt
    file): the seconds that were read, and so transcribed. ``timed_by`` says where the segments'
    times come from: ``"model"`` (its own timestamps), ``"cuts"`` (a model that gives none: the
    recording was cut at its pauses into phrases, each phrase's text one segment with the phrase's
    times), or None (no segments).
    """

    text: str
    segments: list[STTSegment]
    words: list[STTWord]
    language: str | None
    duration: float
    usage: STTUsage
    chunks: list[Chunk]
    entities: list[STTEntity] = attrs.field(factory=list)
    read_until: float | None = None
    timed_by: str | None = None
    speakers: list[Speaker] = attrs.field(factory=list)

    @property
    def missing(self) -> list[Chunk]:
        """The parts that have no answer (their ``error`` says why)."""
        return [chunk for chunk in self.chunks if not chunk.done]

    def to_srt(self, *, max_line: int = subtitles.MAX_LINE, max_lines: int = subtitles.MAX_LINES) -> str:
        return subtitles.to_srt(self, max_line=max_line, max_lines=max_lines)

    def to_vtt(self, *, max_line: int = subtitles.MAX_LINE, max_lines: int = subtitles.MAX_LINES) -> str:
        return subtitles.to_vtt(self, max_line=max_line, max_lines=max_lines)

    def to_response(self) -> STTResponse:
        """The transcript in the shape of one call's answer: exactly that answer when the audio
        went as one request, else text, language, duration, segments, words and usage of all parts."""
        if len(self.chunks) == 1 and self.chunks[0].response is not None and self.timed_by != "cuts":
            return self.chunks[0].response
        fields: dict[str, Any] = {"text": self.text, "usage": self.usage.to_dict(), "duration": self.duration}
        if self.language is not None:
            fields["language"] = self.language
        if self.segments:
            fields["segments"] = [segment.to_dict() for segment in self.segments]
        if self.words:
            fields["words"] = [word.to_dict() for word in self.words]
        if self.entities:
            fields["entities"] = [entity.to_dict() for entity in self.entities]
        return STTResponse.from_dict(fields)

    def to_dict(self) -> dict[str, Any]:
        """Everything, as plain JSON values."""
        return {
            "text": self.text,
            "language": self.language,
            "duration": self.duration,
            "segments": [segment.to_dict() for segment in self.segments],
            "words": [word.to_dict() for word in self.words],
            "entities": [entity.to_dict() for entity in self.entities],
            "usage": self.usage.to_dict(),
            "chunks": [chunk.to_dict() for chunk in self.chunks],
            "read_until": self.read_until,
            "timed_by": self.timed_by,
            "speakers": [speaker.to_dict() for speaker in self.speakers],
        }


def _placed(chunk: Chunk, start: float, end: float, earliest: float) -> tuple[float, float] | None:
    """A span of a part's answer on the recording's clock: moved by where the part's time 0 lies,
    clamped to the part, starting no earlier than ``earliest`` (times never go back). None when it
    lies wholly before or after the part: heard in the frames that prime its decoder
    (``Chunk.origin``), which the part before holds and reports."""
    start, end = chunk.offset + start, chunk.offset + end
    if (end <= chunk.start and start < chunk.start) or (start >= chunk.end and end > chunk.end):
        return None
    start = max(min(max(start, chunk.start), chunk.end), earliest)
    return start, max(min(max(end, chunk.start), chunk.end), start)


def _unspaced(language: str | None) -> bool:
    return language is not None and language.strip().lower() in UNSPACED_LANGUAGES


def summed_usage(responses: Sequence[STTResponse]) -> STTUsage:
    usages = [response.usage for response in responses if isinstance(response.usage, STTUsage)]
    totals: dict[str, Any] = {}
    for name in _USAGE_FIELDS:
        values = [getattr(usage, name) for usage in usages if not isinstance(getattr(usage, name), Unset)]
        if values:
            totals[name] = sum(values)
    return STTUsage.from_dict(totals)


def merge(
    chunks: Sequence[Chunk],
    *,
    duration: float,
    language: str | None = None,
    read_until: float | None = None,
    by_cuts: bool = False,
) -> Transcript:
    """The transcript of a recording from its parts, in recording order (parts without an answer
    leave a gap). ``language`` is the one asked for, if any: it decides how texts are joined when a
    part's answer does not say. ``by_cuts``: the parts are phrases of a model that gives no times,
    and each one's text becomes a segment with the part's own times."""
    answered = [
        chunk for chunk in sorted(chunks, key=lambda chunk: chunk.start) if chunk.response is not None
    ]
    languages = [_given(chunk.response.language) for chunk in answered if chunk.response is not None]
    spoken = Counter(found for found in languages if found).most_common(1)
    text = ""
    segments: list[STTSegment] = []
    words: list[STTWord] = []
    entities: list[STTEntity] = []
    for chunk in answered:
        response = chunk.response
        assert response is not None
        part_text = response.text.strip()
        joiner = "" if not text or not part_text or _unspaced(_given(response.language) or language) else " "
        text_offset = len(text) + len(joiner)
        text += (joiner + part_text) if part_text else ""
        if by_cuts and part_text and not _given(response.segments):
            cut = {"id": len(segments), "start": chunk.start, "end": chunk.end, "text": part_text}
            segments.append(STTSegment.from_dict(cut))
        for segment in _given(response.segments) or []:
            placed = _placed(chunk, segment.start, segment.end, segments[-1].start if segments else 0.0)
            if placed is not None:
                start, end = placed
                segments.append(
                    STTSegment.from_dict(
                        {**segment.to_dict(), "id": len(segments), "start": start, "end": end}
                    )
                )
        for word in _given(response.words) or []:
            placed = _placed(chunk, word.start, word.end, words[-1].start if words else 0.0)
            if placed is not None:
                words.append(STTWord.from_dict({**word.to_dict(), "start": placed[0], "end": placed[1]}))
        for entity in _given(response.entities) or []:
            # Offsets into the part's text, moved by where it begins in the whole (after stripping).
            lead = len(response.text) - len(response.text.lstrip())
            moved_entity = {
                **entity.to_dict(),
                "start_char": entity.start_char - lead + text_offset,
                "end_char": entity.end_char - lead + text_offset,
            }
            entities.append(STTEntity.from_dict(moved_entity))
    return Transcript(
        text=text,
        segments=segments,
        words=words,
        language=spoken[0][0] if spoken else language,
        duration=duration,
        usage=summed_usage([chunk.response for chunk in answered if chunk.response is not None]),
        chunks=sorted(chunks, key=lambda chunk: chunk.index),
        entities=entities,
        read_until=read_until,
        timed_by="cuts" if by_cuts else "model" if segments else None,
    )
