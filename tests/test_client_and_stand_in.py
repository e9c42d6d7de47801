"""The client's life cycle and settings, and the stand-in's own behaviour."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from typing import Any

import httpx
import pytest
import respx
from _contract import response_errors
from conftest import API_KEY, MODEL

from openrouter_ext import OpenRouter, RetryConfig, _validation, errors
from openrouter_ext.testing import StandIn, audio_facts, sine_wav


def test_owned_pools_are_closed_by_the_context_manager(
    openrouter_stand_in: StandIn, audio: dict[str, str]
) -> None:
    with OpenRouter(api_key=API_KEY, server_url=openrouter_stand_in.base_url) as client:
        client.stt.create_transcription(input_audio=audio, model=MODEL)
        pool = client._transport._client
        assert pool is not None and not pool.is_closed
    assert pool.is_closed


@pytest.mark.anyio
async def test_async_context_manager_closes_both_pools(
    openrouter_stand_in: StandIn, audio: dict[str, str]
) -> None:
    async with OpenRouter(api_key=API_KEY, server_url=openrouter_stand_in.base_url) as client:
        await client.stt.create_transcription_async(input_audio=audio, model=MODEL)
        client.stt.create_transcription(input_audio=audio, model=MODEL)
        pools = (client._transport._async_client, client._transport._client)
    assert all(pool is not None and pool.is_closed for pool in pools)


def test_a_users_httpx_client_is_used_and_left_open(
    openrouter_stand_in: StandIn, audio: dict[str, str]
) -> None:
    seen: list[httpx.Request] = []
    with httpx.Client(event_hooks={"request": [seen.append]}) as http:
        with OpenRouter(api_key=API_KEY, server_url=openrouter_stand_in.base_url, client=http) as client:
            client.stt.create_transcription(input_audio=audio, model=MODEL)
        assert not http.is_closed
    assert len(seen) == 1


def test_one_pool_is_reused_across_calls(openrouter_stand_in: StandIn, audio: dict[str, str]) -> None:
    with OpenRouter(api_key=API_KEY, server_url=openrouter_stand_in.base_url) as client:
        for _ in range(5):
            client.stt.create_transcription(input_audio=audio, model=MODEL)
    ports = {request.headers.get("host") for request in openrouter_stand_in.requests}
    assert len(openrouter_stand_in.requests) == 5 and len(ports) == 1


def _offers_http2(pool: Any) -> bool:
    # httpx exposes no public flag: its transport's connection pool holds it
    # (benchmarks/bench_http2.py shows the version negotiated over TLS).
    return bool(pool._transport._pool._http2)


@pytest.mark.anyio
async def test_http2_is_offered_by_the_owned_pools_and_falls_back_to_http1(
    openrouter_stand_in: StandIn, audio: dict[str, str]
) -> None:
    async with OpenRouter(api_key=API_KEY, server_url=openrouter_stand_in.base_url, http2=True) as client:
        await client.stt.create_transcription_async(input_audio=audio, model=MODEL)
        client.stt.create_transcription(input_audio=audio, model=MODEL)  # the stand-in speaks HTTP/1.1
        pools = (client._transport._sync(), await client._transport._async())
        assert all(_offers_http2(pool) for pool in pools)
    async with OpenRouter(api_key=API_KEY, server_url=openrouter_stand_in.base_url) as client:
        pools = (client._transport._sync(), await client._transport._async())
        assert not any(_offers_http2(pool) for pool in pools)
    assert len(openrouter_stand_in.requests) == 2


def test_http2_without_h2_installed_is_refused_with_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    found = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None if name == "h2" else found(name))
    with pytest.raises(errors.InvalidInputError, match=r"http2.*h2.*openrouter-ext\[http2\]"):
        OpenRouter(api_key=API_KEY, http2=True)
    with pytest.raises(errors.InvalidInputError, match="http2"):
        OpenRouter(api_key=API_KEY, http2="yes")  # type: ignore[arg-type]


def test_timeout_ms_sets_the_request_timeout(audio: dict[str, str]) -> None:
    with respx.mock() as api:
        route = api.post("https://openrouter.ai/api/v1/audio/transcriptions").respond(200, json={"text": "x"})
        with OpenRouter(api_key=API_KEY, timeout_ms=1_500) as client:
            client.stt.create_transcription(input_audio=audio, model=MODEL)
            client.stt.create_transcription(input_audio=audio, model=MODEL, timeout_ms=250)
    first, second = (call.request.extensions["timeout"] for call in route.calls)
    assert first == {"connect": 1.5, "read": 1.5, "write": 1.5, "pool": 1.5}
    assert second == {"connect": 0.25, "read": 0.25, "write": 0.25, "pool": 0.25}


def test_a_server_that_does_not_answer_in_time_is_a_timeout_error(audio: dict[str, str]) -> None:
    import socket

    with socket.socket() as silent:  # accepts connections (the backlog) and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/api/v1"
        with (
            OpenRouter(
                api_key=API_KEY, server_url=url, timeout_ms=200, retries=RetryConfig("none")
            ) as client,
            pytest.raises(errors.APITimeoutError),
        ):
            client.stt.create_transcription(input_audio=audio, model=MODEL)


def test_a_closed_port_is_a_connection_error(audio: dict[str, str]) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/api/v1"
    with OpenRouter(api_key=API_KEY, server_url=url, retries=RetryConfig("none")) as client:
        with pytest.raises(errors.APIConnectionError) as caught:
            client.stt.create_transcription(input_audio=audio, model=MODEL)
    assert type(caught.value) is errors.APIConnectionError


# --- the stand-in ------------------------------------------------------------------------------------


def test_the_stand_in_checks_the_key_when_given_one(audio: dict[str, str]) -> None:
    with StandIn(api_key="right") as server:
        with OpenRouter(api_key="wrong", server_url=server.base_url) as client:
            with pytest.raises(errors.UnauthorizedResponseError, match="Invalid API key"):
                client.stt.create_transcription(input_audio=audio, model=MODEL)
        with OpenRouter(api_key="right", server_url=server.base_url) as client:
            client.stt.create_transcription(input_audio=audio, model=MODEL)


@pytest.mark.parametrize(
    ("headers", "body", "status", "message"),
    [
        ({}, b"{}", 401, "Missing Authentication header"),
        ({"authorization": "Bearer k", "content-type": "application/json"}, b"{oops", 400, "not valid JSON"),
        ({"authorization": "Bearer k", "content-type": "application/json"}, b'{"model": "m"}', 400, "input_audio"),
        ({"authorization": "Bearer k", "content-type": "application/json"},
         b'{"model": "m", "input_audio": {"data": "!!", "format": "wav"}}', 400, "not valid base64"),
        ({"authorization": "Bearer k", "content-type": "text/plain"}, b"hello", 400, "Unsupported content type"),
        ({"authorization": "Bearer k", "content-type": "multipart/form-data; boundary=x"},
         b"--x\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nm\r\n--x--\r\n", 400, "file"),
    ],
)  # fmt: skip
def test_the_stand_in_refuses_requests_that_break_the_spec_with_the_documented_body(
    openrouter_stand_in: StandIn, headers: dict[str, str], body: bytes, status: int, message: str
) -> None:
    url = openrouter_stand_in.base_url + "/audio/transcriptions"
    response = httpx.post(url, headers=headers, content=body)
    assert response.status_code == status
    assert message in response.json()["error"]["message"]
    assert response.json()["error"]["code"] == status
    assert response_errors("/api/v1/audio/transcriptions", {"content-type": "application/json"}, b"{}",
                           status, dict(response.headers), response.content) == []  # fmt: skip


@pytest.mark.parametrize("method", ["create_transcription", "create_transcription_multipart"])
def test_the_stand_in_catches_what_the_sdks_own_checks_miss(
    monkeypatch: pytest.MonkeyPatch, openrouter_stand_in: StandIn, wav: bytes, method: str
) -> None:
    """The stand-in judges by openapi.yaml, not by the SDK's checks: with those switched off, a
    request that breaks the contract meets a 400 naming each violation."""
    monkeypatch.setattr(_validation, "check_json_fields", lambda fields: None)
    monkeypatch.setattr(_validation, "check_multipart_form", lambda form: None)
    arguments: dict[str, Any] = {"model": MODEL, "session_id": "s" * 300, "temperature": "hot"}
    if method == "create_transcription":
        arguments |= {"input_audio": wav, "send_as": "json"}
    else:
        arguments |= {"file": ("a.wav", wav)}
    with (
        OpenRouter(api_key=API_KEY, server_url=openrouter_stand_in.base_url) as client,
        pytest.raises(errors.BadRequestResponseError) as caught,
    ):
        getattr(client.stt, method)(**arguments)
    assert caught.value.metadata is not None
    assert {v["field"] for v in caught.value.metadata["violations"]} == {"session_id", "temperature"}
    assert "does not match the API contract" in caught.value.message


def test_unknown_paths_are_404_with_the_documented_body(
    openrouter_stand_in: StandIn, audio: dict[str, str]
) -> None:
    with OpenRouter(api_key=API_KEY, server_url=openrouter_stand_in.base_url + "/v2") as client:
        with pytest.raises(errors.NotFoundResponseError) as caught:
            client.stt.create_transcription(input_audio=audio, model=MODEL)
    assert caught.value.code == 404 and caught.value.data is not None


def test_the_stand_in_describes_audio_honestly() -> None:
    assert audio_facts(sine_wav(1.25, rate=8_000), "wav").describe() == (
        "wav audio, 20044 bytes, 1.25 seconds at 8000 Hz, 1 channel(s)"
    )
    assert audio_facts(bytes(32_000), "pcm").seconds == 1.0
    assert audio_facts(b"ID3\x04not really", "mp3").describe() == "mp3 audio, 14 bytes"
    assert audio_facts(b"RIFF broken", "wav").seconds is None


def test_the_stand_in_runs_from_the_command_line(audio: dict[str, str]) -> None:
    command = [sys.executable, "-m", "openrouter_ext.testing", "--api-key", "cli-key"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True) as process:
        try:
            assert process.stdout is not None
            base_url = process.stdout.readline().strip()
            assert base_url.startswith("http://127.0.0.1:") and base_url.endswith("/api/v1")
            with OpenRouter(api_key="cli-key", server_url=base_url) as client:
                res = client.stt.create_transcription(input_audio=audio, model=MODEL)
            assert "0.50 seconds" in res.text
        finally:
            process.terminate()  # stopped by its PID, and waited for
            assert process.wait(timeout=10) == 0


def test_the_stand_in_records_what_it_received(openrouter_stand_in: StandIn) -> None:
    wav = sine_wav(0.25)
    body: dict[str, Any] = {
        "model": MODEL,
        "input_audio": {"data": base64.b64encode(wav).decode(), "format": "wav"},
    }
    with OpenRouter(api_key=API_KEY, server_url=openrouter_stand_in.base_url) as client:
        client.stt.create_transcription(**body)
    (seen,) = openrouter_stand_in.requests
    assert (seen.method, seen.path, seen.status) == ("POST", "/api/v1/audio/transcriptions", 200)
    assert json.loads(seen.body) == body
    assert json.loads(seen.response)["usage"]["seconds"] == 0.25
