"""openrouter-stt: transcribe audio files and folders from the command line.

    openrouter-stt transcribe talk.mp3                          # the transcript on standard output
    openrouter-stt transcribe recordings/ --format srt --out-dir subtitles/
    openrouter-stt stand-in --port 8750                         # the local stand-in server

Exit codes: 0 all done, 1 some files failed, 2 bad arguments (or --out-dir is in use by another
run), 3 no API key, 4 every file failed, 130 interrupted (rerun to finish: finished files are
skipped).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from openrouter_ext import OpenRouter, RetryConfig
from openrouter_ext._config import DEFAULT_SERVER_URL
from openrouter_ext.errors import InvalidInputError

from ._batch import Batch, Settings, Tally
from ._inputs import EXTENSIONS, InputError, find_jobs
from ._manifest import FolderInUse, exclusive

OK, SOME_FAILED, BAD_ARGUMENTS, NO_KEY, ALL_FAILED, INTERRUPTED = 0, 1, 2, 3, 4, 130
DEFAULT_MODEL = "openai/whisper-large-v3"
STAND_IN_KEY = "stand-in"  # any key does for the built-in stand-in


def _whole(minimum: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        value = int(text)
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be {minimum} or more, got {value}")
        return value

    return parse


def _seconds(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be more than 0, got {text}")
    return value


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="openrouter-stt", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = main.add_subparsers(dest="command", required=True)
    run = commands.add_parser("transcribe", help="transcribe files and folders (folders recursively)")
    run.add_argument("paths", nargs="+", metavar="PATH", help="audio files, or folders to search for audio")
    run.add_argument("--model", default=DEFAULT_MODEL, help=f"default {DEFAULT_MODEL}")
    run.add_argument("--language", help="ISO-639-1 code of the spoken language (default: detected)")
    run.add_argument("--format", dest="output_format", choices=list(EXTENSIONS), default="text")
    run.add_argument("--out-dir", type=Path, help="where outputs and the resume manifest go")
    run.add_argument("--concurrency", type=_whole(1), default=4, help="files in flight at once (default 4)")
    run.add_argument("--server-url", default=None, help=f"default {DEFAULT_SERVER_URL}")
    run.add_argument("--timeout", type=_seconds, default=None, help="seconds each attempt may take")
    run.add_argument("--retries", type=_whole(0), default=4, help="retries of a failed request (default 4)")
    run.add_argument(
        "--api-key-file", type=Path, help="read the key from this file (else $OPENROUTER_API_KEY)"
    )
    run.add_argument("--force", action="store_true", help="redo files the manifest says are done")
    run.add_argument(
        "--stand-in", action="store_true", help="send to the built-in local stand-in (no key, no network)"
    )
    stand_in = commands.add_parser("stand-in", help="run the local stand-in server until Ctrl-C")
    from openrouter_ext.testing.__main__ import add_arguments

    add_arguments(stand_in)
    return main


class _Refused(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code


def _api_key(args: argparse.Namespace) -> str:
    if args.api_key_file is not None:
        try:
            key: str = args.api_key_file.read_text(encoding="utf-8").strip()
        except OSError as error:
            raise _Refused(
                NO_KEY, f"cannot read --api-key-file {args.api_key_file}: {error.strerror}"
            ) from None
        if not key:
            raise _Refused(NO_KEY, f"--api-key-file {args.api_key_file} is empty")
        return key
    from_environment = os.environ.get("OPENROUTER_API_KEY", "").strip()
    if from_environment:
        return from_environment
    if args.stand_in:
        return STAND_IN_KEY
    raise _Refused(NO_KEY, "no API key: set OPENROUTER_API_KEY or pass --api-key-file FILE")


@contextlib.contextmanager
def _server_url(args: argparse.Namespace) -> Iterator[str]:
    if not args.stand_in:
        yield args.server_url or DEFAULT_SERVER_URL
        return
    if args.server_url:
        raise _Refused(BAD_ARGUMENTS, "--stand-in and --server-url cannot go together")
    from openrouter_ext.testing import StandIn

    with StandIn() as server:
        yield server.base_url


def _exit_code(tally: Tally) -> int:
    if tally.interrupted:
        return INTERRUPTED
    if tally.failed and not (tally.done or tally.skipped):
        return ALL_FAILED
    return SOME_FAILED if tally.failed else OK


def transcribe(args: argparse.Namespace) -> int:
    try:
        jobs = find_jobs(args.paths, args.out_dir, args.output_format)
    except InputError as error:
        raise _Refused(BAD_ARGUMENTS, str(error)) from None
    key = _api_key(args)
    retries = RetryConfig("backoff", max_retries=args.retries) if args.retries else RetryConfig("none")
    with contextlib.ExitStack() as held:
        if args.out_dir is not None:
            try:
                held.enter_context(exclusive(args.out_dir))
            except FolderInUse as error:
                raise _Refused(BAD_ARGUMENTS, str(error)) from None
        server_url = held.enter_context(_server_url(args))
        try:
            client = OpenRouter(
                api_key=key,
                server_url=server_url,
                retries=retries,
                timeout_ms=args.timeout * 1000 if args.timeout else None,
            )
        except InvalidInputError as error:
            raise _Refused(BAD_ARGUMENTS, str(error)) from None
        batch = Batch(
            client,
            jobs,
            Settings(args.model, args.output_format, args.language),
            out_dir=args.out_dir,
            concurrency=args.concurrency,
            force=args.force,
        )

        async def run() -> Tally:
            async with client:
                return await batch.run()

        tally = asyncio.run(run())
    print(tally.summary(), file=sys.stderr)
    if args.out_dir is not None:
        print(f"outputs in {args.out_dir}", file=sys.stderr)
    return _exit_code(tally)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)  # bad arguments: argparse prints usage and exits with 2
    try:
        if args.command == "stand-in":
            from openrouter_ext.testing.__main__ import serve

            serve(args)
            return OK
        return transcribe(args)
    except _Refused as refused:
        print(f"openrouter-stt: {refused}", file=sys.stderr)
        return refused.code


def run() -> None:
    """The console script."""
    sys.exit(main())
