"""The spend cap judged against what the stand-in bills: recordings of known lengths at its list
price per audio second, a cap well under their cost. The spend may pass the cap only by the
misestimate of the requests in flight; what stopped keeps its answered parts, and a rerun with a
higher cap pays no audio second twice."""

from __future__ import annotations

import asyncio
import json
import pickle
from decimal import Decimal
from typing import Any

import pytest

from openrouter_ext import (
    IncompleteTranscriptError,
    InvalidInputError,
    OpenRouter,
    RetryConfig,
    SpendCap,
    SpendCapReachedError,
    Transcript,
    errors,
)
from openrouter_ext.testing import StandIn, Tone, tone_recording
from openrouter_ext.testing._catalog import WHISPER_PRICE

WHISPER = "openai/whisper-large-v3"
PRICE = Decimal(WHISPER_PRICE)
PART = 30.0  # seconds: parts of at most this long, so a few minutes make many requests


def _tones(seconds: float) -> list[Tone]:
    return [Tone(2.0 + 9 * n, 6.0 + 9 * n, 300 + 10 * (n % 60)) for n in range(int((seconds - 7) // 9))]


@pytest.fixture(scope="module")
def server() -> Any:
    with StandIn() as stand_in:
        yield stand_in


def _client(server: StandIn) -> OpenRouter:
    return OpenRouter(api_key="k", server_url=server.base_url, retries=RetryConfig("none"))


def _billed_seconds(server: StandIn) -> list[tuple[float, float]]:
    """Each billed request's (seconds, cost), as the stand-in answered them."""
    billed = []
    for request in server.requests:
        if request.method == "POST" and request.status == 200:
            usage = json.loads(request.response)["usage"]
            billed.append((usage["seconds"], usage["cost"]))
    return billed


LENGTHS = [95.0, 140.0, 61.0, 180.0, 75.0, 120.0]


@pytest.mark.anyio
async def test_a_shared_cap_stops_a_batch_within_the_requests_in_flight_and_a_rerun_pays_nothing_twice(
    server: StandIn,
) -> None:
    pytest.importorskip("av", reason="cutting needs the audio extra")
    recordings = [tone_recording(_tones(seconds), seconds) for seconds in LENGTHS]
    true_cost = PRICE * Decimal(repr(sum(LENGTHS)))
    cap = SpendCap(true_cost * Decimal("0.4"), price_per_second=PRICE)
    server.reset()
    concurrency = 2  # parts in flight per file; three files at once: six requests at most
    gate = asyncio.Semaphore(3)

    async def one(client: OpenRouter, audio: bytes) -> Transcript | SpendCapReachedError:
        async with gate:
            try:
                return await client.stt.transcribe_async(
                    input_audio=audio,
                    model=WHISPER,
                    max_chunk_seconds=PART,
                    concurrency=concurrency,
                    spend_cap=cap,
                )
            except SpendCapReachedError as error:
                return error

    async with _client(server) as client:
        first = await asyncio.gather(*(one(client, audio) for audio in recordings))
    billed = _billed_seconds(server)
    spent = Decimal(repr(sum(cost for _, cost in billed)))
    largest_part = PRICE * Decimal(repr(PART))
    assert spent <= cap.max_cost + 3 * concurrency * largest_part
    assert cap.spent == pytest.approx(spent, abs=Decimal("1e-6")) and cap.reserved == 0
    stopped = [result for result in first if isinstance(result, SpendCapReachedError)]
    assert stopped and len(stopped) < len(recordings)  # some finished, some were stopped
    for error in stopped:
        assert error.cap == cap.max_cost and error.transcript is not None
        assert error.transcript.missing and all(
            isinstance(c.error, SpendCapReachedError) for c in error.transcript.missing
        )

    # The rerun: a higher cap, each stopped file given its answered parts back.
    server.reset()
    rerun_cap = SpendCap(true_cost * 2, price_per_second=PRICE)
    async with _client(server) as client:
        for index, result in enumerate(first):
            if isinstance(result, SpendCapReachedError):
                assert result.transcript is not None
                finished = await client.stt.transcribe_async(
                    input_audio=recordings[index], model=WHISPER, max_chunk_seconds=PART, spend_cap=rerun_cap,
                    reuse_chunks=result.transcript.chunks,
                )  # fmt: skip
                first[index] = finished
    for result, seconds in zip(first, LENGTHS, strict=True):  # every file whole now: each tone heard once
        assert isinstance(result, Transcript) and not result.missing
        assert result.text.count(" Hz at ") == len(_tones(seconds))
    # No audio second paid twice: the two runs' billed seconds add up to the recordings' length.
    both = sum(seconds for seconds, _ in billed) + sum(seconds for seconds, _ in _billed_seconds(server))
    assert both == pytest.approx(sum(LENGTHS), abs=0.05)


def test_a_whole_request_past_the_cap_is_not_sent(server: StandIn) -> None:
    server.reset()
    with _client(server) as client:
        with pytest.raises(SpendCapReachedError) as caught:
            client.stt.transcribe(input_audio=tone_recording([], 20.0), model=WHISPER, max_cost="0.001",
                                  price_per_second=PRICE)  # fmt: skip
    assert server.requests == []
    assert (
        caught.value.needed == PRICE * 20 and caught.value.spent == 0 and caught.value.cap == Decimal("0.001")
    )
    restored = pickle.loads(pickle.dumps(caught.value))
    assert (restored.cap, restored.needed, str(restored)) == (
        caught.value.cap,
        caught.value.needed,
        str(caught.value),
    )


def test_max_cost_reads_the_catalogs_price_and_a_cap_that_fits_changes_nothing(server: StandIn) -> None:
    server.reset()
    with _client(server) as client:
        transcript = client.stt.transcribe(
            input_audio=tone_recording(_tones(40.0), 40.0), model=WHISPER, max_cost=1
        )
    methods = [request.method for request in server.requests]
    assert methods == ["GET", "POST"] and not transcript.missing


def test_a_model_without_a_price_per_second_needs_one_given_before_anything_is_sent(server: StandIn) -> None:
    server.reset()
    with _client(server) as client:
        with pytest.raises(InvalidInputError) as caught:
            client.stt.transcribe(
                input_audio=tone_recording([], 5.0), model="openai/gpt-4o-transcribe", max_cost=1
            )
        with pytest.raises(InvalidInputError) as bad:
            client.stt.transcribe(input_audio=tone_recording([], 5.0), model=WHISPER, max_cost=1, language=3)  # type: ignore[arg-type]
    assert caught.value.field == "price_per_second" and "price_per_second=" in str(caught.value)
    assert bad.value.field == "language"
    assert [request.method for request in server.requests] == ["GET"]  # the catalog only, for the first


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"max_cost": 0}, "max_cost"),
        ({"max_cost": "lots", "price_per_second": "0.1"}, "max_cost"),
        ({"price_per_second": "0.1"}, "price_per_second"),
        ({"max_cost": 1, "spend_cap": SpendCap(1, price_per_second=0)}, "max_cost"),
        ({"spend_cap": "1"}, "spend_cap"),
    ],
)
def test_cap_arguments_that_do_not_make_sense_are_refused(
    server: StandIn, arguments: dict[str, Any], field: str
) -> None:
    server.reset()
    with _client(server) as client, pytest.raises(InvalidInputError) as caught:
        client.stt.transcribe(input_audio=tone_recording([], 5.0), model=WHISPER, **arguments)
    assert caught.value.field == field and server.requests == []


def test_a_refused_request_releases_its_reservation_and_a_dropped_one_keeps_it() -> None:
    with StandIn(scenario="status=503") as failing, _client(failing) as client:
        cap = SpendCap(1, price_per_second=PRICE)
        with pytest.raises(errors.ServiceUnavailableResponseError):
            client.stt.transcribe(input_audio=tone_recording([], 10.0), model=WHISPER, spend_cap=cap)
        assert cap.spent == 0 and cap.reserved == 0  # an error status is not billed
    with StandIn(scenario="drop=close") as dropping, _client(dropping) as client:
        cap = SpendCap(1, price_per_second=PRICE)
        with pytest.raises(errors.APIConnectionError):
            client.stt.transcribe(input_audio=tone_recording([], 10.0), model=WHISPER, spend_cap=cap)
        assert cap.spent == PRICE * 10 and cap.reserved == 0  # may have been billed: counted


def test_a_cap_mixed_with_other_failures_is_an_incomplete_transcript_with_both_causes() -> None:
    pytest.importorskip("av", reason="cutting needs the audio extra")
    with StandIn(scenario="status=500;fail-first=1") as server, _client(server) as client:
        cap = SpendCap(PRICE * 70, price_per_second=PRICE)
        with pytest.raises(IncompleteTranscriptError) as caught:
            client.stt.transcribe(input_audio=tone_recording(_tones(120.0), 120.0), model=WHISPER,
                                  max_chunk_seconds=PART, concurrency=1, spend_cap=cap)  # fmt: skip
    kinds = {type(error).__name__ for error in caught.value.errors}
    assert "SpendCapReachedError" in kinds and len(kinds) == 2
