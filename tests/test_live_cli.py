"""``openrouter-stt transcribe -``, judged against truth: a tone recording fed into its standard input at
20 x real time (the feeder logs when each second was written), the stand-in in a process of its own.
Every sound's cue comes out once at its time, the first early, each soon after its sound was
written; Ctrl-C writes what was read and exits 130; ``--output`` grows as it goes."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import numpy as np
import pytest
import srt

from openrouter_ext import OpenRouter
from openrouter_ext.testing import Tone, tone_recording
from openrouter_ext.testing._audio import encode_audio
from openrouter_ext.testing._feeder import Written, feed, piped_wav, written_at

pytest.importorskip("av", reason="live audio needs the audio extra")

from test_cli import SCRIPT, stand_in, transcriptions
from test_live import HEARD, MODEL, _meeting, _tone_of

SECONDS = 240.0
TONES = _meeting(SECONDS, seed=5)
SPEED = 20.0
READY_SECONDS = 2.0  # the command is started this long before the stream begins, as a captioner is


@pytest.fixture(scope="module")
def recordings() -> dict[str, bytes]:
    wav = tone_recording(TONES, SECONDS)
    return {"wav": piped_wav(wav), "mp3": encode_audio(wav, "mp3")}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The stand-in in its own process, warmed up by one short stream (its ears loaded: at 20 x real
    time their first-use cost would be seconds of stream, a constant of the test, not the command's)."""
    with stand_in(tmp_path_factory.mktemp("live")) as (base_url, journal):
        with OpenRouter(api_key="k", server_url=base_url) as client:
            list(
                client.stt.transcribe_stream(input_audio=iter([tone_recording(TONES[:2], 4.0)]), model=MODEL)
            )
        yield base_url, journal


@pytest.fixture
def url(served: tuple[str, Path]) -> str:
    return served[0]


class _Run:
    """The command with the recording fed into its standard input: each output line as it came."""

    def __init__(self, data: bytes, *options: str, speed: float = SPEED) -> None:
        env = {**os.environ, "OPENROUTER_API_KEY": "sk-or-v1-live-test"}
        self.process = subprocess.Popen(
            [SCRIPT, "transcribe", "-", *options], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, env=env,
        )  # fmt: skip
        self.lines: list[tuple[float, str]] = []
        self.log: list[Written] = []
        assert self.process.stdout is not None and self.process.stdin is not None
        self._reader = threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True)
        self._reader.start()
        time.sleep(READY_SECONDS)
        self._feeder = threading.Thread(
            target=feed, args=(data, self.process.stdin),
            kwargs={"speed": speed, "seconds": SECONDS, "on_written": self.log.append}, daemon=True,
        )  # fmt: skip
        self._feeder.start()

    def _read(self, out: IO[bytes]) -> None:
        for line in out:
            self.lines.append((time.monotonic(), line.decode("utf-8")))

    def wait(self, timeout: float = 120) -> tuple[int, str]:
        try:
            self.process.wait(timeout)
        finally:
            self.process.kill()
        self._reader.join(10)
        assert self.process.stderr is not None and self.process.stdout is not None
        errors = self.process.stderr.read().decode()
        self.process.stderr.close()
        self.process.stdout.close()
        return self.process.returncode, errors

    @property
    def text(self) -> str:
        return "".join(line for _, line in self.lines)

    def cue_times(self) -> dict[int, float]:
        """When each cue's number line came out."""
        found, blank = {}, True
        for at, line in self.lines:
            if blank and line.strip().isdigit():
                found[int(line)] = at
            blank = not line.strip()
        return found


def _judge(run: _Run) -> None:
    cues = list(srt.parse(run.text))
    came = run.cue_times()
    starts: dict[Tone, list[float]] = {}
    lags = []
    for cue in cues:
        for hertz in HEARD.findall(cue.content):
            tone = _tone_of(TONES, int(hertz))
            starts.setdefault(tone, []).append(cue.start.total_seconds())
            lags.append((came[cue.index] - written_at(run.log, tone.end)) * SPEED)
    assert [tone for tone in TONES if tone not in starts] == []
    assert [tone for tone, found in starts.items() if len(found) > 1] == []
    errors_ = [abs(starts[tone][0] - tone.start) for tone in TONES]
    assert float(np.percentile(errors_, 99)) <= 0.1, sorted(errors_)[-3:]
    assert min(came.values()) < written_at(run.log, 0.05 * SECONDS)
    assert float(np.percentile(lags, 95)) <= 15.0, sorted(lags)[-5:]


@pytest.mark.parametrize("kind", ["wav", "mp3"])
def test_captions_of_standard_input_come_out_as_it_is_fed(
    recordings: dict[str, bytes], served: tuple[str, Path], kind: str
) -> None:
    url, journal = served
    before = len(transcriptions(journal))
    run = _Run(recordings[kind], "--format", "srt", "--server-url", url)
    code, errors_ = run.wait()
    assert code == 0, errors_
    _judge(run)
    assert len(transcriptions(journal)) - before <= SECONDS / 5 + 2
    assert "240.0 s read" in errors_


def test_ctrl_c_writes_what_was_read_and_exits_130(recordings: dict[str, bytes], url: str) -> None:
    run = _Run(recordings["wav"], "--format", "text", "--server-url", url, speed=10.0)
    deadline = time.monotonic() + 30
    while len(run.lines) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    run.process.send_signal(signal.SIGINT)
    code, errors_ = run.wait()
    assert code == 130, errors_
    assert "interrupted" in errors_
    read = float(re.search(r"([\d.]+) s read", errors_)[1])  # type: ignore[index]
    heard = [_tone_of(TONES, int(hertz)) for hertz in HEARD.findall(run.text.replace("[stand-in]", ""))]
    said_before = [tone for tone in TONES if tone.end <= read - 0.5]
    assert set(said_before) <= set(heard) and len(heard) == len(set(heard))
    assert read < SECONDS


def test_output_file_grows_as_parts_are_answered_and_max_seconds_ends_the_session(
    recordings: dict[str, bytes], url: str, tmp_path: Path
) -> None:
    out = tmp_path / "live.vtt"
    run = _Run(
        recordings["mp3"], "--format", "vtt", "--output", str(out), "--server-url", url, "--max-seconds", "60"
    )
    deadline = time.monotonic() + 30
    while (not out.exists() or out.read_text().count("-->") < 2) and run.process.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    grown_while_running = run.process.poll() is None
    code, errors_ = run.wait()
    assert code == 0, errors_
    assert grown_while_running
    text = out.read_text()
    assert text.startswith("WEBVTT\n\n") and run.text == ""
    heard = [_tone_of(TONES, int(hertz)) for hertz in HEARD.findall(text)]
    assert heard == [tone for tone in TONES if tone.start < 60.0]
    assert "60.0 s read" in errors_


@pytest.mark.parametrize(
    ("options", "words"),
    [
        (("--out-dir", "x"), "--out-dir: for files"),
        (("--engine", "ray"), "--engine: for files"),
        (("--sample-rate", "8000"), "--sample-rate: is for --audio-format pcm only"),
    ],
)
def test_flags_that_do_not_fit_a_stream_are_refused(url: str, options: tuple[str, ...], words: str) -> None:
    done = subprocess.run(
        [SCRIPT, "transcribe", "-", "--server-url", url, *options], input=b"", capture_output=True, timeout=60,
        env={**os.environ, "OPENROUTER_API_KEY": "sk-or-v1-live-test"}, check=False,
    )  # fmt: skip
    assert done.returncode == 2 and words in done.stderr.decode(), done.stderr


def test_stream_flags_are_refused_for_files(tmp_path: Path) -> None:
    path = tmp_path / "a.wav"
    path.write_bytes(tone_recording(TONES[:1], 2.0))
    done = subprocess.run([SCRIPT, "transcribe", str(path), "--max-seconds", "5", "--stand-in"],
                          capture_output=True, timeout=60, check=False)  # fmt: skip
    assert done.returncode == 2 and b"--max-seconds: for - (standard input)" in done.stderr


def test_json_lines_come_one_a_part_with_its_times_on_the_stream_clock(
    recordings: dict[str, bytes], url: str
) -> None:
    run = _Run(recordings["wav"], "--format", "json", "--server-url", url, "--max-seconds", "40", speed=0)
    code, errors_ = run.wait()
    assert code == 0, errors_
    lines = [json.loads(line) for _, line in run.lines]
    assert [line["start"] for line in lines] == sorted(line["start"] for line in lines)
    heard = [
        _tone_of(TONES, int(hertz))
        for line in lines
        for hertz in HEARD.findall(line["text"].replace("[stand-in]", ""))
    ]
    assert heard == [tone for tone in TONES if tone.start < 40.0]
    for line in lines:  # segments placed on the stream's clock, inside their part
        assert all(
            line["start"] - 1e-6 <= s["start"] <= s["end"] <= line["end"] + 1e-6
            for s in line.get("segments", [])
        )


def test_max_cost_stops_the_stream_with_exit_6(
    recordings: dict[str, bytes], served: tuple[str, Path]
) -> None:
    url, journal = served
    before = len(transcriptions(journal))
    run = _Run(
        recordings["wav"], "--server-url", url, "--max-cost", "0.002", "--price-per-second", "0.0001", speed=0
    )
    code, errors_ = run.wait()
    assert code == 6, errors_
    assert "spend cap" in errors_
    sent = transcriptions(journal)[before:]
    billed = sum(json.loads(entry["response"])["usage"]["seconds"] for entry in sent)
    assert len(sent) >= 1 and billed * 0.0001 <= 0.002 + 1e-9
    assert len(run.lines) == len(sent)
