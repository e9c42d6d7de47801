"""Shared by the benchmark scripts: the sink server process, medians, and table printing."""

from __future__ import annotations

import contextlib
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
API_KEY = "sk-or-v1-benchmark"
MODEL = "openai/whisper-large-v3"


@contextlib.contextmanager
def sink(delay: float = 0.0) -> Iterator[str]:
    """The sink server in its own process, answering after ``delay`` seconds; yields the base URL;
    stopped by PID."""
    with subprocess.Popen(
        [sys.executable, str(HERE / "_sink.py"), str(delay)], stdout=subprocess.PIPE, text=True
    ) as process:
        try:
            assert process.stdout is not None
            yield f"http://127.0.0.1:{process.stdout.readline().strip()}/api/v1"
        finally:
            process.terminate()
            process.wait(timeout=10)


@contextlib.contextmanager
def stand_in(scenario: str | None = None) -> Iterator[str]:
    """The SDK's stand-in in its own process (``scenario``: a fault scenario for every transcription
    request, e.g. ``delay-ms=3000``); yields its base URL; stopped by PID."""
    command = [sys.executable, "-m", "openrouter_ext.testing", "--port", "0"]
    if scenario:
        command += ["--scenario", scenario]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True) as server:
        try:
            assert server.stdout is not None
            yield server.stdout.readline().strip()
        finally:
            server.terminate()
            server.wait(timeout=10)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def tls_sink() -> Iterator[tuple[str, str]]:
    """The ASGI sink behind Granian over TLS (HTTP/1.1 and HTTP/2 by ALPN), in its own process.

    Yields the base URL and the path of the CA certificate to trust; stopped by PID.
    """
    import trustme
    from cryptography.hazmat.primitives import serialization

    authority = trustme.CA()
    leaf = authority.issue_cert("127.0.0.1")
    key = serialization.load_pem_private_key(leaf.private_key_pem.bytes(), password=None)
    with tempfile.TemporaryDirectory() as folder:
        ca, cert, key_file = (Path(folder) / name for name in ("ca.pem", "cert.pem", "key.pem"))
        authority.cert_pem.write_to_path(str(ca))
        leaf.cert_chain_pems[0].write_to_path(str(cert))
        key_file.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        port = _free_port()
        command = [
            sys.executable, "-m", "granian", "--interface", "asgi", "--http", "auto", "--no-log",
            "--host", "127.0.0.1", "--port", str(port),
            "--ssl-certificate", str(cert), "--ssl-keyfile", str(key_file), "_asgi_sink:app",
        ]  # fmt: skip
        with subprocess.Popen(command, cwd=HERE, stdout=subprocess.DEVNULL) as process:
            try:
                deadline = time.monotonic() + 20
                while True:  # bounded: ready, exited, or 20 s
                    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
                        break
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError("the TLS sink (granian) did not start")
                    time.sleep(0.05)
                yield f"https://127.0.0.1:{port}/api/v1", str(ca)
            finally:
                process.terminate()
                try:
                    process.wait(timeout=5)
                except subprocess.TimeoutExpired:  # a graceful shutdown still waiting on a connection
                    process.kill()
                    process.wait(timeout=5)


async def _server_alone(
    base_url: str, body: bytes, connections: int, per_connection: int, ca: str | None
) -> float:
    import asyncio
    import ssl
    from urllib.parse import urlsplit

    url = urlsplit(base_url)
    context = ssl.create_default_context(cafile=ca) if url.scheme == "https" else None
    request = (
        f"POST {url.path}/audio/transcriptions HTTP/1.1\r\nHost: {url.netloc}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode() + body

    async def client() -> None:
        reader, writer = await asyncio.open_connection(url.hostname, url.port, ssl=context)
        for _ in range(per_connection):
            writer.write(request)
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            length = next(
                int(line.split(b":")[1])
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length:")
            )
            await reader.readexactly(length)
        writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(connections)))
    return connections * per_connection / (time.perf_counter() - started)


def server_alone(base_url: str, body: bytes, ca: str | None = None) -> float:
    """Requests per second the sink answers alone: 50 keep-alive connections sending prebuilt
    requests over bare sockets (no HTTP client library), median of 3. Shows the sink is not the
    bottleneck when this is well above the rates measured through a client."""
    import asyncio

    return median([asyncio.run(_server_alone(base_url, body, 50, 8, ca)) for _ in range(3)])


CALLS, CONCURRENCY = 200, 50  # the async throughput measure


def alternating(calls: int, first: Callable[[], object], second: Callable[[], object]) -> tuple[float, float]:
    """Median seconds per call of each, after one warm-up call each (connections open, caches
    filled), alternating call by call and which goes first, so that noise and drift hit both alike."""
    first(), second()
    times: tuple[list[float], list[float]] = ([], [])
    for number in range(calls):
        order = ((0, first), (1, second)) if number % 2 else ((1, second), (0, first))
        for index, call in order:
            started = time.perf_counter()
            call()
            times[index].append(time.perf_counter() - started)
    return median(times[0]), median(times[1])


async def throughput(call: Callable[[], Awaitable[object]]) -> float:
    """Calls per second: ``CALLS`` calls, at most ``CONCURRENCY`` at once."""
    import asyncio

    gate = asyncio.Semaphore(CONCURRENCY)

    async def one() -> None:
        async with gate:
            await call()

    started = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(CALLS)))
    return CALLS / (time.perf_counter() - started)


def median(values: list[float]) -> float:
    return statistics.median(values)


def row(
    name: str, ours: float, baseline: float, unit: str, target: str, higher_is_better: bool = False
) -> str:
    ratio = ours / baseline if baseline else float("inf")
    met = (ratio >= float(target)) if higher_is_better else (ratio <= float(target))
    sign = ">=" if higher_is_better else "<="
    return (
        f"| {name} | {ours:.3g} {unit} | {baseline:.3g} {unit} | {ratio:.2f} | {sign} {target} | "
        f"{'met' if met else 'NOT met'} |"
    )


HEADER = "| measure | openrouter_ext | baseline | ratio | target | |\n|---|---|---|---|---|---|"
