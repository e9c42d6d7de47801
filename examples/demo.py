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
        long_recording(client)
        json_only_model(client, server)
        speakers(client, server)
        live_audio(client)


def long_recording(client: OpenRouter) -> None:
    """A 4-minute "meeting" (a tone every 9 s at its own pitch, where the stand-in hears it) cut
    into parts of at most 60 s at its silences, sent 4 at a time, stitched on one clock."""
    try:
        from openrouter_ext.testing import Tone, encode_audio, tone_recording
    except ImportError:
        print('long recordings: pip install "openrouter-ext[audio]" to cut them')
        return
    tones = [Tone(2.0 + 9 * n, 6.5 + 9 * n, 300 + 25 * n) for n in range(26)]
    meeting = encode_audio(tone_recording(tones, 240.0), "mp3")
    transcript = client.stt.transcribe(
        input_audio=meeting,
        model=MODEL,
        response_format="verbose_json",
        max_chunk_seconds=60,
        on_progress=lambda done, total: print(f"  {done:5.1f} of {total:.1f} s transcribed"),
    )
    print(f"a {transcript.duration:.0f} s MP3 in {len(transcript.chunks)} parts, cut at:")
    print("  " + ", ".join(f"{chunk.end:.2f} s" for chunk in transcript.chunks[:-1]))
    found = transcript.segments
    placed = len(found) == len(tones) and all(
        abs(s.start - t.start) < 0.05 and abs(s.end - t.end) < 0.05 for s, t in zip(found, tones, strict=True)
    )
    print(
        f"{len(found)} sounds heard, {'each' if placed else 'NOT each'} within 50 ms of where it was placed"
    )
    print("the first subtitles:")
    print("\n".join(transcript.to_srt().splitlines()[:8]))


def json_only_model(client: OpenRouter, server: StandIn) -> None:
    """Subtitles from a model that gives no timestamps and refuses MP3 (google/chirp-3, about 60 s a
    request): the SDK converts the MP3, cuts it at its pauses into phrases of a few seconds and times
    each phrase's text by its cut."""
    try:
        from openrouter_ext.testing import Tone, encode_audio, tone_recording
    except ImportError:
        return  # said above
    tones = [Tone(1.0 + 7 * n, 4.0 + 7 * n, 400 + 50 * n) for n in range(10)]
    talk = encode_audio(tone_recording(tones, 70.0), "mp3")
    server.reset()
    transcript = client.stt.transcribe(input_audio=talk, model="google/chirp-3", timed=True)
    refused = sum(request.status != 200 for request in server.requests)
    cues = transcript.segments
    placed = sum(
        any(c.start < t.end and t.start < c.end and f"{t.hertz:.0f} Hz" in c.text for c in cues)
        for t in tones
    )
    print(
        f"google/chirp-3 (json only, no MP3): a 70 s MP3 sent as {len(server.requests)} phrases "
        f"({refused} refused), timed by the {transcript.timed_by}; {placed} of {len(tones)} sounds in a cue "
        f"over their true time, the longest cue {max(c.end - c.start for c in cues):.1f} s; the first:"
    )
    for cue in cues[:3]:  # the stand-in's words: what it received, then what it heard, by the part's clock
        print(f"  {cue.start:6.2f}-{cue.end:6.2f} s  {cue.text.partition('; ')[2]}")


def speakers(client: OpenRouter, server: StandIn) -> None:
    """A meeting cut into parts, its speakers linked across them: the stand-in diarizes as a
    provider does (its voices are bands of pitch, numbered anew in each request)."""
    try:
        from openrouter_ext.testing import Tone, tone_recording
        from openrouter_ext.testing._hearing import voice_of, voice_pitch
    except ImportError:
        return  # said above
    turns = [0, 1, 0, 2, 1, 2, 0, 1] * 12  # three voices, taking turns for 5 minutes
    tones = [Tone(1.0 + 3.1 * n, 2.5 + 3.1 * n, voice_pitch(voice, n)) for n, voice in enumerate(turns)]
    server.reset()
    transcript = client.stt.transcribe(input_audio=tone_recording(tones, 300.0), model="elevenlabs/scribe-v2",
                                       diarize=True, max_chunk_seconds=100)  # fmt: skip
    said = {round(s.start): s.speaker_label for s in transcript.segments}
    voices = {round(t.start): voice_of(t.hertz) for t in tones}
    pairs = {(voices.get(at), label) for at, label in said.items()}  # one voice, one label: a bijection
    print(
        f"speakers: a 300 s meeting of 3 voices in {len(transcript.chunks)} parts and 1 linking request: "
        f"{', '.join(f'{s.label} {s.seconds:.0f} s' for s in transcript.speakers)}; "
        f"{'each voice one speaker throughout' if len(pairs) == 3 else f'{len(pairs)} voice-label pairs'}"
    )
    print("\n".join("  " + line for line in transcript.to_vtt().splitlines()[2:9]))


def live_audio(client: OpenRouter) -> None:
    """Live captions: a 60 s recording played into a pipe at 10 x real time (as ffmpeg would a
    stream), each part's text out as soon as it is answered, its lag measured in stream seconds."""
    try:
        import os
        import threading
        import time

        from openrouter_ext.testing import Tone, tone_recording
        from openrouter_ext.testing._feeder import Written, feed, piped_wav, written_at
    except ImportError:
        return  # said above
    speed, tones = 10.0, [Tone(1.0 + 4 * n, 2.0 + 4 * n + (n % 2), 400 + 40 * n) for n in range(15)]
    read, write = os.pipe()
    log: list[Written] = []
    feeder = threading.Thread(target=feed, args=(piped_wav(tone_recording(tones, 60.0)), write),
                              kwargs={"speed": speed, "on_written": log.append})  # fmt: skip
    print(f"live: a 60 s stream played into a pipe at {speed:g} x real time; each part as it is answered:")
    with os.fdopen(read, "rb") as pipe:
        live = client.stt.transcribe_stream(input_audio=pipe, model=MODEL, timed=True)
        feeder.start()
        for chunk in live:
            behind = (time.monotonic() - written_at(log, chunk.end)) * speed
            heard = [s.text for s in live.transcript().segments if chunk.start <= s.start < chunk.end]
            print(
                f"  {chunk.start:5.1f}-{chunk.end:5.1f} s, {behind:4.1f} s after its end was played: {', '.join(heard)}"
            )
    feeder.join()
    print(f"  {live.seconds:.0f} s read, {len(live.transcript().chunks)} requests, silence not sent")


if __name__ == "__main__":
    main()
