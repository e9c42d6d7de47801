"""Merging the answers to a recording's parts: times moved by each part's true start, clamped,
starts non-decreasing, ids renumbered, texts joined, entities moved with the text, usage summed.
Every expected figure below is worked out by hand from the parts' starts, not by the code."""

from __future__ import annotations

import json
from typing import Any

import pytest
import srt
import webvtt
from openrouter_ext_generated.models import STTResponse

from openrouter_ext import InvalidInputError, errors
from openrouter_ext._recording._transcript import Chunk, merge


def answer(text: str, segments: list[tuple[float, float, str]], **extra: Any) -> STTResponse:
    return STTResponse.from_dict(
        {
            "text": text,
            "segments": [{"id": 7, "start": s, "end": e, "text": t} for s, e, t in segments],
            **extra,
        }
    )


PARTS = [
    Chunk(0, 0.0, 600.25, 9_000_000, 1, answer(" One. Two.", [(0.0, 3.0, "One."), (590.0, 600.0, "Two.")],
                                                 usage={"seconds": 600.25, "cost": 0.06})),
    Chunk(1, 600.25, 1199.5, 8_500_000, 3, answer("Three.", [(1.5, 4.0, "Three."), (598.0, 612.0, "Four.")],
                                                    usage={"seconds": 599.25, "cost": 0.05, "total_tokens": 7})),
    Chunk(2, 1199.5, 1210.0, 100_000, 1, answer("Five.", [(-0.5, 2.0, "Five.")], usage={"cost": 0.001})),
]  # fmt: skip


def test_times_move_by_each_parts_true_start_and_stay_inside_it() -> None:
    transcript = merge(PARTS, duration=1210.0)
    assert [(s.id, s.start, s.end, s.text) for s in transcript.segments] == [
        (0, 0.0, 3.0, "One."),
        (1, 590.0, 600.0, "Two."),
        (2, 601.75, 604.25, "Three."),  # 600.25 + 1.5, 600.25 + 4.0
        (3, 1198.25, 1199.5, "Four."),  # 600.25 + 598 = 1198.25; its end (1212.25) clamped to the part's
        (4, 1199.5, 1201.5, "Five."),  # a start before the part's clamped to it
    ]
    assert transcript.duration == 1210.0


def test_starts_never_go_back() -> None:
    late_first = [
        Chunk(0, 0.0, 10.0, response=answer("a", [(8.0, 10.0, "a")])),
        Chunk(1, 10.0, 20.0, response=answer("b", [(0.0, 1.0, "b"), (0.5, 0.7, "c")])),
    ]
    starts = [segment.start for segment in merge(late_first, duration=20.0).segments]
    assert starts == [8.0, 10.0, 10.5] == sorted(starts)


def test_texts_join_with_one_space_or_none_for_unspaced_languages() -> None:
    assert merge(PARTS, duration=1210.0).text == "One. Two. Three. Five."
    japanese = [
        Chunk(0, 0.0, 5.0, response=answer("こんにちは。", [], language="japanese")),
        Chunk(1, 5.0, 9.0, response=answer(" 元気ですか。", [], language="japanese")),
    ]
    assert merge(japanese, duration=9.0).text == "こんにちは。元気ですか。"
    unsaid = [
        Chunk(0, 0.0, 5.0, response=answer("今日は", [])),
        Chunk(1, 5.0, 9.0, response=answer("晴れ", [])),
    ]
    assert merge(unsaid, duration=9.0, language="ja").text == "今日は晴れ"  # the language asked for decides
    silent = [Chunk(0, 0.0, 5.0, response=answer("", [])), Chunk(1, 5.0, 9.0, response=answer("Hi", []))]
    assert merge(silent, duration=9.0).text == "Hi"


def test_usage_is_summed_and_what_no_part_reports_stays_absent() -> None:
    usage = merge(PARTS, duration=1210.0).usage.to_dict()
    assert usage == {"seconds": 1199.5, "cost": 0.111, "total_tokens": 7}


def test_words_and_entities_move_with_their_part() -> None:
    parts = [
        Chunk(0, 0.0, 4.0, response=STTResponse.from_dict({
            "text": "Call Ana.", "words": [{"word": "Call", "start": 0.5, "end": 0.9}, {"word": "Ana.", "start": 1.0, "end": 1.4}],
            "entities": [{"start_char": 5, "end_char": 8, "text": "Ana", "type": "person"}]})),
        Chunk(1, 4.0, 8.0, response=STTResponse.from_dict({
            "text": "  Meet Bo.", "words": [{"word": "Meet", "start": 0.2, "end": 0.6}],
            "entities": [{"start_char": 7, "end_char": 9, "text": "Bo", "type": "person"}]})),
    ]  # fmt: skip
    transcript = merge(parts, duration=8.0)
    assert [(w.word, w.start, w.end) for w in transcript.words] == [
        ("Call", 0.5, 0.9), ("Ana.", 1.0, 1.4), ("Meet", 4.2, 4.6)
    ]  # fmt: skip
    assert transcript.text == "Call Ana. Meet Bo."
    assert [transcript.text[e.start_char : e.end_char] for e in transcript.entities] == ["Ana", "Bo"]


def test_a_part_without_an_answer_leaves_a_gap_and_says_why() -> None:
    failure = errors.ServiceUnavailableResponseError("busy", attempts=5)
    parts = [PARTS[0], Chunk(1, 600.25, 1199.5, 8_500_000, 5, error=failure), PARTS[2]]
    transcript = merge(parts, duration=1210.0)
    assert transcript.text == "One. Two. Five."
    assert [chunk.index for chunk in transcript.missing] == [1]
    assert transcript.to_dict()["chunks"][1]["status"] == "failed"
    assert "ServiceUnavailableResponseError: busy" in transcript.to_dict()["chunks"][1]["error"]


def test_the_transcript_is_json_ready_and_makes_subtitles() -> None:
    transcript = merge(PARTS, duration=1210.0, read_until=1210.0)
    document = json.loads(json.dumps(transcript.to_dict()))
    assert document["text"] == transcript.text and len(document["chunks"]) == 3
    assert [chunk["bytes_sent"] for chunk in document["chunks"]] == [9_000_000, 8_500_000, 100_000]
    cues = list(srt.parse(transcript.to_srt(), ignore_errors=False))
    assert cues[2].start.total_seconds() == 601.75
    assert len(webvtt.from_string(transcript.to_vtt())) == 5


def test_a_transcript_of_untimed_parts_refuses_to_make_empty_subtitles() -> None:
    transcript = merge(
        [Chunk(0, 0.0, 5.0, response=STTResponse.from_dict({"text": "no times here"}))], duration=5.0
    )
    assert transcript.text == "no times here" and transcript.segments == []
    for render in (transcript.to_srt, transcript.to_vtt):
        with pytest.raises(InvalidInputError, match="Transcript has text but no timed segments") as caught:
            render()
        assert "verbose_json" in caught.value.fix
    silent = merge(
        [Chunk(0, 0.0, 5.0, response=STTResponse.from_dict({"text": "", "segments": []}))], duration=5.0
    )
    assert silent.to_srt() == "\n"  # nothing said: no cue, and no error
