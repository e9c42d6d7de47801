"""What HTTP/2 changes: openrouter_ext with ``http2=False`` (the default) vs ``http2=True``.

    python benchmarks/bench_http2.py [--calls 300] [--rounds 5]

Both over TLS to the same server (Granian, which negotiates HTTP/1.1 or HTTP/2 by ALPN, as the
real API does), so the only difference is the protocol. The baseline is the default, HTTP/1.1.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import ssl
from collections.abc import Awaitable, Callable

import httpx
from common import API_KEY, CALLS, CONCURRENCY, MODEL, alternating, median, server_alone, throughput, tls_sink

from openrouter_ext import OpenRouter, RetryConfig
from openrouter_ext.testing import sine_wav

ROW = "| {} | {:.3g} {} | {:.3g} {} | {:.2f} |"


def clients(ca: str, http2: bool) -> tuple[httpx.Client, httpx.AsyncClient]:
    # The owned clients trust the system's CAs; these trust the throwaway one and nothing else.
    context = ssl.create_default_context(cafile=ca)
    return (
        httpx.Client(verify=context, http2=http2, timeout=600),
        httpx.AsyncClient(verify=context, http2=http2, timeout=600),
    )


async def measure_async(
    sdk: dict[bool, OpenRouter], pools: dict[bool, httpx.AsyncClient], audio: dict[str, str], rounds: int
) -> dict[bool, float]:
    def caller(http2: bool) -> Callable[[], Awaitable[object]]:
        return lambda: sdk[http2].stt.create_transcription_async(input_audio=audio, model=MODEL)

    rates: dict[bool, list[float]] = {False: [], True: []}
    for http2 in (False, True):
        await throughput(caller(http2))  # warm: connections open (alternating() warms its own)
    for _ in range(rounds):
        for http2 in (False, True):
            rates[http2].append(await throughput(caller(http2)))
    for pool in pools.values():
        await pool.aclose()  # in the loop it was used in
    return {http2: median(values) for http2, values in rates.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    small = {"data": base64.b64encode(sine_wav(0.03)[:1024]).decode(), "format": "wav"}
    large = sine_wav(160.0)[: 5 * 1024 * 1024]
    with tls_sink() as (base_url, ca):
        alone = server_alone(base_url, json.dumps({"input_audio": small, "model": MODEL}).encode(), ca)
        sdk, pools, async_pools = {}, {}, {}
        for http2 in (False, True):
            pools[http2], async_pools[http2] = clients(ca, http2)
            sdk[http2] = OpenRouter(
                api_key=API_KEY,
                server_url=base_url,
                retries=RetryConfig("none"),
                client=pools[http2],
                async_client=async_pools[http2],
            )
        protocol = sdk[True].stt.create_transcription(input_audio=small, model=MODEL)  # warm, and check
        versions = {
            http2: client.post(base_url + "/audio/transcriptions", content=b"{}").http_version
            for http2, client in pools.items()
        }
        assert protocol.text
        assert versions == {False: "HTTP/1.1", True: "HTTP/2"}, versions
        rows = []
        one, two = alternating(
            args.calls * args.rounds,
            lambda: sdk[False].stt.create_transcription(input_audio=small, model=MODEL),
            lambda: sdk[True].stt.create_transcription(input_audio=small, model=MODEL),
        )
        rows.append(
            ROW.format("1 KB, one call at a time, per call", two * 1e6, "µs", one * 1e6, "µs", two / one)
        )
        one, two = alternating(
            max(6, args.calls // 10),
            lambda: sdk[False].stt.create_transcription(input_audio=large, model=MODEL),
            lambda: sdk[True].stt.create_transcription(input_audio=large, model=MODEL),
        )
        rows.append(ROW.format("5 MB multipart, per call", two * 1e3, "ms", one * 1e3, "ms", two / one))
        rates = asyncio.run(measure_async(sdk, async_pools, small, args.rounds))
        rows.append(
            ROW.format(
                f"{CALLS} async calls at concurrency {CONCURRENCY}, throughput",
                rates[True],
                "calls/s",
                rates[False],
                "calls/s",
                rates[True] / rates[False],
            )
        )
        for pool in pools.values():
            pool.close()
    print(f"HTTP/2 vs HTTP/1.1, both over TLS to Granian (alone it answers {alone:.0f} requests/s)")
    print("| measure | http2=True | http2=False (default) | ratio |\n|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
