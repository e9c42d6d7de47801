"""``python -m openrouter_ext.testing``: run the stand-in until interrupted."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading

from ._server import StandIn


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The stand-in's options (shared with ``openrouter-stt stand-in``)."""
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port to listen on (default: a free one)")
    parser.add_argument("--api-key", help="the only key to accept (default: any non-empty key)")
    parser.add_argument(
        "--scenario", help='a fault scenario for every request, e.g. "status=503;fail-first=2"'
    )
    parser.add_argument("--journal", help="append one JSON line per request to this file")


def serve(args: argparse.Namespace) -> None:
    """Run the stand-in until Ctrl-C or SIGTERM; its base URL is printed on stdout."""
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    with StandIn(
        args.host, args.port, api_key=args.api_key, scenario=args.scenario, journal=args.journal
    ) as server:
        print(server.base_url, flush=True)
        print("stand-in ready; Ctrl-C to stop", file=sys.stderr, flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            stopped.wait()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m openrouter_ext.testing", description=__doc__)
    add_arguments(parser)
    serve(parser.parse_args(argv))


if __name__ == "__main__":
    main()
