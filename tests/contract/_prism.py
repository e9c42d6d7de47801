"""Prism for the contract tests: start it, read its verdict on each exchange."""

from __future__ import annotations

import base64
import contextlib
import json
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from openrouter_ext import OpenRouter, RetryConfig
from openrouter_ext.testing import sine_wav

ROOT = Path(__file__).resolve().parents[2]
PRISM = ROOT / "node_modules" / ".bin" / "prism"
MODEL = "openai/whisper-large-v3"
WAV = sine_wav(0.1)
AUDIO = {"data": base64.b64encode(WAV).decode(), "format": "wav"}
OPERATION = yaml.safe_load((ROOT / "openapi.yaml").read_text())["paths"]["/audio/transcriptions"]["post"]
KNOWN_PRISM_LIMITATION = frozenset(
    {"keyterms[]", "timestamp_granularities[]"}
)  # repeated parts read as one string


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextlib.contextmanager
def running_prism(*options: str) -> Iterator[str]:
    """Prism on 127.0.0.1 at a free port, request validation on; stopped by its PID afterwards."""
    if not PRISM.exists():
        node = "found" if shutil.which("node") else "NOT found"
        pytest.fail(
            f"Prism is not installed (node {node}): run `make contract`, which installs it with npm ci"
        )
    port = _free_port()
    command = [str(PRISM), "mock", str(ROOT / "openapi.yaml"), "-h", "127.0.0.1", "-p", str(port), "--errors",
               *options]  # fmt: skip
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as process:
        base_url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    httpx.get(base_url, timeout=1)
                    break
                except httpx.TransportError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        pytest.fail(f"Prism did not start (exit code {process.poll()})")
                    time.sleep(0.2)
            yield base_url
        finally:
            process.terminate()
            process.wait(timeout=10)


@pytest.fixture(scope="module")
def prism() -> Iterator[str]:
    with running_prism() as base_url:
        yield base_url


class Exchange:
    """The last response Prism gave, as seen by an httpx response hook."""

    def __init__(self) -> None:
        self.status = 0
        self.violations: list[dict[str, Any]] = []

    def record(self, response: httpx.Response) -> None:
        self.status = response.status_code
        self.violations = json.loads(response.headers.get("sl-violations", "[]"))


@pytest.fixture
def exchange() -> Exchange:
    return Exchange()


@pytest.fixture
def client(prism: str, exchange: Exchange) -> Iterator[OpenRouter]:
    """A client of Prism whose every response ``exchange`` sees."""
    http = httpx.Client(event_hooks={"response": [exchange.record]})
    with http, OpenRouter(api_key="k", server_url=prism, client=http, retries=RetryConfig("none")) as client:
        yield client


def assert_accepted(exchange: Exchange, known: frozenset[str] = frozenset()) -> None:
    """No violation but the known Prism limitation, and a 200 when there was none."""
    unexplained = [v for v in exchange.violations if v["location"][-1] not in known or v["code"] != "type"]
    assert unexplained == [], unexplained
    if not exchange.violations:
        assert exchange.status == 200
