"""Speakers who keep their names across the parts of a recording: one global speaker per voice.

Providers number speakers within one request, so a voice is ``0`` in one part and ``1`` in the
next. The SDK does no voice analysis of its own: the provider is the only judge of voices. From
each answered part it keeps a *clip* of each of its speakers (``clips_of``): a few seconds where
only that voice speaks, inside pauses, away from the part's edges. Once every part is answered, the
clips go to the provider in one short linking request (``Linking``; more when the model's limit
needs them, each holding one clip of every speaker found so far as an anchor), silence between
them, diarized: clips it labels alike are one voice. Each clip is judged by its own answer, by the
label the provider gave the sound in it, never by the clips' order; a clip that got no label, or
two, links nothing, and its speaker stays a speaker of its own (said in ``Speaker.linked`` and
logged), never merged or split silently. A speaker too brief for a clean clip likewise.

Global speakers are numbered by first appearance in the recording, labelled ``speaker_N``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
from openrouter_ext_generated.models import STTResponse
from openrouter_ext_generated.types import Unset

from ._audio import DECODERS, ENCODERS, RATE, decoded
from ._transcript import Chunk, Clip, Speaker, Transcript, merge, summed_usage

logger = logging.getLogger("openrouter_ext")

CLIP_SECONDS = 3.0  # the most of one speaker a clip holds
SHORTEST_CLIP = 0.25  # seconds of sound: shorter, and no clip is taken
PAD_SECONDS = 0.1  # silence kept either side of a clip's sound (inside its pauses)
EDGE_SECONDS = 0.5  # clips keep this far from a part's edges, where a voice may be cut
RUN_GAP_SECONDS = 1.0  # a speaker's segments this close together, nobody between, make one clip
GAP_SECONDS = 0.8  # silence between the clips of a linking request

Key = tuple[int, int | str]  # (a chunk's index, its own label for a speaker)


def local_speaker(item: Any) -> int | str | None:
    """A segment's or word's own speaker label: its ``speaker``, else its ``speaker_label``."""
    speaker = getattr(item, "speaker", None)
    if isinstance(speaker, int) and not isinstance(speaker, bool):
        return speaker
    label = getattr(item, "speaker_label", None)
    return label if isinstance(label, str) and label else None


def _segments(response: STTResponse) -> list[Any]:
    found = response.segments
    return [] if isinstance(found, Unset) or not found else sorted(found, key=lambda s: s.start)


def clips_of(chunk: Chunk, data: bytes, audio_format: str) -> tuple[Clip, ...]:
    """A clip of each speaker of an answered part (``data``: the part as it was sent), the best
    each has: the longest run of its segments with nobody between, away from the part's edges if
    it can be, at most ``CLIP_SECONDS``."""
    assert chunk.response is not None
    segments = [segment for segment in _segments(chunk.response) if local_speaker(segment) is not None]
    if not segments:
        return ()
    samples = DECODERS[audio_format](data) if audio_format in DECODERS else decoded(data, audio_format)
    offset = chunk.offset
    own = (chunk.start - offset, chunk.end - offset)  # the part's own stretch, on its clock
    runs: list[list[Any]] = []
    for segment in segments:
        if (
            runs
            and local_speaker(runs[-1][-1]) == local_speaker(segment)
            and (segment.start - runs[-1][-1].end < RUN_GAP_SECONDS)
        ):
            runs[-1].append(segment)
        else:
            runs.append([segment])
    best: dict[int | str, tuple[tuple[int, float], float, float]] = {}
    for index, run in enumerate(runs):
        before = runs[index - 1][-1].end if index else own[0]
        after = runs[index + 1][0].start if index + 1 < len(runs) else own[1]
        start = run[0].start
        taken = [s for s in run if s.end - start <= CLIP_SECONDS] or [run[0]]
        end = min(taken[-1].end, start + CLIP_SECONDS)
        sound = sum(min(s.end, end) - s.start for s in taken)
        clean = start - PAD_SECONDS >= before and end + PAD_SECONDS <= after
        if not clean or sound < SHORTEST_CLIP:
            continue
        inside = start - EDGE_SECONDS >= own[0] and end + EDGE_SECONDS <= own[1]
        score = (int(inside), sound)
        speaker = local_speaker(run[0])
        assert speaker is not None
        if speaker not in best or score > best[speaker][0]:
            best[speaker] = (score, start - PAD_SECONDS, end + PAD_SECONDS)
    clips = []
    for speaker, (_, start, end) in best.items():
        piece = samples[max(0, round(start * RATE)) : round(end * RATE)]
        if len(piece) < SHORTEST_CLIP * RATE:
            continue
        clips.append(Clip(speaker, offset + start, offset + end, ENCODERS["flac"](piece), "flac"))
    return tuple(clips)


@attrs.frozen
class LinkRequest:
    """One linking request: its audio (16 kHz mono FLAC, or WAV) and where each clip lies in it."""

    audio: bytes
    seconds: float
    placed: tuple[tuple[Key | int, float, float], ...]  # (a clip's key, or an anchor's group; span)
    format: str = "flac"


class Linking:
    """The parts' speakers linked into global ones, by linking requests (``next_request``, then
    ``answered`` with the provider's diarized answer, until ``next_request`` gives None)."""

    def __init__(self, chunks: Sequence[Chunk], longest: float, audio_format: str = "flac") -> None:
        self.longest = longest
        self.format = audio_format
        self.keys: list[Key] = []  # every part's every speaker, in recording order
        self.first: dict[Key, float] = {}
        self.clip: dict[Key, Clip] = {}
        for chunk in sorted(chunks, key=lambda chunk: chunk.start):
            if chunk.response is None:
                continue
            for segment in _segments(chunk.response):
                speaker = local_speaker(segment)
                if speaker is not None and (chunk.index, speaker) not in self.first:
                    self.keys.append((chunk.index, speaker))
                    self.first[(chunk.index, speaker)] = chunk.offset + segment.start
            for clip in chunk.clips:
                self.clip[(chunk.index, clip.speaker)] = clip
        self.group: dict[Key, int] = {}  # key -> a group (a voice), numbered as found
        self.anchor: dict[int, Clip] = {}  # a group's clip, sent again with a later request
        self.problem: dict[Key, str] = {}
        for key in self.keys:
            if key not in self.clip:
                self.problem[key] = "no clip of it alone (too brief, or always over another voice)"
        self.pending = [key for key in self.keys if key in self.clip]
        self._sent: LinkRequest | None = None
        self.answers: list[STTResponse] = []  # the linking requests' (their usage is billed)

    def next_request(self) -> LinkRequest | None:
        """The next linking request, or None when every clip has been judged (one part alone:
        none is needed)."""
        if len({index for index, _ in self.keys}) <= 1:
            for key in self.pending:
                self._new_group(key)
            self.pending = []
        if not self.pending:
            return None
        import numpy as np

        pieces: list[Any] = []
        placed: list[tuple[Key | int, float, float]] = []
        at = GAP_SECONDS
        gap = np.zeros(round(GAP_SECONDS * RATE), dtype=np.int16)

        def add(what: Key | int, clip: Clip) -> None:
            nonlocal at
            samples = DECODERS[clip.format](clip.audio)
            pieces.extend([samples, gap])
            placed.append((what, at, at + len(samples) / RATE))
            at += len(samples) / RATE + GAP_SECONDS

        pieces.append(gap)
        for group, clip in self.anchor.items():
            add(group, clip)
        taken = 0
        for key in self.pending:
            clip = self.clip[key]
            if taken and at + (clip.end - clip.start) + GAP_SECONDS > self.longest:
                break
            add(key, clip)
            taken += 1
        self.pending = self.pending[taken:]
        audio = np.concatenate(pieces)
        self._sent = LinkRequest(ENCODERS[self.format](audio), len(audio) / RATE, tuple(placed), self.format)
        return self._sent

    def answered(self, response: STTResponse) -> None:
        """The provider's diarized answer to the last request: each clip takes the label the
        provider gave the sound in it."""
        sent = self._sent
        assert sent is not None
        self.answers.append(response)
        heard = [(s, local_speaker(s)) for s in _segments(response)]
        words = [] if isinstance(response.words, Unset) or not response.words else list(response.words)
        heard += [(w, local_speaker(w)) for w in words]
        by_label: dict[int | str, int] = {}
        anchors_of: dict[int | str, set[int]] = {}
        judged: list[tuple[Key, int | str | None, str | None]] = []
        for what, start, end in sent.placed:
            labels = {
                label
                for item, label in heard
                if label is not None and start <= (item.start + item.end) / 2 <= end
            }
            label, why = _one(labels)
            if isinstance(what, int):  # an anchor: its label names a known voice in this request
                if label is not None:
                    anchors_of.setdefault(label, set()).add(what)
                continue
            judged.append((what, label, why))
        for label, groups in anchors_of.items():
            if len(groups) == 1:
                by_label[label] = next(iter(groups))
        for key, label, why in judged:
            if label is None:
                self.problem[key] = f"its clip ({self.clip[key].start:.1f} s) {why}"
                self._new_group(key)
            elif label in by_label:
                self.group[key] = by_label[label]
            elif label in anchors_of:  # the provider heard two known voices as one
                self.problem[key] = "its clip sounded like two speakers already told apart"
                self._new_group(key)
            else:
                by_label[label] = self._new_group(key)
        self._sent = None

    def failed(self, error: Exception) -> None:
        """The last linking request got no answer: its clips link nothing (each speaker its own)."""
        sent = self._sent
        assert sent is not None
        for what, _, _ in sent.placed:
            if not isinstance(what, int):
                self.problem[what] = f"its linking request failed ({type(error).__name__}: {error})"
                self._new_group(what)
        self._sent = None

    def _new_group(self, key: Key) -> int:
        group = len(set(self.group.values()))
        self.group[key] = group
        if key in self.clip:
            self.anchor.setdefault(group, self.clip[key])
        return group

    def mapping(self) -> dict[Key, int]:
        """Each part's speaker's global number, voices numbered by first appearance."""
        for key in self.keys:
            if key not in self.group:
                self._new_group(key)
        firsts: dict[int, float] = {}
        for key, group in self.group.items():
            firsts[group] = min(firsts.get(group, self.first[key]), self.first[key])
        order = {group: number for number, group in enumerate(sorted(firsts, key=lambda g: (firsts[g], g)))}
        for key, why in self.problem.items():
            logger.warning("speaker %r of the part at %.1f s is not linked to the other parts': %s",
                           key[1], self.first[key], why)  # fmt: skip
        return {key: order[group] for key, group in self.group.items()}


def _one(labels: set[int | str]) -> tuple[int | str | None, str | None]:
    if len(labels) == 1:
        return next(iter(labels)), None
    return None, "got no speaker label" if not labels else f"got {len(labels)} speaker labels"


def label_of(number: int) -> str:
    return f"speaker_{number}"


def relabelled(chunk: Chunk, mapping: Mapping[Key, int]) -> Chunk:
    """The chunk with its segments' and words' speakers the global ones."""
    response = chunk.response
    if response is None:
        return chunk
    answer = response.to_dict()
    for name in ("segments", "words"):
        for item in answer.get(name) or []:
            local = item.get("speaker") if isinstance(item.get("speaker"), int) else item.get("speaker_label")
            number = mapping.get((chunk.index, local)) if local is not None else None
            if number is not None:
                item |= {"speaker": number, "speaker_label": label_of(number)}
    return attrs.evolve(chunk, response=STTResponse.from_dict(answer))


def speakers_of(segments: Iterable[Any], problems: Mapping[int, str]) -> list[Speaker]:
    """The voices of the merged segments: talk time and first appearance, by global number."""
    talk: dict[int, float] = {}
    first: dict[int, float] = {}
    for segment in segments:
        number = getattr(segment, "speaker", None)
        if isinstance(number, int) and not isinstance(number, bool):
            talk[number] = talk.get(number, 0.0) + max(0.0, segment.end - segment.start)
            first[number] = min(first.get(number, segment.start), segment.start)
    return [
        Speaker(
            number,
            label_of(number),
            round(talk[number], 3),
            first[number],
            number not in problems,
            problems.get(number),
        )
        for number in sorted(talk)
    ]


class Prepending:
    """``link_speakers="prepend"``: the parts go one after another, each after the first with a clip
    of every speaker known so far before it (silence between); the label the provider gives each
    clip maps its label to that speaker, and a label no clip took is a new speaker, whose clip goes
    before the next parts. The clips' segments and words are dropped from the part's answer, its
    text and ``duration`` rebuilt from what is left (``Chunk.origin`` places its times). Parts are
    sent decoded (FLAC or WAV), an MP3 source's too: a clip cannot go before a part's own frames."""

    def __init__(self, reserve: float) -> None:
        self.reserve = reserve  # seconds of clips a part may carry before it
        self.anchors: list[tuple[int, Clip]] = []  # (the recording's speaker, its clip)
        self.speakers = 0
        self.problem: dict[int, str] = {}

    def prefixed(self, part: Any) -> tuple[Any, tuple[tuple[int, float, float], ...]]:
        """The part with the known speakers' clips before it, and where each clip lies in it."""
        if not self.anchors:
            return part, ()
        import numpy as np

        gap = np.zeros(round(GAP_SECONDS * RATE), dtype=np.int16)
        pieces, placed, at = [gap], [], GAP_SECONDS
        for speaker, clip in self.anchors:
            samples = DECODERS[clip.format](clip.audio)
            if at + len(samples) / RATE + GAP_SECONDS > self.reserve:
                break
            pieces += [samples, gap]
            placed.append((speaker, at, at + len(samples) / RATE))
            at += len(samples) / RATE + GAP_SECONDS
        prefix = np.concatenate(pieces)
        audio = np.concatenate([prefix, DECODERS[part.format](part.data)])
        sent = attrs.evolve(part, data=ENCODERS[part.format](audio), origin=part.start - len(prefix) / RATE)
        return sent, tuple(placed)

    def answered(self, chunk: Chunk, placed: tuple[tuple[int, float, float], ...]) -> Chunk:
        """The part's answer with the clips' segments dropped and its speakers the recording's."""
        if chunk.response is None:
            return chunk
        if chunk.origin is None or chunk.origin >= chunk.start:
            placed = ()  # the first part, or a half of one re-split after a 413: nothing before it
        prefixed = bool(placed)
        own_from = chunk.start - chunk.offset
        heard = _segments(chunk.response)
        words = [] if isinstance(chunk.response.words, Unset) else list(chunk.response.words or [])
        known: dict[int | str, int] = {}
        for speaker, start, end in placed:
            labels = {local_speaker(s) for s in [*heard, *words] if start <= (s.start + s.end) / 2 <= end} - {
                None
            }
            label, why = _one(labels)  # type: ignore[arg-type]
            if label is not None and label not in known:
                known[label] = speaker
            elif why is not None:
                self.problem.setdefault(speaker, f"its clip before the part at {chunk.start:.1f} s {why}")
        answer = chunk.response.to_dict()
        kept: dict[str, list[dict[str, Any]]] = {}
        for name in ("segments", "words"):
            kept[name] = [
                item for item in answer.get(name) or [] if (item["start"] + item["end"]) / 2 >= own_from
            ]
            for item in kept[name]:
                local = (
                    item.get("speaker") if isinstance(item.get("speaker"), int) else item.get("speaker_label")
                )
                if local is None:
                    continue
                if local not in known:
                    known[local] = self._new(chunk, local)
                item |= {"speaker": known[local], "speaker_label": label_of(known[local])}
            if name in answer and prefixed:
                answer[name] = kept[name]
        if prefixed:  # the clips' words are not the part's: its text is what its own segments say
            answer["text"] = " ".join(segment["text"].strip() for segment in kept["segments"]).strip()
            if "duration" in answer:
                answer["duration"] = round(chunk.end - chunk.start, 3)
        return attrs.evolve(chunk, response=STTResponse.from_dict(answer))

    def _new(self, chunk: Chunk, local: int | str) -> int:
        speaker = self.speakers
        self.speakers += 1
        clip = next((clip for clip in chunk.clips if clip.speaker == local), None)
        if clip is not None:
            self.anchors.append((speaker, clip))
        elif self.anchors or chunk.start > 0:
            self.problem[speaker] = f"no clip of it alone in the part at {chunk.start:.1f} s"
        return speaker


def with_speakers(
    chunks: Sequence[Chunk], linking: Linking | Prepending | None, **merging: Any
) -> Transcript:
    """``merge`` of the chunks; with ``linking`` (diarized), their speakers the recording's, its
    ``speakers`` listed, and its linking requests' usage counted in (prepended clips: the parts'
    own answers, their speakers the recording's already)."""
    if linking is None:
        return merge(chunks, **merging)
    if isinstance(linking, Prepending):
        transcript = merge(chunks, **merging)
        return attrs.evolve(transcript, speakers=speakers_of(transcript.segments, linking.problem))
    mapping = linking.mapping()
    transcript = merge([relabelled(chunk, mapping) for chunk in chunks], **merging)
    problems = {mapping[key]: why for key, why in linking.problem.items() if key in mapping}
    responses = [chunk.response for chunk in chunks if chunk.response is not None] + linking.answers
    return attrs.evolve(
        transcript, speakers=speakers_of(transcript.segments, problems), usage=summed_usage(responses)
    )
