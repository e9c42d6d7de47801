"""The one place a request is sent: retry policy around one attempt, then the status read.

``send(call, parse)`` sends any operation's prepared ``Call`` and returns an ``APIResponse`` whose
``parse()`` applies ``parse`` to the 2XX body; an error status raises its exception. Sync and async
differ only in the client's ``send`` and the retrier's sleep; building the request, choosing what
to retry and reading the response are shared.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import sys
import threading
import time
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

import httpx
from openrouter_ext_generated.types import RequestFiles

from . import _retry
from ._config import DEFAULT_DEADLINE, DEFAULT_TIMEOUT, SDK_HEADERS
from ._response import APIResponse, DocumentedParser, error_for_response
from ._retry import RetryConfig
from .errors import APIConnectionError, APITimeoutError

if TYPE_CHECKING:
    import tenacity

logger = logging.getLogger("openrouter_ext")
T = TypeVar("T")


# The records below are made on every call, and their classes at every start-up: NamedTuples and
# slotted classes cost nothing to define, where an attrs class compiles its methods (≈ 0.3 ms each).


class SizedStream:
    """A body produced while it is sent, whose length is known in advance: it goes out with a
    ``Content-Length`` (not chunked), and ``chunks()`` starts it again for every retry."""

    __slots__ = ("chunks", "length")

    def __init__(self, length: int, chunks: Callable[[], Iterable[bytes]]) -> None:
        self.length = length
        self.chunks = chunks

    def __iter__(self) -> Iterator[bytes]:
        yield from self.chunks()


class _AsyncBody:
    """A ``SizedStream`` as httpx's async client takes it (an async iterable)."""

    __slots__ = ("stream",)

    def __init__(self, stream: SizedStream) -> None:
        self.stream = stream

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self.stream.chunks():
            yield chunk


class Call(NamedTuple):
    """Everything needed to send one operation call, built once and resent as is on retry."""

    method: str
    url: str
    headers: dict[str, str]
    retries: RetryConfig
    content: bytes | SizedStream | None = None
    files: RequestFiles | None = None
    timeout_ms: float | None = None  # None: the client's timeouts and DEFAULT_DEADLINE
    documented: DocumentedParser | None = None  # the operation's generated parser, for error models

    @property
    def timeout(self) -> httpx.Timeout | None:
        """Each phase's bound (connect, write, each read)."""
        return httpx.Timeout(self.timeout_ms / 1000) if self.timeout_ms else None

    @property
    def deadline(self) -> float:
        """Seconds one attempt may take in total, connect to last byte."""
        return self.timeout_ms / 1000 if self.timeout_ms else DEFAULT_DEADLINE


@functools.lru_cache(maxsize=64)
def _parsed_url(url: str) -> httpx.URL:
    """``url`` as httpx parses it (immutable): once per server and path, where httpx would parse a
    string twice per request (≈ 25 µs)."""
    return httpx.URL(url)


def _build_request(client: httpx.Client | httpx.AsyncClient, call: Call, *, owned: bool) -> httpx.Request:
    """The request for ``client``. An owned client has ``SDK_HEADERS`` as its own defaults (httpx
    adds a client's defaults to every request at no extra cost, where each header given with the
    request costs a merge); a borrowed one gets them with each request, over its own."""
    headers, content = call.headers if owned else {**SDK_HEADERS, **call.headers}, call.content
    body: Any = content
    if isinstance(content, SizedStream):
        headers = {**headers, "Content-Length": str(content.length)}
        body = _AsyncBody(content) if isinstance(client, httpx.AsyncClient) else content
    return client.build_request(
        call.method,
        _parsed_url(call.url),
        headers=headers,
        content=body,
        files=call.files,
        timeout=call.timeout or httpx.USE_CLIENT_DEFAULT,
    )


def _connection_error(error: httpx.RequestError, request: httpx.Request, attempt: int) -> APIConnectionError:
    """Any httpx request error (failed or dropped connection, timeout, too many redirects in a
    user's client that follows them, an undecodable body) as our connection or timeout error."""
    kind = APITimeoutError if isinstance(error, httpx.TimeoutException) else APIConnectionError
    what = "timed out" if kind is APITimeoutError else "failed"
    return kind(
        f"{request.method} {request.url} {what} ({type(error).__name__}: {error})",
        request=request,
        attempts=attempt,
    )


def _past_deadline(request: httpx.Request, seconds: float) -> httpx.ReadTimeout:
    return httpx.ReadTimeout(f"no complete response within {seconds:g} s", request=request)


class _DeadlineStream(httpx.SyncByteStream):
    """A response body that ends in ``ReadTimeout`` once the attempt's deadline has passed.

    Per-phase timeouts bound each wait, not a body trickling in a byte at a time; the sync client
    has no other way to stop it than to check between chunks.
    """

    def __init__(
        self, stream: httpx.SyncByteStream, request: httpx.Request, started: float, seconds: float
    ) -> None:
        self._stream, self._request, self._seconds = stream, request, seconds
        self._deadline = started + seconds

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._stream:
            if time.monotonic() > self._deadline:
                raise _past_deadline(self._request, self._seconds)
            yield chunk

    def close(self) -> None:
        self._stream.close()


def _send_within(client: httpx.Client, request: httpx.Request, seconds: float) -> httpx.Response:
    """One attempt, whole response read, in at most ``seconds`` (checked after each wait)."""
    started = time.monotonic()
    response = client.send(request, stream=True)
    try:
        assert isinstance(response.stream, httpx.SyncByteStream)
        response.stream = _DeadlineStream(response.stream, request, started, seconds)
        response.read()
    finally:
        response.close()
    return response


async def _send_within_async(
    client: httpx.AsyncClient, request: httpx.Request, seconds: float
) -> httpx.Response:
    """One attempt, whole response read, in at most ``seconds`` (exactly: it is cancelled at the
    deadline). Under asyncio with asyncio's own timeout: anyio's cancel scope works there too, but
    costs ≈ 60 µs more a call (benchmarks/RESULTS.md); under trio (or anything else) with anyio's,
    which is trio's own."""
    if _running_asyncio():
        import asyncio

        timeout = asyncio.timeout(seconds)
        try:
            async with timeout:
                return await client.send(request)
        except TimeoutError:
            if not timeout.expired():  # raised inside, not by the deadline
                raise
        raise _past_deadline(request, seconds)
    import anyio  # here, not at the top: sync-only programs never load it (≈ 20 ms)

    with anyio.move_on_after(seconds):
        return await client.send(request)
    raise _past_deadline(request, seconds)


def _running_asyncio() -> bool:
    """Whether this code runs in an asyncio event loop (without importing asyncio if nothing has)."""
    asyncio = sys.modules.get("asyncio")
    if asyncio is None:
        return False
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _checked(response: httpx.Response, attempt: int, call: Call) -> httpx.Response:
    """The response if its status is a success, else the exception it means."""
    logger.debug("%s %s -> %s (attempt %d)", response.request.method, response.request.url,
                 response.status_code, attempt)  # fmt: skip
    if not response.is_success:
        raise error_for_response(response, attempts=attempt, documented=call.documented)
    return response


def _log_retry(state: tenacity.RetryCallState) -> None:
    error = state.outcome.exception() if state.outcome else None
    logger.info("retrying in %.2f s after attempt %d: %s", state.upcoming_sleep, state.attempt_number, error)


async def _closed_when_the_loop_ends(client: httpx.AsyncClient) -> AsyncGenerator[None, None]:
    """Started once and left suspended: the event loop finalizes unfinished async generators as it
    shuts down (``asyncio.run`` and ``trio.run`` both do), which runs this ``finally`` while the loop
    can still close the pool's connections. A pool outliving its loop could neither be closed nor
    reused (its sockets belong to that loop)."""
    try:
        yield
    finally:
        await client.aclose()


class Transport:
    """Owns (or borrows) the httpx clients and sends prepared calls through the retry policy.

    An owned async client belongs to the event loop that first used it: it is closed when that loop
    ends (or by ``aclose()``, or by ``close()`` from that loop), and the next event loop to send gets
    a new one, so one ``OpenRouter`` serves ``asyncio.run()`` after ``asyncio.run()``.
    """

    def __init__(
        self, client: httpx.Client | None, async_client: httpx.AsyncClient | None, *, http2: bool = False
    ) -> None:
        self._http2 = http2
        self._client, self._owns_client = client, client is None
        self._async_client, self._owns_async_client = async_client, async_client is None
        self._lock = threading.Lock()
        self._closer: AsyncGenerator[None, None] | None = None  # held: the loop holds it only weakly
        self._closing: set[Any] = set()  # tasks closing the async pool, held until they are done

    def _sync(self) -> httpx.Client:
        with self._lock:  # created on first use: a sync-only program never builds the async one
            if self._client is None:
                self._client = httpx.Client(timeout=DEFAULT_TIMEOUT, http2=self._http2, headers=SDK_HEADERS)
            return self._client

    async def _async(self) -> httpx.AsyncClient:
        with self._lock:
            if self._async_client is not None and not (
                self._owns_async_client and self._async_client.is_closed
            ):
                return self._async_client
            client = self._async_client = httpx.AsyncClient(
                timeout=DEFAULT_TIMEOUT, http2=self._http2, headers=SDK_HEADERS
            )
            closer = self._closer = _closed_when_the_loop_ends(client)
        await closer.__anext__()
        return client

    def send(self, call: Call, parse: Callable[[dict[str, Any]], T]) -> APIResponse[T]:
        """Send ``call`` under its retry policy; ``parse`` reads the 2XX body (see ``APIResponse``)."""
        client = self._sync()
        request = _build_request(client, call, owned=self._owns_client)

        def attempt(number: int) -> APIResponse[T]:
            try:
                response = _send_within(client, request, call.deadline)
            except httpx.RequestError as error:
                raise _connection_error(error, request, number) from error
            return APIResponse(_checked(response, number, call), parse, attempts=number)

        return _retry.call(call.retries, attempt, before_sleep=_log_retry)

    async def send_async(self, call: Call, parse: Callable[[dict[str, Any]], T]) -> APIResponse[T]:
        """``send`` on the async client."""
        client = await self._async()
        request = _build_request(client, call, owned=self._owns_async_client)

        async def attempt(number: int) -> APIResponse[T]:
            try:
                response = await _send_within_async(client, request, call.deadline)
            except httpx.RequestError as error:
                raise _connection_error(error, request, number) from error
            return APIResponse(_checked(response, number, call), parse, attempts=number)

        return await _retry.call_async(call.retries, attempt, before_sleep=_log_retry)

    def close(self) -> None:
        """Close the owned sync pool, and the owned async pool: it is closed already when the event
        loop that used it has ended; when this thread runs that loop now, it is closed there soon."""
        if self._owns_client and self._client is not None:
            self._client.close()
            self._client = None
        closer = self._closer
        if closer is None or self._async_client is None or self._async_client.is_closed:
            return
        if _running_asyncio():
            import asyncio

            task = asyncio.get_running_loop().create_task(self._finish(closer))
            self._closing.add(task)
            task.add_done_callback(self._closing.discard)
        elif "trio" in sys.modules:
            import trio

            with contextlib.suppress(RuntimeError):  # not in trio.run either: nothing runs the pool
                trio.lowlevel.spawn_system_task(self._finish, closer)

    async def aclose(self) -> None:
        """Close every owned connection pool."""
        if self._owns_client and self._client is not None:
            self._client.close()
            self._client = None
        if self._closer is not None:
            await self._finish(self._closer)

    async def _finish(self, closer: AsyncGenerator[None, None]) -> None:
        """Run the closer's ``finally`` now (closing its pool), rather than at the loop's end."""
        if self._closer is closer:
            self._closer = None
        await closer.aclose()
