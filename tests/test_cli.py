"""``openrouter-stt``, run as the installed console script against a stand-in in its own process."""

from __future__ import annotations

import contextlib
import fcntl
import io
import json
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import srt
import webvtt

from openrouter_ext.cli import _exit, _manifest
from openrouter_ext.subtitles import MAX_LINE
from openrouter_ext.testing import Tone, sine_wav, tone_recording

SCRIPT = str(Path(sys.executable).with_name("openrouter-stt"))
SECRET = "sk-or-v1-cli-test-secret-0123456789"
MANIFEST = ".openrouter-stt-manifest.json"


@contextlib.contextmanager
def stand_in(tmp_path: Path, *options: str) -> Iterator[tuple[str, Path]]:
    """``openrouter-stt stand-in`` in its own process: yields (base URL, journal); stopped by PID."""
    journal = tmp_path / f"journal-{time.monotonic_ns()}.jsonl"
    command = [SCRIPT, "stand-in", "--port", "0", "--journal", str(journal), *options]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True) as server:
        try:
            assert server.stdout is not None
            yield server.stdout.readline().strip(), journal
        finally:
            server.terminate()
            server.wait(timeout=10)


def transcriptions(journal: Path) -> list[dict[str, Any]]:
    """The journal's transcription requests (not the catalog's reads: GET /models, /key)."""
    if not journal.exists():
        return []
    entries = [json.loads(line) for line in journal.read_text().splitlines()]
    return [
        entry for entry in entries if entry["method"] == "POST" and entry["path"].endswith("/transcriptions")
    ]


def journal_texts(journal: Path) -> Counter[str]:
    """How many times each transcript was answered (200s only)."""
    entries = transcriptions(journal)
    return Counter(json.loads(entry["response"])["text"] for entry in entries if entry["status"] == 200)


def cli(*arguments: str, key: str | None = SECRET, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {name: value for name, value in os.environ.items() if name != "OPENROUTER_API_KEY"}
    if key is not None:
        env["OPENROUTER_API_KEY"] = key
    return subprocess.run(
        [SCRIPT, *arguments], capture_output=True, text=True, env=env, timeout=timeout, check=False
    )


def transcribe_into(
    out: Path, url: str, *inputs: Path | str, options: tuple[str, ...] = (), key: str | None = SECRET
) -> subprocess.CompletedProcess[str]:
    """``openrouter-stt transcribe INPUTS --out-dir OUT --server-url URL OPTIONS``."""
    return cli("transcribe", *map(str, inputs), "--out-dir", str(out), "--server-url", url, *options, key=key)


@contextlib.contextmanager
def batch_under_way(folder: Path, out: Path, url: str) -> Iterator[subprocess.Popen[str]]:
    """``transcribe FOLDER`` two files at a time in its own process, yielded once the manifest
    records three files done (the rest still to do)."""
    command = [
        SCRIPT,
        "transcribe",
        str(folder),
        "--out-dir",
        str(out),
        "--server-url",
        url,
        "--concurrency",
        "2",
    ]
    env = {**os.environ, "OPENROUTER_API_KEY": SECRET}
    with subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    ) as run:
        deadline = time.monotonic() + 30
        while len(recorded_done(out)) < 3:  # bounded
            assert time.monotonic() < deadline and run.poll() is None
            time.sleep(0.02)
        yield run


def recorded_done(out: Path) -> list[str]:
    """The outputs the manifest records as done so far (its snapshot and the journal of the run)."""
    entries = _manifest.Manifest(out).entries.values()
    return [entry["output"] for entry in entries if entry["state"] == "done"]


def tones(folder: Path, count: int) -> Path:
    """``count`` WAVs of distinct lengths (so distinct transcripts) in a new folder."""
    folder.mkdir()
    for index in range(count):
        (folder / f"{index:02d}.wav").write_bytes(sine_wav(0.2 + index * 0.1))
    return folder


# Two sounds the stand-in hears (and so two subtitles): 440 Hz from 0.25 to 0.75 s, 660 Hz from
# 1.0 to 1.75 s.
SOUNDS = [Tone(0.25, 0.75, 440), Tone(1.0, 1.75, 660)]


@pytest.fixture
def recordings(tmp_path: Path) -> Path:
    """A folder: audio of distinct lengths (so distinct transcripts), nested, one without an
    extension, and files that are not audio."""
    folder = tmp_path / "recordings"
    (folder / "day2").mkdir(parents=True)
    for index, name in enumerate(["a.wav", "b.wav", "day2/c.wav", "day2/no-extension"]):
        (folder / name).write_bytes(tone_recording(SOUNDS, 2.0 + index * 0.25))
    (folder / "notes.txt").write_text("not audio")
    (folder / "day2" / "fake.mp3").write_text("not audio either, despite the name")
    (folder / ".hidden.wav").write_bytes(sine_wav(0.1))
    return folder


def test_a_single_file_goes_to_standard_output(tmp_path: Path) -> None:
    audio = tmp_path / "tone.wav"
    audio.write_bytes(sine_wav(1.0))
    with stand_in(tmp_path) as (url, journal):
        result = cli("transcribe", str(audio), "--server-url", url)
    assert result.returncode == 0, result.stderr
    assert "1.00 seconds" in result.stdout and result.stdout.count("\n") == 1
    assert "1 done, 0 skipped (done before), 0 failed; this run 1.0 s of audio" in result.stderr
    # The stand-in's list price for the default model, $0.0001 an audio second: $0.36 an hour.
    assert "openai/whisper-large-v3: $0.3600 an audio hour" in result.stderr
    assert sum(journal_texts(journal).values()) == 1
    assert SECRET not in result.stdout + result.stderr


@pytest.mark.parametrize("output_format", ["text", "json", "verbose_json", "srt", "vtt"])
def test_a_folder_to_each_format(tmp_path: Path, recordings: Path, output_format: str) -> None:
    out = tmp_path / "out"
    with stand_in(tmp_path) as (url, _journal):
        result = transcribe_into(out, url, recordings, options=("--format", output_format))
    extension = {"text": "txt", "verbose_json": "json"}.get(output_format, output_format)
    assert result.returncode == 0, result.stderr
    assert "fake.mp3" not in result.stderr  # text, despite its name: not picked from the folder
    outputs = sorted(str(path.relative_to(out)) for path in out.rglob("*") if path.is_file())
    assert outputs == sorted(
        [
            MANIFEST,
            _manifest.LOCK_NAME,
            f"a.{extension}",
            f"b.{extension}",
            f"day2/c.{extension}",
            f"day2/no-extension.{extension}",
        ]
    )
    for path in out.rglob(f"*.{extension}"):
        if path.name == MANIFEST:
            continue
        text = path.read_text()
        if output_format == "srt":
            subtitles = list(srt.parse(text, ignore_errors=False))
            assert [cue.index for cue in subtitles] == list(range(1, len(subtitles) + 1))
            heard = [(cue.start.total_seconds(), cue.end.total_seconds(), cue.content) for cue in subtitles]
            assert heard == [(0.25, 0.75, "440 Hz"), (1.0, 1.75, "660 Hz")]
        elif output_format == "vtt":
            captions = webvtt.from_string(text)
            assert [(c.start, c.end, c.text) for c in captions.captions] == [
                ("00:00:00.250", "00:00:00.750", "440 Hz"),
                ("00:00:01.000", "00:00:01.750", "660 Hz"),
            ]
            assert all(len(line) <= MAX_LINE for caption in captions.captions for line in caption.lines)
        elif output_format == "text":
            assert "[stand-in] received wav audio" in text
        else:
            body = json.loads(text)
            assert body["text"] and (("segments" in body) == (output_format == "verbose_json"))
    manifest = json.loads((out / MANIFEST).read_text())["files"]
    assert Counter(entry["state"] for entry in manifest.values()) == {"done": 4}
    assert SECRET not in (out / MANIFEST).read_text() + result.stdout + result.stderr


def test_a_fault_scenario_fails_some_files_and_a_rerun_redoes_only_those(tmp_path: Path) -> None:
    folder = tones(tmp_path / "many", 8)
    out = tmp_path / "out"
    with stand_in(tmp_path, "--scenario", "status=503;fail-first=3") as (url, journal):
        first = transcribe_into(out, url, folder, options=("--concurrency", "4", "--retries", "0"))
        assert first.returncode == 1, first.stderr
        assert first.stderr.count("ServiceUnavailableResponseError") == 3
        manifest = json.loads((out / MANIFEST).read_text())["files"]
        failed = {path for path, entry in manifest.items() if entry["state"] == "failed"}
        assert len(failed) == 3
        assert {manifest[path]["error"] for path in failed} == {"ServiceUnavailableResponseError"}
        assert {manifest[path]["status"] for path in failed} == {503}
        second = transcribe_into(out, url, folder, options=("--concurrency", "4"))
    assert second.returncode == 0, second.stderr
    assert "3 done, 5 skipped (done before), 0 failed" in second.stderr
    # Tones of 0.2 s to 0.9 s: 4.4 s in all, at the stand-in's nominal price.
    assert "with the files done before 4.4 s, $0.000440" in second.stderr
    assert sorted(journal_texts(journal).values()) == [1] * 8  # each file transcribed exactly once


def test_every_file_failing_has_its_own_exit_code(tmp_path: Path, recordings: Path) -> None:
    with stand_in(tmp_path, "--scenario", "status=503") as (url, _journal):
        result = cli("transcribe", str(recordings / "a.wav"), "--server-url", url, "--retries", "0")
    assert result.returncode == 4
    assert "ServiceUnavailableResponseError" in result.stderr and SECRET not in result.stderr
    # A refused key is about the account, not the files: exit 3 (issue 25), and the key is not shown.
    # The key's limit is read before the run starts (GET /key): the refusal comes before any audio.
    with stand_in(tmp_path, "--api-key", "only-this-one") as (url, journal):
        refused = cli("transcribe", str(recordings / "a.wav"), "--server-url", url, "--retries", "0")
        sent = transcriptions(journal)
    assert refused.returncode == 3 and sent == []
    assert "the API key was refused" in refused.stderr and SECRET not in refused.stderr


def test_a_key_file_is_read_and_never_shown(tmp_path: Path, recordings: Path) -> None:
    key_file = tmp_path / "key"
    key_file.write_text(SECRET + "\n")
    out = tmp_path / "out"
    with stand_in(tmp_path, "--api-key", SECRET) as (url, _journal):
        result = transcribe_into(
            out, url, recordings / "a.wav", options=("--api-key-file", str(key_file)), key=None
        )
    assert result.returncode == 0, result.stderr
    everything = result.stdout + result.stderr + "".join(p.read_text() for p in out.rglob("*") if p.is_file())
    assert SECRET not in everything


@pytest.mark.parametrize(
    ("arguments", "key", "code", "message"),
    [
        (["transcribe", "missing.wav", "--stand-in"], SECRET, 2, "missing.wav: no such file or folder"),
        (["transcribe", "{audio}", "--concurrency", "0"], SECRET, 2, "must be 1 or more"),
        (["transcribe", "{audio}", "--format", "doc"], SECRET, 2, "invalid choice"),
        (["transcribe", "{folder}", "--format", "srt"], SECRET, 2, "cannot share standard output"),
        (["transcribe", "{audio}", "--server-url", "ftp://example.com"], SECRET, 2, "server_url"),
        (["transcribe", "{audio}"], None, 3, "no API key"),
        (["transcribe", "{audio}", "--api-key-file", "{folder}/none"], None, 3, "cannot read --api-key-file"),
        (["frobnicate"], SECRET, 2, "invalid choice"),
        (["transcribe", "{audio}", "--out-dir", "{audio}"], SECRET, 2, "a.wav is a file: name a folder"),
        (["transcribe", "{audio}", "--out-dir", "{audio}/out"], SECRET, 2, "Not a directory"),
        (
            ["transcribe", "{audio}", "--audio-format", "wave"],
            SECRET,
            2,
            "--audio-format: unknown audio format 'wave'",
        ),
    ],
)
def test_bad_arguments_and_a_missing_key_have_clear_messages_and_exit_codes(
    recordings: Path, arguments: list[str], key: str | None, code: int, message: str
) -> None:
    filled = [a.format(audio=recordings / "a.wav", folder=recordings) for a in arguments]
    result = cli(*filled, key=key)
    assert result.returncode == code, result.stderr
    assert message in result.stderr
    assert result.stdout == ""


def test_interrupted_run_resumes_and_each_file_is_transcribed_once(tmp_path: Path) -> None:
    folder = tones(tmp_path / "batch", 10)
    out = tmp_path / "out"
    with stand_in(tmp_path, "--scenario", "delay-ms=250") as (url, journal):
        with batch_under_way(folder, out, url) as run:
            run.send_signal(signal.SIGINT)
            _, stderr = run.communicate(timeout=30)
        assert run.returncode == 130, stderr
        assert "stopping" in stderr and "not started" in stderr
        done_first = len(list(out.glob("*.txt")))
        assert 3 <= done_first < 10
        assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]  # nothing half-written
        rerun = transcribe_into(out, url, folder, options=("--concurrency", "2"))
    assert rerun.returncode == 0, rerun.stderr
    assert f"{10 - done_first} done, {done_first} skipped (done before), 0 failed" in rerun.stderr
    assert sorted(journal_texts(journal).values()) == [1] * 10  # in-flight files finished, none redone


def test_a_killed_run_leaves_nothing_corrupt_and_a_rerun_redoes_only_unsaved_files(tmp_path: Path) -> None:
    folder = tones(tmp_path / "batch", 10)
    out = tmp_path / "out"
    with stand_in(tmp_path, "--scenario", "delay-ms=250") as (url, journal):
        with batch_under_way(folder, out, url) as run:
            run.kill()  # SIGKILL: no handler runs, nothing is tidied up
        assert run.wait(timeout=10) == -signal.SIGKILL
        saved = {Path(output).read_text().strip() for output in recorded_done(out)}
        assert 3 <= len(saved) < 10
        assert all("seconds" in path.read_text() for path in out.glob("*.txt"))  # every output is whole
        leftover = out / f".07.txt.k1ll3d{_manifest.TEMPORARY_SUFFIX}"
        leftover.write_text("half a transcr")  # what a kill during a write leaves behind
        rerun = transcribe_into(out, url, folder, options=("--concurrency", "2"))
        assert rerun.returncode == 0, rerun.stderr
        assert f"{10 - len(saved)} done, {len(saved)} skipped (done before), 0 failed" in rerun.stderr
    answered = journal_texts(journal)
    outputs = {path.read_text().strip() for path in out.glob("*.txt")}
    assert len(outputs) == 10 and set(answered) == outputs
    assert all(answered[text] == 1 for text in saved)  # saved before the kill: never sent again
    # Only the files in flight when the process died (at most --concurrency) were transcribed twice.
    assert sum(count - 1 for count in answered.values()) <= 2
    assert not leftover.exists() and not list(out.rglob(f"*{_manifest.TEMPORARY_SUFFIX}"))


def test_the_manifest_appends_each_entry_and_folds_them_into_its_snapshot_at_the_end(tmp_path: Path) -> None:
    """Each finished file costs one appended line, never a rewrite of what is recorded already; a
    line a kill cut short is skipped (its file redone) and the next run writes on after it."""
    sources = [tmp_path / f"{index}.wav" for index in range(300)]
    manifest = _manifest.Manifest(tmp_path)
    for index, source in enumerate(sources):
        manifest.update(source, state="done", output=f"{index}.txt")
    assert not manifest.path.exists()  # nothing rewritten while the run goes on
    assert len(manifest.journal.read_text().splitlines()) == 300
    assert _manifest.Manifest(tmp_path).entries == manifest.entries  # readable while it runs
    assert manifest._appending is not None
    manifest._appending.close()  # as a kill -9 leaves it: closed by the system, never folded
    with manifest.journal.open("a") as journal:
        journal.write('{"file": "/half/a/li')  # where a kill -9 stopped a write
    again = _manifest.Manifest(tmp_path)
    assert again.entries == manifest.entries
    again.update(sources[0], state="failed", error="APITimeoutError")
    assert _manifest.Manifest(tmp_path).entries == again.entries  # on a line of its own, so read back
    again.close()
    assert not again.journal.exists()
    saved = json.loads(again.path.read_text())
    assert saved["version"] == _manifest.VERSION and len(saved["files"]) == 300
    assert saved["files"][str(sources[0].resolve())] == {"state": "failed", "error": "APITimeoutError"}
    assert _manifest.Manifest(tmp_path).entries == saved["files"]


def _read_terminal(main_fd: int, process: subprocess.Popen[bytes], seconds: float) -> str:
    """Everything written to a pseudo-terminal until the process exits (bounded in time)."""
    chunks: list[bytes] = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        ready, _, _ = select.select([main_fd], [], [], 0.1)
        if ready:
            try:
                chunks.append(os.read(main_fd, 65536))
            except OSError:  # EIO: the other end closed
                break
        elif process.poll() is not None:
            break
    return b"".join(chunks).decode("utf-8", errors="replace")


def test_a_terminal_gets_a_progress_bar(tmp_path: Path) -> None:
    folder = tones(tmp_path / "batch", 5)
    main_fd, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
    env = {**os.environ, "OPENROUTER_API_KEY": SECRET}
    try:
        with stand_in(tmp_path, "--scenario", "status=503;fail-first=1") as (url, _journal):
            command = [SCRIPT, "transcribe", str(folder), "--out-dir", str(tmp_path / "out"),
                       "--server-url", url, "--retries", "0", "--concurrency", "1"]  # fmt: skip
            with subprocess.Popen(
                command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=terminal
            ) as run:
                os.close(terminal)
                screen = _read_terminal(main_fd, run, seconds=60)
                assert run.wait(timeout=10) == 1
    finally:
        os.close(main_fd)
    final = screen.replace("\r\n", "\n").split("\r")
    bar = next(part for part in reversed(final) if "5/5" in part)
    # Seconds of audio done of all there are (2.0 s: the failed file's 0.2 s not done), the
    # elapsed<remaining (ETA) clock, errors and files.
    assert re.search(r"audio:  90%\|.*\| 1\.80/2\.00 \[\d\d:\d\d<\d\d:\d\d, .*errors=1, files=5/5\]", bar), (
        bar
    )
    # The total: every file's length, read from the headers as the run starts; it only grows, and
    # what is done never passes it.
    states = [(float(done), float(total)) for done, total in re.findall(r"\| ([\d.]+)/([\d.]+) \[", screen)]
    totals = [total for _, total in states]
    assert totals and totals[-1] == 2.0 and totals == sorted(totals)
    assert all(done <= total for done, total in states)
    assert "FAILED" in screen and "ServiceUnavailableResponseError" in screen
    assert "[1/5]" not in screen  # the plain per-file lines are for pipes and logs only
    assert "4 done, 0 skipped (done before), 1 failed" in screen and SECRET not in screen


def test_a_second_run_into_the_same_folder_is_refused_while_the_first_holds_it(
    tmp_path: Path, recordings: Path
) -> None:
    out = tmp_path / "out"
    with _manifest.exclusive(out):  # the lock a running batch holds
        refused = cli("transcribe", str(recordings), "--out-dir", str(out), "--stand-in")
    assert refused.returncode == 2 and "another openrouter-stt run is writing to" in refused.stderr
    assert not (out / MANIFEST).exists()
    after = cli("transcribe", str(recordings), "--out-dir", str(out), "--stand-in")
    assert after.returncode == 0 and "4 done" in after.stderr, after.stderr


def test_force_redoes_finished_files(tmp_path: Path, recordings: Path) -> None:
    out = tmp_path / "out"
    with stand_in(tmp_path) as (url, journal):
        for _ in range(2):
            transcribe_into(out, url, recordings / "a.wav")
        forced = transcribe_into(out, url, recordings / "a.wav", options=("--force",))
    assert forced.returncode == 0 and "1 done, 0 skipped" in forced.stderr
    assert list(journal_texts(journal).values()) == [2]


def test_the_built_in_stand_in_needs_no_key(tmp_path: Path) -> None:
    audio = tmp_path / "tone.wav"
    audio.write_bytes(sine_wav(2.0))
    result = cli("transcribe", "--stand-in", "--format", "srt", str(audio), key=None)
    assert result.returncode == 0, result.stderr
    subtitles = list(srt.parse(result.stdout, ignore_errors=False))
    assert subtitles[-1].end.total_seconds() == 2.0


@pytest.mark.parametrize("command", [["transcribe", "--stand-in", "x.wav"], ["stand-in"]])
def test_the_stand_in_without_the_testing_extra_names_it(tmp_path: Path, command: list[str]) -> None:
    (tmp_path / "x.wav").write_bytes(sine_wav(0.1))
    without_openapi_core = (
        "import sys; sys.modules['openapi_core'] = None\n"  # as if the testing extra were not installed
        "from openrouter_ext.cli import main\n"
        f"sys.exit(main({command!r}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", without_openapi_core], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2, result.stderr
    assert 'pip install "openrouter-ext[testing]"' in result.stderr
    assert "Traceback" not in result.stderr


LONG_TONES = [Tone(1.0 + 7 * n, 4.0 + 7 * n, 300 + 40 * n) for n in range(8)]  # 1 s to 53 s


def heard_cues(subtitles: str) -> list[tuple[float, float, str]]:
    """The cues of an SRT file as (start, end, text), cues touching at a seam joined."""
    cues: list[tuple[float, float, str]] = []
    for cue in srt.parse(subtitles):
        start, end = cue.start.total_seconds(), cue.end.total_seconds()
        if cues and start - cues[-1][1] <= 0.05:
            cues[-1] = (cues[-1][0], end, cues[-1][2])
        else:
            cues.append((start, end, cue.content))
    return cues


def test_a_long_recording_is_cut_and_a_rerun_resumes_at_the_parts_not_answered(tmp_path: Path) -> None:
    pytest.importorskip("av", reason="cutting recordings needs the audio extra")
    folder, out = tmp_path / "long", tmp_path / "out"
    folder.mkdir()
    (folder / "meeting.wav").write_bytes(tone_recording(LONG_TONES, 60.0))
    options = ("--format", "srt", "--max-chunk-seconds", "10", "--retries", "0", "--concurrency", "1")
    with stand_in(tmp_path, "--scenario", "status=503;fail-first=2") as (url, journal):
        first = transcribe_into(out, url, folder, options=options)
        sent_first = len(transcriptions(journal))
    assert first.returncode == _exit.ALL_FAILED, first.stderr
    assert "IncompleteTranscriptError" in first.stderr and "2 of" in first.stderr
    (saved,) = (out / _manifest.PARTS_FOLDER).iterdir()
    saved_lines = [json.loads(line) for line in saved.read_text().splitlines()]
    assert [sorted(line) for line in saved_lines] == [["settings"]] + [["chunk"]] * (
        sent_first - 2
    )  # each kept

    with stand_in(tmp_path) as (url, journal):
        second = transcribe_into(out, url, folder, options=options)
        sent_second = len(transcriptions(journal))
    assert second.returncode == _exit.OK, second.stderr
    assert sent_second == 2  # the two parts refused before, and only they
    assert f"{sent_first - 2} answered before" in second.stderr
    cues = heard_cues((out / "meeting.srt").read_text())
    assert len(cues) == len(LONG_TONES)
    for (start, end, text), tone in zip(cues, LONG_TONES, strict=True):
        assert (start, end) == pytest.approx((tone.start, tone.end), abs=0.05)
        assert text == f"{tone.hertz} Hz"
    assert not (out / _manifest.PARTS_FOLDER).exists()  # gone once the file is done
    entry = json.loads((out / MANIFEST).read_text())["files"]
    assert [e["parts"] for e in entry.values()] == [sent_first]


def outputs_of(out: Path) -> dict[str, str]:
    """Every output file under ``out`` (by its path there) and its text; the manifest's states."""
    found = {
        str(path.relative_to(out)): path.read_text()
        for path in out.rglob("*")
        if path.is_file() and not path.name.startswith(".")
    }
    manifest = json.loads((out / MANIFEST).read_text())["files"]
    found["states"] = json.dumps(sorted((Path(k).name, v["state"]) for k, v in manifest.items()))
    return found


def test_the_ray_engine_writes_what_the_local_engine_writes(tmp_path: Path, recordings: Path) -> None:
    pytest.importorskip("ray", reason="the ray extra is not installed")
    with stand_in(tmp_path) as (url, journal):
        common = (str(recordings), "--server-url", url, "--format", "srt")
        local = cli("transcribe", *common, "--out-dir", str(tmp_path / "local"))
        on_ray = cli("transcribe", *common, "--out-dir", str(tmp_path / "ray"), "--engine", "ray", "--rps", "20",
                     timeout=180)  # fmt: skip
        sent = len(transcriptions(journal))
        again = cli("transcribe", *common, "--out-dir", str(tmp_path / "ray"), "--engine", "ray", timeout=180)
        sent_again = len(transcriptions(journal)) - sent
    assert local.returncode == on_ray.returncode == again.returncode == _exit.OK, on_ray.stderr
    assert outputs_of(tmp_path / "ray") == outputs_of(tmp_path / "local")
    assert len(outputs_of(tmp_path / "local")) == 4 + 1  # four audio files, and the states
    assert sent == 8 and sent_again == 0  # four each run; the rerun skips them all
    assert "4 skipped (done before)" in again.stderr and SECRET not in on_ray.stderr + again.stderr


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (("--rps", "5"), "--rps and --ray-address go with --engine ray"),
        (("--engine", "ray"), "--engine ray writes its outputs to files: give --out-dir"),
    ],
)
def test_engine_arguments_that_do_not_go_together(
    recordings: Path, options: tuple[str, ...], message: str
) -> None:
    result = cli("transcribe", str(recordings), "--stand-in", *options)
    assert result.returncode == _exit.BAD_ARGUMENTS and message in result.stderr


def test_an_unreachable_ray_cluster_is_refused_at_once(tmp_path: Path, recordings: Path) -> None:
    pytest.importorskip("ray", reason="the ray extra is not installed")
    started = time.monotonic()
    result = cli("transcribe", str(recordings), "--stand-in", "--out-dir", str(tmp_path / "out"),
                 "--engine", "ray", "--ray-address", "127.0.0.1:1")  # fmt: skip
    assert result.returncode == _exit.BAD_ARGUMENTS
    assert "no Ray cluster answers at '127.0.0.1:1'" in result.stderr
    assert time.monotonic() - started < 30  # Ray alone waits minutes for a cluster that is not there


def test_saved_parts_are_appended_and_a_line_cut_short_is_skipped(tmp_path: Path) -> None:
    settings = {"model": "openai/whisper-large-v3", "format": "srt"}
    parts = _manifest.SavedParts(tmp_path, "ab" * 32, settings)
    parts.add({"index": 0})
    parts.add({"index": 1})
    before = parts.path.read_bytes()
    parts.add({"index": 2})
    assert parts.path.read_bytes().startswith(before)  # appended: what was written stays as it was
    with parts.path.open("a") as file:
        file.write('{"chunk": {"index": 3')  # a kill in the middle of a line
    again = _manifest.SavedParts(tmp_path, "ab" * 32, settings)
    assert again.load() == [{"index": 0}, {"index": 1}, {"index": 2}]
    again.add({"index": 4})  # after the cut line, on a line of its own
    assert _manifest.SavedParts(tmp_path, "ab" * 32, settings).load() == [{"index": i} for i in (0, 1, 2, 4)]
    assert _manifest.SavedParts(tmp_path, "ab" * 32, {**settings, "format": "vtt"}).load() == []


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_outputs_follow_the_users_umask(tmp_path: Path, umask: int, mode: int) -> None:
    out = tmp_path / "out"
    with stand_in(tmp_path) as (url, _journal):
        env = {
            **{k: v for k, v in os.environ.items() if k != "OPENROUTER_API_KEY"},
            "OPENROUTER_API_KEY": SECRET,
        }
        done = subprocess.run(
            [SCRIPT, "transcribe", str(tones(tmp_path / "in", 1)), "--out-dir", str(out), "--server-url", url],
            capture_output=True, text=True, env=env, timeout=60, check=False, preexec_fn=lambda: os.umask(umask),
        )  # fmt: skip
    assert done.returncode == 0, done.stderr
    (output,) = out.glob("*.txt")
    assert output.stat().st_mode & 0o777 == mode  # what `touch` would make there, not mkstemp's 0600


def test_version_and_a_bare_command_answer_as_every_tool_does() -> None:
    import importlib.metadata

    version = cli("--version")
    assert version.returncode == 0
    assert (
        version.stdout.strip()
        == f"openrouter-stt {importlib.metadata.version('openrouter-ext')} (openrouter-ext)"
    )
    bare = cli()
    assert bare.returncode == 0 and bare.stdout.startswith("usage: openrouter-stt")
    assert "transcribe" in bare.stdout and "stand-in" in bare.stdout and bare.stderr == ""


def test_every_output_name_clash_is_reported_in_one_run(tmp_path: Path) -> None:
    for folder, names in (("one", ("talk.mp3", "talk.wav", "intro.wav")), ("two", ("intro.ogg",))):
        (tmp_path / folder).mkdir()
        for name in names:
            (tmp_path / folder / name).write_bytes(sine_wav(0.2))
    result = cli(
        "transcribe", str(tmp_path / "one"), str(tmp_path / "two"), "--out-dir", str(tmp_path / "out")
    )
    assert result.returncode == 2 and result.stdout == ""
    assert "2 output name(s) would be written by more than one input" in result.stderr
    assert "talk.mp3 and" in result.stderr and "talk.wav would all write" in result.stderr
    assert "intro.wav and" in result.stderr and "intro.ogg would all write" in result.stderr


def test_hints_name_the_commands_flags_and_audio_format_is_one(tmp_path: Path) -> None:
    (tmp_path / "lyrics.mp3").write_text("la la la\n")
    pcm = tmp_path / "raw.bin"
    pcm.write_bytes(b"\x01\x00" * 16_000)  # one second of headerless 16-bit PCM
    with stand_in(tmp_path) as (url, journal):
        refused = cli("transcribe", str(tmp_path / "lyrics.mp3"), "--server-url", url)
        taken = cli("transcribe", str(pcm), "--server-url", url, "--audio-format", "pcm")
    assert refused.returncode == 4 and "looks like text" in refused.stderr
    assert "say which: --audio-format pcm" in refused.stderr and "audio_format=" not in refused.stderr
    assert taken.returncode == 0, taken.stderr
    (sent,) = transcriptions(journal)
    assert sent["status"] == 200


@pytest.mark.parametrize(
    ("status", "code", "advice"), [(401, 3, "the API key was refused"), (402, 5, "no credits left")]
)
def test_a_refused_key_or_no_credit_stops_a_folder_at_once(
    tmp_path: Path, status: int, code: int, advice: str
) -> None:
    folder, out = tones(tmp_path / "in", 12), tmp_path / "out"
    with stand_in(tmp_path, "--scenario", f"status={status}") as (url, journal):
        result = transcribe_into(out, url, folder, options=("--concurrency", "1"))
        sent = [entry["status"] for entry in transcriptions(journal)]
    assert result.returncode == code, result.stderr
    assert sent == [status]  # the first answer stopped the run: no other file was sent
    assert f"openrouter-stt: stopped: {advice}" in result.stderr and "11 not started" in result.stderr
    entries = json.loads((out / MANIFEST).read_text())["files"]
    assert [entry["state"] for entry in entries.values()] == ["failed"]


def test_a_long_file_that_fails_part_way_counts_the_parts_it_paid_for(tmp_path: Path) -> None:
    pytest.importorskip("av", reason="cutting recordings needs the audio extra")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "long.wav").write_bytes(
        tone_recording([Tone(0.5, 1.5, 440), Tone(3.5, 4.5, 550), Tone(6.5, 7.5, 660)], 9.0)
    )
    options = ("--max-chunk-seconds", "3", "--retries", "0", "--concurrency", "1")
    with stand_in(tmp_path, "--scenario", "status=503;fail-first=1") as (url, journal):
        result = transcribe_into(tmp_path / "out", url, folder, options=options)
        answered = transcriptions(journal)
    assert result.returncode == 4, result.stderr
    paid = [json.loads(entry["response"])["usage"] for entry in answered if entry["status"] == 200]
    assert answered[0]["status"] == 503 and len(paid) == len(answered) - 1 >= 2
    seconds, cost = sum(u["seconds"] for u in paid), sum(u["cost"] for u in paid)
    assert f"this run {seconds:.1f} s of audio, cost ${cost:.6f}" in result.stderr


def test_a_ctrl_c_after_every_file_finished_is_no_interruption() -> None:
    from openrouter_ext.cli._batch import Tally
    from openrouter_ext.cli._transcribe import _exit_code

    assert _exit_code(Tally(done=3, interrupted=True)) == _exit.OK
    assert _exit_code(Tally(done=2, not_started=1, interrupted=True)) == _exit.INTERRUPTED


def test_the_help_explains_each_format_and_the_default() -> None:
    shown = " ".join(cli("transcribe", "--help").stdout.split())  # argparse wraps the text
    assert "text (default): the transcript's text" in shown and "srt, vtt: subtitles" in shown
    assert "verbose_json: the answer with timed segments" in shown and "srt .srt" in shown


def test_models_lists_the_catalog_with_the_limits_applied(tmp_path: Path) -> None:
    with stand_in(tmp_path) as (url, journal):
        result = cli("models", "--server-url", url)
        as_json = cli("models", "--server-url", url, "--json")
    assert result.returncode == 0, result.stderr
    header, *rows = result.stdout.splitlines()
    assert header.split() == ["MODEL", "PRICE", "LONGEST", "LARGEST", "FORMATS", "TIMESTAMPS", "SPEAKERS"]
    by_id = {line.split()[0]: line for line in rows}
    assert "$0.0001/s ($0.36/h)" in by_id["openai/whisper-1"] and "segment+word" in by_id["openai/whisper-1"]
    assert "/token" in by_id["openai/gpt-4o-transcribe"]  # token-priced: never shown as a price a second
    chirp = by_id["google/chirp-3"].split()
    assert chirp[3:5] == ["55", "s"] and "mp3" not in by_id["google/chirp-3"] and "none" in chirp
    assert "(unit unknown)" in by_id["nvidia/parakeet-tdt-0.6b-v3"]
    assert SECRET not in result.stdout + result.stderr
    listed = [json.loads(line) for line in as_json.stdout.splitlines()]
    assert [entry["id"] for entry in listed] == [line.split()[0] for line in rows]
    whisper = next(entry for entry in listed if entry["id"] == "openai/whisper-1")
    assert whisper["prices"]["prompt"] == "0.0001" and whisper["price_unit"] == "second"
    paths = [json.loads(line)["path"] for line in journal.read_text().splitlines()]
    assert paths and all(path.startswith("/api/v1/models?") for path in paths)


def test_models_without_a_key_or_with_a_refused_one(tmp_path: Path) -> None:
    assert cli("models", key=None).returncode == _exit.NO_KEY
    with stand_in(tmp_path, "--api-key", "the-right-one") as (url, _):
        refused = cli("models", "--server-url", url, key="a-wrong-one")
    assert refused.returncode == _exit.NO_KEY and "refused" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_a_closed_pipe_ends_the_listing_quietly() -> None:
    listing = subprocess.Popen([SCRIPT, "models", "--stand-in", "--json"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)  # fmt: skip
    assert listing.stdout is not None and listing.stderr is not None
    listing.stdout.close()  # before anything is read
    assert listing.wait(timeout=60) == _exit.SOME_FAILED
    assert "Traceback" not in listing.stderr.read()
    listing.stderr.close()


def test_a_model_the_sdk_does_not_know_takes_the_limits_the_flags_give(tmp_path: Path) -> None:
    pytest.importorskip("av", reason="converting recordings needs the audio extra")
    from openrouter_ext.testing import encode_audio

    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    (folder / "talk.mp3").write_bytes(encode_audio(tone_recording(LONG_TONES, 60.0), "mp3"))
    flags = (
        "--model",
        "vendor/new-stt",
        "--format",
        "verbose_json",
        "--model-formats",
        "FLAC",
        "--json-only",
    )
    with stand_in(tmp_path) as (url, journal):
        result = transcribe_into(out, url, folder, options=(*flags, "--max-chunk-seconds", "45"))
        again = transcribe_into(out, url, folder, options=(*flags, "--max-chunk-seconds", "45"))
        answers = [json.loads(entry["response"]) for entry in transcriptions(journal)]
    assert result.returncode == 0 and again.returncode == 0, result.stderr + again.stderr
    assert "1 skipped" in again.stderr  # the flags are the run's settings: the same ones match
    # Every part converted to FLAC, asked json (no verbose_json): phrases timed by the cuts.
    assert answers and all("received flac audio" in answer["text"] for answer in answers)
    assert all("segments" not in answer for answer in answers)
    segments = json.loads((out / "talk.json").read_text())["segments"]
    for tone in LONG_TONES:  # each heard once, in a segment over its true time, none over 15 s
        (segment,) = [s for s in segments if f"{tone.hertz} Hz" in s["text"].partition("heard")[2]]
        assert segment["start"] < tone.end and segment["end"] > tone.start
    assert max(s["end"] - s["start"] for s in segments) <= 15.0
    (settings,) = [e["settings"] for e in _manifest.Manifest(out).entries.values()]
    assert settings["model_formats"] == ["flac"] and settings["json_only"] is True


@pytest.mark.parametrize(
    ("flags", "words"),
    [
        (("--model-formats", "wav,mp9"), "--model-formats: unknown audio format 'mp9'"),
        (("--model-formats", " , "), "--model-formats: names no format"),
        (("--max-chunk-bytes", "10"), "must be 1024 or more"),
    ],
)
def test_flags_for_an_unknown_model_are_checked_before_anything_is_sent(
    tmp_path: Path, flags: tuple[str, ...], words: str
) -> None:
    (tmp_path / "a.wav").write_bytes(sine_wav(0.5))
    result = cli("transcribe", str(tmp_path / "a.wav"), "--server-url", "http://127.0.0.1:9/api/v1", *flags)
    assert result.returncode == 2 and words in result.stderr, result.stderr


def test_estimate_sends_nothing_but_the_catalog_and_foretells_the_run(tmp_path: Path) -> None:
    pytest.importorskip("av", reason="reading MP3 lengths and cutting needs the audio extra")
    from openrouter_ext.testing import encode_audio

    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    lengths = {"a.wav": 50.0, "b.mp3": 130.0, "c.wav": 200.0}
    for name, seconds in lengths.items():
        wav = tone_recording(
            [Tone(2.0 + 9 * n, 6.0 + 9 * n, 300 + 20 * n) for n in range(int(seconds // 9))], seconds
        )
        (folder / name).write_bytes(wav if name.endswith(".wav") else encode_audio(wav, "mp3"))
    flags = ("--model", "google/chirp-3", "--json")
    with stand_in(tmp_path) as (url, journal):
        before = cli("estimate", str(folder), "--server-url", url, *flags)
        asked = [json.loads(line) for line in journal.read_text().splitlines()]
        run = transcribe_into(out, url, folder, options=("--model", "google/chirp-3"))
        sent = len(transcriptions(journal))
        (folder / "d.wav").write_bytes(tone_recording([], 20.0))
        after = cli("estimate", str(folder), "--server-url", url, "--out-dir", str(out), *flags)
        table = cli("estimate", str(folder), "--server-url", url, "--out-dir", str(out), *flags[:2])
    assert before.returncode == 0 and run.returncode == 0 and after.returncode == 0, (
        before.stderr + after.stderr
    )
    assert [(entry["method"], entry["path"].partition("?")[0]) for entry in asked] == [
        ("GET", "/api/v1/models")
    ]
    foretold = json.loads(before.stdout)
    by_file = {Path(entry["path"]).name: entry for entry in foretold["per_file"]}
    for name, seconds in lengths.items():
        assert by_file[name]["seconds"] == pytest.approx(seconds, rel=0.005)
    assert abs(foretold["requests"] - sent) <= len(lengths)  # each file within one
    paid = sum(e["cost"] for e in _manifest.Manifest(out).entries.values())
    assert float(foretold["cost"]) == pytest.approx(paid, rel=0.01)
    # Into the run's folder: its three files left out, the new one counted, the run's price shown.
    later = json.loads(after.stdout)
    assert later["done_before"] == 3 and [Path(e["path"]).name for e in later["per_file"]] == ["d.wav"]
    assert later["observed"]["cost"] == pytest.approx(paid)
    assert "the earlier run paid $0.00026700/s" in table.stdout, table.stdout
    assert "(the catalog: $0.000267/s)" in table.stdout and "(3 done before, left out)" in table.stdout


def test_estimate_at_a_given_price_needs_no_key_nor_server_and_names_what_transcribe_refuses(
    tmp_path: Path,
) -> None:
    talk, empty, broken = tmp_path / "talk.wav", tmp_path / "empty.wav", tmp_path / "broken.wav"
    talk.write_bytes(tone_recording([], 90.0))
    empty.write_bytes(b"")
    broken.write_bytes(b"RIFF\x00\x00\x00\x00WAVEfmt " + b"\x00" * 30)  # a header that gives no length
    result = cli(
        "estimate", str(talk), str(empty), str(broken), "--server-url", "http://127.0.0.1:9/api/v1",
        "--price-per-second", "0.0001", key=None,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr  # one file transcribe would refuse
    rows = {line.split()[0]: line for line in result.stdout.splitlines()}
    assert "refused: input_audio" in rows[str(empty)] and "is empty" in rows[str(empty)]
    assert rows[str(talk)].split()[1:] == ["0:01:30", "1"]
    assert rows[str(broken)].split()[1:] == ["?", "1"]  # sent whole: its length is not known
    assert (
        "cost: about $0.009000 at $0.0001/s ($0.36/h, from the caller); 1 file of unknown length"
        in result.stdout
    )
    assert "1 file transcribe would refuse" in result.stdout
    tokens = cli("estimate", str(talk), "--stand-in", "--model", "openai/gpt-4o-transcribe")
    assert tokens.returncode == 0 and "cost: unknown: priced per token" in tokens.stdout
    assert "$0" not in tokens.stdout


def toned_folder(folder: Path, lengths: list[float]) -> None:
    """WAVs of these lengths, a 4 s tone every 9 s in each (pauses for the cuts)."""
    folder.mkdir()
    for index, seconds in enumerate(lengths):
        tones_in = [Tone(2.0 + 9 * n, 6.0 + 9 * n, 300 + 20 * n) for n in range(int((seconds - 7) // 9))]
        (folder / f"{index}.wav").write_bytes(tone_recording(tones_in, seconds))


def _billed(journal: Path) -> list[tuple[float, float]]:
    """(seconds, cost) of each transcription the stand-in answered, as it billed them."""
    billed = []
    for line in journal.read_text().splitlines() if journal.exists() else []:
        entry = json.loads(line)
        if entry["method"] == "POST" and entry["status"] == 200:
            usage = json.loads(entry["response"])["usage"]
            billed.append((usage["seconds"], usage["cost"]))
    return billed


def test_max_cost_stops_a_folder_within_the_requests_in_flight_and_a_rerun_pays_only_the_rest(
    tmp_path: Path,
) -> None:
    pytest.importorskip("av", reason="cutting needs the audio extra")
    folder, out = tmp_path / "in", tmp_path / "out"
    lengths = [40.0 + 17 * index for index in range(8)]  # 40 to 159 s: 624 s in all
    toned_folder(folder, lengths)
    price = 0.0001  # the stand-in's list price for whisper-large-v3 an audio second
    cap = round(0.4 * price * sum(lengths), 6)
    options = ("--max-chunk-seconds", "30", "--concurrency", "2", "--retries", "0")
    with stand_in(tmp_path) as (url, journal):
        first = transcribe_into(out, url, folder, options=(*options, "--max-cost", str(cap)))
        paid_first = _billed(journal)
        journal.unlink()
        second = transcribe_into(out, url, folder, options=(*options, "--max-cost", "1"))
        paid_second = _billed(journal)
    assert first.returncode == _exit.OVER_BUDGET, first.stderr
    in_flight = 2 * 4  # files at once, parts in flight a file
    assert sum(cost for _, cost in paid_first) <= cap + in_flight * price * 30 + 1e-9
    entries = list(_manifest.Manifest(out).entries.values())
    assert second.returncode == 0, second.stderr
    assert "stopped by the spend cap" in first.stderr and "rerun with a higher --max-cost" in first.stderr
    assert f"of the --max-cost ${cap}" in first.stderr
    # Every file done in the end, and no audio second paid twice over the two runs.
    assert sorted(entry["state"] for entry in entries) == ["done"] * len(lengths)
    assert sum(seconds for seconds, _ in paid_first + paid_second) == pytest.approx(sum(lengths), abs=0.01)


def test_max_cost_marks_what_it_stopped_and_needs_a_price_per_second(tmp_path: Path) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    for index in range(3):
        (folder / f"{index}.wav").write_bytes(tone_recording([], 20.0 + index))
    with stand_in(tmp_path) as (url, journal):
        stopped = transcribe_into(out, url, folder, options=("--max-cost", "0.0025", "--concurrency", "1"))
        tokens = transcribe_into(
            tmp_path / "t", url, folder, options=("--max-cost", "1", "--model", "openai/gpt-4o-transcribe")
        )
        sent_before_tokens = len(transcriptions(journal))
    assert stopped.returncode == _exit.OVER_BUDGET, stopped.stderr
    states = {Path(name).name: entry for name, entry in _manifest.Manifest(out).entries.items()}
    assert states["0.wav"]["state"] == "done"  # $0.0020 of the $0.0025
    for name in ("1.wav", "2.wav"):
        assert states[name]["state"] == "stopped-by-budget" and states[name]["spent"] == pytest.approx(0.002)
    assert tokens.returncode == 2 and "give --price-per-second" in tokens.stderr
    assert sent_before_tokens == 1  # one file of the first run; nothing for gpt-4o


def test_a_run_the_keys_limit_cannot_pay_for_is_refused_before_any_audio_is_sent(tmp_path: Path) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    for index in range(4):
        (folder / f"{index}.wav").write_bytes(tone_recording([], 30.0))  # 120 s: $0.012 at $0.0001/s
    with stand_in(tmp_path, "--key-limit", "0.01") as (url, journal):
        refused = transcribe_into(out, url, folder)
        sent_refused = transcriptions(journal)
        capped = transcribe_into(out, url, folder, options=("--max-cost", "0.0065", "--concurrency", "1"))
        sent_capped = transcriptions(journal)
    assert refused.returncode == _exit.NO_CREDIT and sent_refused == []
    assert "the key has $0.01 left of its $0.01 limit" in refused.stderr
    assert "would spend about $0.012000 on 4 files" in refused.stderr and "lower --max-cost" in refused.stderr
    # Within a cap under the limit it runs, and stops at the cap.
    assert capped.returncode == _exit.OVER_BUDGET, capped.stderr
    assert len(sent_capped) == 2 and "2 done" in capped.stderr


def test_max_cost_on_the_ray_engine_is_the_jobs_and_a_rerun_pays_only_the_rest(tmp_path: Path) -> None:
    pytest.importorskip("ray", reason="the ray extra is not installed")
    pytest.importorskip("av", reason="cutting needs the audio extra")
    folder, out = tmp_path / "in", tmp_path / "out"
    lengths = [60.0 + 20 * index for index in range(6)]  # 60 to 160 s: 660 s in all
    toned_folder(folder, lengths)
    price, cap = 0.0001, round(0.4 * 0.0001 * sum(lengths), 6)
    options = ("--max-chunk-seconds", "30", "--concurrency", "2", "--retries", "0", "--engine", "ray")
    with stand_in(tmp_path) as (url, journal):
        first = cli("transcribe", str(folder), "--out-dir", str(out), "--server-url", url, *options,
                    "--max-cost", str(cap), timeout=180)  # fmt: skip
        paid_first = _billed(journal)
        journal.unlink()
        second = cli("transcribe", str(folder), "--out-dir", str(out), "--server-url", url, *options,
                     "--max-cost", "1", timeout=180)  # fmt: skip
        paid_second = _billed(journal)
    assert first.returncode == _exit.OVER_BUDGET, first.stderr
    assert sum(cost for _, cost in paid_first) <= cap + 2 * 4 * 4 * price * 30 + 1e-9  # workers, files, parts
    assert second.returncode == 0, second.stderr
    entries = list(_manifest.Manifest(out).entries.values())
    assert sorted(entry["state"] for entry in entries) == ["done"] * len(lengths)
    assert sum(seconds for seconds, _ in paid_first + paid_second) == pytest.approx(sum(lengths), abs=0.01)


def test_a_url_is_an_input_sent_as_the_url_form_with_nothing_read_here(tmp_path: Path) -> None:
    url_of_audio = "https://media.example.com/talks/keynote.mp3?signature=abc"
    out = tmp_path / "out"
    with stand_in(tmp_path) as (url, journal):
        one = cli("transcribe", url_of_audio, "--server-url", url)
        into = transcribe_into(out, url, url_of_audio)
        again = transcribe_into(out, url, url_of_audio)
        sent = transcriptions(journal)
        on_ray = transcribe_into(out, url, url_of_audio, options=("--engine", "ray"))
    assert one.returncode == 0 and into.returncode == 0 and again.returncode == 0, one.stderr + into.stderr
    assert len(sent) == 2 and all(entry["status"] == 200 for entry in sent)  # the rerun skipped it
    assert (out / "keynote.txt").is_file() and "1 skipped" in again.stderr
    assert on_ray.returncode == 2 and "not URLs" in on_ray.stderr


def test_several_inputs_without_out_dir_go_to_standard_output_each_under_its_name(
    tmp_path: Path, recordings: Path
) -> None:
    files = [recordings / "a.wav", recordings / "b.wav"]
    with stand_in(tmp_path) as (url, _journal):
        text = cli("transcribe", *map(str, files), "--server-url", url)
        lines = cli("transcribe", *map(str, files), "--server-url", url, "--format", "json")
        subtitles = cli("transcribe", *map(str, files), "--server-url", url, "--format", "srt")
    assert text.returncode == 0, text.stderr
    for path in files:
        assert f"==> {path} <==\n" in text.stdout
    answers = [json.loads(line) for line in lines.stdout.splitlines()]
    assert sorted(answer["file"] for answer in answers) == sorted(map(str, files))
    assert all("seconds" in answer["text"] for answer in answers)
    assert subtitles.returncode == 2 and "cannot share standard output" in subtitles.stderr


def test_the_bars_total_only_grows_and_files_done_before_count_as_done() -> None:
    from openrouter_ext.cli._batch import Reporter

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    reporter = Reporter(3, Terminal())
    assert reporter.bar is not None
    reporter.expect(Path("a"), 100.0)  # as the headers say
    reporter.expect(Path("b"), 50.0)
    reporter.expect(Path("c"), 30.0)
    assert reporter.bar.total == 180.0
    reporter.progress(Path("a"), 10.0, 99.9)  # its transcription reads it a little shorter: no shrink
    reporter.progress(Path("b"), 50.0, 60.0)  # longer than its header said: the total grows
    reporter.skipped(Path("c"))
    assert reporter.bar.total == 190.0 and reporter.bar.n == 90.0
    reporter.close()
    reporter.expect(Path("d"), 10.0)  # a header read after the end changes nothing
    assert reporter.bar.total == 190.0
