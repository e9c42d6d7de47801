"""Live audio (``transcribe_stream``), judged against truth: tone recordings whose sounds are at known
times, fed into a pipe at N x real time by the feeder (which logs when each second was written), sent
to the stand-in (which reports what it heard in each part, at which times). Every sound's text must
come out once, at its time; the first text early; each text soon after its sound was written; no
more requests than one per 5 s of stream and 2; long silence not sent; each second sent once."""

from __future__ import annotations

import io
import itertools
import os
import re
import threading
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import numpy as np
import pytest

from openrouter_ext import OpenRouter, RetryConfig, errors
from openrouter_ext.testing import StandIn, Tone, tone_recording
from openrouter_ext.testing._audio import encode_audio
from openrouter_ext.testing._feeder import Written, feed, piped_wav, written_at
from openrouter_ext.testing._hearing import hear

pytest.importorskip("av", reason="live audio needs the audio extra")

from openrouter_ext._recording._live_parts import LiveLimits, live_parts
from openrouter_ext._recording._parts import Limits

MODEL = "openai/whisper-large-v3"
HEARD = re.compile(r"(\d+) ?Hz")


def _meeting(seconds: float, seed: int = 3) -> list[Tone]:
    """Sounds of 0.3-1.6 s, each at a pitch of its own, 0.35-3 s apart, and a few silences of 20 s."""
    rng = np.random.default_rng(seed)
    tones: list[Tone] = []
    at = 0.5
    while at < seconds - 2:
        length = float(rng.uniform(0.3, 1.6))
        tones.append(Tone(at, at + length, 300 + 17 * len(tones)))
        at += length + float(rng.uniform(0.35, 3.0))
        if rng.random() < 0.04:
            at += 20.0  # nobody speaks for a while: not sent
    return tones


def _tone_of(tones: list[Tone], hertz: int) -> Tone:
    nearest = min(tones, key=lambda tone: abs(tone.hertz - hertz))
    assert abs(nearest.hertz - hertz) <= 6, f"{hertz} Hz is no tone of the recording"
    return nearest


def _judge_segments(tones: list[Tone], segments: list[Any]) -> list[float]:
    """Each tone named by exactly one segment, which starts where it does; the start errors."""
    found: dict[Tone, list[float]] = {}
    for segment in segments:
        for hertz in HEARD.findall(segment.text):
            found.setdefault(_tone_of(tones, int(hertz)), []).append(segment.start)
    missing = [tone for tone in tones if tone not in found]
    doubled = [tone for tone, starts in found.items() if len(starts) > 1]
    assert missing == [] and doubled == [], (missing, doubled)
    errors_ = [abs(found[tone][0] - tone.start) for tone in tones]
    assert float(np.percentile(errors_, 99)) <= 0.1, sorted(errors_)[-5:]
    return errors_


SECONDS = 240.0
TONES = _meeting(SECONDS)
SHORT = [Tone(0.5 + 2.5 * n, 1.3 + 2.5 * n, 400 + 60 * n) for n in range(12)]


@pytest.fixture(scope="module")
def recordings() -> dict[str, bytes]:
    wav = tone_recording(TONES, SECONDS)
    return {"wav": piped_wav(wav), "wav0": piped_wav(wav, 0), "mp3": encode_audio(wav, "mp3"), "whole": wav}


@pytest.fixture(scope="module")
def server() -> Iterator[StandIn]:
    """The stand-in, and this process warmed up by one short stream (PyAV and the stand-in's ears
    loaded, a connection open): at 40 x real time, their first-use cost (~0.3 s) would be 12 s of
    stream, a constant of the test process rather than of the pipeline the lag figures measure."""
    with StandIn() as stand_in:
        with _client(stand_in) as client:
            list(
                client.stt.transcribe_stream(input_audio=iter([tone_recording(SHORT[:2], 4.0)]), model=MODEL)
            )
        yield stand_in


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def _client(server: StandIn) -> OpenRouter:
    return OpenRouter(api_key="k", server_url=server.base_url, retries=RetryConfig("none"))


# --- the cutter alone, judged by the stand-in's ears ----------------------------------------------


def _samples(wav: bytes) -> Any:
    import wave

    with wave.open(io.BytesIO(wav)) as reader:
        return np.frombuffer(reader.readframes(reader.getnframes()), dtype="<i2")


def _sounds(flac: bytes) -> Any:
    hearing = hear(flac, "flac")
    assert hearing is not None
    return hearing.sounds


@pytest.mark.parametrize("block", [160, 417, 16_000 * 7])
def test_the_cutter_sends_each_sound_once_at_its_time_and_not_the_long_silences(
    recordings: dict[str, bytes], block: int
) -> None:
    samples = _samples(recordings["whole"])
    limits = LiveLimits(5.0, 15.0, Limits(600, 24_000_000))
    parts = list(live_parts((samples[i : i + block] for i in range(0, len(samples), block)), limits))
    heard = [(part.start + sound.start, sound.hertz) for part in parts for sound in _sounds(part.data)]
    assert len(heard) == len(TONES)
    for tone, (start, hertz) in zip(TONES, heard, strict=True):
        assert abs(hertz - tone.hertz) <= 6 and abs(start - tone.start) <= 0.03, (tone, start, hertz)
    assert all(a.end <= b.start for a, b in itertools.pairwise(parts))  # nothing sent twice
    assert max(part.seconds for part in parts) <= 15.0
    assert len(parts) <= SECONDS / 5 + 2
    sound = sum(tone.end - tone.start for tone in TONES)
    sent = sum(part.seconds for part in parts)
    assert sent < sound + 0.6 * len(parts) + 3.0 * len(parts)  # pauses inside parts, never the long silences
    assert sent < SECONDS - 60  # the 20 s silences (and most pauses) are not sent


def test_a_held_tone_without_a_pause_is_sent_whole_in_parts_between_the_shortest_and_the_longest() -> None:
    wav = tone_recording([Tone(0.0, 40.0, 500, dbfs=-20)], 40.0)
    parts = list(live_parts([_samples(wav)], LiveLimits(5.0, 15.0, Limits(600, 24_000_000))))
    assert all(5.0 <= part.seconds <= 15.0 for part in parts[:-1]) and parts[-1].seconds <= 15.0
    assert all(a.end == b.start for a, b in itertools.pairwise(parts))
    assert parts[0].start == 0.0 and parts[-1].end == pytest.approx(40.0, abs=0.02)


# --- the library calls, on a pipe fed at N x real time --------------------------------------------


def _fed(data: bytes, speed: float) -> tuple[Any, list[Written], threading.Thread]:
    read, write = os.pipe()
    log: list[Written] = []
    feeder = threading.Thread(
        target=feed, args=(data, write), kwargs={"speed": speed, "seconds": SECONDS, "on_written": log.append},
        daemon=True,
    )  # fmt: skip
    feeder.start()
    return os.fdopen(read, "rb"), log, feeder


def _judge_live(
    server: StandIn, arrivals: list[tuple[float, Any]], log: list[Written], speed: float, transcript: Any
) -> None:
    _judge_segments(TONES, transcript.segments)
    sent = [r for r in server.requests if r.path.endswith("/audio/transcriptions")]
    assert all(r.status == 200 for r in sent)
    assert len(sent) <= SECONDS / 5 + 2
    # The first text before 5 % of the stream was written; each sound's text soon after its end was.
    first = arrivals[0][0]
    assert first < written_at(log, 0.05 * SECONDS), (first - log[0].at) * speed
    lags = []
    for tone in TONES:
        arrived = next(at for at, chunk in arrivals if chunk.start <= tone.start < chunk.end)
        lags.append((arrived - written_at(log, tone.end)) * speed)
    assert float(np.percentile(lags, 95)) <= 15.0, sorted(lags)[-5:]
    assert transcript.duration == pytest.approx(SECONDS, abs=0.05)


@pytest.mark.parametrize("kind", ["wav", "wav0", "mp3"])
def test_a_stream_fed_into_a_pipe_comes_back_in_order_as_it_is_answered(
    server: StandIn, recordings: dict[str, bytes], kind: str
) -> None:
    server.reset()
    speed = 40.0
    pipe, log, feeder = _fed(recordings[kind], speed)
    arrivals = []
    with _client(server) as client, pipe:
        live = client.stt.transcribe_stream(input_audio=pipe, model=MODEL, timed=True)
        for chunk in live:
            arrivals.append((time.monotonic(), chunk))
        transcript = live.transcript()
    feeder.join(5)
    assert [chunk.index for _, chunk in arrivals] == list(range(len(arrivals)))
    assert [chunk.start for _, chunk in arrivals] == sorted(chunk.start for _, chunk in arrivals)
    _judge_live(server, arrivals, log, speed, transcript)


@pytest.mark.anyio
@pytest.mark.parametrize("source", ["pipe", "async-iterable"])
async def test_the_async_twin_gives_the_same_from_a_pipe_or_an_async_iterable(
    server: StandIn, recordings: dict[str, bytes], source: str
) -> None:
    import anyio

    server.reset()
    speed = 40.0
    data = recordings["mp3"]
    log: list[Written] = []
    if source == "pipe":
        given: Any = None
        pipe, log, _feeder = _fed(data, speed)
        given = pipe
    else:
        block = len(data) // 2400

        async def arriving() -> AsyncIterator[bytes]:
            started = time.monotonic()
            for offset in range(0, len(data), block):
                yield data[offset : offset + block]
                seconds = min(len(data), offset + block) / len(data) * SECONDS
                log.append(Written(seconds, time.monotonic()))
                await anyio.sleep(max(0.0, started + seconds / speed - time.monotonic()))

        given = arriving()
    arrivals = []
    with _client(server) as client:
        async with client.stt.transcribe_stream_async(input_audio=given, model=MODEL, timed=True) as live:
            async for chunk in live:
                arrivals.append((time.monotonic(), chunk))
            transcript = live.transcript()
    if source == "pipe":
        given.close()
    _judge_live(server, arrivals, log, speed, transcript)


# --- formats as streams ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["flac", "ogg", "webm", "pcm44", "pcm16"])
def test_every_stream_format_is_heard_at_its_times(server: StandIn, kind: str) -> None:
    wav = tone_recording(
        SHORT, 31.0, rate=44_100 if kind == "pcm44" else 16_000, channels=2 if kind == "pcm44" else 1
    )
    arguments: dict[str, Any] = {}
    if kind.startswith("pcm"):
        data = wav[wav.find(b"data") + 8 :]
        arguments = {"audio_format": "pcm"}
        if kind == "pcm44":
            arguments |= {"sample_rate": 44_100, "channels": 2}
    else:
        data = encode_audio(wav, kind)
    blocks = (data[i : i + 3000] for i in range(0, len(data), 3000))
    with _client(server) as client:
        live = client.stt.transcribe_stream(input_audio=blocks, model=MODEL, timed=True, **arguments)
        chunks = list(live)
    assert all(chunk.done for chunk in chunks)
    _judge_segments(SHORT, live.transcript().segments)


# --- bounded: back-pressure, limits, stopping -------------------------------------------------------


def test_a_source_faster_than_the_server_is_read_no_further_than_the_parts_in_flight(
    recordings: dict[str, bytes],
) -> None:
    data = recordings["wav"]
    taken = [0]
    block = 32_000  # a second of 16 kHz mono a block

    def source() -> Iterator[bytes]:
        for offset in range(0, len(data), block):
            taken[0] = offset + block
            yield data[offset : offset + block]

    with StandIn(scenario="delay-ms=400") as slow, _client(slow) as client:
        live = client.stt.transcribe_stream(input_audio=source(), model=MODEL, concurrency=2)
        first = next(live)
        read_when_first_came = taken[0] / block  # seconds of stream read
        rest = list(live)
    assert first.done and all(chunk.done for chunk in rest)
    # Two parts in flight (at most 15 s each), one being cut (15 s), a second of read-ahead: never
    # the whole 240 s stream, which a source answering at once would give in no time.
    assert read_when_first_came <= 2 * 15 + 15 + 2 + 20, read_when_first_came


def test_max_seconds_ends_the_session_and_what_was_read_is_sent(
    server: StandIn, recordings: dict[str, bytes]
) -> None:
    data = recordings["wav"]
    with _client(server) as client:
        live = client.stt.transcribe_stream(input_audio=iter([data]), model=MODEL, timed=True, max_seconds=60)
        chunks = list(live)
    assert live.seconds == pytest.approx(60.0)
    assert chunks[-1].end <= 60.0
    _judge_segments([tone for tone in TONES if tone.end <= 60.0], live.transcript().segments)


def test_stop_reads_no_more_and_what_was_read_comes_out(
    server: StandIn, recordings: dict[str, bytes]
) -> None:
    pipe, _log, _feeder = _fed(recordings["wav"], 40.0)
    with _client(server) as client, pipe:
        live = client.stt.transcribe_stream(input_audio=pipe, model=MODEL, timed=True)
        chunks = [next(live)]
        live.stop()
        chunks += list(live)
    assert all(chunk.done for chunk in chunks)
    assert 5.0 <= live.seconds < 0.5 * SECONDS
    spoken = [tone for tone in TONES if tone.end <= live.seconds - 0.3]
    _judge_segments(spoken, [s for s in live.transcript().segments if s.start < spoken[-1].end + 0.1])


# --- faults: retries, 413 re-splits, the spend cap, an account refusal ---------------------------


def test_a_part_answered_413_is_split_and_one_answered_503_retried() -> None:
    wav = tone_recording(SHORT, 31.0)
    with (
        StandIn(scenario="max-bytes=120000") as small,
        OpenRouter(api_key="k", server_url=small.base_url) as client,
    ):
        live = client.stt.transcribe_stream(
            input_audio=iter([wav]), model=MODEL, timed=True, min_chunk_seconds=12, max_chunk_seconds=15,
            max_chunk_bytes=24_000_000,
        )  # fmt: skip
        chunks = list(live)
        assert any(r.status == 413 for r in small.requests)
    assert all(chunk.done for chunk in chunks)
    _judge_segments(SHORT, live.transcript().segments)
    with (
        StandIn(scenario="status=503;fail-first=1") as flaky,
        OpenRouter(
            api_key="k", server_url=flaky.base_url, retries=RetryConfig("backoff", max_retries=2)
        ) as client,
    ):
        chunks = list(client.stt.transcribe_stream(input_audio=iter([wav]), model=MODEL))
    assert all(chunk.done for chunk in chunks) and sum(chunk.attempts for chunk in chunks) == len(chunks) + 1


def test_the_spend_cap_stops_reading_and_raises_with_what_was_answered(
    server: StandIn, recordings: dict[str, bytes]
) -> None:
    server.reset()
    with _client(server) as client:
        live = client.stt.transcribe_stream(
            input_audio=iter([recordings["wav"]]), model=MODEL, max_cost="0.004", price_per_second="0.0001",
            concurrency=1,
        )  # fmt: skip
        chunks: list[Any] = []
        with pytest.raises(errors.SpendCapReachedError) as raised:
            chunks.extend(live)
    sent = [r for r in server.requests if r.path.endswith("/audio/transcriptions")]
    assert sum(chunk.end - chunk.start for chunk in chunks if chunk.done) * 0.0001 <= 0.004 + 1e-9
    assert len(sent) == len([chunk for chunk in chunks if chunk.done]) >= 1
    assert raised.value.transcript is not None and raised.value.transcript.text


def test_an_account_refusal_stops_the_stream() -> None:
    with StandIn(scenario="status=402") as broke, _client(broke) as client:
        live = client.stt.transcribe_stream(input_audio=iter([tone_recording(SHORT, 31.0)]), model=MODEL)
        with pytest.raises(errors.PaymentRequiredResponseError):
            list(live)
        assert len(broke.requests) <= 4  # the ones in flight when the first answer came


# --- bad input: a clear error, nothing sent -----------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "arguments", "field", "words"),
    [
        (b"RIFF....WAVE", {}, "input_audio", "whole recording"),
        (io.StringIO("text"), {}, "input_audio", "text stream"),
        (42, {}, "input_audio", "got int"),
        ("/no/such/pipe", {}, "input_audio", "no such file"),
        (iter([b""]), {"sample_rate": 8000}, "sample_rate", "'pcm' only"),
        (iter([b""]), {"audio_format": "pcm", "channels": 0}, "channels", ">= 1"),
        (iter([b""]), {"min_chunk_seconds": 30}, "min_chunk_seconds", "more than max_chunk_seconds"),
        (iter([b""]), {"reuse_chunks": []}, "reuse_chunks", "not taken"),
        (iter([b""]), {"max_seconds": 0}, "max_seconds", "> 0"),
    ],
)
def test_bad_arguments_are_refused_before_anything_is_read(
    server: StandIn, source: Any, arguments: dict[str, Any], field: str, words: str
) -> None:
    server.reset()
    with _client(server) as client, pytest.raises(errors.InvalidInputError) as raised:
        client.stt.transcribe_stream(input_audio=source, model=MODEL, **arguments)
    assert raised.value.field == field and words in str(raised.value)
    assert server.requests == []


@pytest.mark.parametrize(
    ("chunks", "words"),
    [([], "ended before any audio"), ([b"hello, this is text, not audio at all"], "not of an audio format"),
     ([b"not text", "a str"], "not bytes")],
)  # fmt: skip
def test_a_stream_that_is_not_audio_is_refused_before_any_request(
    server: StandIn, chunks: list[Any], words: str
) -> None:
    server.reset()
    with _client(server) as client:
        live = client.stt.transcribe_stream(input_audio=iter(chunks), model=MODEL, audio_format=None)
        with pytest.raises(errors.InvalidInputError, match=words):
            list(live)
    assert server.requests == []


def test_an_async_iterable_is_for_the_async_call(server: StandIn) -> None:
    async def nothing() -> AsyncIterator[bytes]:
        yield b""

    with _client(server) as client, pytest.raises(errors.InvalidInputError, match="transcribe_stream_async"):
        client.stt.transcribe_stream(input_audio=nothing(), model=MODEL)


# --- a stream that ends badly -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["wav", "mp3"])
def test_a_stream_cut_off_mid_sound_has_what_was_heard_transcribed(server: StandIn, kind: str) -> None:
    tones = [Tone(0.5, 1.5, 500), Tone(3.0, 6.0, 700)]  # the stream stops at 4.5 s: in the second
    wav = tone_recording(tones, 8.0)
    data = piped_wav(wav) if kind == "wav" else encode_audio(wav, "mp3")
    cut_off = data[: round(len(data) * 4.5 / 8.0)]
    with _client(server) as client:
        live = client.stt.transcribe_stream(input_audio=iter([cut_off]), model=MODEL, timed=True)
        chunks = list(live)
    assert all(chunk.done for chunk in chunks)
    segments = live.transcript().segments
    assert [HEARD.findall(segment.text) for segment in segments] == [["500"], ["700"]]
    assert abs(segments[1].start - 3.0) <= 0.1 and segments[1].end == pytest.approx(4.5, abs=0.15)
    assert live.seconds == pytest.approx(4.5, abs=0.1)


def test_a_stream_corrupt_part_way_has_what_came_before_transcribed(
    server: StandIn, caplog: pytest.LogCaptureFixture
) -> None:
    mp3 = encode_audio(tone_recording(SHORT, 31.0), "mp3")
    middle = len(mp3) // 2
    broken = mp3[:middle] + bytes(range(256)) * 40 + b"\xff" * 3000  # garbage where frames should be
    with _client(server) as client:
        live = client.stt.transcribe_stream(input_audio=iter([broken]), model=MODEL, timed=True)
        chunks = list(live)
    assert chunks and all(chunk.done for chunk in chunks)
    heard = [
        _tone_of(SHORT, int(hertz))
        for segment in live.transcript().segments
        for hertz in HEARD.findall(segment.text)
    ]
    assert heard == [tone for tone in SHORT if tone.end <= live.seconds][: len(heard)]
    assert len(heard) >= 5


def test_an_mp3_stream_without_its_header_is_placed_as_one_with_it(server: StandIn) -> None:
    """No LAME header to announce the encoder's delay (a stream joined part-way, or piped by an
    encoder that could not go back to write one): its sound is still placed where it was."""
    import av

    mp3 = encode_audio(tone_recording(SHORT, 31.0, rate=44_100), "mp3")
    with av.open(io.BytesIO(mp3), mode="r") as container:
        first = next(bytes(packet) for packet in container.demux(container.streams.audio[0]) if packet.size)
    headless = mp3[mp3.find(first) :]  # from the first audio frame: the Info frame before it dropped
    assert 0 < len(mp3) - len(headless) < 2000
    with _client(server) as client:
        for data in (mp3, headless):
            live = client.stt.transcribe_stream(input_audio=iter([data]), model=MODEL, timed=True)
            list(live)
            errors_ = _judge_segments(SHORT, live.transcript().segments)
            assert max(errors_) <= 0.012, errors_  # the stand-in hears in 10 ms frames


def test_an_iterator_dropped_unfinished_reads_and_sends_no_more(
    server: StandIn, recordings: dict[str, bytes]
) -> None:
    import gc

    pipe, _log, _feeder = _fed(recordings["wav"], 40.0)
    server.reset()
    with _client(server) as client, pipe:
        for _chunk in client.stt.transcribe_stream(input_audio=pipe, model=MODEL):
            break  # the loop left: the iterator is dropped
        gc.collect()
        time.sleep(1.0)  # 40 s of stream at 40 x: parts would have gone if it still read
        sent = len(server.requests)
        time.sleep(1.0)
        assert len(server.requests) == sent <= 1 + 4 + 1


@pytest.mark.anyio
async def test_a_cap_without_a_price_is_priced_by_the_catalog_sync_and_async(server: StandIn) -> None:
    wav = tone_recording(SHORT, 31.0)
    server.reset()
    with _client(server) as client:
        chunks = list(client.stt.transcribe_stream(input_audio=iter([wav]), model=MODEL, max_cost="1"))
    async with OpenRouter(api_key="k", server_url=server.base_url) as client:
        live = client.stt.transcribe_stream_async(input_audio=iter([wav]), model=MODEL, max_cost="1")
        async with live:
            async_chunks = [chunk async for chunk in live]
    assert all(chunk.done for chunk in chunks + async_chunks) and len(chunks) == len(async_chunks)
    catalog = [request for request in server.requests if request.method == "GET"]
    assert len(catalog) == 2 and all("/models" in request.path for request in catalog)
