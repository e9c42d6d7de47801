"""``python -m openrouter_ext.testing``: run the stand-in until interrupted."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading

from ._server import StandIn


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m openrouter_ext.testing", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port to listen on (default: a free one)")
    parser.add_argument("--api-key", help="the only key to accept (default: any non-empty key)")
    parser.add_argument(
        "--scenario", help='a fault scenario for every request, e.g. "status=503;fail-first=2"'
    )
    args = parser.parse_args(argv)
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    with StandIn(args.host, args.port, api_key=args.api_key, scenario=args.scenario) as server:
        print(server.base_url, flush=True)
        print("stand-in ready; Ctrl-C to stop", file=sys.stderr, flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            stopped.wait()


if __name__ == "__main__":
    main()
