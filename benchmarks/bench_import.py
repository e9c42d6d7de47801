"""Cold start in fresh processes: openrouter_ext against the official ``openrouter`` SDK and httpx.

    python benchmarks/bench_import.py [--runs 15] [--no-clean]

Three measures, each a fresh interpreter, the interpreter's own start-up subtracted:
- ``import``: ``import <package>`` alone;
- ``client``: importing the client class and building a client (what a program pays before its
  first request);
- ``first call``: that, then one 1 KB transcription against the local sink (what a short script
  pays before its first transcript).

Where the figures are judged: each SDK installed alone in its own virtual environment, from a wheel,
with only the dependencies it declares (what `pip install openrouter-ext` / `pip install openrouter`
give a user; made once in build/bench-venvs/ and reused, our wheel rebuilt from the working tree on
every run). The same measures in this development environment follow: there httpx imports its
command line's click and rich (installed for the tools) and httpcore imports trio (installed for
the tests) whenever they are present, about 100 ms that both SDKs pay alike.

Rounds are interleaved (every script once per round) so that the machine's load hits all alike.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import subprocess
import sys
import time
import tomllib
from pathlib import Path

from common import API_KEY, MODEL, median, sink

ROOT = Path(__file__).resolve().parent.parent
VENVS = ROOT / "build" / "bench-venvs"
AUDIO = '{"data": "UklGRiQAAABXQVZF", "format": "wav"}'
CLIENT = {
    "openrouter_ext": "from openrouter_ext import OpenRouter\nOpenRouter(api_key={key!r})",
    "openrouter": "from openrouter import OpenRouter\nOpenRouter(api_key={key!r})",
    "httpx": "import httpx\nhttpx.Client()",
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
MEASURES = ("import", "client", "first call")


def _pip(python: Path, *args: str) -> None:
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", *args], check=True)


def _venv(name: str) -> Path:
    """The python of build/bench-venvs/<name>, made if missing."""
    python = VENVS / name / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENVS / name)], check=True)
        _pip(python, "--upgrade", "pip")
    return python


def clean_installs() -> dict[str, Path]:
    """Each SDK alone in its own environment: ours from a wheel of the working tree (rebuilt now),
    the official one at the version pinned in pyproject.toml's ``bench`` extra."""
    constraints = str(ROOT / "constraints.txt")
    wheels = VENVS / "wheel"
    for old in wheels.glob("*.whl"):
        old.unlink()
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-build-isolation", "--no-deps",
         "-w", str(wheels), str(ROOT)],
        check=True,
    )  # fmt: skip
    ours = _venv("openrouter-ext")
    wheel = str(next(wheels.glob("*.whl")))
    _pip(ours, "-c", constraints, wheel)  # its dependencies, once
    _pip(ours, "--force-reinstall", "--no-deps", wheel)  # this tree's code, compiled by pip
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    official = next(req for req in extras["bench"] if req.startswith("openrouter=="))
    theirs = _venv("openrouter")
    _pip(theirs, "-c", constraints, official)
    return {"openrouter_ext": ours, "openrouter": theirs, "httpx": ours}


def measure(pythons: dict[str, Path], url: str, runs: int) -> dict[str, tuple[float, ...]]:
    """Median milliseconds of each measure for each package, start-up subtracted, over ``runs``
    interleaved rounds."""
    scripts = {("python", "start-up"): (pythons["httpx"], "import sys")}
    for package, python in pythons.items():
        scripts[(package, "import")] = (python, f"import {package}")
        scripts[(package, "client")] = (python, CLIENT[package].format(key=API_KEY))
        first = FIRST_CALL[package].format(key=API_KEY, url=url, audio=AUDIO, model=MODEL)
        scripts[(package, "first call")] = (python, first)
    times: dict[tuple[str, str], list[float]] = {key: [] for key in scripts}
    for _ in range(runs):
        for key, (python, code) in scripts.items():
            started = time.perf_counter()
            subprocess.run([str(python), "-c", code], check=True)
            times[key].append(time.perf_counter() - started)
    start_up = median(times[("python", "start-up")])
    return {
        package: tuple((median(times[(package, m)]) - start_up) * 1e3 for m in MEASURES)
        for package in pythons
    }


def report(title: str, results: dict[str, tuple[float, ...]]) -> None:
    print(title)
    print("| package | import, ms | import + client, ms | import + client + first call, ms |")
    print("|---|---|---|---|")
    for package, figures in results.items():
        print(f"| {package} | " + " | ".join(f"{ms:.0f}" for ms in figures) + " |")
    ours, theirs = results["openrouter_ext"], results["openrouter"]
    print(
        "| ratio to the official SDK | "
        + " | ".join(f"{a / b:.2f}" for a, b in zip(ours, theirs, strict=True))
        + " |"
    )
    print("| target | | <= 0.5 | <= 0.5 |")
    verdicts = ["met" if ours[i] / theirs[i] <= 0.5 else "NOT met" for i in (1, 2)]
    print(f"| | | {verdicts[0]} | {verdicts[1]} |")
    raw = results["httpx"]
    print(
        "| ratio to raw httpx (the same POST) | "
        + " | ".join(f"{a / b:.2f}" for a, b in zip(ours, raw, strict=True))
        + f" |\n| target | | | <= 1.10: {'met' if ours[2] / raw[2] <= 1.10 else 'NOT met'} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--no-clean", action="store_true", help="only this environment (no installs)")
    args = parser.parse_args()
    with sink() as url:
        if not args.no_clean:
            clean = measure(clean_installs(), url, args.runs)
            report(f"cold start, each SDK installed alone (median of {args.runs} interleaved rounds)", clean)
            print()
        if importlib.util.find_spec("openrouter") is None:
            print('the official SDK is not installed here: `pip install -e ".[bench]"` to compare')
            return
        # An editable install: compile its modules as pip compiles a wheel's, so that no run pays it.
        compileall.compile_dir(ROOT / "openrouter_ext", quiet=1)
        compileall.compile_dir(ROOT / "generated", quiet=1)
        here = measure({name: Path(sys.executable) for name in FIRST_CALL}, url, args.runs)
        report(f"the same in this development environment (median of {args.runs} rounds)", here)


if __name__ == "__main__":
    main()
