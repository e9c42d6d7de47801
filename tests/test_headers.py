"""A recording's length read from its own header bytes, without PyAV: judged against FFmpeg's
(PyAV's container duration) on recordings made for the test, and the refusal it makes possible."""

from __future__ import annotations

import io
from typing import Any

import pytest
from conftest import API_KEY, MODEL

from openrouter_ext import InvalidInputError, OpenRouter
from openrouter_ext._recording import _audio, _headers
from openrouter_ext.testing import StandIn, Tone, encode_audio, tone_recording

av = pytest.importorskip("av", reason="the truth here is FFmpeg's reading of the file")


def _ffmpeg_seconds(data: bytes) -> float:
    with av.open(io.BytesIO(data)) as container:
        return float(container.duration / av.time_base)


def _mp3(seconds: float, **options: Any) -> bytes:
    buffer = io.BytesIO()
    with av.open(io.BytesIO(tone_recording([Tone(1.0, 2.0, 440)], seconds))) as source, \
            av.open(buffer, mode="w", format="mp3") as target:  # fmt: skip
        stream = target.add_stream(
            "mp3", rate=options.pop("rate", 44100), layout=options.pop("layout", "mono")
        )
        stream.bit_rate = options.pop("bit_rate", 64_000)
        for frame in source.decode(audio=0):
            frame.pts = None
            for packet in stream.encode(frame):
                target.mux(packet)
        for packet in stream.encode(None):
            target.mux(packet)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "options",
    [{}, {"bit_rate": 128_000, "layout": "stereo"}, {"rate": 22050, "bit_rate": 32_000}, {"rate": 16000}],
    ids=["mpeg1-mono-64k", "mpeg1-stereo-128k", "mpeg2-22k", "mpeg2-16k"],
)
def test_an_mp3s_length_is_read_from_its_frames_as_ffmpeg_reads_it(options: dict[str, Any]) -> None:
    data = _mp3(30.0, **options)
    assert _headers.mp3_seconds(data[: _headers.HEAD_BYTES], len(data)) == pytest.approx(
        _ffmpeg_seconds(data), rel=0.01
    )


def test_the_project_encoders_mp3_and_flac_too() -> None:
    recording = tone_recording([Tone(1.0, 3.0, 440)], 20.0)
    mp3, flac = encode_audio(recording, "mp3"), encode_audio(recording, "flac")
    assert _headers.mp3_seconds(mp3[: _headers.HEAD_BYTES], len(mp3)) == pytest.approx(20.0, rel=0.01)
    assert _headers.flac_seconds(flac[: _headers.HEAD_BYTES]) == pytest.approx(20.0, rel=0.001)


def test_what_is_no_header_gives_no_length() -> None:
    assert _headers.mp3_seconds(b"\x00" * 4096, 4096) is None
    assert _headers.flac_seconds(b"fLaC") is None
    assert (
        _headers.mp3_seconds(b"ID3\x04\x00\x00\x00\x00\x00\x7f" + b"\xff" * 200, 210) is None
    )  # inside the tag


def test_without_pyav_a_long_mp3_is_refused_before_any_request(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the audio extra, a 20-minute MP3 over max_chunk_seconds went out as one request;
    its own header says how long it is, and it is refused, naming the extra and the alternative."""
    data = _mp3(1200.0, bit_rate=32_000)
    monkeypatch.setattr(_audio, "_pyav_installed", lambda: False)  # as without the audio extra
    with StandIn() as server, OpenRouter(api_key=API_KEY, server_url=server.base_url) as client:
        with pytest.raises(InvalidInputError) as caught:
            client.stt.transcribe(input_audio=data, model=MODEL, audio_format="mp3")
        short = _mp3(20.0)
        client.stt.transcribe(
            input_audio=short, model=MODEL, audio_format="mp3"
        )  # fits: one request, as before
    assert "1200 s" in str(caught.value) and "cutting it needs PyAV" in str(caught.value)
    assert (
        'pip install "openrouter-ext[audio]"' in caught.value.fix
        and "raise max_chunk_seconds" in caught.value.fix
    )
    assert len(server.requests) == 1
