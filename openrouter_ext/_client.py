"""``OpenRouter``: the client users create; holds the settings and the connection pools."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self, Unpack

import httpx

from ._config import KEY_VARIABLE, APIKey, ClientConfig, ClientOptions, log_requests_if_asked
from ._retry import RetryConfig
from ._stt import Stt
from ._transport import Transport

if TYPE_CHECKING:
    from ._catalog import Catalog, KeyStatus, TranscriptionModel
    from ._recording._estimate import Estimate
    from ._recording._live import AsyncLiveTranscription, LiveTranscription
    from ._recording._params import EstimateParams, RecordingParams, StreamParams
    from ._recording._transcript import Transcript


def _needs_price(params: Mapping[str, Any], *, live: bool = False) -> bool:
    """Whether the call's cap needs the catalog's price (its other arguments checked first: a bad
    one raises before the catalog is asked). ``live``: a ``transcribe_stream`` call's."""
    if (
        params.get("max_cost") is None
        or params.get("price_per_second") is not None
        or params.get("spend_cap") is not None
    ):
        return False  # no cap, a price given, or a shared cap (which max_cost does not go with)
    from ._recording import _live, _service
    from ._spend import usd

    usd("max_cost", params["max_cost"], above_zero=True)
    others = {name: value for name, value in params.items() if name != "max_cost"}
    (_live if live else _service).check_arguments(others)
    return True


def _price_in(models: list[TranscriptionModel], params: Mapping[str, Any]) -> Any:
    """The catalog's price per audio second of the call's model (None: not known)."""
    from ._catalog import listed

    entry = listed(models, params.get("model"))
    return None if entry is None else entry.price_per_second


class SpeechToText:
    """``client.stt``: the single calls of ``POST /audio/transcriptions`` (an ``Stt``'s, as they are)
    and, over them, ``transcribe()`` for a recording of any length.

    ``create_transcription``, ``create_transcription_multipart``, their ``_async`` twins and
    ``with_raw_response`` are the ``Stt``'s own; the recording service is given that ``Stt`` and
    makes its requests through those calls only. It loads at the first ``transcribe()``: a program
    that only makes single calls never pays for the cutting and merging machinery (≈ 20 ms).
    """

    def __init__(self, calls: Stt, catalog: Callable[[], Catalog]) -> None:
        self._calls = calls
        self._catalog = catalog
        self.with_raw_response = calls.with_raw_response
        self.create_transcription = calls.create_transcription
        self.create_transcription_async = calls.create_transcription_async
        self.create_transcription_multipart = calls.create_transcription_multipart
        self.create_transcription_multipart_async = calls.create_transcription_multipart_async

    def models(self) -> list[TranscriptionModel]:
        """The transcription models (``GET /models?output_modalities=transcription``): id, name,
        prices as ``Decimal``, supported parameters, and the ``profile`` of limits the SDK plans
        their parts by."""
        return self._catalog().models()

    async def models_async(self) -> list[TranscriptionModel]:
        """``models`` for async code (asyncio or trio)."""
        return await self._catalog().models_async()

    def transcribe(self, **params: Unpack[RecordingParams]) -> Transcript:
        """A recording of any length as one timed ``Transcript``.

        Takes ``create_transcription``'s arguments (applied to every part), and ``timed``: the
        transcript must have timed segments (for subtitles): asked of the model as
        ``verbose_json``, or, from a model that gives no timestamps, made by cutting the recording
        at its pauses into phrases of at most 12 s, each phrase's text one segment (more
        requests: see ``Transcript.timed_by``); ``profile``: what
        the model takes in one request (default: ``PROFILES[model]``, or the Whisper family's
        limits for a model the table does not know; ``client.stt.models()`` gives the catalog's);
        ``max_chunk_seconds``, ``max_chunk_bytes``: the most one request may hold (default: the
        profile's, 600 s and 24,000,000 bytes for most models; given, they win); ``concurrency`` (4): parts in flight at once; ``on_progress``: a function called
        with (seconds transcribed, seconds in all) as parts finish; ``on_chunk``: a function called
        with each part's ``Chunk`` as it is answered (to save it); ``reuse_chunks``: chunks an
        earlier call answered for the same audio and arguments (``IncompleteTranscriptError``'s
        ``transcript.chunks``, or saved ones read back with ``Chunk.from_dict``): a part they cover
        is not sent again. ``max_cost``: USD this call may spend (each request's cost, estimated
        at ``price_per_second``, or the catalog's price for the model, one ``GET /models``, is
        reserved before it is sent; a request that would pass the cap is not sent, and
        ``SpendCapReachedError`` carries what was answered); ``spend_cap``: a ``SpendCap`` shared
        with other calls instead.

        Audio that fits one request goes as one; longer audio is cut at its silences (this needs
        the ``audio`` extra), and audio in a format the model does not take is converted (FLAC, or
        WAV). What the model is known to refuse (``verbose_json`` from a json-only model, ...)
        raises ``InvalidInputError`` before any request. A part that still fails after its retries raises
        ``IncompleteTranscriptError`` once every other part is done, with the transcript of the rest.
        """
        from ._recording import _service

        if _needs_price(params):
            params = {**params, "price_per_second": _price_in(self._catalog().models(), params)}
        return _service.transcribe(self._calls, params)

    async def transcribe_async(self, **params: Unpack[RecordingParams]) -> Transcript:
        """``transcribe`` for async code (asyncio or trio): parts are read and cut in a worker
        thread, and sent from the event loop."""
        from ._recording import _service

        if _needs_price(params):
            params = {**params, "price_per_second": _price_in(await self._catalog().models_async(), params)}
        return await _service.transcribe_async(self._calls, params)

    def transcribe_stream(self, **params: Unpack[StreamParams]) -> LiveTranscription:
        """Live audio transcribed while it is still arriving: an iterator of ``Chunk``, in the
        stream's order, each as soon as it is answered (``start``/``end`` on the stream's clock).

        ``input_audio``: a binary file object that need not be seekable (``sys.stdin.buffer``, a
        pipe, a socket's file), an iterable of ``bytes``, or a path (a named pipe); WAV whose
        header gives no length, MP3, FLAC, Ogg, WebM (sniffed, or ``audio_format``), or headerless
        ``pcm`` (16-bit, ``sample_rate`` and ``channels``, 16 kHz mono by default). The stream is cut at
        the first pause ``min_chunk_seconds`` (5) after the last cut, or at the quietest place at
        ``max_chunk_seconds`` (15, or the model's limit if lower); silence is not sent, and each
        second is sent once. At most ``concurrency`` (4) parts are in flight; while they are, the
        stream is read no further. ``max_seconds``: stop reading after that much of the stream;
        ``max_cost`` / ``spend_cap`` / ``price_per_second`` as in ``transcribe``; the other
        arguments are ``create_transcription``'s, sent with every part (``timed``, ``profile`` as
        in ``transcribe``). Arguments are checked now, the stream read from the first ``next()``.
        ``.transcript()`` is what was answered so far, ``.stop()`` ends reading (what was read is
        still sent). Needs the ``audio`` extra."""
        from ._recording import _live

        if _needs_price(params, live=True):
            params = {**params, "price_per_second": _price_in(self._catalog().models(), params)}
        return _live.transcribe_stream(self._calls, params)

    def transcribe_stream_async(self, **params: Unpack[StreamParams]) -> AsyncLiveTranscription:
        """``transcribe_stream`` for async code (asyncio or trio): ``async with
        client.stt.transcribe_stream_async(...) as live: async for chunk in live: ...``; the source
        may be an async iterable of ``bytes`` too. Parts are sent from the event loop."""
        from ._recording import _live

        price = None
        if _needs_price(params, live=True):

            async def price() -> Any:
                return _price_in(await self._catalog().models_async(), params)

        return _live.transcribe_stream_async(self._calls, params, price)

    def estimate(self, **params: Unpack[EstimateParams]) -> Estimate:
        """What ``transcribe(**params)`` will send and cost, sending no transcription: each
        recording's length read from its header (nothing decoded), its parts planned as
        ``transcribe()`` plans them, and the price per audio second from the catalog (one
        ``GET /models``; its ``profile`` too, where none is given) or ``price_per_second``.
        ``input_audio``: one recording, or a list of them. A model whose price per second is not
        known (one priced by tokens) gets ``Estimate.cost`` None, never 0. Arguments are checked as
        ``transcribe()`` checks them; a recording it would refuse is kept, with why
        (``RecordingEstimate.problem``)."""
        from ._recording import _estimate

        return _estimate.estimate(self._catalog(), params)

    async def estimate_async(self, **params: Unpack[EstimateParams]) -> Estimate:
        """``estimate`` for async code (asyncio or trio): headers are read in a worker thread."""
        from ._recording import _estimate

        return await _estimate.estimate_async(self._catalog(), params)


class OpenRouter:
    """A client for OpenRouter's speech-to-text API.

    Args:
        api_key: the key, or a function returning it; defaults to ``$OPENROUTER_API_KEY``.
        options: a ``ClientOptions`` (the settings below, as one value: what ``openrouter_ext.ray``
            and the command line pass); the keyword arguments given beside it override its fields.
        http_referer, x_open_router_title, x_open_router_categories: app identification headers
            sent on every request (each call may override them).
        server_url: the API's base URL (default: OpenRouter's, ``https://openrouter.ai/api/v1``).
        timeout_ms: bound on each wait and on each attempt as a whole; by default 10 s to connect,
            600 s for each other wait and for the attempt.
        retries: the default ``RetryConfig`` (exponential backoff on 408, 429 and 5XX).
        http2: let the owned clients speak HTTP/2 where the server offers it (needs the ``h2``
            package: ``pip install "openrouter-ext[http2]"``). Off by default: see
            benchmarks/RESULTS.md for what it changes.
        client, async_client: httpx clients to use instead of owned ones (not closed by us).

    Use it as a context manager (``with`` or ``async with``), or call ``close()`` / ``aclose()``.
    """

    def __init__(
        self,
        api_key: str | Callable[[], str] | None = None,
        *,
        options: ClientOptions | None = None,
        http_referer: str | None = None,
        x_open_router_title: str | None = None,
        x_open_router_categories: str | None = None,
        server_url: str | None = None,
        timeout_ms: float | None = None,
        retries: RetryConfig | None = None,
        http2: bool | None = None,
        client: httpx.Client | None = None,
        async_client: httpx.AsyncClient | None = None,
    ) -> None:
        key = APIKey(os.environ.get(KEY_VARIABLE) if api_key is None else api_key)
        if not callable(api_key):
            key.get()  # a missing key fails here, not at the first request
        options = ClientOptions.of(
            options, http_referer=http_referer, x_open_router_title=x_open_router_title,
            x_open_router_categories=x_open_router_categories, server_url=server_url,
            timeout_ms=timeout_ms, retries=retries, http2=http2,
        )  # fmt: skip
        self._config = ClientConfig(key, options)
        log_requests_if_asked()
        self._transport = Transport(client, async_client, http2=options.http2)
        self._catalog: Catalog | None = None
        self.stt = SpeechToText(Stt(self._config, self._transport), self._catalog_calls)

    def _catalog_calls(self) -> Catalog:
        """The catalog's calls, made at first use (a program that only transcribes never loads them)."""
        if self._catalog is None:
            from ._catalog import Catalog

            self._catalog = Catalog(self._config, self._transport)
        return self._catalog

    def key(self) -> KeyStatus:
        """The key's spending limit, what remains of it, and its usage (``GET /key``)."""
        return self._catalog_calls().key()

    async def key_async(self) -> KeyStatus:
        """``key`` for async code (asyncio or trio)."""
        return await self._catalog_calls().key_async()

    @property
    def options(self) -> ClientOptions:
        """The client's options (``server_url``, ``timeout_ms``, ``retries``, app headers, ``http2``)."""
        return self._config.options

    @property
    def server_url(self) -> str:
        return self._config.options.server_url

    def __repr__(self) -> str:
        return f"OpenRouter(server_url={self.server_url!r}, api_key=<redacted>)"

    def __reduce__(self) -> Any:
        raise TypeError("an OpenRouter client is not picklable: create one per process")

    def close(self) -> None:
        """Close every owned connection pool. The async one is closed already when the event loop
        that used it has ended (``asyncio.run``/``trio.run`` end it); from inside that loop, it is
        closed there as soon as the loop runs again (``aclose()`` / ``async with`` wait for it)."""
        self._transport.close()

    async def aclose(self) -> None:
        """Close every owned connection pool."""
        await self._transport.aclose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()
