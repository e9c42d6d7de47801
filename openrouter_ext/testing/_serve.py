"""Run the stand-in in the foreground until interrupted (``python -m openrouter_ext.testing``)."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading

from ._options import add_stand_in_arguments
from ._server import StandIn


def serve(args: argparse.Namespace) -> None:
    """Run the stand-in until Ctrl-C or SIGTERM; its base URL is printed on stdout."""
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    with StandIn(
        args.host,
        args.port,
        api_key=args.api_key,
        scenario=args.scenario,
        journal=args.journal,
        key_limit=args.key_limit,
    ) as server:
        print(server.base_url, flush=True)
        print("stand-in ready; Ctrl-C to stop", file=sys.stderr, flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            stopped.wait()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m openrouter_ext.testing", description="Run the local OpenRouter STT stand-in."
    )
    add_stand_in_arguments(parser)
    serve(parser.parse_args(argv))
