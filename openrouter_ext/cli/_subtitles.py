"""SRT and WebVTT cues from a transcription's timed segments.

Each segment's text is wrapped to lines of at most ``MAX_LINE`` characters, at most ``MAX_LINES``
lines a cue (the usual broadcast limits); a segment too long for one cue is split into several,
its time shared out by their length in characters.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable

import attrs

MAX_LINE = 42
MAX_LINES = 2


@attrs.frozen
class Cue:
    start: float  # seconds
    end: float
    lines: tuple[str, ...]


def cues(segments: Iterable[tuple[float, float, str]]) -> list[Cue]:
    """Cues from ``(start, end, text)`` segments, in order; empty segments are dropped."""
    result: list[Cue] = []
    for start, end, text in segments:
        lines = textwrap.wrap(" ".join(text.split()), MAX_LINE, break_on_hyphens=False)
        if not lines:
            continue
        end = max(end, start)
        groups = [tuple(lines[i : i + MAX_LINES]) for i in range(0, len(lines), MAX_LINES)]
        total = sum(len(" ".join(group)) for group in groups)
        at = start
        for index, group in enumerate(groups):
            share = (end - start) * len(" ".join(group)) / total
            until = end if index == len(groups) - 1 else at + share
            result.append(Cue(at, until, group))
            at = until
    return result


def _timestamp(seconds: float, separator: str) -> str:
    milliseconds = max(0, round(seconds * 1000))
    hours, rest = divmod(milliseconds, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    whole, milli = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{whole:02d}{separator}{milli:03d}"


def _blocks(cues: Iterable[Cue], separator: str, text: Callable[[str], str]) -> list[str]:
    """Numbered cue blocks: SRT and WebVTT differ only in the milliseconds separator and escaping."""
    return [
        f"{number}\n{_timestamp(cue.start, separator)} --> {_timestamp(cue.end, separator)}\n"
        + "\n".join(text(line) for line in cue.lines)
        for number, cue in enumerate(cues, start=1)
    ]


def _srt_text(line: str) -> str:
    return line.replace("-->", "->")  # an arrow in cue text could be read as a timing line


def _vtt_text(line: str) -> str:
    # WebVTT cue text is markup: &, < and > must be escaped, and "-->" may not appear.
    return line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_srt(cues: Iterable[Cue]) -> str:
    return "\n\n".join(_blocks(cues, ",", _srt_text)) + "\n"


def to_vtt(cues: Iterable[Cue]) -> str:
    blocks = _blocks(cues, ".", _vtt_text)
    return "WEBVTT\n\n" + "\n\n".join(blocks) + ("\n" if blocks else "")
