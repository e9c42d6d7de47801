"""The benchmark sink as an ASGI app, for a server that speaks HTTP/1.1 and HTTP/2 over TLS.

``common.tls_sink()`` serves it with Granian (a Rust HTTP server: fast enough not to be the
bottleneck, and one of the few Python-app servers with HTTP/2), on a certificate from a
throwaway CA made by trustme.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from _sink import ANSWER

HEADERS = [(b"content-type", b"application/json"), (b"content-length", str(len(ANSWER)).encode())]


async def app(
    scope: dict[str, Any],
    receive: Callable[[], Awaitable[dict[str, Any]]],
    send: Callable[[dict[str, Any]], Awaitable[None]],
) -> None:
    if scope["type"] != "http":
        return
    while (await receive()).get("more_body"):
        pass
    await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
    await send({"type": "http.response.body", "body": ANSWER})
