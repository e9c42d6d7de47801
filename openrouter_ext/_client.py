"""``OpenRouter``: the client users create; holds the settings and the connection pools."""

from __future__ import annotations

import os
from collections.abc import Callable
from types import TracebackType
from typing import Any, Self

import httpx

from ._config import KEY_VARIABLE, APIKey, ClientConfig, ClientOptions
from ._recording._api import RecordingStt
from ._retry import RetryConfig
from ._transport import Transport


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
        self._transport = Transport(client, async_client, http2=options.http2)
        self.stt = RecordingStt(self._config, self._transport)

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
        """Close the owned sync connection pool (an async pool needs ``aclose()`` / ``async with``)."""
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
