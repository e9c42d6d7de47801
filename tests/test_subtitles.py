"""``openrouter_ext.subtitles``: SRT and WebVTT from timed segments, checked by independent parsers
(``srt`` and ``webvtt-py``)."""

from __future__ import annotations

from typing import Any

import pytest
import srt
import webvtt
from openrouter_ext_generated.models import STTResponse, STTSegment

from openrouter_ext import InvalidInputError
from openrouter_ext.subtitles import MAX_LINE, MAX_LINES, cues, to_srt, to_vtt


def test_cues_wrap_split_and_number() -> None:
    long = " ".join(f"word{n}" for n in range(40))
    found = cues([(0.0, 10.0, long), (10.0, 11.0, "  "), (3725.5, 3726.25, "a < b & c --> d")])
    assert len(found) == 5  # 7 lines of the long segment in four cues; the blank one dropped
    assert found[0].start == 0 and found[3].end == 10.0
    assert [cue.end for cue in found[:3]] == [cue.start for cue in found[1:4]]  # time shared out, no gaps
    assert all(len(cue.lines) <= MAX_LINES for cue in found)
    assert all(len(line) <= MAX_LINE for cue in found for line in cue.lines)
    segments = [(0.0, 10.0, long), (10.0, 11.0, "  "), (3725.5, 3726.25, "a < b & c --> d")]
    text = to_srt(segments)
    assert "5\n01:02:05,500 --> 01:02:06,250\na < b & c -> d\n" in text
    vtt = to_vtt(segments)
    assert vtt.startswith("WEBVTT\n\n1\n00:00:00.000 --> ")
    assert "01:02:05.500 --> 01:02:06.250\na &lt; b &amp; c --&gt; d" in vtt
    assert len(webvtt.from_string(vtt)) == 5
    assert [s.index for s in srt.parse(text, ignore_errors=False)] == [1, 2, 3, 4, 5]


def test_line_limits_are_settings() -> None:
    found = cues([(0.0, 4.0, "one two three four five six")], max_line=9, max_lines=1)
    assert [cue.lines for cue in found] == [("one two",), ("three",), ("four five",), ("six",)]


SEGMENTS: list[dict[str, Any]] = [
    {"id": 0, "start": 0.0, "end": 1.5, "text": "Hello there.", "speaker": 0},
    {"id": 1, "start": 1.5, "end": 3.0, "text": "And welcome.", "speaker": 0},
    {"id": 2, "start": 3.0, "end": 4.0, "text": "Thanks <all>.", "speaker": 1, "speaker_label": "Ana"},
    {"id": 3, "start": 4.0, "end": 5.0, "text": "No one said this."},
]


def test_speakers_become_voices_and_prefixes() -> None:
    response = STTResponse.from_dict({"text": "...", "segments": SEGMENTS})
    vtt = webvtt.from_string(to_vtt(response))
    assert [caption.voice for caption in vtt.captions] == ["Speaker 0", "Speaker 0", "Ana", None]
    assert vtt[2].text == "Thanks &lt;all&gt;."  # escaped, as WebVTT cue text must be
    parsed = list(srt.parse(to_srt(response), ignore_errors=False))
    assert [cue.content for cue in parsed] == [
        "Speaker 0: Hello there.",
        "And welcome.",  # the same speaker's turn goes on: not labelled again
        "Ana: Thanks <all>.",
        "No one said this.",
    ]


def test_every_input_form_gives_the_same_subtitles() -> None:
    response = STTResponse.from_dict({"text": "...", "segments": SEGMENTS})
    models = [STTSegment.from_dict(segment) for segment in SEGMENTS]
    assert to_srt(response) == to_srt(models) == to_srt(SEGMENTS)
    assert to_srt([]) == "\n" and to_vtt([]) == "WEBVTT\n\n"  # nothing said: no cue


@pytest.mark.parametrize(
    ("given", "field", "problem"),
    [
        (
            STTResponse.from_dict({"text": "said, but not timed"}),
            "segments",
            "the response has no timed segments",
        ),
        ([{"text": "no times"}], "segments[0]", "has no start or end"),
        ([{"start": 0.0, "end": 1.0, "text": "a"}, {"start": 1.0, "text": "b"}], "segments[1]", "has no end"),
        ([{"start": 0.0, "end": 1.0, "text": 7}], "segments[0]", "has no text"),
        ("0 1 text", "segments", "got str"),
    ],
)
def test_subtitles_of_what_has_no_times_are_refused_with_the_fix(
    given: Any, field: str, problem: str
) -> None:
    for render in (to_srt, to_vtt):
        with pytest.raises(InvalidInputError) as caught:
            render(given)
        assert caught.value.field == field and problem in caught.value.problem
        assert "verbose_json" in caught.value.fix
