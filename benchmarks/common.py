"""Shared by the benchmark scripts: the sink server process, medians, and table printing."""

from __future__ import annotations

import contextlib
import statistics
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
API_KEY = "sk-or-v1-benchmark"
MODEL = "openai/whisper-large-v3"


@contextlib.contextmanager
def sink() -> Iterator[str]:
    """The sink server in its own process; yields the base URL; stopped by PID."""
    with subprocess.Popen(
        [sys.executable, str(HERE / "_sink.py")], stdout=subprocess.PIPE, text=True
    ) as process:
        try:
            assert process.stdout is not None
            yield f"http://127.0.0.1:{process.stdout.readline().strip()}/api/v1"
        finally:
            process.terminate()
            process.wait(timeout=10)


def median(values: list[float]) -> float:
    return statistics.median(values)


def row(
    name: str, ours: float, baseline: float, unit: str, target: str, higher_is_better: bool = False
) -> str:
    ratio = ours / baseline if baseline else float("inf")
    met = (ratio >= float(target)) if higher_is_better else (ratio <= float(target))
    sign = ">=" if higher_is_better else "<="
    return (
        f"| {name} | {ours:.3g} {unit} | {baseline:.3g} {unit} | {ratio:.2f} | {sign} {target} | "
        f"{'met' if met else 'NOT met'} |"
    )


HEADER = "| measure | openrouter_ext | baseline | ratio | target | |\n|---|---|---|---|---|---|"
