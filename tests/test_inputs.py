"""Bad input is refused before any network traffic, with an error naming the field and the fix."""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
import respx
from conftest import API_KEY, MODEL

from openrouter_ext import BackoffStrategy, InvalidInputError, OpenRouter, RetryConfig
from openrouter_ext.testing import StandIn, sine_wav

WAV = sine_wav(0.1)
GOOD_AUDIO = {"data": base64.b64encode(WAV).decode(), "format": "wav"}
URL_AUDIO = {"url": "https://example.com/a.mp3"}

JSON_CASES: list[tuple[str, dict[str, Any], str]] = [
    ("model missing", {"input_audio": GOOD_AUDIO}, "model"),
    ("model empty", {"input_audio": GOOD_AUDIO, "model": ""}, "model"),
    ("model blank", {"input_audio": GOOD_AUDIO, "model": "   "}, "model"),
    ("model padded", {"input_audio": GOOD_AUDIO, "model": " openai/whisper-1 "}, "model"),
    ("model not a string", {"input_audio": GOOD_AUDIO, "model": 7}, "model"),
    ("input_audio missing", {"model": MODEL}, "input_audio"),
    ("input_audio a string", {"input_audio": "UklGRiQA", "model": MODEL}, "input_audio"),
    ("no data", {"input_audio": {"format": "wav"}, "model": MODEL}, "input_audio.data"),
    ("no format", {"input_audio": {"data": GOOD_AUDIO["data"]}, "model": MODEL}, "input_audio.format"),
    ("data not base64", {"input_audio": {"data": "not base64!", "format": "wav"}, "model": MODEL}, "input_audio.data"),
    ("data unpadded", {"input_audio": {"data": "UklGRi", "format": "wav"}, "model": MODEL}, "input_audio.data"),
    ("data url-safe", {"input_audio": {"data": "ab-_", "format": "wav"}, "model": MODEL}, "input_audio.data"),
    ("data with newlines", {"input_audio": {"data": "UklG\nRiQA", "format": "wav"}, "model": MODEL},
     "input_audio.data"),
    ("data empty", {"input_audio": {"data": "", "format": "wav"}, "model": MODEL}, "input_audio.data"),
    ("data only padding", {"input_audio": {"data": "====", "format": "wav"}, "model": MODEL}, "input_audio.data"),
    ("data bytes", {"input_audio": {"data": WAV, "format": "wav"}, "model": MODEL}, "input_audio.data"),
    ("data URI", {"input_audio": {"data": "data:audio/wav;base64," + GOOD_AUDIO["data"], "format": "wav"},
                  "model": MODEL}, "input_audio.data"),
    ("unknown format", {"input_audio": {"data": GOOD_AUDIO["data"], "format": "xyz"}, "model": MODEL},
     "input_audio.format"),
    ("format not a string", {"input_audio": {"data": GOOD_AUDIO["data"], "format": 3}, "model": MODEL},
     "input_audio.format"),
    ("format and format_ disagree", {"input_audio": {**GOOD_AUDIO, "format_": "mp3"}, "model": MODEL},
     "input_audio"),
    ("misspelt key", {"input_audio": {"data": GOOD_AUDIO["data"], "fromat": "wav"}, "model": MODEL},
     "input_audio.fromat"),
    ("data and url", {"input_audio": {**GOOD_AUDIO, "url": "https://example.com/a.mp3"}, "model": MODEL},
     "input_audio"),
    ("ftp url", {"input_audio": {"url": "ftp://example.com/a.mp3"}, "model": MODEL}, "input_audio.url"),
    ("relative url", {"input_audio": {"url": "/a.mp3"}, "model": MODEL}, "input_audio.url"),
    ("url without extension or format", {"input_audio": {"url": "https://example.com/audio"}, "model": MODEL},
     "input_audio.format"),
    ("language empty", {"input_audio": GOOD_AUDIO, "model": MODEL, "language": ""}, "language"),
    ("response_format unknown", {"input_audio": GOOD_AUDIO, "model": MODEL, "response_format": "text"},
     "response_format"),
    ("temperature a string", {"input_audio": GOOD_AUDIO, "model": MODEL, "temperature": "0.2"}, "temperature"),
    ("temperature a bool", {"input_audio": GOOD_AUDIO, "model": MODEL, "temperature": True}, "temperature"),
    ("temperature NaN", {"input_audio": GOOD_AUDIO, "model": MODEL, "temperature": float("nan")}, "temperature"),
    ("temperature negative", {"input_audio": GOOD_AUDIO, "model": MODEL, "temperature": -1}, "temperature"),
    ("granularities a string", {"input_audio": GOOD_AUDIO, "model": MODEL, "timestamp_granularities": "word"},
     "timestamp_granularities"),
    ("granularity unknown", {"input_audio": GOOD_AUDIO, "model": MODEL, "timestamp_granularities": ["minute"]},
     "timestamp_granularities[0]"),
    ("diarize a string", {"input_audio": GOOD_AUDIO, "model": MODEL, "diarize": "yes"}, "diarize"),
    ("keyterms a string", {"input_audio": GOOD_AUDIO, "model": MODEL, "keyterms": "OpenRouter"}, "keyterms"),
    ("keyterm a number", {"input_audio": GOOD_AUDIO, "model": MODEL, "keyterms": ["a", 1]}, "keyterms[1]"),
    ("session_id too long", {"input_audio": GOOD_AUDIO, "model": MODEL, "session_id": "s" * 257}, "session_id"),
    ("url with a space", {"input_audio": {"url": "https://example.com/a b.mp3"}, "model": MODEL}, "input_audio.url"),
    ("url with a tab", {"input_audio": {"url": "https://example.com/a\tb.mp3"}, "model": MODEL}, "input_audio.url"),
    ("url string with a newline", {"input_audio": "https://example.com/a\n.mp3", "model": MODEL}, "input_audio.url"),
    ("trace a string", {"input_audio": GOOD_AUDIO, "model": MODEL, "trace": "t-1"}, "trace"),
    ("trace id a number", {"input_audio": GOOD_AUDIO, "model": MODEL, "trace": {"trace_id": 5}}, "trace.trace_id"),
    ("user a number", {"input_audio": GOOD_AUDIO, "model": MODEL, "user": 42}, "user"),
    ("provider a string", {"input_audio": GOOD_AUDIO, "model": MODEL, "provider": "openai"}, "provider"),
    ("zdr a string", {"input_audio": GOOD_AUDIO, "model": MODEL, "provider": {"zdr": "yes"}}, "provider.zdr"),
    ("data_collection unknown", {"input_audio": GOOD_AUDIO, "model": MODEL,
                                 "provider": {"data_collection": "maybe"}}, "provider.data_collection"),
    ("provider options not objects", {"input_audio": GOOD_AUDIO, "model": MODEL,
                                      "provider": {"options": {"openai": 1}}}, "provider.options.openai"),
    ("provider option a set", {"input_audio": GOOD_AUDIO, "model": MODEL,
                               "provider": {"options": {"openai": {"tags": {"a"}}}}}, "provider.options.openai.tags"),
    ("trace extra NaN", {"input_audio": GOOD_AUDIO, "model": MODEL, "trace": {"score": float("inf")}}, "trace.score"),
    ("unknown argument", {"input_audio": GOOD_AUDIO, "model": MODEL, "langauge": "en"}, "langauge"),
    ("server_url ftp", {"input_audio": GOOD_AUDIO, "model": MODEL, "server_url": "ftp://x.example"}, "server_url"),
    ("server_url no host", {"input_audio": GOOD_AUDIO, "model": MODEL, "server_url": "https://"}, "server_url"),
    ("timeout_ms zero", {"input_audio": GOOD_AUDIO, "model": MODEL, "timeout_ms": 0}, "timeout_ms"),
    ("timeout_ms a string", {"input_audio": GOOD_AUDIO, "model": MODEL, "timeout_ms": "100"}, "timeout_ms"),
    ("retries a string", {"input_audio": GOOD_AUDIO, "model": MODEL, "retries": "none"}, "retries"),
    ("header value a number", {"input_audio": GOOD_AUDIO, "model": MODEL, "http_headers": {"X-A": 1}},
     "http_headers"),
    ("header value not ASCII", {"input_audio": GOOD_AUDIO, "model": MODEL, "http_headers": {"X-A": "café"}},
     "http_headers['X-A']"),
    ("header name with a space", {"input_audio": GOOD_AUDIO, "model": MODEL, "http_headers": {"X A": "1"}},
     "http_headers"),
    ("title with a line break", {"input_audio": GOOD_AUDIO, "model": MODEL, "x_open_router_title": "a\r\nX-Evil: 1"},
     "x_open_router_title"),
    ("http_referer a number", {"input_audio": GOOD_AUDIO, "model": MODEL, "http_referer": 5}, "http_referer"),
]  # fmt: skip

MULTIPART_CASES: list[tuple[str, dict[str, Any], str]] = [
    ("neither file nor source_url", {"model": MODEL}, "file"),
    ("both file and source_url", {"model": MODEL, "file": ("a.wav", WAV), "source_url": "https://x.example/a.wav"},
     "file"),
    ("model missing", {"file": ("a.wav", WAV)}, "model"),
    ("text-mode file", {"model": MODEL, "file": io.StringIO("hello")}, "file"),
    ("bytes that are not audio", {"model": MODEL, "file": b"hello, world"}, "file"),
    ("name without an audio extension", {"model": MODEL, "file": ("notes.txt", WAV)}, "file"),
    ("empty file", {"model": MODEL, "file": ("a.wav", b"")}, "file"),
    ("too large", {"model": MODEL, "file": ("a.wav", io.BytesIO(bytes(25 * 1024 * 1024 + 1)))}, "file"),
    ("content not bytes", {"model": MODEL, "file": ("a.wav", 12345)}, "file"),
    ("source_url not a URL", {"model": MODEL, "source_url": "a.wav"}, "source_url"),
    ("provider not JSON", {"model": MODEL, "source_url": "https://x.example/a.wav", "provider": "{zdr"}, "provider"),
    ("provider JSON not an object", {"model": MODEL, "source_url": "https://x.example/a.wav", "provider": '"x"'},
     "provider"),
    ("provider with a bytes value", {"model": MODEL, "source_url": "https://x.example/a.wav",
                                     "provider": {"options": {"openai": {"k": b"x"}}}}, "provider.options.openai.k"),
    ("trace a list", {"model": MODEL, "source_url": "https://x.example/a.wav", "trace": ["t"]}, "trace"),
    ("diarize a number", {"model": MODEL, "file": ("a.wav", WAV), "diarize": 1}, "diarize"),
    ("session_id too long", {"model": MODEL, "file": ("a.wav", WAV), "session_id": "é" * 257}, "session_id"),
    ("source_url with a space", {"model": MODEL, "source_url": "https://x.example/a b.wav"}, "source_url"),
    ("granularity unknown", {"model": MODEL, "file": ("a.wav", WAV), "timestamp_granularities": ["hour"]},
     "timestamp_granularities[]"),
    ("input_audio is not a multipart field", {"model": MODEL, "file": ("a.wav", WAV), "input_audio": GOOD_AUDIO},
     "input_audio"),
]  # fmt: skip


@pytest.fixture
def api() -> Iterator[respx.MockRouter]:
    with respx.mock(assert_all_called=False) as router:
        router.route().respond(200, json={"text": "should not be reached"})
        yield router


BAD_CALLS = [
    *(pytest.param("create_transcription", k, f, id=f"json: {i}") for i, k, f in JSON_CASES),
    *(
        pytest.param("create_transcription_multipart", k, f, id=f"multipart: {i}")
        for i, k, f in MULTIPART_CASES
    ),
]


@pytest.mark.parametrize(("method", "kwargs", "field"), BAD_CALLS)
def test_bad_arguments_are_refused_before_sending(
    api: respx.MockRouter, method: str, kwargs: dict[str, Any], field: str
) -> None:
    with OpenRouter(api_key=API_KEY) as client, pytest.raises(InvalidInputError) as caught:
        getattr(client.stt, method)(**kwargs)
    assert caught.value.field.startswith(field), caught.value
    assert str(caught.value).startswith(caught.value.field + ":")
    assert not api.calls


@pytest.mark.anyio
async def test_async_calls_refuse_bad_input_the_same_way(api: respx.MockRouter) -> None:
    async with OpenRouter(api_key=API_KEY) as client:
        for _, kwargs, field in JSON_CASES:
            with pytest.raises(InvalidInputError) as caught:
                await client.stt.create_transcription_async(**kwargs)
            assert caught.value.field.startswith(field)
        for _, kwargs, field in MULTIPART_CASES:
            with pytest.raises(InvalidInputError) as caught:
                await client.stt.create_transcription_multipart_async(**kwargs)
            assert caught.value.field.startswith(field)
    assert not api.calls


def test_a_real_server_sees_zero_requests_for_every_bad_input(openrouter_stand_in: StandIn) -> None:
    with OpenRouter(api_key=API_KEY, server_url=openrouter_stand_in.base_url) as client:
        for _, kwargs, _field in JSON_CASES:
            kwargs = {"server_url": openrouter_stand_in.base_url, **kwargs}
            with pytest.raises(InvalidInputError):
                client.stt.create_transcription(**kwargs)
        for _, kwargs, _field in MULTIPART_CASES:
            with pytest.raises(InvalidInputError):
                client.stt.create_transcription_multipart(**kwargs)
    assert openrouter_stand_in.requests == []


# Values exactly at a limit are sent; one step past it is refused (see BAD_CALLS).
JSON_AT_THE_LIMIT = {"input_audio": GOOD_AUDIO, "model": MODEL}
MULTIPART_AT_THE_LIMIT = {"file": ("a.wav", WAV), "model": MODEL}
AT_THE_LIMIT = [
    ("create_transcription", {**JSON_AT_THE_LIMIT, "session_id": "s" * 256}),
    ("create_transcription", {**JSON_AT_THE_LIMIT, "session_id": "é" * 256}),  # characters, not bytes
    ("create_transcription", {**JSON_AT_THE_LIMIT, "temperature": 0}),
    ("create_transcription", {"input_audio": {"url": "https://example.com/a%20b.mp3"}, "model": MODEL}),
    ("create_transcription_multipart", {**MULTIPART_AT_THE_LIMIT, "session_id": "s" * 256}),
    ("create_transcription_multipart", {**MULTIPART_AT_THE_LIMIT, "session_id": "é" * 256}),
    ("create_transcription_multipart", {**MULTIPART_AT_THE_LIMIT, "temperature": 0}),
    ("create_transcription_multipart", {"source_url": "https://example.com/a%20b.mp3", "model": MODEL}),
]


@pytest.mark.parametrize(("method", "kwargs"), AT_THE_LIMIT)
def test_values_at_a_limit_are_sent(stand_in: StandIn, method: str, kwargs: dict[str, Any]) -> None:
    with OpenRouter(api_key=API_KEY, server_url=stand_in.base_url) as client:
        getattr(client.stt, method)(**kwargs)
    assert [seen.status for seen in stand_in.requests] == [200]


def test_the_message_names_the_fix() -> None:
    with OpenRouter(api_key=API_KEY) as client:
        with pytest.raises(InvalidInputError, match=r"Strip the 'data:audio/wav;base64,' prefix"):
            client.stt.create_transcription(
                input_audio={"data": "data:audio/wav;base64,UklG", "format": "wav"}, model=MODEL
            )
        with pytest.raises(InvalidInputError, match="Did you mean language"):
            client.stt.create_transcription(input_audio=GOOD_AUDIO, model=MODEL, langauge="en")  # type: ignore[call-arg]
        with pytest.raises(InvalidInputError, match=r"create_transcription\(input_audio=\.\.\.\) or by URL"):
            client.stt.create_transcription_multipart(
                model=MODEL, file=("a.wav", io.BytesIO(bytes(26 << 20)))
            )


def test_the_format_is_normalised_to_lower_case(openrouter_stand_in: StandIn) -> None:
    with OpenRouter(api_key=API_KEY, server_url=openrouter_stand_in.base_url) as client:
        client.stt.create_transcription(
            input_audio={"data": GOOD_AUDIO["data"], "format": "WAV"}, model=MODEL
        )
    assert b'"format":"wav"' in openrouter_stand_in.requests[-1].body


@pytest.mark.parametrize("key", ["", "   ", None, "sk-or-v1-abc\r\nX-Evil: 1", "sk or v1"])
def test_a_missing_empty_or_malformed_key_is_refused_at_construction(key: str | None) -> None:
    with pytest.raises(InvalidInputError) as caught:
        OpenRouter(api_key=key)
    assert caught.value.field == "api_key"
    assert "X-Evil" not in str(caught.value)


def test_the_key_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, openrouter_stand_in: StandIn
) -> None:
    monkeypatch.setenv("OPENROUTER_API_KEY", "sk-from-env")
    with OpenRouter(server_url=openrouter_stand_in.base_url) as client:
        client.stt.create_transcription(input_audio=GOOD_AUDIO, model=MODEL)
    assert len(openrouter_stand_in.requests) == 1


def test_a_key_function_returning_nothing_fails_before_sending(api: respx.MockRouter) -> None:
    with OpenRouter(api_key=lambda: "") as client, pytest.raises(InvalidInputError, match="api_key"):
        client.stt.create_transcription(input_audio=GOOD_AUDIO, model=MODEL)
    assert not api.calls


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"server_url": "file:///etc/passwd"}, "server_url"),
        ({"timeout_ms": -5}, "timeout_ms"),
        ({"retries": 3}, "retries"),
        ({"http_referer": ""}, "http_referer"),
    ],
)
def test_bad_client_settings_are_refused_at_construction(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        OpenRouter(api_key=API_KEY, **kwargs)
    assert caught.value.field == field


def test_large_base64_given_inline_goes_as_given_retries_included(stand_in: StandIn) -> None:
    # At 64 KB and more the base64 is spliced into the body, not written again by json.dumps: the
    # body on the wire must be the very JSON of the call, every attempt.
    audio = {"data": base64.b64encode(sine_wav(3.0)).decode(), "format": "wav"}
    assert len(audio["data"]) > 64 * 1024
    retry = RetryConfig("backoff", BackoffStrategy(1, 5, 2.0, 5_000))
    with OpenRouter(api_key=API_KEY, server_url=stand_in.base_url, retries=retry) as client:
        client.stt.create_transcription(
            input_audio=audio, model=MODEL, http_headers={"X-Stand-In-Scenario": "status=503;fail-first=1"}
        )
    first, second = stand_in.requests
    assert first.status == 503 and second.status == 200 and first.body == second.body
    assert json.loads(second.body) == {"input_audio": audio, "model": MODEL}
    assert int(second.headers["content-length"]) == len(second.body)


def test_large_base64_that_is_not_is_refused_before_sending(stand_in: StandIn) -> None:
    data = base64.b64encode(sine_wav(3.0)).decode()
    with OpenRouter(api_key=API_KEY, server_url=stand_in.base_url) as client:
        for bad in (data[:-4] + "AB*=", "é" + data[1:], data[:-1]):
            with pytest.raises(InvalidInputError) as caught:
                client.stt.create_transcription(input_audio={"data": bad, "format": "wav"}, model=MODEL)
            assert caught.value.field == "input_audio.data"
    assert stand_in.requests == []
