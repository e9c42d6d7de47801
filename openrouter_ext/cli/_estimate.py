"""``openrouter-stt estimate``: what ``transcribe`` would send and cost, sending no transcription.

The files' lengths come from their headers and their parts are planned as ``transcribe`` plans
them (``client.stt.estimate``); the price from the catalog (``GET /models``), unless given. With
``--out-dir`` of an earlier run, the files it finished with these settings are left out, and what
that run paid an audio second is shown beside the catalog's price.
"""

from __future__ import annotations

import argparse
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from openrouter_ext import Estimate, RecordingEstimate

from ._batch import in_cli_words, settings_of
from ._connect import api_key, catalog_client
from ._exit import BAD_ARGUMENTS, OK, SOME_FAILED, Refused
from ._inputs import InputError, Job, find_jobs
from ._manifest import Manifest


def _observed(manifest: Manifest, model: str) -> tuple[float, float]:
    """Audio seconds and USD of the files an earlier run finished with ``model``."""
    seconds = cost = 0.0
    for entry in manifest.entries.values():
        settings = entry.get("settings")
        if entry.get("state") != "done" or not isinstance(settings, dict) or settings.get("model") != model:
            continue
        recorded_seconds, recorded_cost = entry.get("audio_seconds"), entry.get("cost")
        if isinstance(recorded_seconds, int | float) and isinstance(recorded_cost, int | float):
            seconds, cost = seconds + recorded_seconds, cost + recorded_cost
    return seconds, cost


def _files(count: int) -> str:
    return f"{count} file" if count == 1 else f"{count} files"


def _clock(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"


def _requests(planned: RecordingEstimate) -> str:
    if planned.problem is not None:
        return "refused: " + in_cli_words(planned.problem)
    if planned.requests is None:
        return "unknown (its header gives no length)"
    return f"{planned.requests}" + ("" if planned.exact else " (about)")


def _table(estimate: Estimate) -> str:
    rows = [("FILE", "LENGTH", "REQUESTS")] + [
        (r.name, "?" if r.seconds is None else _clock(r.seconds), _requests(r)) for r in estimate.recordings
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    return "\n".join(f"{row[0].ljust(widths[0])}  {row[1].rjust(widths[1])}  {row[2]}" for row in rows)


def _cost_line(estimate: Estimate) -> str:
    cost = estimate.cost
    if cost is None:
        return f"cost: {estimate.price()}"
    unknown = f"; {_files(len(estimate.unknown))} of unknown length not counted" if estimate.unknown else ""
    return f"cost: {'' if _exact(estimate) else 'about '}${cost} at {estimate.price()}{unknown}"


def _exact(estimate: Estimate) -> bool:
    """Whether every request count is exact (each file one request), not an estimate of cuts."""
    return all(r.exact for r in estimate.recordings if r.problem is None) and not estimate.unknown


def _summary(estimate: Estimate, done_before: int, observed: tuple[float, float]) -> list[str]:
    left_out = f" ({done_before} done before, left out)" if done_before else ""
    lines = [
        f"{estimate.model}: {_files(len(estimate.recordings))}{left_out}, {_clock(estimate.seconds)} of audio "
        f"({estimate.seconds:.1f} s), {'' if _exact(estimate) else 'about '}{estimate.requests} requests",
        _cost_line(estimate),
    ]
    if observed[0] > 0:
        per_second = Decimal(repr(observed[1])) / Decimal(repr(observed[0]))
        lines.append(
            f"the earlier run paid ${per_second:.8f}/s over {observed[0]:.1f} s of audio with this model"
            + (
                f" (the catalog: ${estimate.price_per_second.normalize():f}/s)"
                if estimate.price_per_second
                else ""
            )
        )
    if estimate.refused:
        lines.append(
            f"{_files(len(estimate.refused))} transcribe would refuse before sending anything (see above)"
        )
    return lines


def _to_do(
    jobs: list[Job], out_dir: Path | None, recorded: dict[str, Any]
) -> tuple[list[Job], Manifest | None]:
    """The jobs a run into ``out_dir`` would do (those it finished with these settings left out)."""
    if out_dir is None or not out_dir.is_dir():
        return jobs, None
    manifest = Manifest(out_dir)
    return manifest.not_done(jobs, recorded, Job.digest), manifest


def estimate(args: argparse.Namespace) -> int:
    try:
        jobs = find_jobs(args.paths, args.out_dir, args.output_format, writing=False)
    except InputError as error:
        raise Refused(BAD_ARGUMENTS, str(error)) from None
    settings = settings_of(args)
    to_do, manifest = _to_do(jobs, args.out_dir, settings.recorded())
    priced = args.price_per_second is not None
    key: Any = (lambda: api_key(args)) if priced else api_key(args)  # priced: nothing is sent, no key read
    with catalog_client(args, key, "the catalog could not be read (--price-per-second skips it)") as client:
        found = client.stt.estimate(
            input_audio=[str(job.source) for job in to_do],
            price_per_second=args.price_per_second,
            **{name: value for name, value in settings.request().items() if value is not None},
        )
    observed = _observed(manifest, settings.model) if manifest is not None else (0.0, 0.0)
    done_before = len(jobs) - len(to_do)
    if args.json:
        print(json.dumps({
            **found.to_dict(),
            "done_before": done_before,
            "observed": {"seconds": observed[0], "cost": observed[1]} if observed[0] else None,
            "per_file": [
                {"path": r.name, "seconds": r.seconds, "requests": r.requests, "exact": r.exact, "problem": r.problem}
                for r in found.recordings
            ],
        }))  # fmt: skip
    else:
        if found.recordings:
            print(_table(found))
        print("\n".join(_summary(found, done_before, observed)))
    return SOME_FAILED if found.refused else OK
