"""``openrouter-stt transcribe -``: standard input transcribed as it arrives, each part's text, cues
or JSON line written (and flushed) the moment it is answered.

    ffmpeg -loglevel error -i URL -f wav - | openrouter-stt transcribe - --format srt

End of input: the rest is sent and written, exit 0 (1 if a part has no transcript after its
retries: it is named on standard error, the others are written). Ctrl-C: no more is read, what
was read is sent, the parts in flight are written, exit 130 (a second Ctrl-C leaves at once).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from typing import Any, TextIO

from openrouter_ext import Chunk, OpenRouter, RetryConfig, subtitles
from openrouter_ext._config import ClientOptions
from openrouter_ext._recording._transcript import merge
from openrouter_ext.errors import APIStatusError, InvalidInputError, SpendCapReachedError

from ._batch import in_cli_words, settings_of
from ._connect import api_key, server_url
from ._exit import (
    ACCOUNT_ADVICE,
    ACCOUNT_EXITS,
    BAD_ARGUMENTS,
    INTERRUPTED,
    OK,
    OVER_BUDGET,
    SOME_FAILED,
    Refused,
)
from ._spending import spend_cap

STDIN = "-"
_FILES_ONLY = ("out_dir", "force", "ray_address", "rps")


def check_live_arguments(args: argparse.Namespace) -> None:
    """``-`` alone, and none of the flags that are about files."""
    if args.paths != [STDIN]:
        raise Refused(BAD_ARGUMENTS, "- (standard input) is transcribed alone: give it, or files, not both")
    given = [name for name in _FILES_ONLY if getattr(args, name, None) not in (None, False)]
    if args.engine != "local":
        given.append("engine")
    if given:
        flags = ", ".join("--" + name.replace("_", "-") for name in given)
        raise Refused(BAD_ARGUMENTS, f"{flags}: for files, not for - (standard input); use --output FILE")


class _Writer:
    """Each chunk in the output format, written and flushed as it comes."""

    def __init__(self, out: TextIO, output_format: str) -> None:
        self.out = out
        self.format = "json" if output_format == "verbose_json" else output_format
        self.cues = 0
        self.previous: subtitles.Cue | None = None
        if self.format == "vtt":
            self._write(subtitles.VTT_HEADER)

    def chunk(self, chunk: Chunk) -> None:
        if chunk.response is None:
            return
        placed = merge([chunk], duration=chunk.end)  # its times on the stream's clock
        if self.format == "text":
            if placed.text.strip():
                self._write(placed.text.strip() + "\n")
        elif self.format == "json":
            line = {"start": chunk.start, "end": chunk.end, **placed.to_response().to_dict()}
            self._write(json.dumps(line, ensure_ascii=False) + "\n")
        else:
            segments: Any = placed.segments or (
                [(chunk.start, chunk.end, placed.text)] if placed.text else []
            )
            found = subtitles.cues(segments)
            blocks = subtitles.cue_blocks(
                found, self.format, first_number=self.cues + 1, previous=self.previous
            )
            if blocks:
                self._write("\n\n".join(blocks) + "\n\n")
                self.cues += len(blocks)
                self.previous = found[-1]

    def _write(self, text: str) -> None:
        self.out.write(text)
        self.out.flush()


def transcribe_live(args: argparse.Namespace) -> int:
    check_live_arguments(args)
    settings = settings_of(args)
    key = api_key(args)
    retries = RetryConfig("backoff", max_retries=args.retries) if args.retries else RetryConfig("none")
    request = {name: value for name, value in settings.request().items() if value is not None}
    if args.max_chunk_seconds is None:
        request.pop("max_chunk_seconds")  # the live default (15 s, or the model's if lower)
    request |= {
        name: value
        for name, value in (
            ("sample_rate", args.sample_rate),
            ("channels", args.channels),
            ("min_chunk_seconds", args.min_chunk_seconds),
            ("max_seconds", args.max_seconds),
            ("concurrency", args.concurrency),
        )
        if value is not None
    }
    with contextlib.ExitStack() as held:
        url = held.enter_context(server_url(args))
        try:
            options = ClientOptions(
                server_url=url, retries=retries, timeout_ms=args.timeout * 1000 if args.timeout else None
            )
        except InvalidInputError as error:
            raise Refused(BAD_ARGUMENTS, str(error)) from None
        client = held.enter_context(OpenRouter(api_key=key, options=options))
        if args.max_cost is not None:
            request["spend_cap"] = spend_cap(client, args)
        try:
            live = client.stt.transcribe_stream(input_audio=sys.stdin.buffer, **request)
        except InvalidInputError as error:
            raise Refused(BAD_ARGUMENTS, in_cli_words(str(error))) from None
        out = (
            sys.stdout if args.output is None else held.enter_context(args.output.open("w", encoding="utf-8"))
        )
        return _run(live, _Writer(out, args.output_format), args)


def _run(live: Any, writer: _Writer, args: argparse.Namespace) -> int:
    failed, interrupted = 0, False
    try:
        while True:
            try:
                chunk = next(live)
            except StopIteration:
                break
            except KeyboardInterrupt:
                if interrupted:
                    raise
                interrupted = True
                print("openrouter-stt: interrupted: sending what was read", file=sys.stderr, flush=True)
                live.stop()
                continue
            writer.chunk(chunk)
            if chunk.error is not None:
                failed += 1
                print(f"openrouter-stt: {chunk.start:.1f}-{chunk.end:.1f} s: no transcript ({chunk.error})",
                      file=sys.stderr, flush=True)  # fmt: skip
    except InvalidInputError as error:  # the stream itself: empty, not audio
        raise Refused(BAD_ARGUMENTS, f"standard input: {in_cli_words(str(error))}") from None
    except SpendCapReachedError:
        _summary(live)
        print("openrouter-stt: stopped by the spend cap (--max-cost)", file=sys.stderr)
        return OVER_BUDGET
    except APIStatusError as error:
        _summary(live)
        if error.status_code in ACCOUNT_EXITS:
            print(f"openrouter-stt: stopped: {ACCOUNT_ADVICE[error.status_code]}", file=sys.stderr)
            return ACCOUNT_EXITS[error.status_code]
        print(f"openrouter-stt: stopped: {error}", file=sys.stderr)
        return SOME_FAILED
    _summary(live)
    if interrupted:
        return INTERRUPTED
    return SOME_FAILED if failed else OK


def _summary(live: Any) -> None:
    transcript = live.transcript()
    sent = sum(chunk.end - chunk.start for chunk in transcript.chunks)
    cost = transcript.usage.cost if isinstance(transcript.usage.cost, int | float) else 0.0
    print(
        f"stream: {live.seconds:.1f} s read, {sent:.1f} s sent in {len(transcript.chunks)} parts, "
        f"{len(transcript.missing)} without a transcript; cost ${cost:.6f}",
        file=sys.stderr,
    )
