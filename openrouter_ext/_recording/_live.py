"""``client.stt.transcribe_stream()``: live audio transcribed while it is still arriving.

The stream is read in a thread of its own (``_stream``: bytes as they come, decoded a frame at a
time), cut as it is read (``_live_parts``: at the first pause after a few seconds, silence not
sent), and each part sent as one call the moment it is cut, at most ``concurrency`` in flight:
while that many are out, reading waits (back-pressure: a source faster than the server is read no
further ahead than the parts in flight). Answers are handed back in the stream's order as soon as
each one and those before it are in. A part goes through ``_service``'s send, as ``transcribe()``'s
parts do: the client's retries, a 413 split in two, the spend cap, an account refusal that stops
the rest. Memory is one part being cut plus the parts in flight, however long the stream runs.

Sync and async share the reading, the cutting and the bookkeeping (``_Session``); they differ in
how a part is sent (a thread pool, or tasks of a task group) and how the reader hands it over.
"""

from __future__ import annotations

import json
import logging
import math
import queue
import threading
import time
import zlib
from collections import deque
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from types import TracebackType
from typing import Any, Self

import attrs

from openrouter_ext import _validation as check
from openrouter_ext._stt import Stt
from openrouter_ext.errors import APIStatusError, InvalidInputError, SpendCapReachedError

from ._audio import RATE, can_split
from ._live_parts import LONGEST_SECONDS, SHORTEST_SECONDS, LiveCutter, LiveLimits
from ._parts import Limits, Part
from ._service import _Job, _Plan, _plan, _send_part, _send_part_async
from ._stream import ByteReader, StreamDecoding, byte_reader, check_pcm_layout
from ._transcript import Chunk, Transcript, merge

logger = logging.getLogger("openrouter_ext")

# After stop(), how long the reader may take to notice (a read already waiting on a silent source)
# before the parts already sent are taken as all there is.
STOP_WAIT = 5.0
_NOT_TAKEN = ("reuse_chunks", "on_progress", "on_chunk")
_ASYNC_USE = "is entered before it is iterated: `async with ... as live: async for chunk in live:`"


@attrs.frozen
class _LivePlan:
    plan: _Plan  # the call's checked arguments: what every part is sent with, the cap, concurrency
    audio_format: str | None  # None: sniffed from the stream's first bytes
    layout: tuple[int, int]  # headerless PCM's rate and channels
    cutting: LiveLimits
    max_seconds: float | None  # the session's limit on the stream's clock


def _live_plan(params: Mapping[str, Any]) -> _LivePlan:
    """The call's arguments checked, before anything is read or sent."""
    call = dict(params)
    for name in _NOT_TAKEN:
        if name in call:
            raise InvalidInputError(
                name,
                "is not taken by transcribe_stream()",
                "Iterate over it: each chunk comes as it is answered",
            )
    call.pop("input_audio", None)
    audio_format = call.pop("audio_format", None)
    if audio_format is not None:
        check.check_audio_format("audio_format", audio_format)
    layout = check_pcm_layout(audio_format, call.pop("sample_rate", None), call.pop("channels", None))
    max_seconds = call.pop("max_seconds", None)
    if max_seconds is not None:
        check.check_number("max_seconds", max_seconds, 0, above=True)
    shortest = call.pop("min_chunk_seconds", None)
    if shortest is not None:
        check.check_number("min_chunk_seconds", shortest, 0.5)
    given_longest = call.get("max_chunk_seconds")
    plan = _plan(call, need_audio=False)
    longest = plan.max_seconds if given_longest is not None else min(LONGEST_SECONDS, plan.max_seconds)
    if shortest is None:
        shortest = min(SHORTEST_SECONDS, longest / 2)
    elif shortest > longest:
        raise InvalidInputError(
            "min_chunk_seconds", f"is {shortest:g}, more than max_chunk_seconds ({longest:g})"
        )
    if not can_split():
        raise InvalidInputError(
            "input_audio",
            "is a live stream, and reading one needs PyAV",
            'Install it: pip install "openrouter-ext[audio]"',
        )
    limits = Limits(longest, plan.max_bytes, plan.profile.converted_format())
    return _LivePlan(plan, audio_format, layout, LiveLimits(shortest, longest, limits), max_seconds)


def check_arguments(params: Mapping[str, Any]) -> None:
    """``transcribe_stream()``'s arguments but the source, checked as the call checks them."""
    _live_plan(params)


class _Answers:
    """Every chunk of the stream so far, kept small: an answered one as its ``to_dict()`` JSON,
    compressed (a 3-hour stream's answers, some 2,000 responses with their segments, would
    otherwise outgrow the audio buffers: ~6 KB each as objects, a few hundred bytes so), a failed
    one as it is (its error is not in its dict)."""

    def __init__(self) -> None:
        self._kept: list[bytes | Chunk] = []

    def __len__(self) -> int:
        return len(self._kept)

    def extend(self, chunks: list[Chunk]) -> None:
        for chunk in chunks:
            self._kept.append(
                chunk if not chunk.done else zlib.compress(json.dumps(chunk.to_dict()).encode())
            )

    def chunks(self) -> list[Chunk]:
        return [
            kept if isinstance(kept, Chunk) else Chunk.from_dict(json.loads(zlib.decompress(kept)))
            for kept in self._kept
        ]


class _Session:
    """One stream's reading, cutting and answers, shared by the sync and async calls: the reader
    thread runs ``parts()``; each part's outcome is taken in order by ``outcome()``."""

    def __init__(self, live: _LivePlan, reader: ByteReader) -> None:
        self.live = live
        self.reader = reader
        self.decoding = StreamDecoding(reader, live.audio_format, live.layout)
        self.cutter = LiveCutter(live.cutting)
        self.answers = _Answers()
        # The first account refusal or spend cap reached: no part after it is sent.
        self.refusal: APIStatusError | SpendCapReachedError | None = None
        self.stopping_since: float | None = None

    def parts(self) -> Iterator[Part]:
        """The stream's parts as they are cut (in the reader thread)."""
        limit = None if self.live.max_seconds is None else round(self.live.max_seconds * RATE)
        samples = self.decoding.__iter__()
        try:
            for chunk in samples:
                if limit is not None:
                    chunk = chunk[: max(0, limit - self.cutter.read)]
                yield from self.cutter.feed(chunk)
                if self.refusal is not None:
                    return
                if limit is not None and self.cutter.read >= limit:
                    self.reader.stop()  # the session's limit: what was read is sent, no more is read
                    break
        finally:
            samples.close()  # stopped early: the container is closed now, not when collected
        if self.decoding.stopped is not None:
            logger.warning("reading the stream stopped at %.1f s: %s", self.seconds, self.decoding.stopped)
        yield from self.cutter.finish()

    @property
    def seconds(self) -> float:
        """The stream's clock: seconds of audio read so far."""
        return self.cutter.read / RATE

    def stop(self) -> None:
        if self.stopping_since is None:
            self.stopping_since = time.monotonic()
        self.reader.stop()

    def refuse(self, refusal: APIStatusError | SpendCapReachedError) -> None:
        if self.refusal is None:
            self.refusal = refusal
        self.stop()

    def waited_too_long(self) -> bool:
        return self.stopping_since is not None and time.monotonic() - self.stopping_since > STOP_WAIT

    def outcome(self, job: _Job) -> list[Chunk]:
        """A sent part's chunks (two or more if it was split after a 413), numbered in stream order."""
        found = sorted(job.chunks, key=lambda chunk: chunk.start)
        numbered = [attrs.evolve(chunk, index=len(self.answers) + n) for n, chunk in enumerate(found)]
        self.answers.extend(numbered)
        return numbered

    def transcript(self) -> Transcript:
        plan = self.live.plan
        return merge(
            self.answers.chunks(),
            duration=self.seconds,
            language=plan.call.get("language"),
            by_cuts=plan.by_cuts,
        )

    def end(self, error: BaseException | None) -> None:
        """After the last part's outcome: the reader's error, or the refusal that stopped it."""
        if error is not None:
            raise error
        if self.refusal is not None:
            self.refusal.transcript = self.transcript()
            raise self.refusal


@attrs.frozen
class _Sent:
    job: _Job
    done: Any  # a Future (sync) or an anyio Event (async)


@attrs.frozen
class _Ended:
    error: BaseException | None = None


class _Sending:
    """The sync call's reader thread and sends: apart from ``LiveTranscription``, so that the
    thread holds no reference to it and an iterator dropped unfinished is collected, and closed."""

    def __init__(self, stt: Stt, session: _Session) -> None:
        self.stt = stt
        self.session = session
        concurrency = session.live.plan.concurrency
        self.slots = threading.BoundedSemaphore(concurrency)
        self.pool = ThreadPoolExecutor(concurrency, thread_name_prefix="openrouter-live")
        self.sent: queue.SimpleQueue[_Sent | _Ended] = queue.SimpleQueue()

    def read(self) -> None:
        error: BaseException | None = None
        try:
            for part in self.session.parts():
                self.slots.acquire()  # back-pressure: no more read ahead than in flight
                if self.session.refusal is not None:
                    self.slots.release()
                    break
                job = _Job(self.session.live.plan, None, keep_clips=False)
                self.sent.put(_Sent(job, self.pool.submit(self.send, job, part)))
        except BaseException as failure:  # handed to the iterating thread, raised there
            error = failure
        finally:
            self.sent.put(_Ended(error))

    def send(self, job: _Job, part: Part) -> None:
        try:
            _send_part(self.stt, job, part)
        finally:
            self.slots.release()
            if job.stop is not None:
                self.session.refuse(job.stop)

    def next_sent(self) -> _Sent | _Ended:
        while True:
            try:
                return self.sent.get(timeout=0.25)
            except queue.Empty:
                if self.session.waited_too_long():
                    return _Ended()  # the reader waits on a silent source: what was sent is all


class LiveTranscription:
    """The chunks of a live stream, in the stream's order, each as soon as it is answered (an
    iterator of ``Chunk``: ``start``/``end`` on the stream's clock, ``response`` its answer, or
    ``error`` why a part has none after its retries). ``transcript()``: what has been answered so
    far, merged; ``stop()``: read no more (what was read is still sent and comes out). Use it as a
    context manager, or ``close()`` it, to end it early (an iterator dropped unfinished is closed
    when it is collected: nothing more of its stream is read or sent).

    An account refusal (401, 402, 403) or the spend cap stops reading: the parts in flight come
    out, then the error is raised, its ``transcript`` what was answered."""

    def __init__(self, stt: Stt, live: _LivePlan, reader: ByteReader) -> None:
        self._session = _Session(live, reader)
        self._sending = _Sending(stt, self._session)
        self._ready: deque[Chunk] = deque()
        self._head: _Sent | _Ended | None = None
        self._reader: threading.Thread | None = None
        self._over = False

    def __iter__(self) -> Self:
        return self

    def __next__(self) -> Chunk:
        if self._reader is None:
            self._reader = threading.Thread(
                target=self._sending.read, name="openrouter-live-reader", daemon=True
            )
            self._reader.start()
        while not self._ready:
            if self._over:
                raise StopIteration
            if self._head is None:
                self._head = self._sending.next_sent()
            head = self._head
            if isinstance(head, _Ended):
                self._over = True
                self._sending.pool.shutdown(wait=True)
                self._session.end(head.error)
                raise StopIteration
            head.done.result()  # a send's errors are its chunks'; anything else is a bug: it surfaces
            self._head = None  # taken only once answered: Ctrl-C while waiting loses nothing
            self._ready.extend(self._session.outcome(head.job))
        return self._ready.popleft()

    @property
    def seconds(self) -> float:
        """Seconds of the stream read so far (its clock)."""
        return self._session.seconds

    def transcript(self) -> Transcript:
        """What has been answered so far (all of it, at the end), on the stream's clock."""
        return self._session.transcript()

    def stop(self) -> None:
        """Read no more of the stream: what was read is cut and sent, and iteration ends after it."""
        self._session.stop()

    def close(self) -> None:
        """End it now: no more is read, parts not yet sent are not, and the iteration is over."""
        self._session.stop()
        self._over = True
        self._sending.pool.shutdown(wait=False, cancel_futures=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        if not self._over:
            self.close()


class AsyncLiveTranscription:
    """``LiveTranscription`` for async code (asyncio or trio): an async context manager, whose
    ``async for`` gives the chunks in order as they are answered::

        async with client.stt.transcribe_stream_async(input_audio=source, model=...) as live:
            async for chunk in live:
                print(chunk.response.text)

    Parts are sent from the event loop; the stream is read and cut in a worker thread (an async
    iterable source is awaited on the loop). Leaving the block before the end cancels what is left.
    """

    def __init__(self, stt: Stt, params: Mapping[str, Any], price: Any = None) -> None:
        self._stt = stt
        self._params = params
        self._price = price  # an async function giving the catalog's price, when the cap needs it
        self._reader = byte_reader(params.get("input_audio"), asynchronous=True)
        self._session: _Session | None = None
        if price is None:
            self._session = _Session(_live_plan(params), self._reader)
        self._ready: deque[Chunk] = deque()
        self._head: _Sent | _Ended | None = None
        self._over = False
        self._group: Any = None

    @property
    def _live(self) -> _Session:
        if self._session is None or self._group is None:
            raise InvalidInputError("transcribe_stream_async", _ASYNC_USE)
        return self._session

    async def __aenter__(self) -> Self:
        import anyio

        if self._session is None:
            price = await self._price()
            self._session = _Session(_live_plan({**self._params, "price_per_second": price}), self._reader)
        self._group = anyio.create_task_group()
        await self._group.__aenter__()
        self._give, self._sent = anyio.create_memory_object_stream[_Sent | _Ended](math.inf)
        self._slots = anyio.Semaphore(self._session.live.plan.concurrency)
        self._group.start_soon(self._read)
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> bool | None:
        if not self._over:  # left early: what is left is cancelled (a waiting read is abandoned)
            self._live.stop()
            self._group.cancel_scope.cancel()
        try:
            result: bool | None = await self._group.__aexit__(kind, error, trace)
        finally:
            self._give.close()
            self._sent.close()
        return result

    def __aiter__(self) -> Self:
        if self._group is None:
            raise InvalidInputError("transcribe_stream_async", _ASYNC_USE)
        return self

    async def __anext__(self) -> Chunk:
        import anyio

        while not self._ready:
            if self._over:
                raise StopAsyncIteration
            while self._head is None:
                with anyio.move_on_after(0.25):
                    self._head = await self._sent.receive()
                if self._head is None and self._live.waited_too_long():
                    self._head = _Ended()
            head = self._head
            if isinstance(head, _Ended):
                self._over = True
                self._live.end(head.error)
                raise StopAsyncIteration
            await head.done.wait()
            self._head = None
            self._ready.extend(self._live.outcome(head.job))
        return self._ready.popleft()

    async def _read(self) -> None:
        import anyio.to_thread

        failure: Exception | None = None
        try:
            await anyio.to_thread.run_sync(self._read_in_thread, abandon_on_cancel=True)
        except Exception as error:  # handed to the iterating task, raised there
            failure = error
        await self._give.send(_Ended(failure))

    def _read_in_thread(self) -> None:
        import anyio.from_thread

        for part in self._live.parts():
            if not anyio.from_thread.run(self._dispatch, part):
                break

    async def _dispatch(self, part: Part) -> bool:
        import anyio

        await self._slots.acquire()  # back-pressure: no more read ahead than in flight
        if self._live.refusal is not None:
            self._slots.release()
            return False
        job, done = _Job(self._live.live.plan, None, keep_clips=False), anyio.Event()
        self._group.start_soon(self._send, job, part, done)
        await self._give.send(_Sent(job, done))
        return True

    async def _send(self, job: _Job, part: Part, done: Any) -> None:
        try:
            await _send_part_async(self._stt, job, part)
        finally:
            self._slots.release()
            done.set()
            if job.stop is not None:
                self._live.refuse(job.stop)

    @property
    def seconds(self) -> float:
        return self._live.seconds

    def transcript(self) -> Transcript:
        return self._live.transcript()

    def stop(self) -> None:
        self._live.stop()


def _load_the_decoder() -> None:
    """PyAV loaded now, not when the first bytes come: its import (~0.1 s) would hold back the
    first caption."""
    import av  # noqa: F401


def transcribe_stream(stt: Stt, params: Mapping[str, Any]) -> LiveTranscription:
    """``client.stt.transcribe_stream()``: checked now; the stream is read from the first ``next()``."""
    live = _live_plan(params)
    _load_the_decoder()
    return LiveTranscription(stt, live, byte_reader(params.get("input_audio")))


def transcribe_stream_async(stt: Stt, params: Mapping[str, Any], price: Any = None) -> AsyncLiveTranscription:
    """``client.stt.transcribe_stream_async()``: checked now (``price``: the catalog's, asked on entry)."""
    if price is not None:
        _live_plan({**params, "price_per_second": 1})  # every argument checked now, the price on entry
    _load_the_decoder()
    return AsyncLiveTranscription(stt, params, price)
