"""Every code example in the README runs as written: each Python block against the stand-in (its
default server URL pointed there), each ``openrouter-stt`` command line likewise. ``make typecheck``
runs ``mypy --strict`` over the same Python blocks (tools/readme_examples.py extracts them)."""

from __future__ import annotations

import importlib.util
import os
import runpy
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from _tools import load_tool
from conftest import API_KEY

from openrouter_ext import _config
from openrouter_ext.testing import StandIn, Tone, encode_audio, sine_wav, tone_recording

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = str(Path(sys.executable).with_name("openrouter-stt"))


README = load_tool("readme_examples")


@pytest.fixture
def workplace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder holding the files the examples name, with a key in the environment."""
    (tmp_path / "speech.wav").write_bytes(sine_wav(1.0))
    (tmp_path / "talk.mp3").write_bytes(b"ID3\x04\x00\x00\x00\x00\x00\x00" + bytes(2000))
    if importlib.util.find_spec("av") is not None:  # the dev extra has it; a short recording, one request
        (tmp_path / "meeting.mp3").write_bytes(
            encode_audio(tone_recording([Tone(0.5, 1.5, 440)], 3.0), "mp3")
        )
    (tmp_path / "recordings").mkdir()
    for name in ("monday.wav", "tuesday.wav"):
        (tmp_path / "recordings" / name).write_bytes(sine_wav(0.5))
    (tmp_path / "examples").mkdir()
    shutil.copy(ROOT / "examples" / "sample.wav", tmp_path / "examples" / "sample.wav")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("OPENROUTER_API_KEY", API_KEY)
    return tmp_path


def test_the_readme_has_examples() -> None:
    assert len(README.examples("python")) >= 7 and len(README.command_lines()) >= 4


@pytest.mark.parametrize(
    "code", [pytest.param(code, id=f"README.md:{line}") for line, code in README.examples("python")]
)
def test_each_python_example_runs(
    code: str,
    workplace: Path,
    stand_in: StandIn,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(_config, "DEFAULT_SERVER_URL", stand_in.base_url)
    example = workplace / "example.py"
    example.write_text(code)
    runpy.run_path(str(example), run_name="__main__")
    if "StandIn()" not in code:  # else it ran against a stand-in of its own
        statuses = [seen.status for seen in stand_in.requests]  # the catalog's GET too, for a cap's price
        assert statuses and set(statuses) == {200}


@pytest.mark.parametrize(
    "command", [pytest.param(command, id=f"README.md:{line}") for line, command in README.command_lines()]
)
def test_each_command_line_runs(command: str, workplace: Path, stand_in: StandIn) -> None:
    arguments = shlex.split(command)[1:]
    if arguments[0] == "stand-in":  # runs until stopped: started, asked once, stopped by its PID
        with subprocess.Popen([SCRIPT, *arguments], stdout=subprocess.PIPE, text=True) as server:
            try:
                assert server.stdout is not None
                assert server.stdout.readline().strip().endswith("/api/v1")
            finally:
                server.terminate()
                server.wait(timeout=10)
        return
    if "--stand-in" not in arguments:
        arguments += ["--server-url", stand_in.base_url]
    result = subprocess.run(
        [SCRIPT, *arguments], capture_output=True, text=True, timeout=120, check=False, env=dict(os.environ)
    )
    assert result.returncode == 0, result.stderr
    if arguments[0] == "models":
        assert "openai/whisper-large-v3" in result.stdout
        return
    if arguments[0] == "estimate":
        assert "cost: $" in result.stdout  # the stand-in's catalog prices it
        return
    assert "0 failed" in result.stderr
