"""Speakers across parts, judged against truth: meetings of tones in which each voice speaks in a band
of pitches of its own, sent to a stand-in that diarizes as a provider does (labels local to each
request, numbered by first appearance). Every segment and word must carry its voice's global
speaker (best one-to-one mapping of true voices to labels: >= 99 %), every sound once at its time,
and the audio billed at most 1.08 x the recording's length."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from typing import Any, Literal

import numpy as np
import pytest

from openrouter_ext import OpenRouter, RetryConfig, errors
from openrouter_ext.testing import StandIn, Tone, tone_recording
from openrouter_ext.testing._audio import encode_audio
from openrouter_ext.testing._hearing import voice_of, voice_pitch

pytest.importorskip("av", reason="cutting recordings needs the audio extra")

from openrouter_ext._recording._speakers import Linking
from openrouter_ext._recording._transcript import Chunk, Clip

MODEL = "elevenlabs/scribe-v2"
SECONDS = 1200.0
PART = 240.0


def _meeting(seed: int = 7, monologue: tuple[float, float] = (500, 580)) -> list[Tone]:
    """Four voices: 0 and 1 throughout, 2 first heard at 700 s (late), 3 absent from 260 to 1000 s
    (more than three parts) and then back; 0 alone through ``monologue``; fast turns (0.35-0.6 s
    between voices) from 100 to 160 s."""
    rng = np.random.default_rng(seed)
    tones: list[Tone] = []
    at = 0.5
    while at < SECONDS - 3:
        present = [0, 1] + ([2] if at > 700 else []) + ([3] if not 260 < at < 1000 else [])
        voice = 0 if monologue[0] < at < monologue[1] else int(rng.choice(present))
        length = float(rng.uniform(0.4, 1.5))
        tones.append(Tone(at, at + length, voice_pitch(voice, len(tones))))
        at += length + float(rng.uniform(0.35, 0.6) if 100 < at < 160 else rng.uniform(0.35, 1.6))
    return tones


TONES = _meeting()


@pytest.fixture(scope="module")
def recordings() -> dict[str, bytes]:
    wav = tone_recording(TONES, SECONDS)
    return {"wav": wav, "mp3": encode_audio(wav, "mp3")}


@pytest.fixture(scope="module")
def server() -> Iterator[StandIn]:
    with StandIn() as stand_in:
        yield stand_in


def _client(server: StandIn) -> OpenRouter:
    return OpenRouter(api_key="k", server_url=server.base_url, retries=RetryConfig("none"))


def _voices(tones: list[Tone], items: list[Any]) -> tuple[list[int], list[int]]:
    """Each timed item's true voice (by the tone it lies on) and its speaker; each tone once."""
    truth, said, seen = [], [], set()
    for item in items:
        tone = min(tones, key=lambda tone: abs(tone.start - item.start))
        assert abs(tone.start - item.start) <= 0.1, (item.start, tone)
        seen.add(tone)
        voice = voice_of(tone.hertz)
        assert voice is not None
        truth.append(voice)
        said.append(item.speaker)
    assert len(seen) == len(tones) == len(items)  # every sound once
    return truth, said


def _right(truth: list[int], said: list[int]) -> float:
    """The share of items whose speaker is their voice's, under the best one-to-one mapping."""
    voices, labels = sorted(set(truth)), sorted(set(said), key=str)
    best = 0
    for chosen in itertools.permutations(labels, min(len(voices), len(labels))):
        mapping = dict(zip(voices, chosen, strict=False))
        best = max(best, sum(mapping.get(voice) == label for voice, label in zip(truth, said, strict=True)))
    return best / len(truth)


def _judge(transcript: Any, server: StandIn, tones: list[Tone] = TONES, seconds: float = SECONDS) -> None:
    for items in (transcript.segments, transcript.words):
        truth, said = _voices(tones, items)
        assert _right(truth, said) >= 0.99
        assert all(item.speaker_label == f"speaker_{item.speaker}" for item in items)
    billed = sum(json.loads(r.response)["usage"]["seconds"] for r in server.requests if r.status == 200)
    assert billed <= 1.08 * seconds, billed / seconds
    assert transcript.usage.seconds == pytest.approx(billed, abs=0.01)  # the linking request counted
    voices = {voice_of(tone.hertz) for tone in tones}
    assert len(transcript.speakers) == len(voices) and all(speaker.linked for speaker in transcript.speakers)
    for speaker in transcript.speakers:  # talk time and first appearance, against the voice's own
        own = [t for t in tones if voice_of(t.hertz) == _voice_of_speaker(transcript, speaker.speaker, tones)]
        assert speaker.first == pytest.approx(own[0].start, abs=0.1)
        assert speaker.seconds == pytest.approx(sum(t.end - t.start for t in own), rel=0.05)


def _voice_of_speaker(transcript: Any, number: int, tones: list[Tone]) -> int | None:
    segment = next(s for s in transcript.segments if s.speaker == number)
    return voice_of(min(tones, key=lambda tone: abs(tone.start - segment.start)).hertz)


@pytest.mark.parametrize("link", ["afterwards", "prepend"])
def test_a_diarized_meeting_keeps_one_speaker_per_voice_across_its_parts(
    server: StandIn, recordings: dict[str, bytes], link: Literal["afterwards", "prepend"]
) -> None:
    server.reset()
    with _client(server) as client:
        transcript = client.stt.transcribe(
            input_audio=recordings["wav"], model=MODEL, diarize=True, max_chunk_seconds=PART,
            timestamp_granularities=["segment", "word"], link_speakers=link,
        )  # fmt: skip
    assert len(transcript.chunks) >= 5
    # The parts, and (afterwards) one linking request; prepended clips go in the parts' own requests.
    assert len(server.requests) == len(transcript.chunks) + (link == "afterwards")
    _judge(transcript, server)
    srt, vtt = transcript.to_srt(), transcript.to_vtt()
    assert "speaker_3: " in srt and "<v speaker_3>" in vtt and "speaker_4" not in srt


@pytest.mark.anyio
async def test_the_async_twin_links_an_mp3_meeting_the_same(
    server: StandIn, recordings: dict[str, bytes]
) -> None:
    server.reset()
    async with OpenRouter(api_key="k", server_url=server.base_url) as client:
        transcript = await client.stt.transcribe_async(
            input_audio=recordings["mp3"], model=MODEL, diarize=True, max_chunk_seconds=PART,
            timestamp_granularities=["segment", "word"],
        )  # fmt: skip
    assert all(chunk.response is not None for chunk in transcript.chunks)
    _judge(transcript, server)


def test_a_monologue_as_long_as_a_part_keeps_its_speaker(server: StandIn) -> None:
    """A part in which one voice speaks alone throughout (its only speaker, whom the provider
    numbers 0 there as it numbers another voice 0 elsewhere)."""
    tones = _meeting(seed=11, monologue=(230, 740))
    server.reset()
    with _client(server) as client:
        transcript = client.stt.transcribe(input_audio=encode_audio(tone_recording(tones, SECONDS), "mp3"),
                                           model=MODEL, diarize=True, max_chunk_seconds=PART,
                                           timestamp_granularities=["segment", "word"])  # fmt: skip
    one_voice = [c for c in transcript.chunks if c.start > 230 and c.end < 740]
    assert one_voice and all(c.response is not None for c in one_voice)
    _judge(transcript, server, tones)


def test_without_diarize_nothing_extra_is_sent_and_no_speakers_are_made(
    server: StandIn, recordings: dict[str, bytes]
) -> None:
    server.reset()
    with _client(server) as client:
        transcript = client.stt.transcribe(input_audio=recordings["wav"], model=MODEL, max_chunk_seconds=PART,
                                           timed=True)  # fmt: skip
    assert len(server.requests) == len(transcript.chunks)
    assert transcript.speakers == [] and all(not chunk.clips for chunk in transcript.chunks)
    assert all(isinstance(s.speaker, type(transcript.segments[0].speaker)) for s in transcript.segments)
    assert not any(b'"diarize"' in r.body for r in server.requests)


def test_a_resumed_run_links_its_speakers_as_an_uninterrupted_one(
    server: StandIn, recordings: dict[str, bytes]
) -> None:
    arguments: dict[str, Any] = {"model": MODEL, "diarize": True, "max_chunk_seconds": PART}
    with _client(server) as client:
        whole = client.stt.transcribe(input_audio=recordings["wav"], **arguments)
    with StandIn(scenario="status=500;fail-first=2") as flaky, _client(flaky) as client:
        with pytest.raises(errors.IncompleteTranscriptError) as interrupted:
            client.stt.transcribe(input_audio=recordings["wav"], **arguments, concurrency=1)
        saved = [json.loads(json.dumps(chunk.to_dict())) for chunk in interrupted.value.transcript.chunks]
        kept = [Chunk.from_dict(chunk) for chunk in saved if chunk["status"] == "done"]
        assert kept and all(chunk.clips for chunk in kept)  # the clips are kept with the parts
        assert len(flaky.requests) == len(saved)  # no linking request for a transcript with gaps
    server.reset()
    with _client(server) as client:
        resumed = client.stt.transcribe(input_audio=recordings["wav"], **arguments, reuse_chunks=kept)
    assert len(server.requests) == len(saved) - len(kept) + 1  # the parts not answered, and the link
    assert [(s.start, s.speaker) for s in resumed.segments] == [(s.start, s.speaker) for s in whole.segments]
    assert resumed.speakers == whole.speakers


def test_a_one_request_recording_numbers_its_speakers_by_first_appearance(server: StandIn) -> None:
    tones = [Tone(0.5 + 2 * n, 1.5 + 2 * n, voice_pitch(voice, n)) for n, voice in enumerate([3, 1, 3, 0, 1])]
    server.reset()
    with _client(server) as client:
        transcript = client.stt.transcribe(input_audio=tone_recording(tones, 11.0), model=MODEL, diarize=True)
    assert [s.speaker for s in transcript.segments] == [0, 1, 0, 2, 1] and len(server.requests) == 1
    assert [speaker.first for speaker in transcript.speakers] == [0.5, 2.5, 6.5]


# --- asked only where it exists ----------------------------------------------------------------------


def test_diarize_is_refused_before_any_request_for_a_model_that_does_not_diarize(server: StandIn) -> None:
    server.reset()
    with _client(server) as client:
        with pytest.raises(errors.InvalidInputError) as refused:
            client.stt.transcribe(input_audio=tone_recording(TONES[:3], 5.0), model="openai/whisper-large-v3",
                                  diarize=True)  # fmt: skip
        assert refused.value.field == "diarize"
        with pytest.raises(errors.InvalidInputError, match="verbose_json"):
            client.stt.transcribe(input_audio=tone_recording(TONES[:3], 5.0), model=MODEL, diarize=True,
                                  response_format="json")  # fmt: skip
        assert server.requests == []
        unknown = client.stt.transcribe(
            input_audio=tone_recording(TONES[:3], 5.0), model="acme/new-stt", diarize=True
        )
    assert unknown.text and len(server.requests) == 1  # a model the table does not know is let through


# --- each clip judged by its own answer ------------------------------------------------------------


def _chunk(index: int, start: float, speakers: list[tuple[float, float, int]]) -> Chunk:
    segments = [
        {"id": n, "start": a, "end": b, "text": "x", "speaker": who} for n, (a, b, who) in enumerate(speakers)
    ]
    response = {"text": "x", "segments": segments}
    from openrouter_ext_generated.models import STTResponse

    clips = tuple(Clip(who, start + a, start + b, _silence(b - a)) for a, b, who in speakers[:2])
    return Chunk(index, start, start + 60.0, response=STTResponse.from_dict(response), clips=clips)


def _silence(seconds: float) -> bytes:
    from openrouter_ext._recording._audio import encode_flac

    return encode_flac(np.zeros(round(seconds * 16_000), dtype=np.int16))


def _answer(labels: list[list[int]], placed: Any) -> Any:
    """A linking answer in which clip ``i`` was heard with the labels ``labels[i]``."""
    from openrouter_ext_generated.models import STTResponse

    segments: list[dict[str, Any]] = []
    for (_, start, end), said in zip(placed, labels, strict=True):
        step = (end - start) / max(1, len(said))
        segments += [{"id": len(segments), "start": start + k * step, "end": start + (k + 1) * step, "text": "x",
                      "speaker": label} for k, label in enumerate(said)]  # fmt: skip
    return STTResponse.from_dict({"text": "x", "segments": segments})


def test_a_clip_with_no_label_or_two_links_nothing_and_says_so() -> None:
    chunks = [_chunk(0, 0.0, [(1.0, 3.0, 0), (4.0, 6.0, 1)]), _chunk(1, 60.0, [(1.0, 3.0, 0), (4.0, 6.0, 1)])]
    linking = Linking(chunks, 600.0)
    request = linking.next_request()
    assert request is not None and len(request.placed) == 4
    # Part 0's speakers are voices A and B; part 1's first clip got no label, its second two.
    linking.answered(_answer([[0], [1], [], [0, 1]], request.placed))
    assert linking.next_request() is None
    mapping = linking.mapping()
    assert mapping[(0, 0)] != mapping[(0, 1)]
    assert len({mapping[(1, 0)], mapping[(1, 1)], mapping[(0, 0)], mapping[(0, 1)]}) == 4  # nothing merged
    assert "no speaker label" in linking.problem[(1, 0)] and "2 speaker labels" in linking.problem[(1, 1)]


def test_clips_are_mapped_by_their_labels_not_by_their_order() -> None:
    chunks = [_chunk(0, 0.0, [(1.0, 3.0, 0), (4.0, 6.0, 1)]), _chunk(1, 60.0, [(1.0, 3.0, 0), (4.0, 6.0, 1)])]
    linking = Linking(chunks, 600.0)
    request = linking.next_request()
    assert request is not None
    linking.answered(_answer([[5], [2], [2], [5]], request.placed))  # part 1's voices swapped
    mapping = linking.mapping()
    assert mapping[(1, 0)] == mapping[(0, 1)] and mapping[(1, 1)] == mapping[(0, 0)]


def test_many_clips_go_in_several_requests_each_with_the_known_voices_as_anchors() -> None:
    chunks = [_chunk(n, 60.0 * n, [(1.0, 3.0, 0), (4.0, 6.0, 1)]) for n in range(6)]
    linking = Linking(chunks, 20.0)  # a model that takes 20 s: a few clips a request
    requests = 0
    while (request := linking.next_request()) is not None:
        requests += 1
        assert request.seconds <= 20.0 + 2.8 * 2  # its anchors (one per voice known) and new clips
        # The provider hears each clip as its true voice: speaker 0 of every part is one voice.
        labels = [
            [7 if (what[1] if isinstance(what, tuple) else what) == 0 else 9] for what, _, _ in request.placed
        ]
        linking.answered(_answer(labels, request.placed))
    mapping = linking.mapping()
    assert requests >= 3 and len(set(mapping.values())) == 2
    assert {mapping[(n, 0)] for n in range(6)} == {0} and {mapping[(n, 1)] for n in range(6)} == {1}


# --- the command line --------------------------------------------------------------------------------


def _cli(*arguments: str) -> Any:
    import os
    import subprocess

    from test_cli import SCRIPT

    env = {**os.environ, "OPENROUTER_API_KEY": "sk-or-v1-speakers"}
    return subprocess.run(
        [SCRIPT, *arguments], capture_output=True, text=True, timeout=120, env=env, check=False
    )


def test_the_command_line_writes_subtitles_marked_with_the_recordings_speakers_and_resumes_them(
    server: StandIn, recordings: dict[str, bytes], tmp_path: Any
) -> None:
    import srt

    source = tmp_path / "meeting.wav"
    source.write_bytes(recordings["wav"])
    flags = (
        "--model",
        MODEL,
        "--diarize",
        "--max-chunk-seconds",
        str(PART),
        "--format",
        "srt",
        "--retries",
        "0",
    )
    whole = _cli(
        "transcribe",
        str(source),
        *flags,
        "--out-dir",
        str(tmp_path / "whole"),
        "--server-url",
        server.base_url,
    )
    assert whole.returncode == 0, whole.stderr
    written = (tmp_path / "whole" / "meeting.srt").read_text()
    truth: list[int] = []
    said: list[str] = []
    for cue in srt.parse(written):
        speaker, _, text = cue.content.partition(": ")
        if not text:  # a cue of the same turn as the one before: its speaker is said once a turn
            speaker, text = said[-1], cue.content
        tone = min(TONES, key=lambda tone: abs(tone.start - cue.start.total_seconds()))
        voice = voice_of(tone.hertz)
        assert voice is not None and f"{tone.hertz} Hz" in text
        truth.append(voice)
        said.append(speaker)
    assert len(truth) == len(TONES) and _right(truth, [int(s.removeprefix("speaker_")) for s in said]) >= 0.99
    # Interrupted (two parts fail), then resumed against a healthy server: the same speakers.
    with StandIn(scenario="status=500;fail-first=2") as flaky:
        failed = _cli("transcribe", str(source), *flags, "--out-dir", str(tmp_path / "resumed"), "--concurrency", "1",
                      "--server-url", flaky.base_url)  # fmt: skip
    assert failed.returncode != 0
    resumed = _cli(
        "transcribe",
        str(source),
        *flags,
        "--out-dir",
        str(tmp_path / "resumed"),
        "--server-url",
        server.base_url,
    )
    assert resumed.returncode == 0, resumed.stderr
    assert (tmp_path / "resumed" / "meeting.srt").read_text() == written


def test_every_field_of_the_call_has_a_flag(tmp_path: Any) -> None:
    source = tmp_path / "meeting.wav"
    source.write_bytes(tone_recording(TONES[:4], 8.0))
    options = tmp_path / "options.json"
    options.write_text(json.dumps({"elevenlabs": {"tag_audio_events": False}}))
    with StandIn() as stand_in:
        done = _cli("transcribe", str(source), "--model", MODEL, "--diarize", "--keyterm", "Alice", "--keyterm",
                    "Bob Smith", "--temperature", "0.2", "--provider-option", "elevenlabs.num_speakers=4",
                    "--provider-option", f"@{options}", "--session-id", "meeting-42", "--server-url",
                    stand_in.base_url)  # fmt: skip
        assert done.returncode == 0, done.stderr
        (request,) = [r for r in stand_in.requests if r.method == "POST"]
    body = request.body.decode("utf-8", "replace")
    for sent in ("Alice", "Bob Smith", "0.2", "num_speakers", "tag_audio_events", "meeting-42", "diarize"):
        assert sent in body, sent
    assert done.stdout.startswith("speaker_0: ")  # text, a turn a line


@pytest.mark.parametrize(
    ("flags", "words"),
    [
        (("--diarize",), "openai/whisper-large-v3 does not label speakers"),
        (("--provider-option", "num_speakers=4"), "SLUG.NAME=VALUE"),
        (("--provider-option", "@/no/such.json"), "No such file"),
    ],
)
def test_flags_a_request_would_be_refused_for_stop_the_run_before_it_starts(
    tmp_path: Any, flags: tuple[str, ...], words: str
) -> None:
    source = tmp_path / "a.wav"
    source.write_bytes(tone_recording(TONES[:2], 4.0))
    with StandIn() as stand_in:
        done = _cli("transcribe", str(source), *flags, "--server-url", stand_in.base_url)
        assert stand_in.requests == []
    assert done.returncode == 2 and words in done.stderr, done.stderr


def test_a_provider_that_switches_diarization_on_by_an_option_of_its_own_gets_it(server: StandIn) -> None:
    from openrouter_ext import ModelProfile

    profile = ModelProfile("acme/stt", diarize=True, verbose_json=True, provider_options="acme",
                           diarize_option="speaker_labels")  # fmt: skip
    server.reset()
    with _client(server) as client:
        client.stt.transcribe(input_audio=tone_recording(TONES[:3], 5.0), model="acme/stt", diarize=True,
                              profile=profile, provider={"options": {"acme": {"language_detection": True}}})  # fmt: skip
    (request,) = server.requests
    body = request.body.decode("utf-8", "replace")  # a multipart form: provider as its JSON field
    assert "speaker_labels" in body and "language_detection" in body and "diarize" in body, body[:2000]


def test_a_speaker_too_brief_for_a_clip_stays_its_own_and_is_marked_unlinked() -> None:
    from openrouter_ext._recording._speakers import with_speakers

    brief = [(1.0, 3.0, 0), (4.0, 6.0, 1), (7.0, 7.1, 2)]  # speaker 2: a tenth of a second, no clip
    chunks = [_chunk(0, 0.0, brief), _chunk(1, 60.0, [(1.0, 3.0, 0), (4.0, 6.0, 1)])]
    linking = Linking(chunks, 600.0)
    request = linking.next_request()
    assert request is not None and len(request.placed) == 4  # the two clips of each part, not 2's
    linking.answered(_answer([[0], [1], [0], [1]], request.placed))
    transcript = with_speakers(chunks, linking, duration=120.0)
    by_number = {speaker.speaker: speaker for speaker in transcript.speakers}
    assert len(by_number) == 3
    unlinked = [speaker for speaker in by_number.values() if not speaker.linked]
    assert len(unlinked) == 1 and unlinked[0].first == 7.0 and "no clip" in (unlinked[0].problem or "")
