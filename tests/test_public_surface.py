"""The package's public names: all listed, all loadable, loaded only when first used."""

from __future__ import annotations

import ast
import importlib.metadata
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from _documented import DOCUMENTED

import openrouter_ext
from openrouter_ext.testing import StandIn

SAMPLE = Path(__file__).resolve().parent.parent / "examples" / "sample.wav"


def test_all_lists_exactly_the_lazily_loaded_names() -> None:
    lazily_loaded = {*openrouter_ext._HOMES, *openrouter_ext._SUBMODULES, "__version__"}
    assert sorted(openrouter_ext.__all__) == sorted(lazily_loaded)
    assert dir(openrouter_ext) == openrouter_ext.__all__


def test_every_public_name_loads_from_its_home() -> None:
    for name, home in openrouter_ext._HOMES.items():
        value = getattr(openrouter_ext, name)
        expected = importlib.import_module(home, "openrouter_ext")
        assert value is getattr(expected, name), name
    assert openrouter_ext.errors.OpenRouterError is openrouter_ext.OpenRouterError


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'Nonexistent'"):
        openrouter_ext.Nonexistent  # type: ignore[attr-defined]  # noqa: B018


def loaded_after(*statements: str, watched: tuple[str, ...]) -> list[list[str]]:
    """In a fresh interpreter: which ``watched`` modules are loaded after each statement."""
    probe = ["import sys"]
    for statement in statements:
        probe += [statement, f"print([m for m in {watched!r} if m in sys.modules])"]
    lines = subprocess.run(
        [sys.executable, "-c", "\n".join(probe)], capture_output=True, text=True, check=True, timeout=60
    ).stdout.splitlines()
    return [ast.literal_eval(line) for line in lines]


def test_importing_the_package_defers_httpx_and_the_generated_models() -> None:
    watched = ("httpx", "openrouter_ext_generated.models", "asyncio", "tenacity", "av", "numpy")
    assert loaded_after(
        "import openrouter_ext", "from openrouter_ext import OpenRouter", watched=watched
    ) == [
        [],
        ["httpx", "openrouter_ext_generated.models"],  # no asyncio for sync use
    ]


def test_a_first_call_that_succeeds_loads_only_what_it_uses() -> None:
    """What a short script pays before its first transcript (benchmarks/bench_import.py times it):
    the models of the error bodies, the retrier (tenacity), the recording layer and the generated
    client classes load when a call needs them, and not before."""
    error_models = tuple(f"{model.__module__}" for _, model in DOCUMENTED.values())
    later = (
        "tenacity",
        "openrouter_ext._retrying",
        "openrouter_ext._recording",
        "openrouter_ext._recording._service",
        "openrouter_ext_generated.client",
        "openrouter_ext_generated.models.stt_segment",  # an answer without segments needs no segment model
        "openrouter_ext_generated.models.stt_word",
        "openrouter_ext._multipart",  # nor does a call with the spec's form need the multipart code
        "difflib",
        *error_models,
    )
    watched = ("openrouter_ext_generated.models.stt_response", *later)
    succeed = (
        "import httpx\n"
        "from openrouter_ext import OpenRouter\n"
        "answer = httpx.MockTransport(lambda request: httpx.Response(200, json={'text': 'hello'}))\n"
        "client = OpenRouter(api_key='sk-or-v1-test', client=httpx.Client(transport=answer))\n"
        "client.stt.create_transcription(input_audio={'data': 'UklGRiQAAABXQVZF', 'format': 'wav'}, model='m/x')"
    )
    fail = (
        "from openrouter_ext import BackoffStrategy, RetryConfig\n"
        "once = RetryConfig('backoff', BackoffStrategy(1, 1, 1.0, 1000), max_retries=1)\n"
        "answer = httpx.MockTransport(lambda request: httpx.Response(503, json={'error': {'code': 503, 'message': 'x'}}))\n"
        "client = OpenRouter(api_key='sk-or-v1-test', client=httpx.Client(transport=answer), retries=once)\n"
        "try:\n"
        "    client.stt.create_transcription(input_audio={'data': 'UklGRiQAAABXQVZF', 'format': 'wav'}, model='m/x')\n"
        "except Exception as error:\n"
        "    assert error.attempts == 2 and type(error.data).__name__ == 'ServiceUnavailableResponse', error\n"
        "else:\n"
        "    raise SystemExit('a 503 raised nothing')"
    )
    after_success, after_failure = loaded_after(succeed, fail, watched=watched)
    assert after_success == ["openrouter_ext_generated.models.stt_response"]
    # and each loads when it is needed: a 503 is retried (tenacity) and its body parsed (its model)
    assert {"tenacity", "openrouter_ext._retrying", "openrouter_ext_generated.client"} <= set(after_failure)
    assert "openrouter_ext_generated.models.service_unavailable_response" in after_failure


def test_the_command_lines_parser_loads_no_sdk() -> None:
    parse = "from openrouter_ext.cli import parser; parser().parse_args(['transcribe', 'x.wav', '--format', 'srt'])"
    watched = ("httpx", "openrouter_ext_generated", "openrouter_ext.testing._server")
    assert loaded_after(parse, watched=watched) == [[]]  # so --help and bad arguments answer at once


def test_the_pytest_plugin_loads_no_server_until_its_fixture_is_used() -> None:
    """pytest loads the plugin in every run of every project where the package is installed."""
    watched = ("httpx", "openapi_core", "openrouter_ext_generated", "openrouter_ext.testing._server")
    load = "import pytest; import openrouter_ext.testing.pytest_plugin"
    assert loaded_after(load, watched=watched) == [[]]  # benchmarks/bench_pytest_plugin.py times it


def test_the_fixture_gives_a_running_stand_in(openrouter_stand_in: StandIn) -> None:
    assert httpx.post(f"{openrouter_stand_in.base_url}/audio/transcriptions").status_code == 401


def test_the_version_is_the_installed_distributions() -> None:
    assert openrouter_ext.__version__ == importlib.metadata.version("openrouter-ext")


def test_a_local_command_line_run_loads_neither_ray_nor_the_retrier(tmp_path: Path) -> None:
    """``openrouter-stt transcribe`` of one file on the stand-in: every module Ray or a retry needs
    stays unloaded when no request is retried (the README says the retrier loads on a first retry)."""
    out = tmp_path / "out"
    run = (
        "from openrouter_ext.cli import main\n"
        f"assert main(['transcribe', '--stand-in', '--out-dir', {str(out)!r}, {str(SAMPLE)!r}]) == 0"
    )
    watched = ("openrouter_ext.ray", "ray", "tenacity", "openrouter_ext._retrying", "pyarrow")
    assert loaded_after(run, watched=watched) == [[]]
    assert (out / "sample.txt").read_text().strip()


def test_the_package_docstrings_examples_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stand_in: StandIn
) -> None:
    """``help(openrouter_ext)`` shows working code: each example, as written, against the stand-in."""
    import re
    import textwrap

    from openrouter_ext import _config
    from openrouter_ext.testing import Tone, encode_audio, sine_wav, tone_recording

    pytest.importorskip("av", reason="the second example cuts a recording (the audio extra)")
    (tmp_path / "speech.wav").write_bytes(sine_wav(1.0))
    (tmp_path / "meeting.mp3").write_bytes(encode_audio(tone_recording([Tone(0.5, 1.5, 440)], 3.0), "mp3"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("OPENROUTER_API_KEY", "sk-or-v1-docstring")
    monkeypatch.setattr(_config, "DEFAULT_SERVER_URL", stand_in.base_url)
    import io

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(sine_wav(2.0))))  # the live example's
    doc = openrouter_ext.__doc__ or ""
    examples = [textwrap.dedent(block) for block in re.findall(r"::\n\n((?:    .*\n|\n)+)", doc)]
    assert len(examples) == 3
    namespace: dict[str, object] = {}
    for example in examples:
        exec(compile(example, "openrouter_ext.__doc__", "exec"), namespace)  # noqa: S102
    assert [request.status for request in stand_in.requests] == [200, 200, 200]
    assert "440 Hz" in (tmp_path / "meeting.srt").read_text()
