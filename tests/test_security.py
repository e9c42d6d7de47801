"""The API key never shows: not in repr/str, exceptions, pickles or logs; never sent to another host.

That redirects never carry the key to another host is shown on real servers in test_faults.py
(a stand-in redirecting to a second stand-in on 127.0.0.2).
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import pickle
import warnings
from collections.abc import Iterator

import httpx
import pytest
import respx
from conftest import API_KEY, MODEL

from openrouter_ext import BackoffStrategy, InsecureServerURLWarning, OpenRouter, RetryConfig, errors

URL = "https://openrouter.ai/api/v1/audio/transcriptions"
RETRY_FAST = RetryConfig("backoff", BackoffStrategy(1, 1, 1.0, 1_000))


@pytest.fixture
def api() -> Iterator[respx.MockRouter]:
    with respx.mock(assert_all_called=False) as router:
        yield router


def _everything_said_about(error: BaseException) -> str:
    parts = [str(error), repr(error), repr(vars(error))]
    raw = getattr(error, "raw_response", None)
    if isinstance(raw, httpx.Response):
        parts += [repr(raw), repr(raw.request), repr(raw.request.headers), repr(raw.headers)]
    request = getattr(error, "request", None)
    if isinstance(request, httpx.Request):
        parts += [repr(request), repr(request.headers)]
    return "\n".join(parts)


def test_the_client_never_shows_the_key() -> None:
    client = OpenRouter(api_key=API_KEY)
    assert API_KEY not in repr(client) and API_KEY not in str(client)
    assert API_KEY not in repr(vars(client)) and API_KEY not in repr(client._config)
    with pytest.raises(TypeError):
        pickle.dumps(client)
    with pytest.raises(TypeError):
        pickle.dumps(client._config.api_key)
    client.close()


@pytest.mark.parametrize(
    "respond",
    [
        pytest.param(
            lambda route: route.respond(401, json={"error": {"code": 401, "message": "bad key"}}), id="401"
        ),
        pytest.param(lambda route: route.respond(524, text="<html>timeout</html>"), id="524-html"),
        pytest.param(lambda route: route.respond(200, text="not json"), id="unparseable-200"),
        pytest.param(lambda route: route.mock(side_effect=httpx.ConnectError("refused")), id="connection"),
        pytest.param(lambda route: route.mock(side_effect=httpx.ReadTimeout("slow")), id="timeout"),
    ],
)
def test_no_exception_shows_or_pickles_the_key(
    api: respx.MockRouter, audio: dict[str, str], respond: object
) -> None:
    respond(api.post(URL))  # type: ignore[operator]
    with OpenRouter(api_key=API_KEY, retries=RetryConfig("none")) as client:
        with pytest.raises(errors.OpenRouterError) as caught:
            client.stt.create_transcription(input_audio=audio, model=MODEL)
    assert API_KEY not in _everything_said_about(caught.value)
    pickled = pickle.dumps(caught.value)
    assert API_KEY.encode() not in pickled
    assert API_KEY not in _everything_said_about(pickle.loads(pickled))


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_no_log_record_at_debug_level_contains_the_key(
    api: respx.MockRouter, audio: dict[str, str], caplog: pytest.LogCaptureFixture, mode: str
) -> None:
    api.post(URL).mock(
        side_effect=[
            httpx.Response(503, json={"error": {"code": 503, "message": "busy"}}),
            httpx.ConnectError("refused"),
            httpx.Response(200, json={"text": "ok"}),
        ]
    )
    caplog.set_level(logging.DEBUG)
    if mode == "sync":
        with OpenRouter(api_key=API_KEY, retries=RETRY_FAST) as client:
            assert client.stt.create_transcription(input_audio=audio, model=MODEL).text == "ok"
    else:

        async def call() -> str:
            async with OpenRouter(api_key=API_KEY, retries=RETRY_FAST) as client:
                return (await client.stt.create_transcription_async(input_audio=audio, model=MODEL)).text

        assert asyncio.run(call()) == "ok"
    assert any(r.name == "openrouter_ext" for r in caplog.records)  # it does log, at several levels
    assert [r.getMessage().split(":")[0] for r in caplog.records if "retrying" in r.getMessage()] == [
        "retrying in 0.00 s after attempt 1",
        "retrying in 0.00 s after attempt 2",
    ]
    for record in caplog.records:
        assert API_KEY not in record.getMessage()
        assert API_KEY not in repr(record.args)


@pytest.mark.parametrize("url", ["http://openrouter.example/api/v1", "http://10.0.0.5:8080/api/v1"])
def test_plain_http_to_another_host_warns(url: str) -> None:
    with pytest.warns(InsecureServerURLWarning, match="clear text"):
        OpenRouter(api_key=API_KEY, server_url=url).close()


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8080/api/v1", "http://localhost/api/v1", "http://[::1]:9/api/v1", "https://x.example"],
)
def test_https_and_loopback_do_not_warn(url: str) -> None:
    OpenRouter(api_key=API_KEY, server_url=url).close()  # filterwarnings = error: a warning would fail this


PLAIN = "http://openrouter.example/api/v1"


def _line() -> int:
    """The line of the caller of this function."""
    frame = inspect.currentframe()
    assert frame is not None and frame.f_back is not None
    return frame.f_back.f_lineno


def test_the_warning_points_at_the_users_line(api: respx.MockRouter, audio: dict[str, str]) -> None:
    api.post(PLAIN + "/audio/transcriptions").respond(200, json={"text": "hi"})
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        lines = [_line() + 1]
        client = OpenRouter(api_key=API_KEY, server_url=PLAIN)
        lines.append(_line() + 1)
        client.stt.create_transcription(input_audio=audio, model=MODEL, server_url=PLAIN)
        lines.append(_line() + 1)
        client.stt.with_raw_response.create_transcription(input_audio=audio, model=MODEL, server_url=PLAIN)
        client.close()
    assert [(w.category, w.filename, w.lineno) for w in seen] == [
        (InsecureServerURLWarning, __file__, line) for line in lines
    ]


@pytest.mark.anyio
async def test_the_warning_of_an_async_call_points_at_the_users_line(
    api: respx.MockRouter, audio: dict[str, str]
) -> None:
    api.post(PLAIN + "/audio/transcriptions").respond(200, json={"text": "hi"})
    async with OpenRouter(api_key=API_KEY) as client:
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            line = _line() + 1
            await client.stt.create_transcription_async(input_audio=audio, model=MODEL, server_url=PLAIN)
    assert [(w.category, w.filename, w.lineno) for w in seen] == [(InsecureServerURLWarning, __file__, line)]
