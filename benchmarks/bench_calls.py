"""Per-call time with a reused client: openrouter_ext vs a hand-written raw httpx POST of the same body.

    python benchmarks/bench_calls.py [--calls 300] [--rounds 7]

Both send to the sink server (its own process) over one kept-alive connection, one call each in
turn (calls x rounds of each for 1 KB, a tenth of that for 5 MB). Prints the median time per call
and their ratio, and the sink's own rate measured alone.
"""

from __future__ import annotations

import argparse
import base64
import json
from collections.abc import Callable

import httpx
from common import API_KEY, HEADER, MODEL, alternating, row, server_alone, sink

from openrouter_ext import OpenRouter, RetryConfig
from openrouter_ext.testing import sine_wav


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    small = sine_wav(0.03)[:1024]  # 1 KB of WAV
    large = sine_wav(160.0)[: 5 * 1024 * 1024]  # 5 MB of WAV
    lines = []
    with (
        sink() as base_url,
        OpenRouter(api_key=API_KEY, server_url=base_url, retries=RetryConfig("none")) as client,
    ):
        url = base_url + "/audio/transcriptions"
        http = httpx.Client(timeout=600)
        headers = {"Authorization": f"Bearer {API_KEY}"}

        def send(input_audio: dict[str, str]) -> object:
            response = http.post(url, json={"input_audio": input_audio, "model": MODEL}, headers=headers)
            response.raise_for_status()
            return response.json()["text"]

        def raw_post(audio: bytes) -> Callable[[], object]:
            """Raw httpx given bytes: encodes them to base64 on every call, as the SDK must."""
            return lambda: send({"data": base64.b64encode(audio).decode(), "format": "wav"})

        def raw_post_json(input_audio: dict[str, str]) -> Callable[[], object]:
            """Raw httpx posting the very JSON the seed's call shape sends (base64 already made)."""
            return lambda: send(input_audio)

        small_b64 = {"data": base64.b64encode(small).decode(), "format": "wav"}
        large_b64 = {"data": base64.b64encode(large).decode(), "format": "wav"}
        ours, raw = alternating(
            args.calls * args.rounds,
            lambda: client.stt.create_transcription(input_audio=small_b64, model=MODEL),
            raw_post_json(small_b64),
        )  # fmt: skip
        lines.append(
            row("1 KB, base64 dict given (the seed's shape), per call", ours * 1e6, raw * 1e6, "µs", "1.10")
        )
        ours, raw = alternating(
            args.calls * args.rounds,
            lambda: client.stt.create_transcription(input_audio=small, model=MODEL, send_as="json"),
            raw_post(small),
        )  # fmt: skip
        lines.append(
            row("1 KB, bytes given (encoded by the SDK), per call", ours * 1e6, raw * 1e6, "µs", "1.10")
        )
        large_calls = max(20, args.calls * args.rounds // 30)
        ours, raw = alternating(
            large_calls,
            lambda: client.stt.create_transcription(input_audio=large_b64, model=MODEL),
            raw_post_json(large_b64),
        )  # fmt: skip
        lines.append(
            row("5 MB, base64 dict given (the seed's shape), per call", ours * 1e3, raw * 1e3, "ms", "1.05")
        )
        ours, raw = alternating(
            large_calls,
            lambda: client.stt.create_transcription(input_audio=large, model=MODEL, send_as="json"),
            raw_post(large),
        )  # fmt: skip
        lines.append(row("5 MB, bytes → streamed base64 JSON, per call", ours * 1e3, raw * 1e3, "ms", "1.05"))
        ours, raw = alternating(
            large_calls,
            lambda: client.stt.create_transcription(input_audio=large, model=MODEL),
            raw_post(large),
        )  # fmt: skip
        lines.append(
            row("5 MB, bytes → multipart (the default), per call", ours * 1e3, raw * 1e3, "ms", "1.05")
        )
        alone = server_alone(base_url, json.dumps({"input_audio": small_b64, "model": MODEL}).encode())
        http.close()
    print(
        f"median per call, {args.calls * args.rounds} calls (1 KB) / {large_calls} calls (5 MB) of each, "
        f"alternating; the sink alone answers {alone:.0f} requests/s"
    )
    print(HEADER)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
