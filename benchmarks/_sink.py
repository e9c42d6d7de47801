"""A fast local HTTP/1.1 server for benchmarks: reads each request body, answers a fixed transcription.

Runs in its own process (``python benchmarks/_sink.py [DELAY_SECONDS]`` prints its port), so the
client being measured does not share the GIL with it. ``common.sink()`` starts and stops it. A delay
(default none) is waited before each answer, as a provider takes time to transcribe.
"""

from __future__ import annotations

import socket
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ANSWER = b'{"text":"ok","usage":{"cost":0,"seconds":1.0}}'
HEAD = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
    + str(len(ANSWER)).encode()
    + b"\r\n\r\n"
)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        if self.headers.get("transfer-encoding", "").lower() == "chunked":
            while size := int(self.rfile.readline().strip() or b"0", 16):
                self.rfile.read(size + 2)
            self.rfile.readline()
        else:
            remaining = int(self.headers.get("content-length") or 0)
            while remaining:
                remaining -= len(self.rfile.read(min(remaining, 1 << 20)))
        if DELAY:
            time.sleep(DELAY)
        self.wfile.write(HEAD + ANSWER)

    def log_message(self, *args: object) -> None:
        pass


DELAY = float(sys.argv[1]) if len(sys.argv) > 1 else 0.0


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256

    def get_request(self) -> tuple[socket.socket, object]:
        conn, address = super().get_request()
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return conn, address


if __name__ == "__main__":
    server = Server(("127.0.0.1", 0), Handler)
    print(server.server_port, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        sys.exit(0)
