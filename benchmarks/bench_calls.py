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
from typing import Any

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
        small_calls, large_calls = args.calls * args.rounds, max(20, args.calls * args.rounds // 30)
        # (measure, calls, the SDK's arguments, the raw baseline, unit, its scale, target)
        cases: list[tuple[str, int, dict[str, Any], Callable[[], object], str, float, str]] = [
            ("1 KB, base64 dict given (the seed's shape)", small_calls, {"input_audio": small_b64},
             raw_post_json(small_b64), "µs", 1e6, "1.10"),
            ("1 KB, bytes given (encoded by the SDK)", small_calls, {"input_audio": small, "send_as": "json"},
             raw_post(small), "µs", 1e6, "1.10"),
            ("5 MB, base64 dict given (the seed's shape)", large_calls, {"input_audio": large_b64},
             raw_post_json(large_b64), "ms", 1e3, "1.05"),
            ("5 MB, bytes → streamed base64 JSON", large_calls, {"input_audio": large, "send_as": "json"},
             raw_post(large), "ms", 1e3, "1.05"),
            ("5 MB, bytes → multipart (the default)", large_calls, {"input_audio": large},
             raw_post(large), "ms", 1e3, "1.05"),
        ]  # fmt: skip
        for measure, calls, arguments, raw_call, unit, scale, target in cases:
            ours, raw = alternating(
                calls, lambda a=arguments: client.stt.create_transcription(model=MODEL, **a), raw_call
            )
            lines.append(row(f"{measure}, per call", ours * scale, raw * scale, unit, target))
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
