"""``openrouter_ext.ray``: the worker without a cluster (most of the logic), then jobs on a local
Ray cluster (one per test session, two CPUs) against the stand-in on 127.0.0.1."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs
import httpx
import pytest
from conftest import API_KEY, MODEL

from openrouter_ext import ClientOptions, InvalidInputError, OpenRouter, RetryConfig
from openrouter_ext.testing import StandIn, Tone, tone_recording

pytest.importorskip("ray", reason="the ray extra is not installed")

from openrouter_ext.ray import COLUMNS, Transcriber, read_results, transcribe_dataset, transcribe_files
from openrouter_ext.ray._budget import Slots
from openrouter_ext.ray._jobs import worker_settings

NO_RETRY = RetryConfig("none")
# Ray Data leaves its per-dataset log files for the garbage collector to close: its warning, not ours.
pytestmark = [  # (no colon may appear in a filter's message: "." stands for the one there)
    pytest.mark.filterwarnings(r"ignore:unclosed file <_io.TextIOWrapper name=.*/ray-data/:ResourceWarning"),
    pytest.mark.filterwarnings(
        r"ignore:Exception ignored in. <_io.FileIO name=.*/ray-data/:pytest.PytestUnraisableExceptionWarning"
    ),
]


@pytest.fixture(autouse=True)
def _key_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENROUTER_API_KEY", API_KEY)  # as a worker finds it


def recordings(folder: Path, count: int, seconds: float = 1.0) -> list[Path]:
    """``count`` WAVs, each a tone of its own pitch: distinct content, distinct transcripts."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        path = folder / f"{index:03d}.wav"
        path.write_bytes(tone_recording([Tone(0.05, seconds - 0.05, 300 + 20 * index)], seconds))
        paths.append(path)
    return paths


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def worker(stand_in: StandIn, **options: Any) -> Transcriber:
    settings = worker_settings(
        model=MODEL, server_url=stand_in.base_url, retries=options.pop("retries", NO_RETRY), **options
    )
    return Transcriber(settings)


def posted(stand_in: StandIn) -> list[Any]:
    """The transcription requests the stand-in received (not the catalog's reads)."""
    return [request for request in stand_in.requests if request.method == "POST"]


def most_in_one_second(times: Sequence[float]) -> int:
    ordered = sorted(times)
    return max((sum(1 for t in ordered[i:] if t < start + 1.0) for i, start in enumerate(ordered)), default=0)


# -- the worker, without a cluster ----------------------------------------------------------------


def test_one_row_per_file_and_failures_are_rows(stand_in: StandIn, tmp_path: Path) -> None:
    good = recordings(tmp_path / "in", 3)
    (tmp_path / "in" / "notes.txt").write_text("not audio")
    inputs = [
        *map(str, good),
        str(tmp_path / "in" / "missing.wav"),
        str(tmp_path / "in" / "notes.txt"),
        str(tmp_path),
    ]
    transcriber = worker(stand_in, fields={"response_format": "verbose_json"})
    try:
        rows = transcriber.rows(inputs)
    finally:
        transcriber.close()
    assert [row["path"] for row in rows] == inputs and all(set(row) == set(COLUMNS) for row in rows)
    assert [row["status"] for row in rows] == ["done"] * 3 + ["failed"] * 3
    assert [row["error_type"] for row in rows[3:]] == [
        "FileNotFoundError",
        "InvalidInputError",
        "IsADirectoryError",
    ]
    assert "not audio" in rows[4]["error"] or "text" in rows[4]["error"]
    with OpenRouter(api_key=API_KEY, server_url=stand_in.base_url, retries=NO_RETRY) as client:
        for row, path in zip(rows[:3], good, strict=True):
            local = client.stt.transcribe(input_audio=str(path), model=MODEL, response_format="verbose_json")
            assert row["id"] == sha256(path) and row["text"] == local.text
            assert json.loads(row["response"])["segments"][0]["text"] == local.segments[0].text
            assert row["attempts"] == 1 and row["seconds"] == pytest.approx(1.0)
    assert len(stand_in.requests) == 6  # three by the worker, three by the check: none for the failures
    assert API_KEY not in json.dumps(rows)


def test_inputs_whose_results_are_written_are_skipped_unless_changed(
    stand_in: StandIn, tmp_path: Path
) -> None:
    first, second = recordings(tmp_path, 2)
    settings = worker_settings(model=MODEL, server_url=stand_in.base_url, retries=NO_RETRY)
    transcriber = Transcriber(settings, skip={str(first): sha256(first), str(second): "0" * 64})
    try:
        rows = transcriber.rows([str(first), str(second)])
    finally:
        transcriber.close()
    assert [row["status"] for row in rows] == ["skipped", "done"] and len(stand_in.requests) == 1


def test_a_key_file_instead_of_the_environment(
    stand_in: StandIn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OPENROUTER_API_KEY")
    key_file = tmp_path / "key"
    key_file.write_text(API_KEY + "\n")
    transcriber = worker(stand_in, api_key_file=str(key_file))
    try:
        (row,) = transcriber.rows([str(recordings(tmp_path / "in", 1)[0])])
    finally:
        transcriber.close()
    assert row["status"] == "done"


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"fields": {"temperature": "warm"}}, "temperature"),
        ({"fields": {"max_chunk_seconds": 0}}, "max_chunk_seconds"),
        ({"rps": 0}, "rps"),
        ({"max_in_flight": 0}, "max_in_flight"),
        ({"server_url": "ftp://example.com"}, "server_url"),
        ({"api_key_file": "/no/such/key"}, "api_key_file"),
    ],
)
def test_bad_settings_are_refused_on_the_driver(options: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        worker_settings(model=MODEL, **options)
    assert caught.value.field == field


def test_no_key_is_refused_on_the_driver(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENROUTER_API_KEY")
    with pytest.raises(InvalidInputError, match="OPENROUTER_API_KEY") as caught:
        worker_settings(model=MODEL)
    assert caught.value.field == "api_key"


def test_budget_slots_are_one_interval_apart_and_a_hold_pushes_them() -> None:
    now = [100.0]
    slots = Slots(4, clock=lambda: now[0])
    assert [slots.reserve() for _ in range(3)] == [0.0, 0.25, 0.5]
    now[0] += 2.0  # idle: no burst is saved up
    assert slots.reserve() == 0.0
    slots.hold(3.0)
    assert slots.reserve() == 3.0 and slots.reserve() == 3.25


def test_a_worker_keeps_its_share_of_the_budget(stand_in: StandIn, tmp_path: Path) -> None:
    paths = recordings(tmp_path, 24, seconds=0.3)
    transcriber = worker(stand_in, rps=8, max_in_flight=8)
    try:
        rows = transcriber.rows([str(path) for path in paths])
    finally:
        transcriber.close()
    assert all(row["status"] == "done" for row in rows)
    assert most_in_one_second([request.time for request in stand_in.requests]) <= 8 + 1


def test_a_429_with_retry_after_holds_the_budget_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seen from the worker: once a 429 with Retry-After: 1 has come back, nothing is sent for a
    second. (The stand-in's own clock would not do: it runs in this process, and while it decodes
    one request's audio, others it has not read yet look as if they came later than they did.)"""
    sent: list[float] = []
    refused: list[float] = []
    send, answered = Transcriber._before_send, Transcriber._answered

    async def sending(self: Transcriber, request: httpx.Request) -> None:
        await send(self, request)
        sent.append(time.monotonic())

    async def answer(self: Transcriber, response: httpx.Response) -> None:
        if response.status_code == 429:
            refused.append(time.monotonic())
        await answered(self, response)

    monkeypatch.setattr(Transcriber, "_before_send", sending)
    monkeypatch.setattr(Transcriber, "_answered", answer)
    paths = recordings(tmp_path, 12, seconds=0.3)
    retry = RetryConfig("backoff", max_retries=5)
    with StandIn(scenario="rate-limit=4") as stand_in:
        transcriber = worker(stand_in, rps=50, max_in_flight=3, retries=retry)
        try:
            rows = transcriber.rows([str(path) for path in paths])
        finally:
            transcriber.close()
        answered_by_server = [r for r in stand_in.requests if r.status == 200]
    assert all(row["status"] == "done" for row in rows) and len(answered_by_server) == 12
    assert refused and len(sent) == len(stand_in.requests)
    assert not [t for t in sent if refused[0] < t < refused[0] + 0.9]


# -- jobs on a local cluster ----------------------------------------------------------------------


@pytest.fixture(scope="session")
def cluster() -> Iterator[Any]:
    import ray

    # The key reaches the workers as docs/SCALE.md says it should on any cluster: in the nodes' own
    # environment, which the workers inherit. (Not in a runtime_env: Ray logs its env_vars.)
    before = os.environ.get("OPENROUTER_API_KEY")
    os.environ["OPENROUTER_API_KEY"] = API_KEY
    try:
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    finally:
        if before is None:
            del os.environ["OPENROUTER_API_KEY"]
        else:
            os.environ["OPENROUTER_API_KEY"] = before
    ray.data.DataContext.get_current().enable_progress_bars = False
    try:
        yield ray
    finally:
        ray.shutdown()


def dataset_rows(cluster: Any, paths: Sequence[Path | str], url: str, **options: Any) -> list[dict[str, Any]]:
    """The rows of ``transcribe_dataset`` over ``paths`` against the stand-in at ``url``."""
    ds = cluster.data.from_items([{"path": str(path)} for path in paths])
    return transcribe_dataset(ds, model=MODEL, server_url=url, **options).take_all()


def test_a_dataset_of_paths_becomes_the_same_rows_as_the_local_engine(
    cluster: Any, stand_in: StandIn, tmp_path: Path
) -> None:
    paths = [*map(str, recordings(tmp_path, 8)), str(tmp_path / "missing.wav")]
    found = dataset_rows(
        cluster, paths, stand_in.base_url, retries=NO_RETRY, concurrency=2, response_format="verbose_json"
    )
    rows = sorted(found, key=lambda row: row["path"])
    local = Transcriber(worker_settings(model=MODEL, server_url=stand_in.base_url, retries=NO_RETRY,
                                        fields={"response_format": "verbose_json"}))  # fmt: skip
    try:
        expected = sorted(local.rows(paths), key=lambda row: row["path"])
    finally:
        local.close()
    for row, wanted in zip(rows, expected, strict=True):
        for column in ("id", "path", "text", "response", "status", "error_type", "status_code", "attempts"):
            assert row[column] == wanted[column], column


def test_the_budget_is_the_jobs_not_each_workers(cluster: Any, stand_in: StandIn, tmp_path: Path) -> None:
    paths = recordings(tmp_path, 30, seconds=0.3)
    rows = dataset_rows(
        cluster, paths, stand_in.base_url, retries=NO_RETRY, rps=10, concurrency=2, max_in_flight=8
    )
    assert len(rows) == 30 and all(row["status"] == "done" for row in rows), {
        (r["error_type"], r["error"]) for r in rows
    }
    assert most_in_one_second([request.time for request in stand_in.requests]) <= 10 + 1


def test_under_a_server_limit_a_budget_avoids_429s_and_no_budget_still_finishes(
    cluster: Any, tmp_path: Path
) -> None:
    paths = recordings(tmp_path, 30, seconds=0.3)
    retry = RetryConfig("backoff", max_retries=8)
    outcomes = {}
    for rps in (9, None):
        with StandIn(scenario=f"rate-limit=10;id={rps}") as stand_in:
            rows = dataset_rows(
                cluster, paths, stand_in.base_url, retries=retry, rps=rps, concurrency=2, max_in_flight=8
            )
            outcomes[rps] = (rows, [request.status for request in stand_in.requests])
    rows, statuses = outcomes[9]
    assert all(row["status"] == "done" for row in rows) and 429 not in statuses
    rows, statuses = outcomes[None]
    assert all(row["status"] == "done" for row in rows) and len(rows) == 30
    assert 429 in statuses and statuses.count(200) == 30  # refused, retried, nothing lost or doubled


def test_files_to_written_results_resume_where_they_stopped(
    cluster: Any, stand_in: StandIn, tmp_path: Path
) -> None:
    paths = recordings(tmp_path / "in", 6)
    out = tmp_path / "out"
    options: dict[str, Any] = {
        "server_url": stand_in.base_url,
        "retries": NO_RETRY,
        "concurrency": 2,
        "model": MODEL,
    }
    assert transcribe_files(tmp_path / "in", out, **options) == {
        "done": 6,
        "failed": 0,
        "stopped-by-budget": 0,
        "skipped": 0,
    }
    assert len(posted(stand_in)) == 6  # (and GET /key: the key's limit, read before each job)
    assert transcribe_files(tmp_path / "in", out, **options) == {
        "done": 0,
        "failed": 0,
        "stopped-by-budget": 0,
        "skipped": 6,
    }
    assert len(posted(stand_in)) == 6  # nothing sent again
    paths[2].write_bytes(tone_recording([Tone(0.1, 0.5, 900)], 0.8))  # a changed file is redone
    assert transcribe_files(tmp_path / "in", out, **options) == {
        "done": 1,
        "failed": 0,
        "stopped-by-budget": 0,
        "skipped": 5,
    }
    results = read_results(out)
    assert len(results) == 7  # the changed file's old row and new row: different content ids
    latest = results[results["id"] == sha256(paths[2])]
    assert len(latest) == 1 and latest.iloc[0]["status"] == "done"
    assert API_KEY.encode() not in b"".join(path.read_bytes() for path in out.rglob("*") if path.is_file())


def test_json_lines_and_rows_written_twice_count_once(
    cluster: Any, stand_in: StandIn, tmp_path: Path
) -> None:
    recordings(tmp_path / "in", 3)
    out = tmp_path / "out"
    options: dict[str, Any] = {"server_url": stand_in.base_url, "retries": NO_RETRY, "model": MODEL}
    transcribe_files(tmp_path / "in", out, resume=False, output_format="json", **options)
    transcribe_files(tmp_path / "in", out, resume=False, output_format="json", **options)  # written again
    assert len(list(out.glob("*.json"))) >= 2
    assert len(read_results(out, output_format="json")) == 3


def test_the_key_is_in_no_pickle_argument_or_row(cluster: Any, stand_in: StandIn, tmp_path: Path) -> None:
    import ray.cloudpickle

    settings = worker_settings(model=MODEL, server_url=stand_in.base_url, retries=NO_RETRY)
    pickled: bytes = ray.cloudpickle.dumps((Transcriber, {"settings": settings}))  # type: ignore[no-untyped-call]
    assert API_KEY.encode() not in pickled
    assert API_KEY.encode() not in pickle.dumps(settings)
    rows = dataset_rows(cluster, recordings(tmp_path, 2), stand_in.base_url, retries=NO_RETRY)
    assert rows and API_KEY not in json.dumps(rows, default=str)
    logs = Path(cluster._private.worker.global_worker.node.get_logs_dir_path())
    for log in logs.rglob("*"):
        if log.is_file():
            assert API_KEY.encode() not in log.read_bytes(), log


def test_ray_missing_is_an_error_naming_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def without_ray(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "ray" or name.startswith("ray."):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without_ray)
    with pytest.raises(InvalidInputError, match=r"openrouter-ext\[ray\]"):
        transcribe_files(".", "out", model=MODEL)


def worker_processes() -> list[int]:
    """The PIDs of the job's worker processes (Ray titles them ``ray::MapWorker(...)``)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if command.startswith(b"ray::MapWorker(MapBatches(Transcriber))"):
                found.append(int(entry.name))
    return found


def test_a_worker_killed_mid_job_costs_only_its_requests_in_flight(cluster: Any, tmp_path: Path) -> None:
    import signal
    import threading
    import time

    from openrouter_ext.testing._contract import decode_multipart

    paths = recordings(tmp_path, 24, seconds=0.3)
    killed: list[int] = []
    with StandIn(scenario="delay-ms=300") as stand_in:

        def kill_one_worker_once_six_are_answered() -> None:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and len(stand_in.requests) < 6:  # bounded
                time.sleep(0.01)
            workers = worker_processes()
            if workers:
                os.kill(workers[0], signal.SIGKILL)
                killed.append(workers[0])

        killer = threading.Thread(target=kill_one_worker_once_six_are_answered)
        killer.start()
        rows = dataset_rows(
            cluster, paths, stand_in.base_url, retries=NO_RETRY, concurrency=2, max_in_flight=2
        )
        killer.join(timeout=60)
        sent = [
            hashlib.sha256(
                decode_multipart(r.headers["content-type"], r.body)["file"].encode("latin-1")
            ).hexdigest()
            for r in stand_in.requests
        ]
    assert killed, "no worker process was found to kill"
    assert sorted(row["path"] for row in rows) == sorted(map(str, paths))  # one row each, no more
    assert all(row["status"] == "done" for row in rows)
    twice = [digest for digest in set(sent) if sent.count(digest) > 1]
    assert len(set(sent)) == 24 and len(twice) <= 2, twice  # at most the dead worker's max_in_flight


def test_inputs_at_a_uri_are_fetched_by_the_worker(stand_in: StandIn, tmp_path: Path) -> None:
    # file:// goes through the same pyarrow filesystem code as s3:// or gs://.
    (path,) = recordings(tmp_path / "bucket", 1)
    transcriber = worker(stand_in)
    try:
        done, missing = transcriber.rows([path.as_uri(), (tmp_path / "bucket" / "gone.wav").as_uri()])
    finally:
        transcriber.close()
    assert done["status"] == "done" and done["path"] == path.as_uri() and done["id"] == sha256(path)
    assert missing["status"] == "failed" and missing["error_type"] == "FileNotFoundError"
    assert not list(Path(tempfile.gettempdir()).glob("openrouter-*.wav"))  # the copy is gone


def test_a_folder_at_a_uri_is_listed_and_resumed(cluster: Any, stand_in: StandIn, tmp_path: Path) -> None:
    recordings(tmp_path / "bucket" / "day1", 2)
    recordings(tmp_path / "bucket" / "day2", 1)
    source, out = (tmp_path / "bucket").as_uri() + "/", tmp_path / "out"
    options: dict[str, Any] = {"server_url": stand_in.base_url, "retries": NO_RETRY, "model": MODEL}
    assert transcribe_files(source, out, **options) == {
        "done": 3,
        "failed": 0,
        "stopped-by-budget": 0,
        "skipped": 0,
    }
    assert transcribe_files(source, out, **options) == {
        "done": 0,
        "failed": 0,
        "stopped-by-budget": 0,
        "skipped": 3,
    }
    assert sorted(read_results(out)["path"]) == sorted(
        p.as_uri() for p in (tmp_path / "bucket").rglob("*.wav")
    )
    with pytest.raises(InvalidInputError, match="cannot be listed"):
        transcribe_files((tmp_path / "nowhere").as_uri(), out, **options)


def test_a_worker_without_a_key_says_where_to_set_it(
    stand_in: StandIn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = worker_settings(
        model=MODEL, server_url=stand_in.base_url, retries=NO_RETRY
    )  # the driver has it
    monkeypatch.delenv("OPENROUTER_API_KEY")  # the worker's node has not
    transcriber = Transcriber(settings)
    try:
        (row,) = transcriber.rows([str(recordings(tmp_path, 1)[0])])
    finally:
        transcriber.close()
    assert row["status"] == "failed" and row["error_type"] == "InvalidInputError"
    assert "OPENROUTER_API_KEY" in row["error"] and "api_key_file" in row["error"]
    assert not stand_in.requests


def test_every_client_option_reaches_the_workers_client(stand_in: StandIn, tmp_path: Path) -> None:
    """One type for the options: http2 (which the worker's own list once lacked) and the rest."""
    options = ClientOptions(
        server_url=stand_in.base_url, retries=NO_RETRY, http2=True, x_open_router_title="Jobs"
    )
    settings = worker_settings(model=MODEL, options=options, timeout_ms=30_000)
    assert settings.client_options == attrs.evolve(options, timeout_ms=30_000)
    transcriber = Transcriber(settings)
    try:
        (row,) = transcriber.rows([str(recordings(tmp_path, 1)[0])])
        assert transcriber._http is not None and transcriber._client is not None
        assert transcriber._http._transport._pool._http2 is True  # type: ignore[attr-defined]
        assert transcriber._client.options == settings.client_options
    finally:
        transcriber.close()
    assert row["status"] == "done"
    assert stand_in.requests[0].headers["x-openrouter-title"] == "Jobs"


def test_an_unknown_client_option_is_refused_on_the_driver() -> None:
    with pytest.raises(InvalidInputError, match="ClientOptions") as caught:
        worker_settings(model=MODEL, server_ulr="https://example.com")
    assert caught.value.field == "server_ulr"


# Tones 7 s apart, 3 s each, at pitches of their own: 1 s to 53 s of a 60 s recording.
TALK = [Tone(1.0 + 7 * n, 4.0 + 7 * n, 300 + 40 * n) for n in range(8)]


def _timed_by_cuts_against_truth(row: dict[str, Any]) -> None:
    """A row of a json-only model asked for times: each tone in one segment over its true time."""
    assert row["status"] == "done", row["error"]
    segments = json.loads(row["response"])["segments"]
    for tone in TALK:
        (segment,) = [s for s in segments if f"{tone.hertz:g} Hz" in s["text"].partition("heard")[2]]
        assert segment["start"] < tone.end and segment["end"] > tone.start
    assert max(s["end"] - s["start"] for s in segments) <= 15.0


def test_a_json_only_model_that_refuses_mp3_gives_timed_rows(stand_in: StandIn, tmp_path: Path) -> None:
    pytest.importorskip("av", reason="converting recordings needs the audio extra")
    from openrouter_ext.testing import encode_audio

    path = tmp_path / "talk.mp3"
    path.write_bytes(encode_audio(tone_recording(TALK, 60.0), "mp3"))
    transcriber = Transcriber(
        worker_settings(model="google/chirp-3", server_url=stand_in.base_url, retries=NO_RETRY,
                        fields={"timed": True})
    )  # fmt: skip
    try:
        (row,) = transcriber.rows([str(path)])
    finally:
        transcriber.close()
    _timed_by_cuts_against_truth(row)
    assert all(r.status == 200 for r in stand_in.requests)  # none refused: FLAC phrases, json asked


def test_the_profile_of_an_unknown_model_reaches_every_worker(
    cluster: Any, stand_in: StandIn, tmp_path: Path
) -> None:
    pytest.importorskip("av", reason="converting recordings needs the audio extra")
    from openrouter_ext import ModelProfile
    from openrouter_ext.testing import encode_audio

    paths = []
    for index in range(3):
        paths.append(tmp_path / f"talk-{index}.mp3")
        paths[-1].write_bytes(encode_audio(tone_recording(TALK, 60.0 + index), "mp3"))
    profile = ModelProfile("vendor/new-stt", max_seconds=45, formats=frozenset({"flac"}), verbose_json=False)
    ds = cluster.data.from_items([{"path": str(path)} for path in paths])
    rows = transcribe_dataset(
        ds, model="vendor/new-stt", server_url=stand_in.base_url, retries=NO_RETRY, concurrency=2,
        profile=profile, timed=True,
    ).take_all()  # fmt: skip
    assert len(rows) == 3
    for row in rows:
        _timed_by_cuts_against_truth(row)
    assert stand_in.requests and all(
        b".flac" in r.body and b"verbose_json" not in r.body for r in stand_in.requests
    )


def test_a_jobs_spend_cap_holds_across_workers_and_a_rerun_pays_only_the_rest(
    cluster: Any, stand_in: StandIn, tmp_path: Path
) -> None:
    pytest.importorskip("av", reason="cutting needs the audio extra")
    lengths = [50.0 + 13 * index for index in range(10)]  # 50 to 167 s
    folder = tmp_path / "in"
    folder.mkdir()
    for index, seconds in enumerate(lengths):
        tones = [Tone(2.0 + 9 * n, 6.0 + 9 * n, 300 + 20 * n) for n in range(int((seconds - 7) // 9))]
        (folder / f"{index:02d}.wav").write_bytes(tone_recording(tones, seconds))
    out, price, part = tmp_path / "out", 0.0001, 30
    cap = round(0.4 * price * sum(lengths), 6)
    options: dict[str, Any] = {"server_url": stand_in.base_url, "retries": NO_RETRY, "concurrency": 2,
                               "max_in_flight": 2, "model": MODEL, "max_chunk_seconds": part}  # fmt: skip

    def billed() -> list[tuple[float, float]]:
        answered = [
            json.loads(r.response)["usage"]
            for r in stand_in.requests
            if r.method == "POST" and r.status == 200
        ]
        return [(usage["seconds"], usage["cost"]) for usage in answered]

    first = transcribe_files(folder, out, max_cost=cap, **options)
    paid_first = billed()
    in_flight = 2 * 2 * 4  # workers, files each, parts each
    assert first["stopped-by-budget"] > 0 and first["done"] > 0 and first["failed"] == 0
    assert sum(cost for _, cost in paid_first) <= cap + in_flight * price * part + 1e-9
    stand_in.reset()
    second = transcribe_files(folder, out, max_cost=1, price_per_second=price, **options)
    assert second["done"] == first["stopped-by-budget"] and second["skipped"] == first["done"]
    both = paid_first + billed()
    assert sum(seconds for seconds, _ in both) == pytest.approx(sum(lengths), abs=0.01)  # none paid twice
    results = read_results(out)
    assert sorted(results[results["status"] == "done"]["path"]) == sorted(map(str, sorted(folder.iterdir())))


def test_a_job_the_keys_limit_cannot_pay_for_is_refused_before_it_starts(
    cluster: Any, tmp_path: Path
) -> None:
    recordings(tmp_path / "in", 4, seconds=30.0)  # 120 s: $0.012 at the stand-in's $0.0001/s
    options: dict[str, Any] = {"retries": NO_RETRY, "model": MODEL}
    with StandIn(key_limit=0.01) as stand_in:
        with pytest.raises(InvalidInputError) as caught:
            transcribe_files(tmp_path / "in", tmp_path / "out", server_url=stand_in.base_url, **options)
        with pytest.raises(InvalidInputError, match=r"would spend about \$0\.020000"):
            transcribe_files(tmp_path / "in", tmp_path / "out", server_url=stand_in.base_url, max_cost="0.02",
                             **options)  # fmt: skip
        refused_sent = len(posted(stand_in))
        ds = cluster.data.from_items([{"path": str(path)} for path in sorted((tmp_path / "in").iterdir())])
        with pytest.raises(InvalidInputError, match=r"would spend about \$0\.050000"):
            transcribe_dataset(ds, server_url=stand_in.base_url, max_cost=0.05, price_per_second="0.0001",
                               price_per_request="0.00001", **options)  # fmt: skip
        refused_sent += len(posted(stand_in))
        within = transcribe_files(tmp_path / "in", tmp_path / "out", server_url=stand_in.base_url,
                                  max_cost="0.005", **options)  # fmt: skip
    assert refused_sent == 0  # the refused jobs sent no audio
    assert "the key has $0.01 left of its $0.01 limit" in str(caught.value) and "$0.012000" in str(
        caught.value
    )
    assert within["stopped-by-budget"] > 0 and within["done"] > 0


def test_a_diarized_row_carries_one_speaker_per_voice_across_its_parts(
    stand_in: StandIn, tmp_path: Path
) -> None:
    pytest.importorskip("av", reason="cutting recordings needs the audio extra")
    from test_speakers import MODEL as DIARIZING
    from test_speakers import PART, SECONDS, TONES, _right, _voices

    path = tmp_path / "meeting.wav"
    path.write_bytes(tone_recording(TONES, SECONDS))
    transcriber = Transcriber(
        worker_settings(model=DIARIZING, server_url=stand_in.base_url, retries=NO_RETRY,
                        fields={"diarize": True, "max_chunk_seconds": PART})
    )  # fmt: skip
    try:
        (row,) = transcriber.rows([str(path)])
    finally:
        transcriber.close()
    assert row["status"] == "done" and row["parts"] >= 5
    from openrouter_ext import STTResponse

    response = STTResponse.from_dict(json.loads(row["response"]))
    assert isinstance(response.segments, list)
    truth, said = _voices(TONES, response.segments)
    assert _right(truth, said) >= 0.99 and len(set(said)) == 4
