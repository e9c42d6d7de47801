"""Cold start in fresh processes, for openrouter_ext, httpx, and the official ``openrouter`` SDK
(``make bench`` installs it): ``import`` alone; the import of the client class; and import + client +
one transcription from the local sink.

    python benchmarks/bench_import.py [--runs 9]

The last measure is what a short script pays before its first transcript: a package that defers its
imports to first use (openrouter_ext does, since the command line's --help needs none of them) looks
fast on the first measure and pays on the others.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import time

from common import API_KEY, MODEL, median, sink

AUDIO = '{"data": "UklGRiQAAABXQVZF", "format": "wav"}'
CLIENT_CLASS = {
    "openrouter_ext": "from openrouter_ext import OpenRouter",
    "openrouter": "from openrouter import OpenRouter",
    "httpx": "from httpx import Client",
}
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
                cold(CLIENT_CLASS[module], args.runs) - python,
                cold(first_call, args.runs) - python,
            )
    print(
        f"cold start, median of {args.runs} fresh processes each, interpreter start-up ({python * 1e3:.0f} ms) "
        "subtracted"
    )
    print("| module | import, ms | import of the client class, ms | import + client + first call, ms |")
    print("|---|---|---|---|")
    for module, times in results.items():
        print(f"| {module} | " + " | ".join(f"{seconds * 1e3:.0f}" for seconds in times) + " |")
    ours = results["openrouter_ext"]

    def ratios(baseline: tuple[float, ...]) -> str:
        return ", ".join(
            f"{measure} {mine / theirs:.2f}"
            for measure, mine, theirs in zip(
                ("import", "client class", "first call"), ours, baseline, strict=True
            )
        )

    if "openrouter" in results:
        print(f"\nratio to the official SDK: {ratios(results['openrouter'])} (target: import <= 0.5)")
    else:
        print('\nthe official `openrouter` SDK is not installed: `pip install -e ".[bench]"` to compare')
    print(f"ratio to httpx alone: {ratios(results['httpx'])}")


if __name__ == "__main__":
    main()
