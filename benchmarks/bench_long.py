"""Long recordings through ``client.stt.transcribe()``: CPU, memory, requests and wall time.

    python benchmarks/bench_long.py          (needs the audio extra; makes its recordings once)

Recordings: speech-like audio (voiced stretches of 0.5-6 s at a varying pitch with harmonics and a
syllable rhythm, pauses of 0.15-1.5 s, a noise floor at -55 dBFS), synthesized here from a fixed
seed, a block at a time, and cached in ``build/bench-long/``: 1 h and 3 h as MP3 (44.1 kHz mono,
64 kbit/s: ~29 MB an hour, a typical meeting recording), 1 h as 16 kHz mono WAV and as 44.1 kHz
stereo WAV (115 MB and 635 MB).

Each measure runs in a fresh process against ``_sink.py`` in its own process (so only the client's
work is counted), medians of 3:
- client CPU (user + system, every thread) for ``transcribe()`` at its defaults, over the CPU of
  PyAV merely decoding the same file in the same run (the least any client that reads the audio
  must spend);
- peak RSS over the process's baseline (VmHWM after the imports and the client are made);
- requests sent, against the bound ceil(duration / 600 s) + 1;
- wall time for the 1 h MP3 at concurrency 1, 4 and 8, every answer 3 s after its request (a
  provider's time to transcribe a part): against ``_sink.py``, and against the stand-in
  (``python -m openrouter_ext.testing``), which also decodes and listens to every part, on the
  same two cores as the client.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import time
import wave
from collections.abc import Iterator
from pathlib import Path

from common import HEADER, HERE, median, row, sink

CACHE = HERE.parent / "build" / "bench-long"
PROVIDER_SECONDS = 3.0
CONCURRENCIES = (1, 4, 8)
BLOCK_SECONDS = 10
HOUR = 3600

CHILD = r"""
import json, resource, sys, time
from pathlib import Path

def hwm():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024

def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime

import av, numpy
mode, path, url, concurrency = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
if mode == "decode":
    before = cpu()
    with av.open(path) as container:
        for frame in container.decode(container.streams.audio[0]):
            pass
    print(json.dumps({"cpu": cpu() - before}))
else:
    from openrouter_ext import OpenRouter, RetryConfig
    from openrouter_ext._recording import _service  # loaded now: its import is not the job's memory
    with OpenRouter(api_key="sk-or-v1-benchmark", server_url=url, retries=RetryConfig("none")) as client:
        base, before, started = hwm(), cpu(), time.perf_counter()
        transcript = client.stt.transcribe(input_audio=path, model="openai/whisper-large-v3",
                                           concurrency=concurrency)
        wall, spent = time.perf_counter() - started, cpu() - before
    print(json.dumps({"cpu": spent, "rss": hwm() - base, "wall": wall, "requests": len(transcript.chunks),
                      "seconds": transcript.duration, "bytes": [c.bytes_sent for c in transcript.chunks]}))
"""


def speechlike(seconds: int, rate: int, seed: int = 7) -> Iterator[object]:
    """Blocks of ``BLOCK_SECONDS`` of mono float samples (numpy arrays) of speech-like audio."""
    import numpy as np

    rng = np.random.default_rng(seed)
    block = BLOCK_SECONDS * rate
    # The voiced stretches and pauses as one timeline of (start sample, end sample, pitch).
    stretches, at = [], 0
    while at < seconds * rate:
        at += int(rng.uniform(0.15, 1.5) * rate)
        length = int(rng.uniform(0.5, 6.0) * rate)
        stretches.append((at, at + length, rng.uniform(90, 260)))
        at += length
    index = 0
    for first in range(0, seconds * rate, block):
        t = np.arange(first, first + block)
        signal = rng.normal(0, 10 ** (-55 / 20), block)
        while index < len(stretches) and stretches[index][1] <= first:
            index += 1
        for start, end, pitch in stretches[index:]:
            if start >= first + block:
                break
            lo, hi = max(start, first) - first, min(end, first + block) - first
            span = t[lo:hi] / rate
            syllables = 0.5 + 0.5 * np.sin(2 * np.pi * 4.0 * span) ** 2  # a 4 Hz rhythm
            voice = sum(np.sin(2 * np.pi * pitch * k * span) / k for k in range(1, 6))
            signal[lo:hi] += 0.08 * syllables * voice
        yield np.clip(signal, -1, 1)


def write_wav(path: Path, seconds: int, rate: int, channels: int) -> None:
    import numpy as np

    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(channels)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        for block in speechlike(seconds, rate):
            samples = np.round(np.asarray(block) * 32767).astype("<i2")
            wav.writeframes(np.repeat(samples, channels).tobytes())


def write_mp3(path: Path, seconds: int, rate: int = 44_100) -> None:
    import av
    import numpy as np

    with av.open(str(path), "w", format="mp3") as container:
        stream = container.add_stream("libmp3lame", rate=rate, layout="mono")
        assert isinstance(stream, av.audio.stream.AudioStream)
        stream.bit_rate = 64_000
        for block in speechlike(seconds, rate):
            frame = av.AudioFrame.from_ndarray(
                np.asarray(block, dtype=np.float32).reshape(1, -1), format="flt", layout="mono"
            )
            frame.sample_rate = rate
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))


def recording(name: str, seconds: int) -> Path:
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / name
    if not path.exists():
        partial = path.with_suffix(".partial" + path.suffix)
        if name.endswith(".mp3"):
            write_mp3(partial, seconds)
        elif "stereo" in name:
            write_wav(partial, seconds, 44_100, 2)
        else:
            write_wav(partial, seconds, 16_000, 1)
        partial.rename(path)
    return path


def child(mode: str, path: Path, url: str = "", concurrency: int = 4) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, mode, str(path), url, str(concurrency)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, float] = json.loads(out.stdout)
    return result


def medians(runs: list[dict[str, float]], key: str) -> float:
    return median([run[key] for run in runs])


def stand_in() -> subprocess.Popen[str]:
    delay = f"delay-ms={PROVIDER_SECONDS * 1000:.0f}"
    command = [sys.executable, "-m", "openrouter_ext.testing", "--scenario", delay]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)


def main() -> None:
    started = time.perf_counter()
    files = {
        "1 h MP3": (recording("speech-1h.mp3", HOUR), HOUR),
        "3 h MP3": (recording("speech-3h.mp3", 3 * HOUR), 3 * HOUR),
        "1 h WAV, 16 kHz mono": (recording("speech-1h-16k.wav", HOUR), HOUR),
        "1 h WAV, 44.1 kHz stereo": (recording("speech-1h-44k-stereo.wav", HOUR), HOUR),
    }
    print(f"recordings ready in {time.perf_counter() - started:.0f} s: "
          + ", ".join(f"{name} {path.stat().st_size / 1e6:.0f} MB" for name, (path, _) in files.items()))  # fmt: skip
    lines, requests, rss = [], [], {}
    with sink() as url:
        for name, (path, seconds) in files.items():
            runs, decodes = [], []
            for _ in range(3):  # interleaved: the machine's noise hits both alike
                decodes.append(child("decode", path))
                runs.append(child("transcribe", path, url))
            hours = seconds / HOUR
            if name.endswith("MP3"):
                lines.append(row(f"client CPU per audio hour, {name}, vs PyAV decoding it",
                                 medians(runs, "cpu") / hours, medians(decodes, "cpu") / hours, "s", "2"))  # fmt: skip
            rss[name] = medians(runs, "rss") / 1e6
            bound = math.ceil(seconds / 600) + 1
            sent = int(medians(runs, "requests"))
            requests.append(f"| {name} | {sent} | {bound} | {'met' if sent <= bound else 'NOT met'} | "
                            f"{max(runs[0]['bytes']) / 1e6:.1f} MB | {medians(runs, 'wall'):.1f} s |")  # fmt: skip
    for name, megabytes in rss.items():
        lines.append(f"| peak RSS over baseline, {name} | {megabytes:.0f} MB | | | <= 100 MB | "
                     f"{'met' if megabytes <= 100 else 'NOT met'} |")  # fmt: skip
    growth = rss["3 h MP3"] / rss["1 h MP3"]
    lines.append(f"| peak RSS, 3 h over 1 h (MP3) | {growth:.2f} | | | <= 1.25 | "
                 f"{'met' if growth <= 1.25 else 'NOT met'} |")  # fmt: skip
    print("\nfresh process per run, medians of 3; the server is _sink.py in its own process")
    print(HEADER)
    print("\n".join(lines))
    print("\nrequests at the defaults (max_chunk_seconds 600, max_chunk_bytes 24,000,000, concurrency 4)")
    print("| recording | requests | bound: ceil(duration / 600 s) + 1 | | largest request | wall time |")
    print("|---|---|---|---|---|---|")
    print("\n".join(requests))

    mp3 = files["1 h MP3"][0]
    walls: dict[str, list[float]] = {"sink": [], "stand-in": []}
    with sink(delay=PROVIDER_SECONDS) as url:
        timed = [child("transcribe", mp3, url, concurrency) for concurrency in CONCURRENCIES]
    walls["sink"] = [run["wall"] for run in timed]
    process = stand_in()
    try:
        assert process.stdout is not None
        url = process.stdout.readline().split()[-1]
        walls["stand-in"] = [
            child("transcribe", mp3, url, concurrency)["wall"] for concurrency in CONCURRENCIES
        ]
    finally:
        process.terminate()
        process.wait(timeout=10)
    print(f"\nwall time for the 1 h MP3 ({int(timed[0]['requests'])} parts), one run each; every answer "
          f"comes {PROVIDER_SECONDS:.0f} s after its request, as a provider takes time to transcribe")  # fmt: skip
    print("| concurrency | against _sink.py | speed-up | against the stand-in (it decodes and listens "
          "to each part on the same 2 cores) | speed-up |\n|---|---|---|---|---|")  # fmt: skip
    for index, concurrency in enumerate(CONCURRENCIES):
        sink_wall, stand_in_wall = walls["sink"][index], walls["stand-in"][index]
        print(f"| {concurrency} | {sink_wall:.1f} s | {walls['sink'][0] / sink_wall:.2f} | "
              f"{stand_in_wall:.1f} s | {walls['stand-in'][0] / stand_in_wall:.2f} |")  # fmt: skip


if __name__ == "__main__":
    main()
