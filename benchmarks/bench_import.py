"""Cold import time in fresh processes: ``import openrouter_ext`` vs ``import httpx`` (and the
official ``openrouter`` SDK when it is installed).

    python benchmarks/bench_import.py [--runs 9]
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import time

from common import median


def cold_import(module: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", f"import {module}"], check=True)
        times.append(time.perf_counter() - started)
    return median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    python = cold_import("sys", args.runs)  # the interpreter's own start-up, subtracted below
    ours = cold_import("openrouter_ext", args.runs) - python
    httpx_time = cold_import("httpx", args.runs) - python
    print(
        f"cold import, median of {args.runs} fresh processes, interpreter start-up ({python * 1e3:.0f} ms) subtracted"
    )
    print(
        f"| module | ms |\n|---|---|\n| openrouter_ext | {ours * 1e3:.0f} |\n| httpx | {httpx_time * 1e3:.0f} |"
    )
    if importlib.util.find_spec("openrouter") is not None:
        official = cold_import("openrouter", args.runs) - python
        print(f"| openrouter (official SDK) | {official * 1e3:.0f} |")
        print(f"\nratio to the official SDK: {ours / official:.2f} (target <= 0.5)")
    else:
        print(
            "\nthe official `openrouter` SDK is not installed: `pip install openrouter` to compare (target <= 0.5x)"
        )
    print(f"ratio to httpx alone: {ours / httpx_time:.2f}")


if __name__ == "__main__":
    main()
