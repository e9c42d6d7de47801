"""``--engine ray``: the files as one Ray Data job, with the local engine's outputs, manifest and
exit codes.

The driver (this process) does what the local engine does around each file: finds the files,
skips those the manifest says are done, and writes each output and manifest entry as its result
row arrives. The transcribing is the Ray job's (``openrouter_ext.ray``), under one ``--rps``
budget; the key reaches its workers through their environment or ``--api-key-file``.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from typing import Any

from openrouter_ext import STTResponse
from openrouter_ext._config import KEY_VARIABLE, ClientOptions
from openrouter_ext.errors import InvalidInputError

from ._batch import STOPPED_BY_BUDGET, Batch, Reporter, Tally, render
from ._exit import BAD_ARGUMENTS, NO_KEY, Refused
from ._inputs import Job
from ._manifest import SavedParts


def run_on_ray(batch: Batch, args: argparse.Namespace, options: ClientOptions, key: str) -> Tally:
    try:
        from openrouter_ext.ray._jobs import connect, transcribe_dataset
    except ImportError:
        raise Refused(
            BAD_ARGUMENTS, '--engine ray needs Ray Data: pip install "openrouter-ext[ray]"'
        ) from None
    urls = [job.source for job in batch.jobs if isinstance(job.source, str)]
    if urls:  # the workers read their inputs as files (or object-store URIs), never as http(s) URLs
        raise Refused(
            BAD_ARGUMENTS, f"--engine ray takes files and folders, not URLs ({urls[0]}): use the local engine"
        )
    reporter = Reporter(len(batch.jobs), batch.stderr)
    try:
        todo: dict[str, tuple[Job, str]] = {}
        answered_before: dict[str, tuple[str, list[dict[str, Any]]]] = {}  # parts earlier runs answered
        for job in batch.jobs:
            digest = batch.digest(job)
            if not batch.skipped(job, digest, reporter):
                todo[str(job.source)] = (job, digest)
                parts = [] if batch.out_dir is None or batch.force else _parts(batch, digest).load()
                if parts:
                    answered_before[str(job.source)] = (digest, parts)
        if todo:
            if args.stand_in and not os.environ.get(KEY_VARIABLE) and args.api_key_file is None:
                os.environ[KEY_VARIABLE] = key  # the stand-in's: a local cluster's workers inherit it
            try:
                ray = connect(args.ray_address)
                ds = ray.data.from_items([{"path": path} for path in todo])
                results = transcribe_dataset(
                    ds, options=options, rps=args.rps, concurrency=args.concurrency,
                    api_key_file=None if args.api_key_file is None else str(args.api_key_file),
                    reuse=answered_before, **_spend(batch), **batch.request,
                )  # fmt: skip
            except InvalidInputError as error:
                code = NO_KEY if error.field in ("api_key", "api_key_file") else BAD_ARGUMENTS
                raise Refused(code, str(error)) from None
            for saved, row in enumerate(results.iter_rows(), start=1):
                _save(batch, reporter, *todo[row["path"]], row)
                if batch.tally.account_status is not None:  # the key or the credit: stop the job here
                    batch.tally.not_started += len(todo) - saved
                    break
    finally:
        reporter.close()
    return batch.tally


def _parts(batch: Batch, digest: str) -> SavedParts:
    assert batch.out_dir is not None
    return SavedParts(batch.out_dir, digest, batch.recorded)


def _spend(batch: Batch) -> dict[str, Any]:
    """The job's cap: the run's ``--max-cost`` at its prices, kept by the job's actor."""
    cap = batch.spend_cap
    if cap is None:
        return {}
    return {
        "max_cost": cap.max_cost,
        "price_per_second": cap.price_per_second,
        "price_per_request": cap.price_per_request,
    }


def _save(batch: Batch, reporter: Reporter, job: Job, digest: str, row: dict[str, Any]) -> None:
    started = time.monotonic() - (row["latency_s"] or 0.0)
    if row["status"] == STOPPED_BY_BUDGET:  # its answered parts kept, as the local engine keeps them
        answered = json.loads(row["response"])["chunks"] if row["response"] else []
        if batch.out_dir is not None and answered:
            parts = _parts(batch, digest)
            known = {(chunk["start"], chunk["end"]) for chunk in parts.load()}
            for chunk in answered:
                if (chunk["start"], chunk["end"]) not in known:
                    parts.add(chunk)
        batch.tally.audio_seconds += row["seconds"] or 0.0
        batch.tally.cost += row["cost"] or 0.0
        batch.stopped_by_budget(job, digest, len(answered), reporter)
        return
    if row["status"] != "done":
        batch.failed(job, digest, row["error_type"], row["status_code"], row["error"], reporter)
        return
    response = STTResponse.from_dict(json.loads(row["response"]))
    batch.write(job, render(response, batch.settings.output_format, row["seconds"] or 0.0))
    batch.done(job, digest, response, row["seconds"] or 0.0, row["parts"] or 1, reporter, started)
    if batch.out_dir is not None:
        _parts(batch, digest).remove()


def check_engine_arguments(args: argparse.Namespace) -> None:
    if args.engine == "ray" and args.out_dir is None:
        raise Refused(BAD_ARGUMENTS, "--engine ray writes its outputs to files: give --out-dir")
    if args.engine != "ray" and (args.rps is not None or args.ray_address is not None):
        raise Refused(BAD_ARGUMENTS, "--rps and --ray-address go with --engine ray")
