"""Every stand-in fault scenario through the SDK, sync and async: outcome class, attempts, seconds.

    python benchmarks/fault_outcomes.py        # prints a Markdown table

Retries use a short real backoff (50 ms initial, 200 ms cap, 1.5 s budget) and a 500 ms timeout,
so the seconds column shows the policy at work without waiting minutes.
"""

from __future__ import annotations

import asyncio
import base64
import time
from typing import Any

from openrouter_ext import BackoffStrategy, OpenRouter, RetryConfig, errors
from openrouter_ext.testing import SCENARIO_HEADER, StandIn, sine_wav

RETRIES = RetryConfig("backoff", BackoffStrategy(50, 200, 2.0, 1_500))
TIMEOUT_MS = 500
STATUSES = (400, 401, 402, 403, 404, 408, 413, 422, 429, 500, 502, 503, 504, 524, 529)


def scenarios(other_host: str) -> list[str]:
    return [
        "delay-ms=0",
        *(f"status={status}" for status in STATUSES),
        "status=503;fail-first=2",
        "status=429;retry-after=1;fail-first=1",
        "status=524;body=html",
        "body=malformed",
        "body=empty",
        "body=text",
        "drop=close",
        "drop=close;fail-first=1",
        "drop=reset",
        "drop=hang",
        "delay-ms=200",
        "delay-ms=800",
        "drip-ms=2",
        "drip-ms=50",
        f"redirect=307;location={other_host}",
    ]


def outcome(result: Any, seen: int, seconds: float) -> tuple[str, str, str]:
    if isinstance(result, errors.APIConnectionError | errors.APIResponseError):
        name, attempts = type(result).__name__, result.attempts
        assert attempts == seen, (result, seen)
    else:
        name, attempts = "STTResponse", seen
    return name, str(attempts), f"{seconds:.2f}"


def transcribe(mode: str, settings: dict[str, Any], kwargs: dict[str, Any]) -> Any:
    """One call through the sync or the async API: the transcription, or the error it raised."""

    async def call_async() -> Any:
        async with OpenRouter(**settings) as client:
            return await client.stt.create_transcription_async(**kwargs)

    try:
        if mode == "async":
            return asyncio.run(call_async())
        with OpenRouter(**settings) as client:
            return client.stt.create_transcription(**kwargs)
    except errors.OpenRouterError as error:
        return error


def main() -> None:
    audio = {"data": base64.b64encode(sine_wav(0.5)).decode(), "format": "wav"}
    rows = []
    with StandIn() as server, StandIn("127.0.0.2") as other:
        settings = {"api_key": "sk-demo", "server_url": server.base_url, "retries": RETRIES}
        for scenario in scenarios(other.base_url + "/audio/transcriptions"):
            kwargs = {
                "input_audio": audio,
                "model": "openai/whisper-large-v3",
                "timeout_ms": TIMEOUT_MS,
                "http_headers": {SCENARIO_HEADER: scenario},
            }
            row = [scenario]
            for mode in ("sync", "async"):
                server.reset()
                started = time.monotonic()
                result = transcribe(mode, settings, kwargs)
                row += outcome(result, len(server.requests), time.monotonic() - started)
            rows.append(row)
        leaked = sum("authorization" in request.headers for request in other.requests)
    print("| scenario | sync outcome | attempts | s | async outcome | attempts | s |")
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        print("| `" + row[0].replace("|", "\\|") + "` | " + " | ".join(row[1:]) + " |")
    print(f"\nAuthorization headers that reached the other host: {leaked}")


if __name__ == "__main__":
    main()
