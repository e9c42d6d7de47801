"""Transcribe a generated WAV on the built-in local stand-in: no API key, no network.

Against the real API, drop the StandIn and the server_url, and set OPENROUTER_API_KEY.
"""

from __future__ import annotations

import asyncio
import base64

from openrouter_ext import OpenRouter
from openrouter_ext.testing import StandIn, sine_wav

MODEL = "openai/whisper-large-v3"


def main() -> None:
    wav = sine_wav(2.0)  # a 2-second 440 Hz tone, 16 kHz mono
    with StandIn() as server, OpenRouter(api_key="stand-in", server_url=server.base_url) as client:
        print(f"stand-in listening at {server.base_url}")

        res = client.stt.create_transcription(
            input_audio={"data": base64.b64encode(wav).decode(), "format": "wav"}, model=MODEL, language="en"
        )
        print(f"JSON upload:      {res.text}")

        res = client.stt.create_transcription_multipart(
            file=("tone.wav", wav),
            model=MODEL,
            response_format="verbose_json",
            timestamp_granularities=["segment"],
        )
        segment = res.segments[0]
        print(f"multipart upload: {segment.start:.2f}-{segment.end:.2f} s: {segment.text}")

        async def transcribe_async() -> str:
            async with OpenRouter(api_key="stand-in", server_url=server.base_url) as async_client:
                result = await async_client.stt.create_transcription_async(
                    input_audio={"data": base64.b64encode(wav).decode(), "format": "wav"}, model=MODEL
                )
                return result.text

        print(f"async:            {asyncio.run(transcribe_async())}")
        print(f"the stand-in answered {len(server.requests)} requests")


if __name__ == "__main__":
    main()
