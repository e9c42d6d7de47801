"""Speakers across parts: what linking them costs in wall time and billed seconds, and what it gets right.

    python benchmarks/bench_speakers.py [--minutes 60] [--delay 3] [--runs 3]

A meeting of tones (four voices, each a band of pitches; one absent for a third of it and back, one
first heard late, a monologue, fast turns) sent to the stand-in in its own process, answering every
request after ``--delay`` seconds and diarizing as a provider does (labels local to each request).
elevenlabs/scribe-v2 at its defaults (600 s parts), concurrency 4. Three ways:

- no diarization (the baseline for time and billed seconds);
- ``link_speakers="afterwards"`` (the default): parts in parallel, then one linking request of clips;
- ``link_speakers="prepend"``: parts one after another, each with the known speakers' clips first.

Right: the share of segments whose speaker is their voice's, under the best one-to-one mapping of
voices to labels; "as before" is the parts' own labels passed through (what the SDK gave until then).
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import time
from typing import Any

import numpy as np
from common import stand_in

from openrouter_ext import Chunk, OpenRouter, RetryConfig
from openrouter_ext.testing import Tone, tone_recording
from openrouter_ext.testing._hearing import voice_of, voice_pitch

MODEL = "elevenlabs/scribe-v2"


def meeting(seconds: float, seed: int = 7) -> list[Tone]:
    rng = np.random.default_rng(seed)
    tones: list[Tone] = []
    at = 0.5
    while at < seconds - 3:
        present = (
            [0, 1]
            + ([2] if at > seconds * 0.55 else [])
            + ([3] if not 0.2 * seconds < at < 0.55 * seconds else [])
        )
        voice = 0 if 0.4 * seconds < at < 0.45 * seconds else int(rng.choice(present))
        length = float(rng.uniform(0.4, 1.5))
        tones.append(Tone(at, at + length, voice_pitch(voice, len(tones))))
        at += length + float(rng.uniform(0.35, 1.6))
    return tones


def right(tones: list[Tone], segments: list[Any], speaker_of: Any) -> float:
    truth, said = [], []
    for segment in segments:
        tone = min(tones, key=lambda tone: abs(tone.start - segment.start))
        truth.append(voice_of(tone.hertz))
        said.append(speaker_of(segment))
    voices, labels = sorted(set(truth)), sorted(set(said), key=str)
    best = 0
    for chosen in itertools.permutations(labels, min(len(voices), len(labels))):
        mapping = dict(zip(voices, chosen, strict=False))
        best = max(best, sum(mapping.get(v) == label for v, label in zip(truth, said, strict=True)))
    return best / len(truth)


def run(url: str, wav: bytes, tones: list[Tone], way: str) -> dict[str, Any]:
    parts: list[Chunk] = []
    arguments: dict[str, Any] = {"input_audio": wav, "model": MODEL, "concurrency": 4, "timed": True}
    if way != "none":
        arguments |= {"diarize": True, "link_speakers": way, "on_chunk": parts.append}
    with OpenRouter(api_key="k", server_url=url, retries=RetryConfig("none")) as client:
        started = time.monotonic()
        transcript = client.stt.transcribe(**arguments)
        wall = time.monotonic() - started
    result = {
        "wall": wall,
        "requests": None,
        "billed": float(transcript.usage.seconds),
        "right": None,
        "before": None,
    }  # type: ignore[arg-type]
    result["requests"] = len(transcript.chunks) + (1 if way == "afterwards" else 0)
    if way != "none":
        result["right"] = right(tones, transcript.segments, lambda s: s.speaker)
    if way == "afterwards":
        # As before: each part's own labels, passed through (the part's start tells the parts apart
        # only where the provider's numbering happens to agree).
        local = []
        for chunk in parts:
            assert chunk.response is not None
            local += [(chunk.offset + s.start, s.speaker) for s in chunk.response.segments or []]  # type: ignore[union-attr]
        own = [type("S", (), {"start": start, "speaker": speaker})() for start, speaker in local]
        result["before"] = right(tones, own, lambda s: s.speaker)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=60.0)
    parser.add_argument("--delay", type=float, default=3.0, help="seconds the server takes to answer")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    seconds = args.minutes * 60
    tones = meeting(seconds)
    wav = tone_recording(tones, seconds)
    print(f"{args.minutes:g} min meeting ({len(tones)} sounds, 4 voices), the server answering in {args.delay:g} s, "
          f"concurrency 4, {MODEL} at its defaults; medians of {args.runs}")  # fmt: skip
    print(
        f"{'speakers':<22}{'wall s':>8}{'requests':>10}{'billed s':>10}{'extra':>8}{'right':>8}{'as before':>11}"
    )
    with stand_in(f"delay-ms={round(args.delay * 1000)}") as url:
        baseline = None
        for way in ("none", "afterwards", "prepend"):
            results = [run(url, wav, tones, way) for _ in range(args.runs)]
            wall = statistics.median(r["wall"] for r in results)
            first = results[0]
            baseline = first["billed"] if way == "none" else baseline
            extra = (first["billed"] / baseline - 1) * 100 if baseline else 0.0
            label = {"none": "not diarized", "afterwards": "linked afterwards", "prepend": "clips prepended"}[
                way
            ]
            quality = "" if first["right"] is None else f"{first['right'] * 100:.1f}%"
            before = "" if first["before"] is None else f"{first['before'] * 100:.1f}%"
            print(
                f"{label:<22}{wall:>8.1f}{first['requests']:>10}{first['billed']:>10.0f}{extra:>7.1f}%{quality:>8}{before:>11}"
            )


if __name__ == "__main__":
    main()
