"""``--engine ray --ray-address`` against a cluster a user started with ``ray start --head`` (Ray
2.60 turns its token authentication on), as a new user meets it: in a shell without the API key,
then in one with it. Each cluster runs in its own ``ray start --block`` process, stopped by PID."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from openrouter_ext.cli import _exit
from openrouter_ext.testing import StandIn, sine_wav

pytest.importorskip("ray", reason="the ray extra is not installed")

BIN = Path(sys.executable).parent
SECRET = "sk-or-v1-ray-cluster-test-0123456789"
pytestmark = pytest.mark.timeout(300)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def cluster(tmp_path: Path, *, key: str | None) -> Iterator[str]:
    """``ray start --head`` in a shell whose environment has ``key`` (or no key): yields its address."""
    port = _free_port()
    env = {name: value for name, value in os.environ.items() if not name.startswith(("OPENROUTER_", "RAY_"))}
    if key is not None:
        env["OPENROUTER_API_KEY"] = key
    log = tmp_path / f"ray-start-{port}.log"
    # Ray's socket paths must stay under 108 bytes: a short folder of its own, not pytest's tmp_path.
    scratch = Path(tempfile.mkdtemp(prefix="ray"))
    command = [
        str(BIN / "ray"), "start", "--head", "--block", f"--port={port}", "--num-cpus=1",
        "--include-dashboard=false", "--disable-usage-stats", f"--temp-dir={scratch}",
    ]  # fmt: skip
    with (
        log.open("w") as output,
        subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, env=env) as head,
    ):
        try:
            deadline = time.monotonic() + 120
            while "Ray runtime started" not in log.read_text():
                assert head.poll() is None and time.monotonic() < deadline, log.read_text()
                time.sleep(0.5)
            yield f"127.0.0.1:{port}"
        finally:
            head.terminate()  # --block: ray start stops the processes it started
            head.wait(timeout=60)
            shutil.rmtree(scratch, ignore_errors=True)


def transcribe_on(
    address: str, folder: Path, out: Path, url: str, **env: str
) -> subprocess.CompletedProcess[str]:
    """``openrouter-stt transcribe FOLDER --engine ray --ray-address ADDRESS`` from a shell that has
    the key (the driver's check passes there)."""
    shell = {
        name: value for name, value in os.environ.items() if not name.startswith(("OPENROUTER_", "RAY_"))
    }
    command = [str(BIN / "openrouter-stt"), "transcribe", str(folder), "--out-dir", str(out),
               "--server-url", url, "--engine", "ray", "--ray-address", address, "--retries", "0"]  # fmt: skip
    return subprocess.run(
        command, capture_output=True, text=True, timeout=240, check=False,
        env={**shell, "OPENROUTER_API_KEY": SECRET, **env},
    )  # fmt: skip


def test_a_cluster_started_without_the_key_is_refused_before_any_request(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for index in range(3):
        (folder / f"{index}.wav").write_bytes(sine_wav(0.2 + 0.1 * index))
    with StandIn(api_key=SECRET) as server:
        with cluster(tmp_path, key=None) as address:
            no_token = transcribe_on(address, folder, tmp_path / "out-0", server.base_url)
            assert no_token.returncode == _exit.BAD_ARGUMENTS, no_token.stderr
            assert "asks for its authentication token" in no_token.stderr
            assert "RAY_AUTH_MODE=token" in no_token.stderr

            keyless = transcribe_on(
                address, folder, tmp_path / "out-1", server.base_url, RAY_AUTH_MODE="token"
            )
            assert keyless.returncode == _exit.NO_KEY, keyless.stderr
            assert "the Ray workers cannot read the API key (node " in keyless.stderr
            assert "OPENROUTER_API_KEY=... ray start" in keyless.stderr
            # Refused before the job: no file was sent, none failed (the key's limit was read first).
            assert [request.path for request in server.requests if request.method == "POST"] == []

        with cluster(tmp_path, key=SECRET) as address:
            done = transcribe_on(address, folder, tmp_path / "out-2", server.base_url, RAY_AUTH_MODE="token")
        assert done.returncode == _exit.OK, done.stderr
        assert sorted(p.name for p in (tmp_path / "out-2").glob("*.txt")) == ["0.txt", "1.txt", "2.txt"]
        assert len([request for request in server.requests if request.method == "POST"]) == 3
    assert SECRET not in done.stdout + done.stderr + keyless.stderr
