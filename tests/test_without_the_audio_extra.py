"""A plain install (no audio extra: no PyAV, no numpy), as a user without it meets it: long audio is
refused before any request, naming the extra; audio that fits one request goes as one; lengths
still come from the files' own headers. ``make test-plain`` runs this file in a virtual environment
with the package and its testing extra only (CI does); where PyAV is installed it has nothing to
prove, and says so.

The MP3s are made by hand, frame by frame (MPEG-1 Layer III, 32 kbit/s, 44.1 kHz, mono: 104-byte
frames of 1,152 samples), so their length is known without any decoder."""

from __future__ import annotations

import importlib.util
import io
import subprocess
import sys
import wave
from pathlib import Path

import pytest

from openrouter_ext import InvalidInputError, OpenRouter
from openrouter_ext.testing import StandIn

if importlib.util.find_spec("av") is not None:
    pytest.skip("PyAV is installed here: `make test-plain` runs this without it", allow_module_level=True)

MODEL = "openai/whisper-large-v3"
FRAME_SECONDS = 1152 / 44100
FRAME_BYTES = 144 * 32_000 / 44_100  # 104.49: a padding byte in about half the frames, as encoders do


def mp3(seconds: float) -> bytes:
    """Silent frames (a header without CRC, a zero body), each padded when the byte count lags."""
    frames, written = [], 0.0
    for index in range(round(seconds / FRAME_SECONDS)):
        padded = (index + 1) * FRAME_BYTES - written >= 105
        frames.append(
            (b"\xff\xfb\x12\xc0" if padded else b"\xff\xfb\x10\xc0") + bytes(101 if padded else 100)
        )
        written += 105 if padded else 104
    return b"".join(frames)


def wav(seconds: float) -> bytes:
    """16 kHz mono 16-bit silence, written by the standard library."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16_000)
        out.writeframes(bytes(round(seconds * 16_000) * 2))
    return buffer.getvalue()


def test_the_extra_is_really_missing() -> None:
    with pytest.raises(ImportError):
        import av  # noqa: F401


def test_a_long_mp3_or_wav_is_refused_before_any_request_naming_the_extra() -> None:
    with StandIn() as server, OpenRouter(api_key="k", server_url=server.base_url) as client:
        for audio in (mp3(1200.0), wav(1200.0)):
            with pytest.raises(InvalidInputError) as caught:
                client.stt.transcribe(input_audio=audio, model=MODEL)
            assert caught.value.field == "input_audio" and "1200 s" in str(caught.value)
            assert 'pip install "openrouter-ext[audio]"' in caught.value.fix
        assert server.requests == []
        short = client.stt.transcribe(input_audio=mp3(20.0), model=MODEL)  # fits: one request
    assert len(short.chunks) == 1 and len(server.requests) == 1


def test_a_live_stream_is_refused_before_anything_is_read_naming_the_extra() -> None:
    read: list[bytes] = []

    def source() -> object:
        read.append(b"x")
        yield wav(5.0)

    with StandIn() as server, OpenRouter(api_key="k", server_url=server.base_url) as client:
        with pytest.raises(InvalidInputError) as caught:
            client.stt.transcribe_stream(input_audio=source(), model=MODEL)
        assert (
            caught.value.field == "input_audio" and 'pip install "openrouter-ext[audio]"' in caught.value.fix
        )
        assert server.requests == [] and read == []
    done = subprocess.run([str(Path(sys.executable).with_name("openrouter-stt")), "transcribe", "-", "--stand-in"],
                          input=wav(5.0), capture_output=True, timeout=60, check=False)  # fmt: skip
    assert done.returncode == 2 and b'pip install "openrouter-ext[audio]"' in done.stderr


def test_lengths_come_from_the_headers_without_a_decoder() -> None:
    with StandIn() as server, OpenRouter(api_key="k", server_url=server.base_url) as client:
        estimate = client.stt.estimate(input_audio=[mp3(1200.0), wav(90.0)], model=MODEL)
    long, short = estimate.recordings
    assert long.seconds == pytest.approx(1200.0, abs=FRAME_SECONDS) and long.problem is not None
    assert "openrouter-ext[audio]" in long.problem
    assert short.seconds == pytest.approx(90.0) and short.requests == 1


def test_the_command_line_says_which_extra_and_sends_nothing(tmp_path: Path) -> None:
    (tmp_path / "talk.mp3").write_bytes(mp3(1200.0))
    script = str(Path(sys.executable).with_name("openrouter-stt"))
    result = subprocess.run(
        [script, "transcribe", "--stand-in", str(tmp_path / "talk.mp3")],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 4, result.stderr  # its one file failed
    assert 'pip install "openrouter-ext[audio]"' in result.stderr and "Traceback" not in result.stderr
