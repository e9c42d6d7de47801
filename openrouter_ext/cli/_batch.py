"""Run a batch: each job's request on the async client, at most ``concurrency`` at once.

Ctrl-C once: no new file starts, the ones in flight finish and are saved. Twice: those are
abandoned too (their outputs are never half-written: every file is written to a temporary name and
renamed). Either way the manifest says what is done, and a rerun does the rest.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

import attrs
from openrouter_ext_generated.models import STTResponse
from openrouter_ext_generated.types import Unset
from tqdm import tqdm

from openrouter_ext import Chunk, OpenRouter, subtitles
from openrouter_ext._profiles import PART_SECONDS, ModelProfile, profile_for
from openrouter_ext._spend import SpendCap
from openrouter_ext.errors import APIStatusError, InvalidInputError, OpenRouterError, SpendCapReachedError

from ._exit import ACCOUNT_EXITS, BAD_ARGUMENTS, Refused
from ._inputs import Job
from ._manifest import Manifest, SavedParts, remove_leftovers, write_atomically

# A file --max-cost stopped: its manifest state, and its row's status on Ray (openrouter_ext.ray's).
STOPPED_BY_BUDGET = "stopped-by-budget"


@attrs.define
class Tally:
    done: int = 0
    skipped: int = 0
    failed: int = 0
    not_started: int = 0
    audio_seconds: float = 0.0
    cost: float = 0.0
    # What the files skipped as done before cost when they were done (from the manifest).
    earlier_audio_seconds: float = 0.0
    earlier_cost: float = 0.0
    interrupted: bool = False
    account_status: int | None = None  # a 401 or 402 that stopped the run
    over_budget: int = 0  # files --max-cost stopped (part-way or before they started)
    model: str = ""  # the run's (files done before count only if done with the same settings)

    def summary(self) -> str:
        counts = [f"{self.done} done", f"{self.skipped} skipped (done before)", f"{self.failed} failed"]
        if self.over_budget:
            counts.append(f"{self.over_budget} stopped by the spend cap")
        if self.not_started:
            counts.append(f"{self.not_started} not started")
        text = f"{', '.join(counts)}; this run {self.audio_seconds:.1f} s of audio, cost ${self.cost:.6f}"
        if self.skipped:
            text += (
                f"; with the files done before {self.audio_seconds + self.earlier_audio_seconds:.1f} s,"
                f" ${self.cost + self.earlier_cost:.6f}"
            )
        seconds, cost = self.audio_seconds + self.earlier_audio_seconds, self.cost + self.earlier_cost
        if seconds > 0 and cost > 0:
            text += f"; {self.model}: ${cost / seconds * 3600:.4f} an audio hour"
        return text


@attrs.frozen
class Settings:
    model: str
    output_format: str
    language: str | None = None
    max_chunk_seconds: float = PART_SECONDS  # as applied: the manifest records it
    audio_format: str | None = None
    # What the caller says of a model the SDK does not know (None: the profile table's).
    max_chunk_bytes: int | None = None
    model_formats: tuple[str, ...] | None = None
    json_only: bool = False
    # The request's own fields, given as flags (None: not sent).
    diarize: bool = False
    keyterms: tuple[str, ...] | None = None
    temperature: float | None = None
    provider_options: Mapping[str, Any] | None = attrs.field(default=None, eq=False, hash=False)
    session_id: str | None = None

    def profile(self) -> ModelProfile:
        """The model's profile with what the flags say of it."""
        return profile_for(self.model).with_limits(
            formats=self.model_formats, verbose_json=False if self.json_only else None
        )

    def request(self) -> dict[str, Any]:
        fields: dict[str, Any] = {
            "model": self.model,
            "language": self.language,
            "max_chunk_seconds": self.max_chunk_seconds,
            "max_chunk_bytes": self.max_chunk_bytes,
            "audio_format": self.audio_format,
            "profile": self.profile(),
            "keyterms": None if self.keyterms is None else list(self.keyterms),
            "temperature": self.temperature,
            "provider": None if self.provider_options is None else {"options": dict(self.provider_options)},
            "session_id": self.session_id,
        }
        if self.diarize:
            fields["diarize"] = True  # verbose_json is asked: speakers come with timed segments
        elif self.output_format in ("srt", "vtt", "verbose_json"):
            fields["timed"] = True  # verbose_json asked, or phrases cut from a model without times
        else:
            fields["response_format"] = "json"
        return fields

    def recorded(self) -> dict[str, Any]:
        """What must match for a finished output to count as done on a rerun (the flags a run may
        go without only when given, so that the manifests of runs without them still match)."""
        given = {
            name: value
            for name, value in (
                ("audio_format", self.audio_format),
                ("max_chunk_bytes", self.max_chunk_bytes),
                ("model_formats", None if self.model_formats is None else list(self.model_formats)),
                ("json_only", self.json_only or None),
                ("diarize", self.diarize or None),
                ("keyterms", None if self.keyterms is None else list(self.keyterms)),
                ("temperature", self.temperature),
                ("provider_options", None if self.provider_options is None else dict(self.provider_options)),
            )
            if value is not None
        }
        return {
            "model": self.model,
            "format": self.output_format,
            "language": self.language,
            "max_chunk_seconds": self.max_chunk_seconds,
            **given,
        }


def settings_of(args: argparse.Namespace) -> Settings:
    """The job's settings from the flags (transcribe's and estimate's), checked."""
    from openrouter_ext._validation import check_audio_format

    formats = None
    try:
        if args.audio_format is not None:
            check_audio_format("--audio-format", args.audio_format)
        if args.model_formats is not None:
            formats = tuple(name.strip().lower() for name in args.model_formats.split(",") if name.strip())
            if not formats:
                raise InvalidInputError(
                    "--model-formats", "names no format", "Give them comma-separated: wav,flac"
                )
            for name in formats:
                check_audio_format("--model-formats", name)
    except InvalidInputError as error:
        raise Refused(BAD_ARGUMENTS, str(error)) from None
    settings = Settings(
        args.model,
        args.output_format,
        args.language,
        audio_format=args.audio_format,
        max_chunk_bytes=args.max_chunk_bytes,
        model_formats=formats,
        json_only=args.json_only,
        diarize=getattr(args, "diarize", False),
        keyterms=tuple(args.keyterm) if getattr(args, "keyterm", None) else None,
        temperature=getattr(args, "temperature", None),
        provider_options=provider_options(getattr(args, "provider_option", None) or []),
        session_id=getattr(args, "session_id", None),
    )
    # The model's longest part unless given: resolved here, so the manifest records it as applied.
    return attrs.evolve(settings, max_chunk_seconds=args.max_chunk_seconds or settings.profile().part_seconds)


def provider_options(given: list[str]) -> dict[str, Any] | None:
    """``--provider-option SLUG.NAME=VALUE`` (VALUE as JSON, else as text) and ``@FILE.json`` (the
    whole ``provider.options`` map), merged in order, as ``provider.options``."""
    if not given:
        return None
    options: dict[str, Any] = {}
    for text in given:
        if text.startswith("@"):
            try:
                loaded = json.loads(Path(text[1:]).read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                raise Refused(BAD_ARGUMENTS, f"--provider-option {text}: {error}") from None
            if not isinstance(loaded, dict) or not all(isinstance(v, dict) for v in loaded.values()):
                raise Refused(BAD_ARGUMENTS, f"--provider-option {text}: must hold an object of objects, "
                              '{"SLUG": {"NAME": VALUE}}')  # fmt: skip
            for slug, values in loaded.items():
                options.setdefault(slug, {}).update(values)
            continue
        name, equals, value = text.partition("=")
        slug, dot, option = name.partition(".")
        if not (equals and dot and slug.strip() and option.strip()):
            raise Refused(BAD_ARGUMENTS, f"--provider-option {text}: give SLUG.NAME=VALUE (elevenlabs.tag_audio_events=true) "
                          "or @FILE.json")  # fmt: skip
        try:
            parsed: Any = json.loads(value)
        except ValueError:
            parsed = value
        options.setdefault(slug.strip(), {})[option.strip()] = parsed
    return options


# The SDK's arguments that are flags here: its hints name them as Python spells them.
_FLAGS = ("audio_format", "max_chunk_seconds", "min_chunk_seconds", "max_chunk_bytes", "language", "model",
          "concurrency", "sample_rate", "channels", "max_seconds")  # fmt: skip
_ASSIGNED = re.compile(r"\b(" + "|".join(_FLAGS) + r")=(['\"]?)([\w./-]+)\2")
_NAMED = re.compile(r"\b(" + "|".join(_FLAGS) + r")\b")


def in_cli_words(text: str) -> str:
    """An SDK message with its Python arguments as this command's flags (``audio_format='pcm'`` ->
    ``--audio-format pcm``)."""
    text = _ASSIGNED.sub(lambda found: f"--{found[1].replace('_', '-')} {found[3]}", text)
    return _NAMED.sub(lambda found: f"--{found[1].replace('_', '-')}", text)


def _segments(response: STTResponse, duration: float) -> list[Any]:
    if not isinstance(response.segments, Unset) and response.segments:
        return list(response.segments)
    # No timed segments came back: one stretch over the whole audio (or a reading pace if unknown).
    return [(0.0, duration or 0.4 * len(response.text.split()), response.text)]


def _turns(response: STTResponse) -> str | None:
    """A diarized transcript's text a turn a line, each named by its speaker (None: no speakers)."""
    segments = [] if isinstance(response.segments, Unset) else list(response.segments or [])
    if not segments or any(isinstance(segment.speaker_label, Unset) for segment in segments):
        return None
    lines: list[tuple[str, list[str]]] = []
    for segment in segments:
        if lines and lines[-1][0] == segment.speaker_label:
            lines[-1][1].append(segment.text.strip())
        else:
            lines.append((str(segment.speaker_label), [segment.text.strip()]))
    return "".join(f"{speaker}: {' '.join(said)}\n" for speaker, said in lines)


def render(response: STTResponse, output_format: str, duration: float = 0.0) -> str:
    """A transcript (as one response: ``Transcript.to_response()``) in an output format; ``duration``
    times a transcript without timed segments."""
    if output_format == "text":
        return _turns(response) or response.text.strip() + "\n"
    if output_format == "srt":
        return subtitles.to_srt(_segments(response, duration))
    if output_format == "vtt":
        return subtitles.to_vtt(_segments(response, duration))
    return json.dumps(response.to_dict(), indent=2, ensure_ascii=False) + "\n"


def _usage(response: STTResponse) -> tuple[float | None, float | None]:
    usage = response.usage
    if isinstance(usage, Unset):
        return None, None
    seconds = None if isinstance(usage.seconds, Unset) else usage.seconds
    return seconds, None if isinstance(usage.cost, Unset) else usage.cost


def _number(recorded: object) -> float:
    """A figure read back from the manifest (which a person may have edited): 0 unless a number."""
    return float(recorded) if isinstance(recorded, int | float) and not isinstance(recorded, bool) else 0.0


class Reporter:
    """On a terminal, a progress bar in seconds of audio (parts of long files count as they are
    answered); otherwise one plain line per file, on standard error.

    The bar's total is every file's length, read from the headers while the run starts
    (``expect``), and a file's own once it is being transcribed: it grows as lengths become known
    and never shrinks (a file's length counts as the larger of the two). A file skipped as done
    before counts as done."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.stream, self.total, self.finished = stream, total, 0
        self.bar = (
            tqdm(total=0, unit="s", unit_scale=True, desc="audio", file=stream, dynamic_ncols=True)
            if stream.isatty()
            else None
        )
        self._expected: dict[Path | str, float] = {}  # per file: its length, as far as known
        self._done: dict[Path | str, float] = {}  # per file: seconds done
        self._closed = False

    def expect(self, source: Path | str, seconds: float) -> None:
        """The file is ``seconds`` long (its header says, or its transcription does)."""
        before = self._expected.get(source, 0.0)
        if seconds > before and not self._closed:
            self._expected[source] = seconds
            if self.bar is not None:
                self.bar.total = (self.bar.total or 0) + (seconds - before)
                self.bar.refresh()

    def progress(self, source: Path | str, done: float, total: float) -> None:
        self.expect(source, total)
        before = self._done.get(source, 0.0)
        self._done[source] = max(before, done)
        if self.bar is not None:
            self.bar.update(max(0.0, done - before))

    def skipped(self, source: Path | str) -> None:
        """Done before: its length, as expected, counts as done."""
        self.progress(source, self._expected.get(source, 0.0), self._expected.get(source, 0.0))

    def finished_one(self, text: str, tally: Tally, *, failed: bool) -> None:
        self.finished += 1
        if self.bar is None:
            print(f"[{self.finished}/{self.total}] {text}", file=self.stream, flush=True)
            return
        if failed:
            self.bar.write(text, file=self.stream)
        self.bar.set_postfix(files=f"{self.finished}/{self.total}", errors=tally.failed, refresh=False)
        self.bar.refresh()

    def close(self) -> None:
        self._closed = True
        if self.bar is not None:
            self.bar.close()


class Batch:
    def __init__(
        self,
        client: OpenRouter,
        jobs: list[Job],
        settings: Settings,
        *,
        out_dir: Path | None,
        concurrency: int,
        force: bool,
        spend_cap: SpendCap | None = None,
        stdout: TextIO = sys.stdout,
        stderr: TextIO = sys.stderr,
    ) -> None:
        self.client, self.jobs, self.settings = client, jobs, settings
        self.named = sum(job.output is None for job in jobs) > 1
        self._digests: dict[Path | str, str] = {}  # content ids read once (the key's check reads them too)
        self.spend_cap = spend_cap  # one ledger for every file's requests (not a setting: not recorded)
        self.request, self.recorded = settings.request(), settings.recorded()  # the same for every file
        self.out_dir = out_dir
        self.manifest = Manifest(out_dir) if out_dir is not None else None
        self.concurrency, self.force = concurrency, force
        self.stdout, self.stderr = stdout, stderr
        self.tally = Tally(model=settings.model)
        self.stopping = asyncio.Event()

    async def run(self) -> Tally:
        if self.out_dir is not None:
            remove_leftovers(self.out_dir)
        reporter = Reporter(len(self.jobs), self.stderr)
        gate = asyncio.Semaphore(self.concurrency)
        ended = threading.Event()
        lengths = (
            asyncio.create_task(
                asyncio.to_thread(self._read_lengths, reporter, asyncio.get_running_loop(), ended)
            )
            if reporter.bar is not None
            else None
        )  # the bar's total, known from the start
        tasks = [asyncio.create_task(self._one(job, gate, reporter)) for job in self.jobs]
        restore = self._on_interrupt(tasks)
        try:
            results = await asyncio.gather(*tasks, return_exceptions=True)
        finally:
            ended.set()
            if lengths is not None:
                await asyncio.gather(lengths, return_exceptions=True)
            restore()
            reporter.close()
        for result in results:
            if isinstance(result, asyncio.CancelledError):
                self.tally.not_started += 1
            elif isinstance(result, BaseException):
                raise result
        return self.tally

    def _read_lengths(
        self, reporter: Reporter, loop: asyncio.AbstractEventLoop, ended: threading.Event
    ) -> None:
        """Each file's length from its header (nothing decoded), handed to the bar on the loop;
        until the run ends (a file whose length cannot be read adds its own once it is sent)."""
        from openrouter_ext._audio_input import local_audio
        from openrouter_ext._recording._audio import probe

        for job in self.jobs:
            if ended.is_set():
                return
            if isinstance(job.source, str):
                continue  # a URL: its length is the provider's to find
            try:
                seconds = probe(local_audio("input_audio", str(job.source), self.settings.audio_format))
            except (OpenRouterError, OSError):
                continue
            if seconds:
                loop.call_soon_threadsafe(reporter.expect, job.source, seconds)

    def _on_interrupt(self, tasks: list[asyncio.Task[None]]) -> Callable[[], None]:
        loop = asyncio.get_running_loop()

        def interrupted() -> None:
            self.tally.interrupted = True
            if not self.stopping.is_set():
                self.stopping.set()
                print(
                    "\nstopping: files in flight will finish and be saved (Ctrl-C again to abandon them)",
                    file=self.stderr,
                    flush=True,
                )
                return
            for task in tasks:
                task.cancel()

        try:
            loop.add_signal_handler(signal.SIGINT, interrupted)
        except (NotImplementedError, RuntimeError):  # no signal handlers here (Windows, a thread)
            return lambda: None

        def restore() -> None:
            loop.remove_signal_handler(signal.SIGINT)

        return restore

    async def _one(self, job: Job, gate: asyncio.Semaphore, reporter: Reporter) -> None:
        async with gate:
            if self.stopping.is_set():
                self.tally.not_started += 1
                return
            digest = await asyncio.to_thread(self.digest, job)
            if self.skipped(job, digest, reporter):
                return
            if self.spend_cap is not None and self.spend_cap.refused:  # reached: start nothing more
                self.stopped_by_budget(job, digest, 0, reporter)
                return
            started = time.monotonic()
            settings = self.recorded
            parts = SavedParts(self.out_dir, digest, settings) if self.out_dir is not None else None
            answered_before = (
                [] if parts is None or self.force else [Chunk.from_dict(c) for c in parts.load()]
            )
            paid: list[Chunk] = []  # parts answered in this run: billed, whether or not the file finishes

            def answered(chunk: Chunk) -> None:
                paid.append(chunk)
                if parts is not None:
                    parts.add(chunk.to_dict())

            try:
                transcript = await self.client.stt.transcribe_async(
                    input_audio=str(job.source),
                    on_progress=lambda done, total: reporter.progress(job.source, done, total),
                    on_chunk=answered,
                    reuse_chunks=answered_before,
                    spend_cap=self.spend_cap,
                    **self.request,
                )
            except SpendCapReachedError:  # its answered parts are saved: a rerun sends only the rest
                self.count_paid(paid)
                self.stopped_by_budget(job, digest, len(paid) + len(answered_before), reporter)
                return
            except OpenRouterError as error:
                self.count_paid(paid)
                status = error.status_code if isinstance(error, APIStatusError) else None
                self.failed(job, digest, type(error).__name__, status, str(error), reporter)
                return
            except asyncio.CancelledError:  # abandoned (Ctrl-C twice): its answered parts were paid
                self.count_paid(paid)
                raise
            response = transcript.to_response()
            text = render(response, self.settings.output_format, transcript.duration)
            await asyncio.to_thread(self.write, job, text)
            reused = f", {len(answered_before)} answered before" if answered_before else ""
            self.done(
                job, digest, response, transcript.duration, len(transcript.chunks), reporter, started, reused
            )
            if parts is not None:
                parts.remove()

    def digest(self, job: Job) -> str:
        """The job's content id, read from its file once a run."""
        known = self._digests.get(job.source)
        if known is None:
            known = self._digests[job.source] = job.digest()
        return known

    def count_paid(self, chunks: list[Chunk]) -> None:
        """A file that did not finish: the audio seconds and cost of its parts answered in this run
        count in the run's figures (they are billed, and kept for a rerun)."""
        for chunk in chunks:
            if chunk.response is not None:
                seconds, cost = _usage(chunk.response)
                self.tally.audio_seconds += seconds if seconds is not None else chunk.end - chunk.start
                self.tally.cost += cost or 0.0

    def skipped(self, job: Job, digest: str, reporter: Reporter) -> bool:
        """Whether the manifest says the file is done with this content and these settings (counted)."""
        if (
            self.force
            or self.manifest is None
            or job.output is None
            or not self.manifest.is_done(job.source, digest, job.output, self.recorded)
        ):
            return False
        earlier = self.manifest.entry(job.source)
        self.tally.skipped += 1
        self.tally.earlier_audio_seconds += _number(earlier.get("audio_seconds"))
        self.tally.earlier_cost += _number(earlier.get("cost"))
        reporter.skipped(job.source)
        reporter.finished_one(f"skipped {job.source} (done before)", self.tally, failed=False)
        return True

    def write(self, job: Job, text: str) -> None:
        if job.output is not None:
            write_atomically(job.output, text)
            return
        if self.named:  # several inputs on one stream: each output marked with its input's name
            if self.settings.output_format == "text":
                text = f"==> {job.source} <==\n{text}\n"
            else:  # one JSON line each, its input first
                text = json.dumps({"file": str(job.source), **json.loads(text)}, ensure_ascii=False) + "\n"
        self.stdout.write(text)
        self.stdout.flush()

    def done(
        self, job: Job, digest: str, response: STTResponse, duration: float, parts: int,
        reporter: Reporter, started: float, note: str = "",
    ) -> None:  # fmt: skip
        """A file's output is written: count it, record it, report it."""
        seconds, cost = _usage(response)
        seconds = seconds if seconds is not None else duration
        self.tally.done += 1
        self.tally.audio_seconds += seconds or 0.0
        self.tally.cost += cost or 0.0
        if self.manifest is not None:
            self.manifest.update(
                job.source, state="done", sha256=digest, settings=self.recorded, output=str(job.output),
                audio_seconds=seconds, cost=cost, parts=parts,
                finished=datetime.now(UTC).isoformat(timespec="seconds"),
            )  # fmt: skip
        where = "standard output" if job.output is None else str(job.output)
        pieces = f", {parts} parts" if parts > 1 else ""
        reporter.finished_one(
            f"done {job.source} -> {where} ({seconds or 0:.1f} s audio{pieces}{note}, "
            f"{time.monotonic() - started:.1f} s)",
            self.tally,
            failed=False,
        )

    def stopped_by_budget(self, job: Job, digest: str, kept: int, reporter: Reporter) -> None:
        """The spend cap left no room for (the rest of) a file: recorded as stopped by it, with the
        spend so far and the answered parts kept for a rerun."""
        assert self.spend_cap is not None
        self.tally.over_budget += 1
        if self.manifest is not None:
            self.manifest.update(
                job.source, state=STOPPED_BY_BUDGET, sha256=digest, settings=self.recorded,
                parts_kept=kept, spent=round(self.tally.cost, 8), max_cost=float(self.spend_cap.max_cost),
                finished=datetime.now(UTC).isoformat(timespec="seconds"),
            )  # fmt: skip
        reporter.finished_one(
            f"STOPPED {job.source}: the spend cap (--max-cost {self.spend_cap.max_cost}) is reached"
            + (f"; its {kept} answered parts are kept" if kept else ""),
            self.tally,
            failed=True,
        )

    def failed(
        self, job: Job, digest: str, kind: str, status: int | None, message: str, reporter: Reporter
    ) -> None:
        """A file has no output: count it, record why, report it. A refusal about the account (the
        key, the credit) stops the run: no other file would fare better."""
        self.tally.failed += 1
        if status in ACCOUNT_EXITS and self.tally.account_status is None:
            self.tally.account_status = status
            self.stopping.set()
        if self.manifest is not None:
            self.manifest.update(
                job.source, state="failed", sha256=digest, settings=self.recorded, error=kind,
                status=status, message=message, finished=datetime.now(UTC).isoformat(timespec="seconds"),
            )  # fmt: skip
        reporter.finished_one(
            f"FAILED {job.source}: {kind}: {in_cli_words(message)}", self.tally, failed=True
        )
