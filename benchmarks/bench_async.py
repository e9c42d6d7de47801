"""Throughput of 200 async calls at concurrency 50 on one client: openrouter_ext vs raw httpx.AsyncClient.

python benchmarks/bench_async.py [--rounds 15]

The machine's load swings from one round to the next, so one figure says little: rounds alternate
which side goes first, and besides the ratio of the medians the spread of the rounds' own ratios
(each round's two runs, back to back) is printed: lowest, quartiles, highest.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import statistics

import httpx
from common import API_KEY, CALLS, CONCURRENCY, HEADER, MODEL, median, row, server_alone, sink, throughput

from openrouter_ext import OpenRouter, RetryConfig
from openrouter_ext.testing import sine_wav


async def main(rounds: int) -> None:
    audio = {"data": base64.b64encode(sine_wav(0.03)[:1024]).decode(), "format": "wav"}
    with sink() as base_url:
        async with (
            OpenRouter(api_key=API_KEY, server_url=base_url, retries=RetryConfig("none")) as client,
            httpx.AsyncClient(timeout=600) as http,
        ):
            headers = {"Authorization": f"Bearer {API_KEY}"}

            async def raw() -> object:
                body = {"input_audio": audio, "model": MODEL}
                response = await http.post(base_url + "/audio/transcriptions", json=body, headers=headers)
                response.raise_for_status()
                return response.json()["text"]

            async def ours() -> object:
                return (await client.stt.create_transcription_async(input_audio=audio, model=MODEL)).text

            await throughput(ours), await throughput(raw)  # warm both pools
            ours_rates, raw_rates = [], []
            for number in range(rounds):
                if number % 2:
                    raw_rates.append(await throughput(raw))
                    ours_rates.append(await throughput(ours))
                else:
                    ours_rates.append(await throughput(ours))
                    raw_rates.append(await throughput(raw))
        body = json.dumps({"input_audio": audio, "model": MODEL}).encode()
        alone = await asyncio.to_thread(server_alone, base_url, body)
    print(
        f"{CALLS} calls at concurrency {CONCURRENCY}, 1 KB audio; medians of {rounds} interleaved rounds; "
        f"the sink alone answers {alone:.0f} requests/s"
    )
    print(HEADER)
    print(
        row(
            "async throughput",
            median(ours_rates),
            median(raw_rates),
            "calls/s",
            "0.95",
            higher_is_better=True,
        )
    )
    ratios = sorted(o / r for o, r in zip(ours_rates, raw_rates, strict=True))
    quartiles = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else [ratios[0]] * 3
    print(
        f"the rounds' own ratios: lowest {ratios[0]:.2f}, quartiles {quartiles[0]:.2f} / {quartiles[1]:.2f} / "
        f"{quartiles[2]:.2f}, highest {ratios[-1]:.2f}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    asyncio.run(main(parser.parse_args().rounds))
