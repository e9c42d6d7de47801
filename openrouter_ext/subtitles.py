"""Subtitles from a transcription's timed segments: SubRip (SRT) and WebVTT.

    from openrouter_ext.subtitles import to_srt, to_vtt

    res = client.stt.create_transcription(input_audio="talk.wav", model=..., response_format="verbose_json")
    Path("talk.srt").write_text(to_srt(res))            # an STTResponse, a Transcript, or its segments

Each segment's text is wrapped to lines of at most ``max_line`` characters (42), at most
``max_lines`` lines a cue (2): the usual broadcast limits. A segment too long for one cue is split
into several, its time shared out by their length in characters. A segment with a speaker
(``speaker_label``, else ``speaker``, as diarization gives them) is marked as WebVTT voice
(``<v Speaker 1>``) or, in SRT, as a ``Speaker 1:`` prefix on its first cue.

A response without timed segments (asked for ``json``, or from a model that gives none) raises
``InvalidInputError`` saying so: never an empty file that looks like a transcript with no speech.
A response whose ``segments`` is an empty list (nothing was said) gives subtitles with no cue.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable, Mapping, Sized
from typing import Any

import attrs

from .errors import InvalidInputError

__all__ = ["MAX_LINE", "MAX_LINES", "VTT_HEADER", "Cue", "cue_blocks", "cues", "to_srt", "to_vtt"]

MAX_LINE = 42
MAX_LINES = 2
VTT_HEADER = "WEBVTT\n\n"


@attrs.frozen
class Cue:
    """One subtitle: its time in seconds, its lines, and who speaks them (if known)."""

    start: float
    end: float
    lines: tuple[str, ...]
    speaker: str | None = None


def _field(segment: Any, name: str) -> Any:
    value = segment.get(name) if isinstance(segment, Mapping) else getattr(segment, name, None)
    return value if isinstance(value, str | int | float) and not isinstance(value, bool) else None


def _speaker(segment: Any) -> str | None:
    label, number = _field(segment, "speaker_label"), _field(segment, "speaker")
    if isinstance(label, str) and label.strip():
        return label.strip()
    return f"Speaker {number}" if isinstance(number, int) else None


_NO_TIMES_FIX = (
    "Ask for response_format='verbose_json' (with timestamp_granularities=['segment']) from a model "
    "that gives timestamps, or pass timed segments, e.g. [(start, end, text), ...]"
)


def _timed(segments: Any) -> Iterable[tuple[float, float, str, str | None]]:
    """(start, end, text, speaker) of each segment: of a response or transcript (its ``segments``),
    or of an iterable of segment models, mappings or ``(start, end, text)`` tuples. A response
    without segments, or a segment without its times, is refused: subtitles of it would be empty,
    or would drop words."""
    found = getattr(segments, "segments", segments)
    text = getattr(segments, "text", None)  # a response's or a transcript's
    if not isinstance(found, Iterable) or isinstance(found, str | bytes):
        what = "the response has no timed segments" if text is not None else (
            f"must be a response, a transcript or a list of segments, got {type(segments).__name__}")  # fmt: skip
        raise InvalidInputError("segments", what, _NO_TIMES_FIX)
    if isinstance(text, str) and text.strip() and isinstance(found, Sized) and not len(found):
        raise InvalidInputError("segments", f"the {type(segments).__name__} has text but no timed segments",
                                _NO_TIMES_FIX)  # fmt: skip
    for index, segment in enumerate(found):
        if isinstance(segment, tuple):
            start, end, text = segment
            yield float(start), float(end), str(text), None
            continue
        start, end, text = (_field(segment, name) for name in ("start", "end", "text"))
        if start is None or end is None or not isinstance(text, str):
            missing = [name for name, value in (("start", start), ("end", end)) if value is None]
            problem = f"has no {' or '.join(missing)}" if missing else "has no text"
            raise InvalidInputError(f"segments[{index}]", problem, _NO_TIMES_FIX)
        yield float(start), float(end), text, _speaker(segment)


def cues(segments: Any, *, max_line: int = MAX_LINE, max_lines: int = MAX_LINES) -> list[Cue]:
    """Cues from timed segments, in order; segments without text are dropped."""
    result: list[Cue] = []
    for start, end, text, speaker in _timed(segments):
        lines = textwrap.wrap(" ".join(text.split()), max_line, break_on_hyphens=False)
        if not lines:
            continue
        end = max(end, start)
        groups = [tuple(lines[i : i + max_lines]) for i in range(0, len(lines), max_lines)]
        total = sum(len(" ".join(group)) for group in groups)
        at = start
        for index, group in enumerate(groups):
            share = (end - start) * len(" ".join(group)) / total
            until = end if index == len(groups) - 1 else at + share
            result.append(Cue(at, until, group, speaker))
            at = until
    return result


def _timestamp(seconds: float, separator: str) -> str:
    milliseconds = max(0, round(seconds * 1000))
    hours, rest = divmod(milliseconds, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    whole, milli = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{whole:02d}{separator}{milli:03d}"


def _blocks(
    found: Iterable[Cue],
    separator: str,
    text: Callable[[Cue, Cue | None], list[str]],
    first_number: int = 1,
    previous: Cue | None = None,
) -> list[str]:
    """Numbered cue blocks: SRT and WebVTT differ in the milliseconds separator and the cue text."""
    blocks = []
    for number, cue in enumerate(found, start=first_number):
        timing = f"{_timestamp(cue.start, separator)} --> {_timestamp(cue.end, separator)}"
        blocks.append("\n".join([str(number), timing, *text(cue, previous)]))
        previous = cue
    return blocks


def _srt_lines(cue: Cue, previous: Cue | None) -> list[str]:
    lines = [line.replace("-->", "->") for line in cue.lines]  # an arrow could be read as a timing line
    if cue.speaker and (previous is None or previous.speaker != cue.speaker):
        lines[0] = f"{cue.speaker}: {lines[0]}"  # said once per turn, not on every cue of it
    return lines


def _vtt_escape(text: str) -> str:
    # WebVTT cue text is markup: &, < and > must be escaped (so "-->" cannot appear either).
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _vtt_lines(cue: Cue, _previous: Cue | None) -> list[str]:
    lines = [_vtt_escape(line) for line in cue.lines]
    if cue.speaker:
        lines[0] = f"<v {_vtt_escape(cue.speaker)}>{lines[0]}"
    return lines


def cue_blocks(
    found: list[Cue], style: str, *, first_number: int = 1, previous: Cue | None = None
) -> list[str]:
    """The cues as numbered blocks of ``style`` ("srt" or "vtt"), numbered from ``first_number``:
    subtitles written as they come (live captions), a few cues at a time. ``previous``: the cue
    before them (an SRT speaker is named once a turn). Join them with blank lines; a WebVTT file
    starts with ``VTT_HEADER``."""
    separator, text = (",", _srt_lines) if style == "srt" else (".", _vtt_lines)
    return _blocks(found, separator, text, first_number, previous)


def to_srt(segments: Any, *, max_line: int = MAX_LINE, max_lines: int = MAX_LINES) -> str:
    """SubRip subtitles of a response, a transcript, or segments (see ``cues``)."""
    found = cues(segments, max_line=max_line, max_lines=max_lines)
    return "\n\n".join(_blocks(found, ",", _srt_lines)) + "\n"


def to_vtt(segments: Any, *, max_line: int = MAX_LINE, max_lines: int = MAX_LINES) -> str:
    """WebVTT subtitles of a response, a transcript, or segments (see ``cues``)."""
    blocks = _blocks(cues(segments, max_line=max_line, max_lines=max_lines), ".", _vtt_lines)
    return VTT_HEADER + "\n\n".join(blocks) + ("\n" if blocks else "")
