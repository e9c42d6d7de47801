"""The worker of a Ray Data job: a callable class that transcribes a batch of files, one result row
per file, failures included.

Each worker runs the async client on an event loop of its own (kept between batches, so are its
connections), at most ``max_in_flight`` files at once, every file through ``transcribe()``
(long recordings cut into parts) and the client's retry policy. Every HTTP request first waits
for the budget (the job's shared one, or this worker's share); a 429's ``Retry-After`` holds the
budget back, for every worker when it is shared.

The API key is read here, in the worker, from ``$OPENROUTER_API_KEY`` or from a key file: it is
never an argument of this class, so it is in no pickled closure, task argument or row.

Nothing here imports Ray: the class is tested with an injected client, without a cluster.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import httpx

from openrouter_ext import OpenRouter
from openrouter_ext._config import DEFAULT_TIMEOUT, ClientOptions, read_api_key
from openrouter_ext._recording._transcript import Chunk
from openrouter_ext._retry_after import retry_after_seconds
from openrouter_ext.errors import (
    APIStatusError,
    IncompleteTranscriptError,
    OpenRouterError,
    SpendCapReachedError,
)

from ._budget import Budget, JobLedger, LocalBudget, SharedBudget
from ._storage import fetch, release

if TYPE_CHECKING:
    import pyarrow as pa

# The result rows' columns and their Arrow types (fixed, so every block of a job has the same
# schema, failed rows and all).
_COLUMN_TYPES = (
    ("id", "string"), ("path", "string"), ("text", "string"), ("response", "string"),
    ("seconds", "float64"), ("cost", "float64"), ("status", "string"), ("error_type", "string"),
    ("status_code", "int64"), ("error", "string"), ("attempts", "int64"), ("latency_s", "float64"),
    ("parts", "int64"),
)  # fmt: skip
COLUMNS = tuple(name for name, _ in _COLUMN_TYPES)
OVER_BUDGET = "stopped-by-budget"  # a row's status when the job's spend cap stopped its file


def result_schema() -> pa.Schema:
    """The result rows' Arrow schema."""
    import pyarrow as pa

    return pa.schema([(name, getattr(pa, kind)()) for name, kind in _COLUMN_TYPES])


def _row(**values: Any) -> dict[str, Any]:
    """A result row: every column, those not given None."""
    return {**dict.fromkeys(COLUMNS), **values}


@attrs.frozen
class WorkerSettings:
    """What every worker of a job is given: never the key."""

    request: Mapping[str, Any]  # transcribe()'s arguments but the audio
    client_options: ClientOptions = attrs.field(factory=ClientOptions)
    api_key_file: str | None = None
    max_in_flight: int = 4
    rps: float | None = None  # this worker's share of the job's budget, when not shared
    path_column: str = "path"
    # The job's prices (USD an audio second, a request) when it has a spend cap, which its actor keeps.
    spend: tuple[str, str] | None = None


def _failed(path: str, identity: str, error: BaseException, attempts: int, latency: float) -> dict[str, Any]:
    return _row(
        id=identity, path=path, status="failed", error_type=type(error).__name__,
        status_code=error.status_code if isinstance(error, APIStatusError) else None,
        error=str(error), attempts=attempts, latency_s=latency,
    )  # fmt: skip


def _stopped(
    path: str, identity: str, error: SpendCapReachedError, reused: list[Chunk], latency: float
) -> dict[str, Any]:
    """A file the spend cap stopped: its answered parts in ``response`` (a rerun sends only the rest),
    what those sent in this run cost in ``cost``."""
    answered = [chunk for chunk in (error.transcript.chunks if error.transcript else []) if chunk.done]
    earlier = {(chunk.start, chunk.end) for chunk in reused}
    paid = [chunk for chunk in answered if (chunk.start, chunk.end) not in earlier]
    costs = [
        _number(getattr(chunk.response.usage, "cost", None)) for chunk in paid if chunk.response is not None
    ]
    return _row(
        id=identity, path=path, status=OVER_BUDGET, error=str(error), latency_s=latency,
        response=json.dumps({"chunks": [chunk.to_dict() for chunk in answered]}, ensure_ascii=False),
        seconds=sum(chunk.end - chunk.start for chunk in paid), cost=sum(cost or 0.0 for cost in costs),
        attempts=sum(chunk.attempts for chunk in paid), parts=len(answered),
    )  # fmt: skip


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


class Transcriber:
    """``ds.map_batches(Transcriber, fn_constructor_kwargs={"settings": ...}, concurrency=N)``.

    ``job_actor``: the job's ``JobActor`` handle (its ledger of finished rows; its budget too when
    ``shared_budget``).
    ``skip``: path → content id of inputs whose results are written: the same content is not
    sent again (its row says ``skipped``), a changed one is. ``reuse``: path → (content id, the
    answered chunks of a run the spend cap stopped, as ``Chunk.to_dict``): those parts are not sent
    again for the same content.
    ``client_factory``: builds the client from the httpx client the budget hooks into (tests).
    """

    def __init__(
        self,
        settings: WorkerSettings,
        job_actor: Any = None,
        shared_budget: bool = False,
        skip: Mapping[str, str] | None = None,
        reuse: Mapping[str, tuple[str, list[dict[str, Any]]]] | None = None,
        *,
        client_factory: Callable[[httpx.AsyncClient], OpenRouter] | None = None,
    ) -> None:
        self._settings = settings
        self._skip = dict(skip or {})
        self._reuse = dict(reuse or {})
        self._job = job_actor
        self._ledger = (
            JobLedger(job_actor, *settings.spend)
            if settings.spend is not None and job_actor is not None
            else None
        )
        self._budget: Budget | None = (
            SharedBudget(job_actor) if job_actor is not None and shared_budget
            else LocalBudget(settings.rps) if settings.rps else None
        )  # fmt: skip
        self._client_factory = client_factory or self._client_for
        self._runner = asyncio.Runner()
        self._client: OpenRouter | None = None
        self._http: httpx.AsyncClient | None = None

    def __call__(self, batch: Mapping[str, Any]) -> pa.Table:
        import pyarrow as pa

        paths = [str(path) for path in batch[self._settings.path_column]]
        rows = self.rows(paths)
        return pa.Table.from_pylist(rows, schema=result_schema())

    def rows(self, paths: Sequence[str]) -> list[dict[str, Any]]:
        """One result row per path, in order."""
        return self._runner.run(self._all(paths))

    def close(self) -> None:
        """Close the client and its connections (a Ray actor's go with its process)."""
        if self._client is not None and self._http is not None:
            self._runner.run(self._close(self._client, self._http))
            self._client = self._http = None
        self._runner.close()

    @staticmethod
    async def _close(client: OpenRouter, http: httpx.AsyncClient) -> None:
        await client.aclose()
        await http.aclose()  # given to the client, so it is ours to close

    def _client_for(self, http: httpx.AsyncClient) -> OpenRouter:
        settings = self._settings
        return OpenRouter(
            api_key=lambda: read_api_key(settings.api_key_file),
            async_client=http,
            options=settings.client_options,
        )

    async def _all(self, paths: Sequence[str]) -> list[dict[str, Any]]:
        if self._client is None:
            hooks: dict[str, list[Callable[..., Any]]] = {
                "request": [self._before_send],
                "response": [self._answered],
            }
            self._http = httpx.AsyncClient(
                timeout=DEFAULT_TIMEOUT, event_hooks=hooks, http2=self._settings.client_options.http2
            )
            self._client = self._client_factory(self._http)
        gate = asyncio.Semaphore(self._settings.max_in_flight)
        # Rows of this batch that a worker which died on it finished (Ray runs the batch again here).
        finished = {} if self._job is None else await self._job.finished.remote(list(paths))

        async def one(path: str) -> dict[str, Any]:
            if path in finished:
                return dict(finished[path])
            async with gate:
                try:
                    row = await self._one(path)
                except Exception as error:  # a bug's row too: raising would make Ray resend the batch
                    row = _failed(path, "", error, 0, 0.0)
            if self._job is not None:
                await self._job.record.remote(path, row)
            return row

        rows = list(await asyncio.gather(*(one(path) for path in paths)))
        if self._job is not None:
            await self._job.forget.remote(list(paths))  # returned to Ray now: no re-run will ask
        return rows

    async def _before_send(self, request: httpx.Request) -> None:
        if self._budget is not None:
            await self._budget.wait()

    async def _answered(self, response: httpx.Response) -> None:
        if response.status_code == 429 and self._budget is not None:
            seconds = retry_after_seconds(response.headers)
            if seconds is not None:
                await self._budget.hold(seconds)

    async def _one(self, path: str) -> dict[str, Any]:
        assert self._client is not None
        started = time.monotonic()
        try:
            local, identity = await asyncio.to_thread(fetch, path)
        except (OSError, ValueError) as error:  # missing, unreadable, a folder, a bad URI: a row saying so
            return _failed(path, "", error, 0, time.monotonic() - started)
        try:
            return await self._transcribed(path, local, identity, started)
        finally:
            await asyncio.to_thread(release, path, local)

    async def _transcribed(self, path: str, local: str, identity: str, started: float) -> dict[str, Any]:
        assert self._client is not None
        if self._skip.get(path) == identity:
            return _row(id=identity, path=path, status="skipped", attempts=0)
        if self._ledger is not None and await asyncio.to_thread(self._ledger.reached):
            return _row(id=identity, path=path, status=OVER_BUDGET, attempts=0,
                        error="the job's spend cap is reached: not started")  # fmt: skip
        saved_id, saved = self._reuse.get(path, ("", []))
        reused = [Chunk.from_dict(chunk) for chunk in saved] if saved_id == identity else []
        try:
            transcript = await self._client.stt.transcribe_async(
                input_audio=local, spend_cap=self._ledger, reuse_chunks=reused, **self._settings.request
            )
        except SpendCapReachedError as error:
            return _stopped(path, identity, error, reused, time.monotonic() - started)
        except IncompleteTranscriptError as error:
            attempts = sum(chunk.attempts for chunk in error.transcript.chunks)
            return _failed(path, identity, error, attempts, time.monotonic() - started)
        except OpenRouterError as error:
            return _failed(path, identity, error, getattr(error, "attempts", 1), time.monotonic() - started)
        response = transcript.to_response().to_dict()
        usage = response.get("usage") or {}
        return _row(
            id=identity, path=path, text=transcript.text, response=json.dumps(response, ensure_ascii=False),
            seconds=_number(usage.get("seconds")) or transcript.duration, cost=_number(usage.get("cost")),
            status="done", attempts=sum(chunk.attempts for chunk in transcript.chunks), parts=len(transcript.chunks),
            latency_s=time.monotonic() - started,
        )  # fmt: skip
