"""openrouter-stt: transcribe audio files and folders from the command line.

    openrouter-stt transcribe talk.mp3                          # the transcript on standard output
    ffmpeg -i URL -f wav - | openrouter-stt transcribe - --format srt   # live: captions as it plays
    openrouter-stt transcribe recordings/ --format srt --out-dir subtitles/
    openrouter-stt estimate recordings/ --model google/chirp-3  # what it would send and cost: sends nothing
    openrouter-stt models                                       # the transcription models, their limits
    openrouter-stt stand-in --port 8750                         # the local stand-in server

Exit codes: 0 all done, 1 some files failed, 2 bad arguments (or --out-dir is in use by another
run), 3 no API key (missing, or refused: the run stops at the first 401), 4 every file failed, 5 no
credits (the run stops at the first 402), 6 stopped by --max-cost (rerun with a higher cap to finish:
what was answered is kept), 130 interrupted (rerun to finish: finished files are skipped).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path

# Only what the parser needs is imported here: --help and bad arguments answer without loading
# httpx, the generated models or the stand-in (each command imports its own, when it runs).
from openrouter_ext._version import __version__
from openrouter_ext.testing._options import add_stand_in_arguments

from ._exit import BAD_ARGUMENTS, OK, SOME_FAILED, Refused
from ._inputs import EXTENSIONS

DEFAULT_MODEL = "openai/whisper-large-v3"


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


def _price(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"must be a price in USD such as 0.0001, got {text}") from None
    if not value.is_finite() or value < 0:
        raise argparse.ArgumentTypeError(f"must be a price in USD such as 0.0001, got {text}")
    return value


def _job_arguments(
    command: argparse.ArgumentParser, *, out_dir: str = "where outputs and the resume manifest go"
) -> None:
    """What a job is: the inputs, the model and how each request is made (transcribe and estimate)."""
    command.add_argument(
        "paths", nargs="+", metavar="PATH", help="audio files, or folders to search for audio"
    )
    command.add_argument("--model", default=DEFAULT_MODEL, help=f"default {DEFAULT_MODEL}")
    command.add_argument("--language", help="ISO-639-1 code of the spoken language (default: detected)")
    command.add_argument(
        "--audio-format",
        help="the inputs' audio format when their first bytes and name cannot tell (pcm: headerless "
        "16-bit mono 16 kHz); default: read from each file",
    )
    command.add_argument(
        "--format",
        dest="output_format",
        choices=list(EXTENSIONS),
        default="text",
        help="text (default): the transcript's text; json: the answer as it came; verbose_json: the "
        "answer with timed segments (asked for); srt, vtt: subtitles from those segments. Outputs are "
        "named after their inputs: "
        + ", ".join(f"{name} .{extension}" for name, extension in EXTENSIONS.items()),
    )
    command.add_argument("--out-dir", type=Path, help=out_dir)
    command.add_argument(
        "--max-chunk-seconds",
        type=_seconds,
        default=None,
        help="longer audio is cut at its silences into parts this long at most, sent 4 at a time "
        "(default: what the model takes, 600 for most: see `openrouter-stt models`; give it for a "
        "model the SDK does not know)",
    )
    fields = command.add_argument_group("the request's own fields", "sent with every request")
    fields.add_argument(
        "--diarize",
        action="store_true",
        help="label speakers, one per voice across the whole recording (a model that diarizes: "
        "`openrouter-stt models`); text output names each turn's speaker",
    )
    fields.add_argument(
        "--keyterm", action="append", metavar="TERM", help="a term to bias recognition toward (repeat it)"
    )
    fields.add_argument("--temperature", type=float, help="sampling temperature (0 to 1)")
    fields.add_argument(
        "--provider-option",
        action="append",
        metavar="SLUG.NAME=VALUE",
        help="provider.options: e.g. assemblyai.prompt='...'; VALUE is read as JSON if it is JSON; "
        "@FILE.json for a whole {SLUG: {NAME: VALUE}} map (repeat it)",
    )
    fields.add_argument(
        "--session-id", help="groups the run's requests for observability (256 characters at most)"
    )
    unknown = command.add_argument_group(
        "a model the SDK does not know", "what it takes, when its defaults (Whisper's) do not fit"
    )
    unknown.add_argument(
        "--max-chunk-bytes", type=_whole(1024), default=None, help="the largest request it takes (bytes)"
    )
    unknown.add_argument(
        "--model-formats",
        metavar="LIST",
        help="the audio formats it takes, comma-separated (wav,flac): others are converted to one of them",
    )
    unknown.add_argument(
        "--json-only",
        action="store_true",
        help="it gives no timestamps (json only): srt and vtt are timed by cuts at pauses",
    )


def _connection_arguments(command: argparse.ArgumentParser, stand_in: str) -> None:
    command.add_argument("--server-url", default=None, help="default: OpenRouter's API")
    command.add_argument("--timeout", type=_seconds, default=None, help="seconds each attempt may take")
    command.add_argument(
        "--api-key-file", type=Path, help="read the key from this file (else $OPENROUTER_API_KEY)"
    )
    command.add_argument("--stand-in", action="store_true", help=stand_in)


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="openrouter-stt", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    main.add_argument("--version", action="version", version=f"openrouter-stt {__version__} (openrouter-ext)")
    commands = main.add_subparsers(dest="command", required=True)
    run = commands.add_parser("transcribe", help="transcribe files and folders (folders recursively)")
    _job_arguments(run)
    run.add_argument("--concurrency", type=_whole(1), default=4, help="files in flight at once (default 4)")
    run.add_argument("--retries", type=_whole(0), default=4, help="retries of a failed request (default 4)")
    run.add_argument("--force", action="store_true", help="redo files the manifest says are done")
    run.add_argument(
        "--engine",
        choices=("local", "ray"),
        default="local",
        help="local: this process; ray: a Ray Data job (the ray extra; needs --out-dir; see docs/SCALE.md)",
    )
    run.add_argument(
        "--ray-address", help="with --engine ray: the cluster to join (default: a new local one)"
    )
    run.add_argument(
        "--rps", type=_seconds, default=None, help="with --engine ray: requests a second for the whole job"
    )
    run.add_argument(
        "--max-cost",
        type=_price,
        help="USD the run may spend: each request's cost is reserved before it goes, and none is sent "
        "past the cap (files not done are marked so; a rerun with a higher cap sends only the rest)",
    )
    run.add_argument(
        "--price-per-second",
        type=_price,
        help="with --max-cost: USD an audio second, for its estimates (default: the catalog's price)",
    )
    live = run.add_argument_group(
        "live audio: - (standard input)",
        "read as it arrives, cut at pauses, each part's text, cues or JSON line written as it is answered",
    )
    live.add_argument("--output", type=Path, help="write to this file as it grows (default: standard output)")
    live.add_argument(
        "--max-seconds", type=_seconds, help="stop reading after this many seconds of the stream"
    )
    live.add_argument(
        "--min-chunk-seconds",
        type=_seconds,
        help="a part ends at the first pause this long after the last (default 5: about a request "
        "per 5 s; shorter captions come sooner, and cost more requests)",
    )
    live.add_argument(
        "--sample-rate", type=_whole(1000), help="with --audio-format pcm: its rate (default 16000)"
    )
    live.add_argument("--channels", type=_whole(1), help="with --audio-format pcm: its channels (default 1)")
    _connection_arguments(run, "send to the built-in local stand-in (no key, no network)")
    guess = commands.add_parser(
        "estimate",
        help="what transcribe would send and cost, sending nothing (reads the files' headers and the catalog)",
    )
    _job_arguments(guess, out_dir="an earlier run's folder: files it finished are left out, and its cost "
                   "per audio second is shown")  # fmt: skip
    guess.add_argument(
        "--price-per-second",
        type=_price,
        help="USD an audio second, instead of the catalog's (nothing is asked)",
    )
    guess.add_argument("--json", action="store_true", help="one JSON object: every figure, per file too")
    _connection_arguments(guess, "ask the built-in local stand-in's catalog")
    listing = commands.add_parser(
        "models",
        help="list the transcription models: price, longest and largest request, formats, timestamps",
    )
    listing.add_argument("--json", action="store_true", help="one JSON object a line, every fact")
    _connection_arguments(listing, "list the built-in local stand-in's catalog")
    stand_in = commands.add_parser("stand-in", help="run the local stand-in server until Ctrl-C")
    add_stand_in_arguments(stand_in)
    return main


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    if not arguments:  # a bare `openrouter-stt`: what it can do, not an error
        parser().print_help()
        return OK
    args = parser().parse_args(arguments)  # bad arguments: argparse prints usage and exits with 2
    try:
        # Imported here, not at the top, so that the parser alone stays quick (see above).
        if args.command == "stand-in":
            try:
                from openrouter_ext.testing._serve import serve
            except ImportError as missing:
                raise Refused(BAD_ARGUMENTS, str(missing)) from None
            serve(args)
            return OK
        if args.command == "estimate":
            from ._estimate import estimate

            return estimate(args)
        if args.command == "models":
            from ._models import models

            return models(args)
        from ._transcribe import transcribe

        return transcribe(args)
    except Refused as refused:
        print(f"openrouter-stt: {refused}", file=sys.stderr)
        return refused.code


def run() -> None:
    """The console script."""
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly, as other tools do
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        code = SOME_FAILED
    sys.exit(code)
