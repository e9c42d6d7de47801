"""``client.stt.transcribe()``: a recording of any length as one timed transcript.

Audio that fits one request (by size and by length) goes as one ``create_transcription`` call,
exactly as that method sends it. Longer audio is read as a stream, cut at its silences into parts
(``_parts``), and the parts are sent as single calls, at most ``concurrency`` at once and no more
read ahead than that (so memory is bounded by part size times concurrency), each under the
client's retry policy. A part answered 413 is split in two and both halves sent. The answers are
merged onto the recording's clock (``_transcript.merge``). Sync and async share all of it but the
send and how parts run side by side.
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any
from urllib.parse import urlsplit

import attrs
from openrouter_ext_generated.models import STTResponse

from openrouter_ext import _validation as check
from openrouter_ext._audio_input import LocalAudio, local_audio
from openrouter_ext._profiles import ModelProfile, profile_for, refuse_unsupported
from openrouter_ext._response import APIResponse
from openrouter_ext._spend import SpendCap, SpendLedger, holding, holding_async
from openrouter_ext._stt import Stt, check_transcription_arguments, goes_as_given
from openrouter_ext._wire import input_audio, is_url
from openrouter_ext.errors import (
    APIStatusError,
    IncompleteTranscriptError,
    InvalidInputError,
    OpenRouterError,
    SpendCapReachedError,
)
from openrouter_ext.errors import PayloadTooLargeResponseError as TooLarge

from ._audio import RATE, Decoding, Reading, can_split, probe
from ._parts import FORM_ALLOWANCE, Limits, Part, parts, split
from ._remux import REMUXED_FORMATS, PacketCutting, split_mp3
from ._speakers import Linking, LinkRequest, Prepending, clips_of, with_speakers
from ._transcript import Chunk, Transcript

logger = logging.getLogger("openrouter_ext")

DEFAULT_CONCURRENCY = 4
_SMALLEST_CHUNK_BYTES = 256 * 1024
_SHORTEST_TO_CUT_AGAIN = 2.0  # seconds: a part answered 413 that is shorter fails instead
# Timing by cuts, for a model that gives no timestamps: phrases of at most PHRASE_SECONDS, ended at
# the quietest place after their first SHORTEST_PHRASE seconds (a cue a reader can follow).
PHRASE_SECONDS = 12.0
SHORTEST_PHRASE = 3.0
PREFIX_SECONDS = 40.0  # link_speakers="prepend": the most of a part's length its speakers' clips take
LINK_SPEAKERS = ("afterwards", "prepend")
Progress = Callable[[float, float], object]
ChunkDone = Callable[[Chunk], object]
# Statuses about the account (its key, its credit, its permissions), not a part: the first stops the
# recording's remaining parts, and when they are all the parts that failed, it is what is raised.
ACCOUNT_STATUSES = frozenset({401, 402, 403})
_SAME_TIME = 1e-6  # seconds: a reused chunk's times come back from JSON exactly, or nearly


@attrs.frozen
class _Plan:
    """A checked ``transcribe`` call: what to send with every part, and how to cut."""

    call: dict[str, Any]  # create_transcription's arguments but the audio
    audio: LocalAudio | None  # None: the input goes as it is (a URL or the spec's form)
    source: Any
    profile: ModelProfile  # what the model takes in one request
    max_seconds: float
    max_bytes: int
    concurrency: int
    on_progress: Progress | None
    on_chunk: ChunkDone | None = None
    reuse: tuple[Chunk, ...] = ()  # answered parts of an earlier run, by place
    seconds: float | None = None  # the local audio's length, as its header says (``probe``)
    by_cuts: bool = False  # times wanted from a model that gives none: parts are phrases
    ledger: SpendLedger | None = None  # the spend cap every request reserves its cost from
    link_speakers: str = "afterwards"  # with diarize: how parts' speakers are linked (``_speakers``)

    @property
    def diarizing(self) -> bool:
        """Speakers asked for: a clip of each is kept from every part, and the parts' speakers
        linked into the recording's (``_speakers``)."""
        return self.call.get("diarize") is True

    @property
    def prepending(self) -> bool:
        return self.diarizing and self.link_speakers == "prepend"

    @property
    def prefix_seconds(self) -> float:
        """With prepended clips: the seconds of clips a part carries at most, kept out of its length."""
        return min(PREFIX_SECONDS, self.max_seconds / 5) if self.prepending else 0.0

    @property
    def limits(self) -> Limits:
        if self.by_cuts:
            phrase = min(self.max_seconds, PHRASE_SECONDS)
            lookback = max(phrase - SHORTEST_PHRASE, phrase / 2)
            return Limits(phrase, self.max_bytes, self.profile.converted_format(), lookback)
        return Limits(self.max_seconds - self.prefix_seconds, self.max_bytes, self.profile.converted_format())


def _callable(field: str, value: Any, shape: str) -> Any:
    if value is not None and not callable(value):
        raise InvalidInputError(field, f"must be a function {shape}, got {type(value).__name__}")
    return value


def _profile(call: dict[str, Any]) -> ModelProfile:
    """The model's profile: the caller's (``profile=``), else the table's for the model's id."""
    given = call.pop("profile", None)
    if given is None:
        model = call.get("model")
        return profile_for(model if isinstance(model, str) else "")
    if not isinstance(given, ModelProfile):
        raise InvalidInputError(
            "profile",
            f"must be a ModelProfile, got {type(given).__name__}",
            "Pass a TranscriptionModel's .profile (client.stt.models()), or PROFILES[model] / "
            "ModelProfile(model, max_seconds=..., ...) for one the table does not know",
        )
    return given


def _ledger(call: dict[str, Any]) -> SpendLedger | None:
    """The spend cap: one shared (``spend_cap``), or one of this call's own (``max_cost`` at
    ``price_per_second``, which ``client.stt.transcribe`` reads from the catalog if not given)."""
    shared = call.pop("spend_cap", None)
    max_cost = call.pop("max_cost", None)
    price = call.pop("price_per_second", None)
    if shared is not None:
        if max_cost is not None:
            raise InvalidInputError("max_cost", "goes without spend_cap (whose own cap applies)")
        if not all(callable(getattr(shared, name, None)) for name in ("cost_of", "reserve", "settle")):
            raise InvalidInputError("spend_cap", f"must be a SpendCap, got {type(shared).__name__}")
        return shared  # type: ignore[no-any-return]
    if max_cost is None:
        if price is not None:
            raise InvalidInputError("price_per_second", "goes with max_cost (it prices the cap's estimates)")
        return None
    if price is None:
        raise InvalidInputError(
            "price_per_second",
            f"is not known for {call.get('model')!r}, and max_cost needs it to estimate each request",
            "Pass price_per_second= (USD an audio second) with max_cost",
        )
    return SpendCap(max_cost, price_per_second=price)


def _plan(params: Mapping[str, Any], *, need_audio: bool = True) -> _Plan:
    """Everything checked before anything is read or sent, and the audio's length read from its
    header (once: whether it fits one request, and how to cut it, both need it)."""
    call = dict(params)
    profile = _profile(call)
    # Given: the caller's limit, knowingly above the table's if need be; else the model's.
    max_seconds = call.pop("max_chunk_seconds", None)
    max_seconds = profile.part_seconds if max_seconds is None else max_seconds
    check.check_number("max_chunk_seconds", max_seconds, 1.0)
    max_bytes = call.pop("max_chunk_bytes", None)
    max_bytes = profile.max_bytes if max_bytes is None else max_bytes
    check.check_number("max_chunk_bytes", max_bytes, _SMALLEST_CHUNK_BYTES, whole=True)
    concurrency = call.pop("concurrency", DEFAULT_CONCURRENCY)
    check.check_number("concurrency", concurrency, 1, whole=True)
    on_progress = _callable("on_progress", call.pop("on_progress", None), "(done, total)")
    on_chunk = _callable("on_chunk", call.pop("on_chunk", None), "(chunk)")
    reuse = call.pop("reuse_chunks", None) or ()
    if isinstance(reuse, str | bytes) or not all(isinstance(chunk, Chunk) for chunk in reuse):
        raise InvalidInputError(
            "reuse_chunks",
            "must be a list of Chunk (a Transcript's .chunks, or Chunk.from_dict of saved ones)",
        )
    source = call.pop("input_audio", None)
    if source is None and need_audio:
        raise InvalidInputError("input_audio", "is required")
    ledger = _ledger(call)
    link_speakers = call.pop("link_speakers", "afterwards")
    if link_speakers not in LINK_SPEAKERS:
        raise InvalidInputError("link_speakers", f"must be 'afterwards' or 'prepend', got {link_speakers!r}")
    if link_speakers == "prepend" and reuse:
        raise InvalidInputError(
            "reuse_chunks", "goes with link_speakers='afterwards' only (prepended parts go one after another)"
        )
    timed = call.pop("timed", False)
    if not isinstance(timed, bool):
        raise InvalidInputError("timed", f"must be True or False, got {type(timed).__name__}")
    if call.get("diarize") is True:  # speakers come in verbose_json's segments: asked for them
        if call.get("response_format") not in (None, "verbose_json"):
            raise InvalidInputError(
                "response_format", "must be verbose_json with diarize (speakers come with timed segments)"
            )
        call["response_format"] = "verbose_json"
        call.setdefault("timestamp_granularities", ["segment"])
        if profile.diarize_option is not None and profile.provider_options is not None:
            call["provider"] = _with_option(
                call.get("provider"), profile.provider_options, profile.diarize_option
            )
    # Every other argument, as each part's call will check it; then what this model is known to refuse.
    refuse_unsupported(profile, check_transcription_arguments(call))
    by_cuts = timed and not profile.timed
    if timed and profile.timed and "response_format" not in call:
        call["response_format"] = "verbose_json"
        call.setdefault("timestamp_granularities", ["segment"])
    audio = None
    if source is not None and not goes_as_given(source):  # else it goes as it is, in one request
        audio = local_audio("input_audio", source, call.pop("audio_format", None))
    elif source is not None:
        _check_given_format(profile, source, call.get("audio_format"))
    answered = tuple(chunk for chunk in reuse if chunk.done)
    return _Plan(
        call, audio, source, profile, max_seconds, max_bytes, concurrency, on_progress, on_chunk, answered,
        seconds=probe(audio) if audio is not None else None, by_cuts=by_cuts, ledger=ledger,
        link_speakers=link_speakers,
    )  # fmt: skip


def _with_option(provider: Any, slug: str, name: str) -> dict[str, Any]:
    """``provider`` (a dict, or the generated model) with ``options[slug][name]`` true, unless given."""
    given = provider.to_dict() if hasattr(provider, "to_dict") else dict(provider or {})
    options = dict(given.get("options") or {})
    options[slug] = {name: True, **(options.get(slug) or {})}
    return {**given, "options": options}


def _check_given_format(profile: ModelProfile, source: Any, audio_format: Any) -> None:
    """Audio sent as it is (a URL, the spec's form) in a format the model is known to refuse: it
    cannot be converted here, so it is refused before it is sent."""
    spec_form = input_audio({"url": source} if is_url(source) else source)
    url = spec_form.get("url")
    named = audio_format or spec_form.get("format") or (check.extension_of(urlsplit(url).path) if url else "")
    if isinstance(named, str) and named and not profile.takes(named):
        raise InvalidInputError(
            "input_audio",
            f"is {named}, which {profile.model} does not take (it takes {', '.join(sorted(profile.formats or ()))})",
            "Pass the audio itself (a path, bytes or a file object): transcribe() converts it",
        )


def check_arguments(params: Mapping[str, Any]) -> None:
    """``transcribe()``'s arguments but the audio, checked as a call checks them (for a caller
    that will make the calls elsewhere: Ray workers)."""
    _plan({name: value for name, value in params.items() if name != "input_audio"}, need_audio=False)


def _as_input(audio: LocalAudio) -> Any:
    """The audio as ``create_transcription`` takes it again (a stream was read into memory once)."""
    if audio.data is not None:
        return audio.data
    if audio.path is not None:
        return audio.path
    assert audio.file is not None
    audio.file.seek(audio.start)
    return audio.file


def _seconds_of(response: Any) -> float:
    """A response's own idea of its audio's length, when the file's header gave none."""
    segments = response.segments if isinstance(response.segments, list) else []
    candidates = [response.duration, getattr(response.usage, "seconds", None), *(s.end for s in segments)]
    return max((float(c) for c in candidates if isinstance(c, int | float)), default=0.0)


@attrs.define
class _Job:
    """One split recording on its way: the parts' outcomes as they arrive, and the progress."""

    plan: _Plan
    total: float | None  # the recording's length, if its header says
    chunks: list[Chunk] = attrs.field(factory=list)
    done: float = 0.0
    # The first 401/402/403, or the spend cap reached: the parts after it are not sent.
    stop: APIStatusError | SpendCapReachedError | None = None
    keep_clips: bool = True  # diarized: each answered part's clips kept (not for live parts)
    _lock: threading.Lock = attrs.field(factory=threading.Lock)

    def arguments(self, part: Part) -> dict[str, Any]:
        return {**self.plan.call, "input_audio": part.data, "audio_format": part.format}

    def answered(self, part: Part, raw: APIResponse[STTResponse]) -> None:
        try:
            response = raw.parse()
        except OpenRouterError as error:
            self.failed(part, error)
            return
        chunk = Chunk(0, part.start, part.end, len(part.data), raw.attempts, response, origin=part.origin)
        if self.plan.diarizing and self.keep_clips:
            chunk = attrs.evolve(chunk, clips=clips_of(chunk, part.data, part.format))
        self._add(chunk)
        if self.plan.on_chunk is not None:
            self.plan.on_chunk(chunk)

    def reused(self, part: Part) -> bool:
        """Whether answers of an earlier run cover the part exactly (the same cut, or the halves it
        was split into after a 413): then they stand for it, and it is not sent."""
        inside = sorted(
            (
                c
                for c in self.plan.reuse
                if c.start >= part.start - _SAME_TIME and c.end <= part.end + _SAME_TIME
            ),
            key=_start,
        )
        edges = [part.start, *(edge for c in inside for edge in (c.start, c.end)), part.end]
        if not inside or any(abs(a - b) > _SAME_TIME for a, b in zip(edges[::2], edges[1::2], strict=True)):
            return False
        for chunk in inside:
            self._add(chunk)
        return True

    def failed(self, part: Part, error: OpenRouterError, *, sent: bool = True) -> None:
        attempts = getattr(error, "attempts", 1) if sent else 0
        if self.stop is None and isinstance(error, APIStatusError) and error.status_code in ACCOUNT_STATUSES:
            self.stop = error  # about the account, not this part: no later part would fare better
        self._add(Chunk(0, part.start, part.end, len(part.data) if sent else 0, attempts, error=error,
                        origin=part.origin))  # fmt: skip

    def refused(self, part: Part, error: SpendCapReachedError) -> None:
        """The cap left no room for the part: it is not sent, nor any part after it."""
        if self.stop is None:
            self.stop = error
        self.failed(part, error, sent=False)

    def stopped(self, part: Part) -> bool:
        """Whether an account-level refusal came first: then the part is not sent, only recorded."""
        if self.stop is None:
            return False
        self.failed(part, self.stop, sent=False)
        return True

    def _add(self, chunk: Chunk) -> None:
        with self._lock:
            self.chunks.append(chunk)
            self.done += chunk.end - chunk.start
            done, total = self.done, max(self.total or 0.0, max(c.end for c in self.chunks))
        if self.plan.on_progress is not None:
            self.plan.on_progress(done, total)

    def ordered(self) -> list[Chunk]:
        """The chunks in recording order, numbered so."""
        return [attrs.evolve(chunk, index=n) for n, chunk in enumerate(sorted(self.chunks, key=_start))]

    def linking(self) -> Linking | None:
        """With ``diarize``, the parts' speakers to link; None when a part has no answer (the run
        raises, and its rerun with ``reuse_chunks`` links them all: the parts keep their clips), or
        when they were linked as they went (``link_speakers="prepend"``)."""
        if not self.plan.diarizing or self.plan.prepending or any(not chunk.done for chunk in self.chunks):
            return None
        return Linking(self.ordered(), self.plan.limits.seconds, self.plan.profile.converted_format())

    def link_arguments(self, request: LinkRequest) -> dict[str, Any]:
        return {**self.plan.call, "input_audio": request.audio, "audio_format": request.format,
                "response_format": "verbose_json", "timestamp_granularities": ["segment"], "diarize": True}  # fmt: skip

    def transcript(self, decoding: Reading, linking: Linking | Prepending | None = None) -> Transcript:
        ordered = self.ordered()
        if decoding.stopped is not None:
            logger.warning(
                "reading %s stopped at %.1f s: %s",
                decoding.audio.name,
                decoding.read_seconds,
                decoding.stopped,
            )
        transcript = with_speakers(
            ordered,
            linking,
            duration=decoding.read_seconds,
            language=self.plan.call.get("language"),
            read_until=decoding.read_seconds if decoding.stopped is not None else None,
            by_cuts=self.plan.by_cuts,
        )
        if transcript.missing:
            errors = [chunk.error for chunk in transcript.missing]
            if self.stop is not None and all(_same_reason(error, self.stop) for error in errors):
                # Every part failed for the same reason, the account's or the spend cap's: that
                # error is the one to catch (except UnauthorizedResponseError), with what the
                # other parts gave.
                self.stop.transcript = transcript
                raise self.stop
            gaps = ", ".join(f"{c.start:.1f}-{c.end:.1f} s" for c in transcript.missing)
            raise IncompleteTranscriptError(
                f"{len(transcript.missing)} of {len(ordered)} parts have no transcript ({gaps}); "
                "the transcript of the rest is in .transcript",
                transcript,
            ) from next((error for error in errors if error is not None), None)
        return transcript


def _same_reason(error: OpenRouterError | None, stop: APIStatusError | SpendCapReachedError) -> bool:
    if isinstance(stop, SpendCapReachedError):
        return isinstance(error, SpendCapReachedError)
    return isinstance(error, APIStatusError) and error.status_code == stop.status_code


def _start(chunk: Chunk) -> float:
    return chunk.start


def transcribe(stt: Stt, params: Mapping[str, Any]) -> Transcript:
    """``client.stt.transcribe()``: the parts sent from a thread pool."""
    plan = _plan(params)
    single = _single(plan)
    if single is not None:
        with holding(plan.ledger, _whole_seconds(plan)) as bill:
            raw = stt.with_raw_response.create_transcription(**single)
            bill.paid(_cost(raw))
        return _whole(plan, raw)
    job, decoding, parts = _split(plan)
    if plan.prepending:
        prepending = Prepending(plan.prefix_seconds)
        for part in parts:
            if job.stop is not None:
                break
            sent, placed = prepending.prefixed(part)
            before = len(job.chunks)
            _send_part(stt, job, sent)
            job.chunks[before:] = [prepending.answered(chunk, placed) for chunk in job.chunks[before:]]
        return job.transcript(decoding, prepending)
    slots = threading.BoundedSemaphore(plan.concurrency)  # parts read ahead: no more than in flight
    with ThreadPoolExecutor(plan.concurrency, thread_name_prefix="openrouter-part") as pool:
        running: list[Future[None]] = []
        for part in parts:
            if job.stop is not None:  # the account was refused: read and cut no further
                break
            slots.acquire()
            running.append(pool.submit(_send_part, stt, job, part))
            running[-1].add_done_callback(lambda _: slots.release())
        for future in running:
            future.result()  # anything but an API error is a bug: it surfaces here
    linking = job.linking()
    while linking is not None and (request := linking.next_request()) is not None:
        try:
            with holding(plan.ledger, request.seconds) as bill:
                raw = stt.with_raw_response.create_transcription(**job.link_arguments(request))
                bill.paid(_cost(raw))
            linking.answered(raw.parse())
        except OpenRouterError as error:
            linking.failed(error)
    return job.transcript(decoding, linking)


async def transcribe_async(stt: Stt, params: Mapping[str, Any]) -> Transcript:
    """``client.stt.transcribe_async()``: parts read and cut in a worker thread, sent from the
    event loop."""
    import anyio

    plan = _plan(params)
    single = _single(plan)
    if single is not None:
        async with holding_async(plan.ledger, _whole_seconds(plan)) as bill:
            raw = await stt.with_raw_response.create_transcription_async(**single)
            bill.paid(_cost(raw))
        return _whole(plan, raw)
    job, decoding, parts = _split(plan)
    if plan.prepending:
        prepending = Prepending(plan.prefix_seconds)
        while job.stop is None and (part := await anyio.to_thread.run_sync(next, parts, None)) is not None:
            sent, placed = prepending.prefixed(part)
            before = len(job.chunks)
            await _send_part_async(stt, job, sent)
            job.chunks[before:] = [prepending.answered(chunk, placed) for chunk in job.chunks[before:]]
        return job.transcript(decoding, prepending)
    slots = anyio.Semaphore(plan.concurrency)
    async with anyio.create_task_group() as group:
        while True:
            await slots.acquire()
            part = None if job.stop is not None else await anyio.to_thread.run_sync(next, parts, None)
            if part is None:
                slots.release()
                break
            group.start_soon(_send_part_in_slot, stt, job, part, slots)
    linking = job.linking()
    while linking is not None and (request := linking.next_request()) is not None:
        try:
            async with holding_async(plan.ledger, request.seconds) as bill:
                raw = await stt.with_raw_response.create_transcription_async(**job.link_arguments(request))
                bill.paid(_cost(raw))
            linking.answered(raw.parse())
        except OpenRouterError as error:
            linking.failed(error)
    return job.transcript(decoding, linking)


def _goes_whole(plan: _Plan) -> bool:
    """Whether the audio goes as one request: given as it is, or local and within one request."""
    if plan.audio is None:
        return True
    audio, seconds = plan.audio, plan.seconds
    fits = audio.size + FORM_ALLOWANCE <= plan.max_bytes and (
        seconds is None or seconds <= plan.limits.seconds
    )
    return fits and plan.profile.takes(audio.format)


def _single(plan: _Plan) -> dict[str, Any] | None:
    """``create_transcription``'s arguments when the audio goes as one request, else None."""
    if plan.audio is None:
        return {**plan.call, "input_audio": plan.source}
    audio, seconds, longest = plan.audio, plan.seconds, plan.limits.seconds
    taken = plan.profile.takes(audio.format)
    if _goes_whole(plan):
        return {**plan.call, "input_audio": _as_input(audio), "audio_format": audio.format}
    if not can_split():
        if not taken:
            raise InvalidInputError(
                "input_audio",
                f"is {audio.format}, which {plan.profile.model} does not take; converting it needs PyAV",
                'Install it (pip install "openrouter-ext[audio]"), or convert the audio to '
                + " or ".join(sorted(plan.profile.formats or ())),
            )
        length = f", {seconds:.0f} s" if seconds is not None else ""
        raise InvalidInputError(
            "input_audio",
            f"is {audio.size:,} bytes{length}: more than one request takes (max_chunk_bytes "
            f"{plan.max_bytes:,}, max_chunk_seconds {longest:g}), and cutting it needs PyAV",
            'Install it (pip install "openrouter-ext[audio]"), or, if the model takes it whole, raise '
            "max_chunk_seconds knowingly",
        )
    return None


@attrs.frozen
class Planned:
    """What ``transcribe()`` will send for one recording, read from its header alone."""

    seconds: float | None  # the audio's length (None: its header does not say)
    requests: int | None  # None: not known (the length is not), or refused
    exact: bool  # one request: exactly; cut into parts: an estimate, within one of the cuts made
    problem: str | None = None  # why transcribe() would refuse it before sending (no PyAV to cut it, ...)


def planned(params: Mapping[str, Any]) -> Planned:
    """The requests ``transcribe(**params)`` will send, from the audio's header: nothing is decoded
    or sent. Parts share the recording evenly, each ending at a pause within ``lookback`` of its
    share: ``ceil(length / longest)`` of them, one more when the length is within about
    ``lookback / 2`` a part of a multiple of the longest (hence the divisor); the re-splits of a
    413 are not foreseen."""
    plan = _plan(params)
    if _goes_whole(plan):
        return Planned(plan.seconds, 1, True)
    try:
        _single(plan)  # raises what transcribe() would: a cut or conversion that needs PyAV
    except InvalidInputError as error:
        return Planned(plan.seconds, None, False, str(error))
    if plan.seconds is None or plan.audio is None:
        return Planned(None, None, False)
    limits = plan.limits
    longest = limits.samples / RATE
    if plan.audio.format in REMUXED_FORMATS and plan.profile.takes(plan.audio.format) and not plan.by_cuts:
        # Its own frames, copied: a part is as long as its bytes allow at the file's own bit rate.
        per_second = plan.audio.size / max(plan.seconds, 1e-3)
        longest = min(limits.seconds, (limits.bytes - FORM_ALLOWANCE) / per_second)
    typical = max(longest - limits.lookback_samples / RATE / 2, 1.0)
    return Planned(plan.seconds, max(1, math.ceil(plan.seconds / typical)), False)


def _whole_seconds(plan: _Plan) -> float:
    """The seconds a whole request is reserved for: its length, else the longest one may be."""
    return plan.seconds if plan.seconds is not None else plan.limits.seconds


def _cost(raw: APIResponse[STTResponse]) -> float | None:
    """The ``usage.cost`` an answer reports (None: none, or it does not parse: its estimate stands)."""
    try:
        cost = getattr(raw.parse().usage, "cost", None)
    except OpenRouterError:
        return None
    return float(cost) if isinstance(cost, int | float) and not isinstance(cost, bool) else None


def _send_part(stt: Stt, job: _Job, part: Part) -> None:
    if job.reused(part) or job.stopped(part):
        return
    try:
        with holding(job.plan.ledger, part.seconds) as bill:
            raw = stt.with_raw_response.create_transcription(**job.arguments(part))
            bill.paid(_cost(raw))
        job.answered(part, raw)
    except SpendCapReachedError as error:
        job.refused(part, error)
    except TooLarge as error:
        halves = _smaller(part)
        if halves is None:
            job.failed(part, error)
        for half in halves or ():
            _send_part(stt, job, half)
    except OpenRouterError as error:
        job.failed(part, error)


async def _send_part_async(stt: Stt, job: _Job, part: Part) -> None:
    if job.reused(part) or job.stopped(part):
        return
    try:
        async with holding_async(job.plan.ledger, part.seconds) as bill:
            raw = await stt.with_raw_response.create_transcription_async(**job.arguments(part))
            bill.paid(_cost(raw))
        job.answered(part, raw)
    except SpendCapReachedError as error:
        job.refused(part, error)
    except TooLarge as error:
        halves = _smaller(part)
        if halves is None:
            job.failed(part, error)
        for half in halves or ():
            await _send_part_async(stt, job, half)
    except OpenRouterError as error:
        job.failed(part, error)


async def _send_part_in_slot(stt: Stt, job: _Job, part: Part, slots: Any) -> None:
    try:
        await _send_part_async(stt, job, part)
    finally:
        slots.release()


def _split(plan: _Plan) -> tuple[_Job, Reading, Iterator[Part]]:
    """The recording's parts as they are cut, and how reading it goes."""
    assert plan.audio is not None
    limits = plan.limits
    # Own frames, copied, where the model takes the format; not for phrases, whose cut is searched
    # over most of their length (the packet cutter looks in a part's last tenth).
    remuxed = plan.audio.format in REMUXED_FORMATS and plan.profile.takes(plan.audio.format)
    if remuxed and not plan.by_cuts and not plan.prepending:  # clips go before decoded parts only
        cutting = PacketCutting(plan.audio, limits, plan.seconds)  # its own frames, copied: no decoding
        return _Job(plan, plan.seconds), cutting, iter(cutting)
    decoding = Decoding(plan.audio, plan.seconds)  # decoded, sent as 16 kHz mono FLAC (or WAV)
    return _Job(plan, plan.seconds), decoding, parts(decoding, limits, plan.seconds)


def _smaller(part: Part) -> tuple[Part, Part] | None:
    """For a server that takes less than ``max_chunk_bytes``: the part in two at its quietest place
    near the middle, each as the part was made; None when it is too short to cut again."""
    if part.seconds < _SHORTEST_TO_CUT_AGAIN:
        return None
    return split_mp3(part) if part.format == "mp3" else split(part)


def _whole(plan: _Plan, raw: APIResponse[STTResponse]) -> Transcript:
    """The transcript of audio sent as one request."""
    response = raw.parse()
    seconds = plan.seconds or _seconds_of(response)
    size = plan.audio.size if plan.audio is not None else 0
    if plan.on_progress is not None:
        plan.on_progress(seconds, seconds)
    chunk = Chunk(0, 0.0, seconds, size, raw.attempts, response)
    # Diarized, one part: nothing to link, its speakers numbered by first appearance.
    linking = Linking([chunk], seconds) if plan.diarizing else None
    return with_speakers(
        [chunk], linking, duration=seconds, language=plan.call.get("language"), by_cuts=plan.by_cuts
    )
