"""``openrouter-stt transcribe``: the key, the server, the client, the batch, the exit code."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys

from openrouter_ext import OpenRouter, RetryConfig
from openrouter_ext._config import ClientOptions
from openrouter_ext._recording._service import check_arguments
from openrouter_ext.errors import InvalidInputError

from ._batch import Batch, Tally, in_cli_words, settings_of
from ._connect import api_key, server_url
from ._exit import (
    ACCOUNT_ADVICE,
    ACCOUNT_EXITS,
    ALL_FAILED,
    BAD_ARGUMENTS,
    INTERRUPTED,
    OK,
    OVER_BUDGET,
    SOME_FAILED,
    Refused,
)
from ._inputs import InputError, find_jobs
from ._live import STDIN, transcribe_live
from ._manifest import FolderInUse, exclusive
from ._ray_engine import check_engine_arguments, run_on_ray
from ._spending import check_key_limit, spend_cap

_STREAM_ONLY = {"--output": "output", "--max-seconds": "max_seconds", "--min-chunk-seconds": "min_chunk_seconds",
                "--sample-rate": "sample_rate", "--channels": "channels"}  # fmt: skip


def _exit_code(tally: Tally) -> int:
    if tally.account_status is not None:
        return ACCOUNT_EXITS[tally.account_status]
    if tally.over_budget:
        return OVER_BUDGET
    if tally.interrupted and tally.not_started:  # else every file finished before Ctrl-C took effect
        return INTERRUPTED
    if tally.failed and not (tally.done or tally.skipped):
        return ALL_FAILED
    return SOME_FAILED if tally.failed else OK


def transcribe(args: argparse.Namespace) -> int:
    if STDIN in args.paths:
        return transcribe_live(args)
    stream_only = [flag for flag, value in _STREAM_ONLY.items() if getattr(args, value) is not None]
    if stream_only:
        raise Refused(BAD_ARGUMENTS, f"{', '.join(stream_only)}: for - (standard input), not for files")
    check_engine_arguments(args)
    try:
        jobs = find_jobs(args.paths, args.out_dir, args.output_format)
    except InputError as error:
        raise Refused(BAD_ARGUMENTS, str(error)) from None
    settings = settings_of(args)
    try:  # what every file would be refused for (--diarize for a model that does not), before any
        check_arguments(settings.request())
    except InvalidInputError as error:
        raise Refused(BAD_ARGUMENTS, in_cli_words(str(error))) from None
    key = api_key(args)
    retries = RetryConfig("backoff", max_retries=args.retries) if args.retries else RetryConfig("none")
    with contextlib.ExitStack() as held:
        if args.out_dir is not None:
            try:
                held.enter_context(exclusive(args.out_dir))
            except FolderInUse as error:
                raise Refused(BAD_ARGUMENTS, str(error)) from None
            except OSError as error:  # a file where a folder of it should be, no permission, ...
                raise Refused(BAD_ARGUMENTS, f"--out-dir {args.out_dir}: {error.strerror or error}") from None
        url = held.enter_context(server_url(args))
        try:
            options = ClientOptions(
                server_url=url,
                retries=retries,
                timeout_ms=args.timeout * 1000 if args.timeout else None,
            )
        except InvalidInputError as error:
            raise Refused(BAD_ARGUMENTS, str(error)) from None
        client = OpenRouter(api_key=key, options=options)
        cap = spend_cap(client, args) if args.max_cost is not None else None
        batch = Batch(
            client,
            jobs,
            settings,
            out_dir=args.out_dir,
            concurrency=args.concurrency,
            force=args.force,
            spend_cap=cap,
        )
        check_key_limit(client, batch, cap)
        if batch.manifest is not None:
            held.callback(batch.manifest.close)  # the journal folded in while the folder is still held

        if args.engine == "ray":
            with client:
                tally = run_on_ray(batch, args, options, key)
        else:

            async def run() -> Tally:
                async with client:
                    return await batch.run()

            tally = asyncio.run(run())
    print(tally.summary(), file=sys.stderr)
    if cap is not None:
        left = max(0.0, float(cap.max_cost) - tally.cost)
        print(
            f"spend: ${tally.cost:.6f} of the --max-cost ${cap.max_cost} (${left:.6f} left)", file=sys.stderr
        )
    if tally.over_budget:
        print(
            f"openrouter-stt: stopped by the spend cap: {tally.over_budget} files not done; rerun with a "
            "higher --max-cost to finish them (answered parts are kept and not paid again)",
            file=sys.stderr,
        )
    if tally.account_status is not None:
        print(f"openrouter-stt: stopped: {ACCOUNT_ADVICE[tally.account_status]}", file=sys.stderr)
    if args.out_dir is not None:
        print(f"outputs in {args.out_dir}", file=sys.stderr)
    return _exit_code(tally)
