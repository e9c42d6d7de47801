"""End to end against the local stand-in: sync and async, JSON and multipart, every field.

Every request sent here and every response received is validated against openapi.yaml by the
``stand_in`` fixture when the test ends.
"""

from __future__ import annotations

import base64
import io
import json
from typing import Any

import httpx
import pytest
import respx
from conftest import API_KEY, MODEL
from openrouter_ext_generated.models import (
    STTInlineInputAudio,
    STTRequestProvider,
    STTRequestResponseFormat,
    STTTimestampGranularity,
    TraceConfig,
)

from openrouter_ext import File, OpenRouter, STTResponse
from openrouter_ext._config import USER_AGENT
from openrouter_ext.testing import StandIn

EVERY_JSON_FIELD: dict[str, Any] = {
    "model": MODEL,
    "language": "en",
    "provider": {"options": {"openai": {"prompt": "names"}}, "zdr": True, "data_collection": "deny"},
    "temperature": 0.2,
    "response_format": "verbose_json",
    "timestamp_granularities": ["word", "segment"],
    "diarize": True,
    "keyterms": ["OpenRouter", "Whisper"],
    "session_id": "session-1",
    "trace": {"trace_id": "t-1", "span_name": "stt", "custom": {"kept": True}},
    "user": "user-42",
}


def _json_body(stand_in: StandIn) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(stand_in.requests[-1].body)
    return body


def test_the_readme_call_works_with_either_spelling_of_format(
    stand_in: StandIn, audio: dict[str, str]
) -> None:
    for spelling in ("format", "format_"):
        with OpenRouter(
            http_referer="https://myapp.example",
            x_open_router_title="My App",
            x_open_router_categories="cli-agent,cloud-agent",
            api_key=API_KEY,
            server_url=stand_in.base_url,
        ) as open_router:
            res = open_router.stt.create_transcription(
                input_audio={"data": audio["data"], spelling: "wav"}, model=MODEL, language="en"
            )
        assert isinstance(res, STTResponse)
        assert "wav audio" in res.text and "0.50 seconds" in res.text
        assert _json_body(stand_in)["input_audio"] == {"data": audio["data"], "format": "wav"}
        headers = stand_in.requests[-1].headers
        assert headers["http-referer"] == "https://myapp.example"
        assert headers["x-openrouter-title"] == "My App"
        assert headers["x-openrouter-categories"] == "cli-agent,cloud-agent"
        assert headers["authorization"] == "Bearer <redacted>"  # present; the stand-in drops its value
        assert headers["content-type"] == "application/json"


def test_every_json_field_reaches_the_server_as_the_spec_names_it(
    client: OpenRouter, stand_in: StandIn, audio: dict[str, str]
) -> None:
    res = client.stt.create_transcription(input_audio=audio, **EVERY_JSON_FIELD)
    assert _json_body(stand_in) == {"input_audio": audio, **EVERY_JSON_FIELD}
    assert res.task == "transcribe" and res.language == "en" and res.duration == 0.5
    assert res.segments and res.segments[0].start == 0 and res.segments[-1].end == 0.5
    assert res.words and res.words[-1].end == pytest.approx(0.5)
    assert res.usage and res.usage.seconds == 0.5


def test_generated_models_and_enums_are_accepted_for_nested_values(
    client: OpenRouter, stand_in: StandIn, audio: dict[str, str]
) -> None:
    client.stt.create_transcription(
        input_audio=STTInlineInputAudio(data=audio["data"], format_="wav"),
        model=MODEL,
        provider=STTRequestProvider.from_dict({"zdr": False}),
        trace=TraceConfig(trace_id="t"),
        response_format=STTRequestResponseFormat.VERBOSE_JSON,
        timestamp_granularities=[STTTimestampGranularity.SEGMENT],
    )
    body = _json_body(stand_in)
    assert body["input_audio"] == audio
    assert body["provider"] == {"zdr": False}
    assert body["trace"] == {"trace_id": "t"}
    assert body["response_format"] == "verbose_json"
    assert body["timestamp_granularities"] == ["segment"]


def test_url_input_is_sent_as_the_url_shape(client: OpenRouter, stand_in: StandIn) -> None:
    res = client.stt.create_transcription(input_audio={"url": "https://example.com/talk.mp3"}, model=MODEL)
    assert _json_body(stand_in)["input_audio"] == {"url": "https://example.com/talk.mp3"}
    assert "URL (mp3)" in res.text


def test_nothing_is_sent_for_optional_fields_left_out_or_none(
    client: OpenRouter, stand_in: StandIn, audio: dict[str, str]
) -> None:
    client.stt.create_transcription(input_audio=audio, model=MODEL, language=None, user=None)
    assert _json_body(stand_in) == {"input_audio": audio, "model": MODEL}


def test_multipart_upload_with_every_field(client: OpenRouter, stand_in: StandIn, wav: bytes) -> None:
    res = client.stt.create_transcription_multipart(
        file=("speech.wav", wav),
        model=MODEL,
        language="en",
        response_format="verbose_json",
        temperature=0.5,
        timestamp_granularities=["word", "segment"],
        diarize=False,
        keyterms=["alpha", "beta"],
        session_id="s",
        user="u",
        provider={"zdr": True},
        trace={"trace_id": "t"},
    )
    assert res.duration == 0.5 and res.words
    seen = stand_in.requests[-1]
    assert seen.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert "boundary=+++" not in seen.headers["content-type"]
    assert b'name="diarize"\r\nContent-Type: text/plain\r\n\r\nfalse\r\n' in seen.body
    assert b'name="provider"\r\nContent-Type: text/plain\r\n\r\n{"zdr":true}\r\n' in seen.body
    assert seen.body.count(b'name="keyterms[]"') == 2
    assert seen.body.count(b'name="timestamp_granularities[]"') == 2
    assert wav in seen.body


@pytest.mark.parametrize(
    "upload",
    [
        pytest.param(lambda wav: ("speech.wav", wav), id="tuple"),
        pytest.param(lambda wav: ("speech", wav, "audio/wav"), id="tuple-with-content-type"),
        pytest.param(
            lambda wav: {"file_name": "speech.wav", "content": wav, "content_type": "audio/wav"}, id="dict"
        ),
        pytest.param(lambda wav: File(payload=io.BytesIO(wav), file_name="speech.wav"), id="generated-File"),
        pytest.param(lambda wav: ("speech.wav", io.BytesIO(wav)), id="file-object"),
        pytest.param(lambda wav: ("speech.wav", memoryview(wav)), id="memoryview"),
    ],
)
def test_multipart_file_forms(client: OpenRouter, stand_in: StandIn, wav: bytes, upload: Any) -> None:
    res = client.stt.create_transcription_multipart(file=upload(wav), model=MODEL)
    assert "0.50 seconds" in res.text
    assert wav in stand_in.requests[-1].body


def test_multipart_from_a_file_on_disk(
    client: OpenRouter, stand_in: StandIn, wav: bytes, tmp_path: Any
) -> None:
    path = tmp_path / "meeting.wav"
    path.write_bytes(wav)
    with path.open("rb") as audio_file:
        res = client.stt.create_transcription_multipart(file=audio_file, model=MODEL)
    assert "0.50 seconds" in res.text
    assert b'filename="meeting.wav"' in stand_in.requests[-1].body


def test_multipart_by_source_url(client: OpenRouter, stand_in: StandIn) -> None:
    res = client.stt.create_transcription_multipart(source_url="https://example.com/a.flac", model=MODEL)
    assert "URL (flac)" in res.text
    assert b"filename=" not in stand_in.requests[-1].body


def test_only_boolean_parts_are_rewritten_as_json_booleans(
    client: OpenRouter, stand_in: StandIn, wav: bytes
) -> None:
    client.stt.create_transcription_multipart(
        file=("a.wav", wav),
        model=MODEL,
        diarize=True,
        keyterms=["True", "False"],
        user="False",
        language="True",
    )
    body = stand_in.requests[-1].body
    assert b'name="diarize"\r\nContent-Type: text/plain\r\n\r\ntrue\r\n' in body
    assert b'name="keyterms[]"\r\nContent-Type: text/plain\r\n\r\nTrue\r\n' in body
    assert b'name="keyterms[]"\r\nContent-Type: text/plain\r\n\r\nFalse\r\n' in body
    assert b'name="user"\r\nContent-Type: text/plain\r\n\r\nFalse\r\n' in body
    assert b'name="language"\r\nContent-Type: text/plain\r\n\r\nTrue\r\n' in body


def test_audio_containing_the_generated_fixed_boundary_arrives_intact(
    client: OpenRouter, stand_in: StandIn, wav: bytes
) -> None:
    tricky = wav + b'\r\n--+++\r\nContent-Disposition: form-data; name="model"\r\n\r\nevil\r\n--+++--\r\n'
    client.stt.create_transcription_multipart(file=("speech.wav", tricky), model=MODEL)
    assert tricky in stand_in.requests[-1].body
    assert f"{len(tricky)} bytes".encode() in stand_in.requests[-1].response


def test_per_call_headers_and_overrides(stand_in: StandIn, audio: dict[str, str]) -> None:
    with OpenRouter(
        api_key=API_KEY, server_url="http://127.0.0.1:9/unused", http_referer="https://a.example"
    ) as client:
        client.stt.create_transcription(
            input_audio=audio,
            model=MODEL,
            server_url=stand_in.base_url,
            http_referer="https://b.example",
            x_open_router_title="Per Call",
            http_headers={"X-Trace": "abc"},
            timeout_ms=5_000,
        )
    headers = stand_in.requests[-1].headers
    assert headers["http-referer"] == "https://b.example"
    assert headers["x-openrouter-title"] == "Per Call"
    assert headers["x-trace"] == "abc"
    assert headers["user-agent"].startswith("openrouter-ext/")
    assert headers["accept"] == "application/json"


@pytest.mark.parametrize("borrowed", [False, True], ids=["owned client", "borrowed client"])
def test_the_sdk_headers_go_once_with_every_request_whoever_owns_the_client(
    borrowed: bool, audio: dict[str, str]
) -> None:
    """An owned client has them as its defaults; a borrowed one gets them with each request, over its
    own; a call's http_headers override either way."""
    theirs = httpx.Client(headers={"User-Agent": "their-app/1", "Accept": "*/*"}) if borrowed else None
    with respx.mock() as api, OpenRouter(api_key=API_KEY, client=theirs) as client:
        route = api.post("https://openrouter.ai/api/v1/audio/transcriptions").respond(
            200, json={"text": "hi"}
        )
        client.stt.create_transcription(input_audio=audio, model=MODEL)
        client.stt.create_transcription(input_audio=audio, model=MODEL, http_headers={"User-Agent": "mine/2"})
    first, second = (call.request.headers for call in route.calls)
    assert first.get_list("user-agent") == [USER_AGENT]
    assert first.get_list("accept") == second.get_list("accept") == ["application/json"]
    assert second.get_list("user-agent") == ["mine/2"]
    if theirs is not None:
        theirs.close()


@pytest.mark.parametrize("server_url", ["https://example.com/v1X/", "https://example.com/v1X"])
def test_the_path_joins_the_server_url_with_or_without_its_trailing_slash(
    server_url: str, audio: dict[str, str]
) -> None:
    with respx.mock() as api, OpenRouter(api_key=API_KEY, server_url=server_url) as client:
        route = api.post("https://example.com/v1X/audio/transcriptions").respond(200, json={"text": "hi"})
        client.stt.create_transcription(input_audio=audio, model=MODEL)
    assert route.call_count == 1


@pytest.mark.anyio
async def test_async_json_and_multipart(
    async_client: OpenRouter, stand_in: StandIn, audio: dict[str, str]
) -> None:
    res = await async_client.stt.create_transcription_async(input_audio=audio, **EVERY_JSON_FIELD)
    assert res.duration == 0.5
    assert _json_body(stand_in) == {"input_audio": audio, **EVERY_JSON_FIELD}
    wav = base64.b64decode(audio["data"])
    res = await async_client.stt.create_transcription_multipart_async(
        file=("a.wav", wav), model=MODEL, diarize=True, keyterms=["x"], response_format="json"
    )
    assert "0.50 seconds" in res.text
    assert b"\r\n\r\ntrue\r\n" in stand_in.requests[-1].body


@pytest.mark.anyio
async def test_one_client_serves_sync_and_async_calls(stand_in: StandIn, audio: dict[str, str]) -> None:
    async with OpenRouter(api_key=API_KEY, server_url=stand_in.base_url) as client:
        client.stt.create_transcription(input_audio=audio, model=MODEL)
        await client.stt.create_transcription_async(input_audio=audio, model=MODEL)
    assert len(stand_in.requests) == 2
