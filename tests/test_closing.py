"""``with OpenRouter()`` closes every pool it opened, the async one included, and one client serves
one event loop after another (each owned async pool belongs to the loop that used it)."""

from __future__ import annotations

import asyncio
import gc
import warnings
from collections.abc import Awaitable, Callable

import httpx
import pytest
import trio
from conftest import API_KEY, MODEL

from openrouter_ext import OpenRouter
from openrouter_ext.testing import StandIn

RUNNERS: dict[str, Callable[[Callable[[], Awaitable[object]]], object]] = {
    "asyncio": lambda main: asyncio.run(main()),  # type: ignore[arg-type]
    "trio": trio.run,
}


def _async_pool(client: OpenRouter) -> httpx.AsyncClient | None:
    return client._transport._async_client


@pytest.mark.parametrize("loop", RUNNERS)
def test_a_sync_with_closes_the_async_pool_of_a_loop_that_ran_inside_it(
    loop: str, stand_in: StandIn, wav: bytes
) -> None:
    run = RUNNERS[loop]
    with warnings.catch_warnings(record=True) as seen:  # an unclosed socket would warn when collected
        warnings.simplefilter("always")
        with OpenRouter(api_key=API_KEY, server_url=stand_in.base_url) as client:

            async def call() -> object:
                return await client.stt.create_transcription_async(input_audio=wav, model=MODEL)

            run(call)
            pool = _async_pool(client)
            assert pool is not None and pool.is_closed  # closed as its loop ended
            run(call)  # a later loop gets a pool of its own, not the dead one
            assert _async_pool(client) is not pool
        assert _async_pool(client) is None or _async_pool(client).is_closed  # type: ignore[union-attr]
        gc.collect()
    assert [w for w in seen if issubclass(w.category, ResourceWarning)] == []
    assert [r.status for r in stand_in.requests] == [200, 200]


def test_a_sync_with_inside_async_code_closes_the_pool_on_that_loop(stand_in: StandIn, wav: bytes) -> None:
    async def main() -> httpx.AsyncClient | None:
        with OpenRouter(api_key=API_KEY, server_url=stand_in.base_url) as client:
            await client.stt.create_transcription_async(input_audio=wav, model=MODEL)
            pool = _async_pool(client)
        for _ in range(20):  # the closing task runs on this loop, soon after the with
            if pool is not None and pool.is_closed:
                break
            await asyncio.sleep(0.01)
        return pool

    pool = asyncio.run(main())
    assert pool is not None and pool.is_closed


@pytest.mark.parametrize("loop", RUNNERS)
def test_async_with_closes_the_pool_at_once(loop: str, stand_in: StandIn, wav: bytes) -> None:
    pools: list[httpx.AsyncClient | None] = []

    async def main() -> None:
        async with OpenRouter(api_key=API_KEY, server_url=stand_in.base_url) as client:
            await client.stt.create_transcription_async(input_audio=wav, model=MODEL)
            pools.append(_async_pool(client))
        assert pools[0] is not None and pools[0].is_closed

    RUNNERS[loop](main)


def test_a_borrowed_async_client_is_never_closed(stand_in: StandIn, wav: bytes) -> None:
    async def main() -> httpx.AsyncClient:
        borrowed = httpx.AsyncClient()
        async with OpenRouter(api_key=API_KEY, server_url=stand_in.base_url, async_client=borrowed) as client:
            await client.stt.create_transcription_async(input_audio=wav, model=MODEL)
        assert not borrowed.is_closed
        await borrowed.aclose()
        return borrowed

    asyncio.run(main())
