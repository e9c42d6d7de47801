"""Many short files: the command line's local engine against Ray Data, and the request budget.

    python benchmarks/bench_ray.py           (needs the ray extra)

2,000 WAVs of 0.3 s (a tone each, 9.6 KB) made once in ``build/bench-ray/``, against the stand-in
in its own process (``python -m openrouter_ext.testing --journal``: the journal gives each
request's time and status). Each run is a fresh process:
- files per second: ``openrouter-stt transcribe`` (local engine, 8 files in flight) and
  ``transcribe_files`` on a new local Ray cluster (2 workers, 8 files in flight each), the
  latter with and without the cluster's start-up;
- the budget: a Ray job with ``rps=50``: requests in the busiest second and the median second;
- 429s per 1,000 files under a server limit of 50 requests a second (``rate-limit=50``), with a
  budget of 45 and with none.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import API_KEY, HERE, MODEL

CACHE = HERE.parent / "build" / "bench-ray"
FILES = 2000
RATE_FILES = 1000
SCRIPT = str(Path(sys.executable).with_name("openrouter-stt"))

RAY_CHILD = r"""
import json, os, sys, time
started = time.perf_counter()
import ray
from openrouter_ext.ray import transcribe_files
source, out, url, rps = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
ray.data.DataContext.get_current().enable_progress_bars = False
ready = time.perf_counter()
counts = transcribe_files(source, out, model="openai/whisper-large-v3", server_url=url, concurrency=2,
                          max_in_flight=8, rps=float(rps) if rps != "none" else None)
done = time.perf_counter()
print(json.dumps({"start": ready - started, "job": done - ready, "counts": counts}))
"""


def recordings(count: int) -> Path:
    from openrouter_ext.testing import Tone, tone_recording

    folder = CACHE / f"{count}"
    if not folder.is_dir() or len(list(folder.iterdir())) != count:
        folder.mkdir(parents=True, exist_ok=True)
        for index in range(count):
            tone = Tone(0.05, 0.25, 200 + index % 1000)
            (folder / f"{index:05d}.wav").write_bytes(tone_recording([tone], 0.3, seed=index))
    return folder


class StandIn:
    """The stand-in in its own process, with a journal; stopped by PID."""

    def __init__(self, journal: Path, scenario: str | None = None) -> None:
        command = [sys.executable, "-m", "openrouter_ext.testing", "--journal", str(journal)]
        if scenario:
            command += ["--scenario", scenario]
        self.journal = journal
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert self.process.stdout is not None
        self.url = self.process.stdout.readline().split()[-1]

    def entries(self) -> list[dict[str, object]]:
        return [json.loads(line) for line in self.journal.read_text().splitlines()]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def local_engine(folder: Path, url: str, out: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [SCRIPT, "transcribe", str(folder), "--out-dir", str(out), "--server-url", url, "--concurrency", "8",
         "--retries", "0"],
        check=True, capture_output=True, env={"OPENROUTER_API_KEY": API_KEY, "PATH": ""},
    )  # fmt: skip
    return time.perf_counter() - started


def ray_job(folder: Path, url: str, out: Path, rps: float | None) -> dict[str, object]:
    env = {"OPENROUTER_API_KEY": API_KEY, "PATH": str(Path(sys.executable).parent)}
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", RAY_CHILD, str(folder), str(out), url, "none" if rps is None else str(rps)],
        check=True, capture_output=True, text=True, env=env,
    )  # fmt: skip
    report: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    report["wall"] = time.perf_counter() - started
    return report


def per_second(times: list[float]) -> list[int]:
    first = min(times)
    counts: dict[int, int] = {}
    for moment in times:
        counts[int(moment - first)] = counts.get(int(moment - first), 0) + 1
    return [counts.get(second, 0) for second in range(max(counts) + 1)]


def main() -> None:
    folder, rate_folder = recordings(FILES), recordings(RATE_FILES)
    print(f"{FILES} files of 0.3 s in {folder}; model {MODEL}")
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        stand_in = StandIn(work / "journal.jsonl")
        try:
            local = local_engine(folder, stand_in.url, work / "local")
            on_ray = ray_job(folder, stand_in.url, work / "ray", None)
        finally:
            stand_in.stop()
        wall, start, job = float(on_ray["wall"]), float(on_ray["start"]), float(on_ray["job"])  # type: ignore[arg-type]
        print("\n| engine | files/s | wall time | of which start-up |\n|---|---|---|---|")
        print(f"| local (CLI, 8 in flight) | {FILES / local:.0f} | {local:.1f} s | 0.3 s (the process) |")
        print(
            f"| Ray, 2 workers x 8 in flight, with start-up | {FILES / wall:.0f} | {wall:.1f} s | {wall - job:.1f} s |"
        )
        print(f"| Ray, the job alone | {FILES / job:.0f} | {job:.1f} s | |")
        print(f"(Ray's start-up, {start:.1f} s of cluster and {wall - job - start:.1f} s of process, pays off "
              f"once it is less than the job time saved)")  # fmt: skip

        budgeted = StandIn(work / "budget.jsonl")
        try:
            ray_job(rate_folder, budgeted.url, work / "budget", 50)
            times = [float(entry["time"]) for entry in budgeted.entries()]  # type: ignore[arg-type]
        finally:
            budgeted.stop()
        seconds = per_second(times)[1:-1] or per_second(times)
        print(f"\nrps=50 over 2 workers, {RATE_FILES} files: busiest second {max(seconds)} requests, "
              f"median second {statistics.median(seconds):.0f} (target <= 50 + 10 %)")  # fmt: skip

        print("\n| server limit 50/s | 429s per 1,000 files | files done |\n|---|---|---|")
        for rps in (45.0, None):
            limited = StandIn(work / f"limited-{rps}.jsonl", scenario="rate-limit=50")
            try:
                report = ray_job(rate_folder, limited.url, work / f"limited-{rps}", rps)
                refused = sum(1 for entry in limited.entries() if entry["status"] == 429)
            finally:
                limited.stop()
            counts = report["counts"]
            assert isinstance(counts, dict)
            name = "budget rps=45" if rps else "no budget"
            print(f"| {name} | {refused * 1000 / RATE_FILES:.0f} | {counts['done']} of {RATE_FILES} |")


if __name__ == "__main__":
    main()
