"""What the installed pytest plugin (the ``openrouter_stand_in`` fixture) costs every pytest run of
any project in the same environment, whether or not it uses the fixture.

    python benchmarks/bench_pytest_plugin.py [--runs 15]

Two figures, from fresh processes alternating run by run:
- the plugin's own load: the time to import it in a process that has already imported pytest
  (what pytest does with it at start-up), median of the runs: precise;
- whole ``pytest`` runs collecting one trivial test, with the plugin and with it disabled
  (``-p no:openrouter_ext``): the difference of the medians, which the machine's noise (a pytest run
  with this environment's plugins takes about two seconds) blurs by tens of milliseconds.
Bytecode caching is on in the measured processes, as in a user's environment (this machine sets
PYTHONDONTWRITEBYTECODE, which makes every process compile, and pytest assert-rewrite, every plugin
module again); one unmeasured run of each fills the caches first.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import median

TARGET_MS = 20.0
CACHING = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def run_pytest(folder: str, *options: str) -> float:
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--co", *options, folder]
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=CACHING)
    return time.perf_counter() - started


PLUGIN_LOAD = """
import time, pytest
started = time.perf_counter()
import openrouter_ext.testing.pytest_plugin
print(time.perf_counter() - started)
"""


def plugin_load() -> float:
    result = subprocess.run(
        [sys.executable, "-c", PLUGIN_LOAD], check=True, capture_output=True, text=True, env=CACHING
    )
    return float(result.stdout)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "test_trivial.py").write_text("def test_nothing():\n    pass\n")
        with_plugin, without = [], []
        run_pytest(folder), run_pytest(folder, "-p", "no:openrouter_ext")  # warm the file cache
        for number in range(args.runs):
            runs = [(with_plugin, ()), (without, ("-p", "no:openrouter_ext"))]
            for times, options in runs if number % 2 else runs[::-1]:
                times.append(run_pytest(folder, *options))
    plugin_load()  # fills the bytecode cache
    load = median([plugin_load() for _ in range(args.runs)]) * 1e3
    cost = (median(with_plugin) - median(without)) * 1e3
    print(f"the pytest plugin, median of {args.runs} fresh processes each, alternating")
    print("| measure | with the plugin | without | cost | target | |")
    print("|---|---|---|---|---|---|")
    print(f"| loading the plugin (pytest already imported) | | | {load:.1f} ms | <= {TARGET_MS:.0f} ms | "
          f"{'met' if load <= TARGET_MS else 'NOT met'} |")  # fmt: skip
    print(
        f"| a pytest run collecting one test | {median(with_plugin) * 1e3:.0f} ms | "
        f"{median(without) * 1e3:.0f} ms | {cost:+.0f} ms | (noise: see above) | |"
    )


if __name__ == "__main__":
    main()
