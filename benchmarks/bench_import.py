"""Cold start in fresh processes: ``import`` alone, and import + client + one transcription from the
local sink, for openrouter_ext, httpx, and the official ``openrouter`` SDK (``make bench`` installs it).

    python benchmarks/bench_import.py [--runs 9]

The second measure is what a short script pays before its first transcript: an SDK that defers its
imports to first use looks fast on the first measure and pays on the second.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import time

from common import API_KEY, MODEL, median, sink

AUDIO = '{"data": "UklGRiQAAABXQVZF", "format": "wav"}'
FIRST_CALL = {
    "openrouter_ext": (
        "from openrouter_ext import OpenRouter, RetryConfig\n"
        "with OpenRouter(api_key={key!r}, server_url={url!r}, retries=RetryConfig('none')) as c:\n"
        "    assert c.stt.create_transcription(input_audio={audio}, model={model!r}).text"
    ),
    "openrouter": (
        "from openrouter import OpenRouter\n"
        "with OpenRouter(api_key={key!r}, server_url={url!r}) as c:\n"
        "    assert c.stt.create_transcription(input_audio={audio}, model={model!r}).text"
    ),
    "httpx": (
        "import httpx\n"
        "with httpx.Client() as c:\n"
        "    r = c.post({url!r} + '/audio/transcriptions', json={{'input_audio': {audio}, 'model': {model!r}}},"
        " headers={{'Authorization': 'Bearer ' + {key!r}}})\n"
        "    assert r.json()['text']"
    ),
}


def cold(code: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - started)
    return median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    modules = [name for name in FIRST_CALL if importlib.util.find_spec(name) is not None]
    python = cold("import sys", args.runs)  # the interpreter's own start-up, subtracted below
    results = {}
    with sink() as url:
        for module in modules:
            first_call = FIRST_CALL[module].format(key=API_KEY, url=url, audio=AUDIO, model=MODEL)
            results[module] = (
                cold(f"import {module}", args.runs) - python,
                cold(first_call, args.runs) - python,
            )
    print(
        f"cold start, median of {args.runs} fresh processes each, interpreter start-up ({python * 1e3:.0f} ms) "
        "subtracted"
    )
    print("| module | import, ms | import + client + first call, ms |\n|---|---|---|")
    for module, (imported, first) in results.items():
        print(f"| {module} | {imported * 1e3:.0f} | {first * 1e3:.0f} |")
    ours = results["openrouter_ext"]
    if "openrouter" in results:
        official = results["openrouter"]
        print(
            f"\nratio to the official SDK: import {ours[0] / official[0]:.2f}, "
            f"first call {ours[1] / official[1]:.2f} (target <= 0.5)"
        )
    else:
        print('\nthe official `openrouter` SDK is not installed: `pip install -e ".[bench]"` to compare')
    print(
        f"ratio to httpx alone: import {ours[0] / results['httpx'][0]:.2f}, first call {ours[1] / results['httpx'][1]:.2f}"
    )


if __name__ == "__main__":
    main()
