"""Live audio: how far behind the speaker captions come, what they cost, and the memory of a long stream.

    python benchmarks/bench_live.py [--minutes 10] [--speed 20] [--hours 1 3]

1. Lag: a tone recording (sounds of 0.3-1.6 s, 0.35-3 s apart, now and then 20 s of quiet) fed into
   a pipe at ``speed`` x real time by the stand-in's feeder, which logs when each second was
   written; ``transcribe_stream()`` reads it. A sound's lag is from the moment its end was written
   to the moment its chunk came out, in stream seconds (wall seconds x speed). Three settings of
   ``min_chunk_seconds`` / ``max_chunk_seconds`` (the defaults 5 / 15, and 2.5 / 8, 10 / 30), against
   the stand-in answering at once and in 1.5 s (of stream time: its delay is 1.5 s / speed). The
   baseline is the recording sent whole once it has ended (``transcribe()``): every sound's text
   comes after the end, a lag of the stream's length minus the sound's end.
2. Cost: requests and audio seconds billed per stream hour (the stand-in bills what it receives).
3. Memory: streams of 1 h and 3 h (WAV as ffmpeg pipes it, generated as it is read, as fast as it is
   read) in a fresh process each: peak RSS over the process's baseline (VmHWM, after a warm-up), the
   median of ``--repeat`` runs (the allocator's peaks vary by a few MB from run to run).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import threading
import time
from typing import Any

import numpy as np
from common import MODEL, stand_in

from openrouter_ext import OpenRouter, RetryConfig
from openrouter_ext.testing import Tone, tone_recording
from openrouter_ext.testing._feeder import feed, piped_wav, written_at

SETTINGS = ((5.0, 15.0), (2.5, 8.0), (10.0, 30.0))


def _meeting(seconds: float, seed: int = 3) -> list[Tone]:
    rng = np.random.default_rng(seed)
    tones: list[Tone] = []
    at = 0.5
    while at < seconds - 2:
        length = float(rng.uniform(0.3, 1.6))
        tones.append(Tone(at, at + length, 300 + (17 * len(tones)) % 3000))
        at += length + float(rng.uniform(0.35, 3.0))
        if rng.random() < 0.04:
            at += 20.0
    return tones


def lag(
    url: str, wav: bytes, tones: list[Tone], seconds: float, speed: float, cut: tuple[float, float]
) -> dict[str, Any]:
    read, write = os.pipe()
    log: list[Any] = []
    feeder = threading.Thread(
        target=feed, args=(wav, write), kwargs={"speed": speed, "seconds": seconds, "on_written": log.append}
    )
    arrivals = []
    with (
        OpenRouter(api_key="k", server_url=url, retries=RetryConfig("none")) as client,
        os.fdopen(read, "rb") as pipe,
    ):
        live = client.stt.transcribe_stream(
            input_audio=pipe, model=MODEL, min_chunk_seconds=cut[0], max_chunk_seconds=cut[1]
        )
        feeder.start()
        for chunk in live:
            arrivals.append((time.monotonic(), chunk))
        transcript = live.transcript()
    feeder.join()
    lags = []
    for tone in tones:
        came = next(at for at, chunk in arrivals if chunk.start <= tone.start < chunk.end)
        lags.append((came - written_at(log, tone.end)) * speed)
    hours = seconds / 3600
    return {
        "p50": statistics.median(lags),
        "p95": float(np.percentile(lags, 95)),
        "first": (arrivals[0][0] - log[0].at) * speed,
        "requests": len(transcript.chunks) / hours,
        "billed": float(transcript.usage.seconds) / hours,  # type: ignore[arg-type]
    }


CHILD = r"""
import struct, sys
from pathlib import Path
import numpy as np
from openrouter_ext import OpenRouter, RetryConfig

def hwm():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024

url, hours = sys.argv[1], float(sys.argv[2])
rate = 16000
# A minute of sound and pauses (tones of 1 s, 1.5 s apart), repeated: generated as it is read.
t = np.arange(rate) / rate
minute = np.zeros(60 * rate, dtype=np.int16)
for n in range(24):
    minute[round(n * 2.5 * rate) : round(n * 2.5 * rate) + rate] = (8000 * np.sin(2 * np.pi * (300 + 40 * n) * t)).astype(np.int16)
header = b"RIFF" + struct.pack("<I", 0xFFFFFFFF) + b"WAVEfmt " + struct.pack("<IHHIIHH", 16, 1, 1, rate, 2 * rate, 2, 16) + b"data" + struct.pack("<I", 0xFFFFFFFF)

def stream(minutes):
    yield header
    for _ in range(minutes):
        data = minute.tobytes()
        for i in range(0, len(data), 64000):
            yield data[i : i + 64000]

with OpenRouter(api_key="k", server_url=url, retries=RetryConfig("none")) as client:
    list(client.stt.transcribe_stream(input_audio=stream(1), model="openai/whisper-large-v3"))  # warm-up
    before = hwm()
    live = client.stt.transcribe_stream(input_audio=stream(round(hours * 60)), model="openai/whisper-large-v3")
    parts = sum(1 for _ in live)
    print(hwm() - before, parts, live.seconds)
"""


def memory(url: str, hours: float) -> tuple[int, int, float]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, url, str(hours)], check=True, capture_output=True, text=True
    )
    peak, parts, seconds = out.stdout.split()
    return int(peak), int(parts), float(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--speed", type=float, default=20.0)
    parser.add_argument("--hours", type=float, nargs="*", default=[1.0, 3.0])
    parser.add_argument("--memory-only", action="store_true", help="skip the lag figures")
    parser.add_argument(
        "--repeat", type=int, default=5, help="memory runs of each length (the median is given)"
    )
    args = parser.parse_args()
    seconds = args.minutes * 60
    tones = _meeting(seconds)
    wav = piped_wav(tone_recording(tones, seconds))
    print(
        f"lag, in stream seconds: {args.minutes:g} min of tones ({len(tones)} sounds) fed at {args.speed:g} x real time"
    )
    print(
        f"{'server':<16}{'min/max chunk s':>16}{'first':>8}{'p50':>8}{'p95':>8}{'requests/h':>12}{'billed s/h':>12}"
    )
    for answer in () if args.memory_only else (0.0, 1.5):
        with stand_in(f"delay-ms={round(answer * 1000 / args.speed)}" if answer else None) as url:
            lag(url, wav[: len(wav) // 20], tones[:5], seconds / 20, args.speed, SETTINGS[0])  # warm-up
            for cut in SETTINGS:
                got = lag(url, wav, tones, seconds, args.speed, cut)
                print(f"{f'answers in {answer:g} s':<16}{f'{cut[0]:g} / {cut[1]:g}':>16}{got['first']:>8.1f}"
                      f"{got['p50']:>8.1f}{got['p95']:>8.1f}{got['requests']:>12.0f}{got['billed']:>12.0f}")  # fmt: skip
    whole = [seconds - tone.end for tone in tones]
    if not args.memory_only:
        print(f"{'baseline: the recording whole once it has ended':<48}p50 {statistics.median(whole):.1f}  "
              f"p95 {float(np.percentile(whole, 95)):.1f}  (3600 s billed an hour)")  # fmt: skip
    if args.hours:
        print("\nmemory: a stream generated as fast as it is read, the stand-in answering at once")
        with stand_in() as url:
            peaks = {}
            for hours in args.hours:
                runs = [memory(url, hours) for _ in range(args.repeat)]
                peaks[hours] = statistics.median(peak for peak, _, _ in runs)
                _, parts, read = runs[0]
                print(f"  {hours:g} h: {read:,.0f} s read in {parts} parts; peak RSS over baseline, median of "
                      f"{len(runs)}: {peaks[hours] / 1e6:.1f} MB (max {max(p for p, _, _ in runs) / 1e6:.1f})")  # fmt: skip
            if len(peaks) >= 2:
                low, high = min(peaks), max(peaks)
                print(f"  {high:g} h / {low:g} h: {peaks[high] / max(peaks[low], 1):.2f}")


if __name__ == "__main__":
    main()
