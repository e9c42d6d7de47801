"""One reader of the API key and one type for the client's options, shared by the client, the
command line and the Ray workers."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import API_KEY, MODEL

from openrouter_ext import ClientOptions, InvalidInputError, OpenRouter, RetryConfig
from openrouter_ext._config import read_api_key
from openrouter_ext.testing import StandIn

SAMPLE = Path(__file__).resolve().parent.parent / "examples" / "sample.wav"


@pytest.mark.parametrize(
    ("environ", "expected"),
    [({"OPENROUTER_API_KEY": f"  {API_KEY}\n"}, API_KEY), ({"OPENROUTER_API_KEY": API_KEY}, API_KEY)],
)
def test_the_environment_key_is_stripped(environ: dict[str, str], expected: str) -> None:
    assert read_api_key(environ=environ) == expected


@pytest.mark.parametrize("environ", [{}, {"OPENROUTER_API_KEY": ""}, {"OPENROUTER_API_KEY": " \t\n"}])
def test_no_key_names_the_variable_and_the_key_file(environ: dict[str, str]) -> None:
    with pytest.raises(InvalidInputError) as caught:
        read_api_key(environ=environ)
    assert caught.value.field == "api_key"
    assert "OPENROUTER_API_KEY" in str(caught.value) and "--api-key-file" in str(caught.value)


def test_a_key_file_is_stripped_and_its_problems_named(tmp_path: Path) -> None:
    key_file = tmp_path / "key"
    key_file.write_text(f"{API_KEY}\n")
    assert read_api_key(key_file, environ={}) == API_KEY
    key_file.write_text("\n")
    with pytest.raises(InvalidInputError, match="is empty") as caught:
        read_api_key(key_file, key_file_name="--api-key-file", environ={})
    assert caught.value.field == "--api-key-file"
    with pytest.raises(InvalidInputError, match="cannot read api_key_file") as caught:
        read_api_key(tmp_path / "none", environ={})
    assert caught.value.field == "api_key_file"


@pytest.mark.parametrize("key", ["sk or v1", "sk-or\x00v1", "sk-or-v1\r\nX-Evil: 1"])
def test_white_space_inside_a_key_is_refused_the_same_way_everywhere(tmp_path: Path, key: str) -> None:
    key_file = tmp_path / "key"
    key_file.write_text(key)
    refusals = []
    for read in (
        lambda: read_api_key(environ={"OPENROUTER_API_KEY": key}),
        lambda: read_api_key(key_file),
        lambda: OpenRouter(api_key=key),
    ):
        with pytest.raises(InvalidInputError) as caught:
            read()
        refusals.append(str(caught.value))
        assert "X-Evil" not in str(caught.value)
    assert len(set(refusals)) == 1, refusals


def test_the_command_line_reads_the_key_with_the_same_rules(tmp_path: Path) -> None:
    key_file = tmp_path / "key"
    key_file.write_text("sk or v1")
    env = {name: value for name, value in os.environ.items() if name != "OPENROUTER_API_KEY"}
    run = [sys.executable, "-c", "from openrouter_ext.cli import run; run()", "transcribe", str(SAMPLE)]
    spaced = subprocess.run(
        [*run, "--api-key-file", str(key_file)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert spaced.returncode == 3 and "contains white space" in spaced.stderr
    missing = subprocess.run(run, capture_output=True, text=True, env=env, timeout=60, check=False)
    assert missing.returncode == 3
    assert "OPENROUTER_API_KEY" in missing.stderr and "--api-key-file" in missing.stderr


def test_options_are_checked_when_made() -> None:
    for bad, field in (
        ({"server_url": "ftp://example.com"}, "server_url"),
        ({"timeout_ms": 0}, "timeout_ms"),
        ({"retries": "none"}, "retries"),
        ({"http_referer": "caf\u00e9"}, "http_referer"),
        ({"http2": "yes"}, "http2"),
    ):
        with pytest.raises(InvalidInputError) as caught:
            ClientOptions(**bad)
        assert caught.value.field == field


def test_options_pickle_and_hold_no_key() -> None:
    options = ClientOptions(
        server_url="https://example.com/api", retries=RetryConfig("none"), http_referer="x"
    )
    assert pickle.loads(pickle.dumps(options)) == options
    assert "key" not in "".join(ClientOptions.names())


def test_the_client_takes_options_and_keywords_over_them() -> None:
    options = ClientOptions(server_url="https://example.com/api", x_open_router_title="App")
    with OpenRouter(api_key=API_KEY, options=options) as client:
        assert client.options is options and client.server_url == "https://example.com/api"
    with OpenRouter(api_key=API_KEY, options=options, server_url="https://other.example/v1") as client:
        assert client.options.server_url == "https://other.example/v1"
        assert client.options.x_open_router_title == "App"
    with OpenRouter(api_key=API_KEY, timeout_ms=5000) as client:
        assert client.options == ClientOptions(timeout_ms=5000)
    with pytest.raises(InvalidInputError, match="must be a ClientOptions"):
        OpenRouter(api_key=API_KEY, options={"server_url": "https://example.com"})  # type: ignore[arg-type]


def test_the_official_sdks_variables_reach_the_wire_and_an_argument_wins(
    monkeypatch: pytest.MonkeyPatch, stand_in: StandIn, wav: bytes
) -> None:
    monkeypatch.setenv("OPENROUTER_BASE_URL", stand_in.base_url)
    monkeypatch.setenv("OPENROUTER_HTTP_REFERER", "https://app.example")
    monkeypatch.setenv("OPENROUTER_X_OPEN_ROUTER_TITLE", "From the environment")
    monkeypatch.setenv("OPENROUTER_X_OPEN_ROUTER_CATEGORIES", "cli-agent")
    with OpenRouter(api_key=API_KEY) as client:  # no server_url: the environment's, the stand-in
        client.stt.create_transcription(input_audio=wav, model=MODEL)
    with OpenRouter(api_key=API_KEY, x_open_router_title="Given") as client:
        client.stt.create_transcription(input_audio=wav, model=MODEL)
    first, second = (request.headers for request in stand_in.requests)
    assert (first["http-referer"], first["x-openrouter-title"], first["x-openrouter-categories"]) == (
        "https://app.example", "From the environment", "cli-agent",
    )  # fmt: skip
    assert second["x-openrouter-title"] == "Given" and second["http-referer"] == "https://app.example"
    monkeypatch.setenv("OPENROUTER_BASE_URL", "")  # set but empty: as if not set
    assert ClientOptions().server_url == "https://openrouter.ai/api/v1"


def test_the_command_line_reads_the_server_url_from_the_environment(
    tmp_path: Path, stand_in: StandIn
) -> None:
    env = {**os.environ, "OPENROUTER_API_KEY": API_KEY, "OPENROUTER_BASE_URL": stand_in.base_url}
    run = [sys.executable, "-c", "from openrouter_ext.cli import run; run()", "transcribe", str(SAMPLE)]
    done = subprocess.run(run, capture_output=True, text=True, env=env, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    posted = [request for request in stand_in.requests if request.method == "POST"]  # and GET /key
    assert len(posted) == 1 and "3.00 seconds" in done.stdout


def test_openrouter_debug_logs_each_request_and_never_the_key(stand_in: StandIn) -> None:
    call = (
        "from openrouter_ext import OpenRouter\n"
        "from openrouter_ext.testing import sine_wav\n"
        f"with OpenRouter(api_key={API_KEY!r}, server_url={stand_in.base_url!r}) as client:\n"
        "    client.stt.create_transcription(input_audio=sine_wav(0.2), model='m/x')\n"
    )
    quiet, loud = (
        subprocess.run(
            [sys.executable, "-c", call],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
            env={**os.environ, **extra},
        )
        for extra in ({"OPENROUTER_DEBUG": "0"}, {"OPENROUTER_DEBUG": "1"})
    )
    assert quiet.stderr == ""
    assert f"POST {stand_in.base_url}/audio/transcriptions -> 200 (attempt 1)" in loud.stderr
    assert API_KEY not in loud.stderr + loud.stdout
