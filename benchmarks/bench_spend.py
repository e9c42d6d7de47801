"""The spend cap and the estimate, judged at full scale: a folder of 30 recordings of 3 to 40
minutes (tones at known times; WAV, MP3, FLAC and Ogg in turn) through the command line against
the stand-in, which bills whisper-large-v3 at its list price per audio second.

    python benchmarks/bench_spend.py [--ray]      (needs the audio and testing extras; --ray the ray one)

Prints: the estimate's largest error in length (per file, %) and in requests (per file, against
the parts the run then sent); the first run, capped at 40% of the folder's true cost: what it was
charged, against the cap and the bound (the cap plus every request that can be in flight at the
largest part's cost), and how many files it marked stopped-by-budget; the rerun with a higher cap:
whether any audio second was charged twice (the two runs' billed seconds against the folder's).
Counts and the stand-in's nominal prices, not time: nothing here is noisy.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import tempfile
from decimal import Decimal
from pathlib import Path

from openrouter_ext import OpenRouter
from openrouter_ext.cli import main as cli
from openrouter_ext.cli._manifest import Manifest
from openrouter_ext.testing import StandIn, Tone, encode_audio, tone_recording
from openrouter_ext.testing._catalog import WHISPER_PRICE

FILES = 30
FORMATS = ("wav", "mp3", "flac", "ogg")
MODEL = "openai/whisper-large-v3"
PART = 600.0  # the model's longest part
FILES_AT_ONCE, PARTS_AT_ONCE = 4, 4  # the command line's defaults


def lengths() -> list[float]:
    return [180.0 + (2400.0 - 180.0) * index / (FILES - 1) for index in range(FILES)]


def recordings(folder: Path) -> dict[Path, float]:
    made = {}
    for index, seconds in enumerate(lengths()):
        tones = [Tone(2.0 + 9 * n, 6.0 + 9 * n, 300 + 10 * (n % 80)) for n in range(int((seconds - 7) // 9))]
        wav = tone_recording(tones, seconds)
        audio_format = FORMATS[index % len(FORMATS)]
        path = folder / f"{index:02d}.{audio_format}"
        path.write_bytes(wav if audio_format == "wav" else encode_audio(wav, audio_format))
        made[path] = seconds
    return made


def billed(server: StandIn) -> list[tuple[float, float]]:
    answered = [
        json.loads(r.response)["usage"] for r in server.requests if r.method == "POST" and r.status == 200
    ]
    return [(usage["seconds"], usage["cost"]) for usage in answered]


def run(arguments: list[str]) -> tuple[int, str]:
    errors = io.StringIO()
    with contextlib.redirect_stderr(errors):
        code = cli(["transcribe", *arguments])
    return code, errors.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ray", action="store_true", help="the Ray engine (2 workers) as well")
    engines = [[]] + ([["--engine", "ray", "--concurrency", "2"]] if parser.parse_args().ray else [])
    price = Decimal(WHISPER_PRICE)
    os.environ.setdefault("OPENROUTER_API_KEY", "bench")  # any key does for the stand-in
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "in"
        folder.mkdir()
        truth = recordings(folder)
        total = sum(truth.values())
        true_cost = price * Decimal(repr(total))
        print(f"{len(truth)} files, {total / 3600:.2f} h of audio, ${true_cost} at ${price}/s")
        for engine in engines:
            name = "ray" if engine else "local"
            with StandIn() as server, OpenRouter(api_key="bench", server_url=server.base_url) as client:
                estimate = client.stt.estimate(input_audio=[str(path) for path in truth], model=MODEL)
                out = Path(scratch) / f"out-{name}"
                cap = (true_cost * Decimal("0.4")).quantize(Decimal("1e-6"))
                common = [str(folder), "--out-dir", str(out), "--server-url", server.base_url, *engine]
                server.reset()
                run(
                    [
                        str(folder),
                        "--out-dir",
                        str(out) + "-uncapped",
                        "--server-url",
                        server.base_url,
                        *engine,
                    ]
                )
                uncapped = sum(seconds for seconds, _ in billed(server))  # what the folder bills, once
                server.reset()
                first, said = run([*common, "--max-cost", str(cap)])
                first_bills = billed(server)
                states = [entry["state"] for entry in Manifest(out).entries.values()]
                server.reset()
                second, _ = run([*common, "--max-cost", str(true_cost * 2)])
                second_bills = billed(server)
                parts = {
                    Path(path).resolve(): entry.get("parts") for path, entry in Manifest(out).entries.items()
                }
            errors = [
                abs(r.seconds - truth[Path(r.name)]) / truth[Path(r.name)] * 100 for r in estimate.recordings
            ]
            off = [abs((r.requests or 0) - (parts[Path(r.name).resolve()] or 0)) for r in estimate.recordings]
            charged = sum(cost for _, cost in first_bills)
            in_flight = (2 if engine else FILES_AT_ONCE) * PARTS_AT_ONCE * (4 if engine else 1)
            bound = float(cap) + in_flight * float(price) * PART
            seconds = sum(s for s, _ in first_bills + second_bills)
            print(f"[{name}] estimate: length off by {max(errors):.3f}% at most; requests off by at most "
                  f"{max(off)} a file ({sum(r.requests or 0 for r in estimate.recordings)} foretold, "
                  f"{sum(v or 0 for v in parts.values())} sent)")  # fmt: skip
            print(f"[{name}] capped run (exit {first}): charged ${charged:.6f} of the cap ${cap} "
                  f"(bound ${bound:.6f}); {states.count('stopped-by-budget')} of {len(states)} files "
                  f"stopped-by-budget, {states.count('done')} done")  # fmt: skip
            print(f"[{name}] rerun (exit {second}): billed {seconds:.2f} s over both runs; one uncapped run "
                  f"bills {uncapped:.2f} s ({seconds - uncapped:+.2f} s; the recordings are {total:.1f} s: "
                  "MP3 parts carry their priming frames)")  # fmt: skip
            if "stopped by the spend cap" not in said:
                print(f"[{name}] the capped run did not say it stopped: {said[-300:]}")


if __name__ == "__main__":
    main()
