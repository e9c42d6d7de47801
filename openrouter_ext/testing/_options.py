"""The stand-in's command-line options, shared by ``python -m openrouter_ext.testing`` and
``openrouter-stt stand-in`` (argparse only: parsing them loads no server)."""

from __future__ import annotations

import argparse


def add_stand_in_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port to listen on (default: a free one)")
    parser.add_argument("--api-key", help="the only key to accept (default: any non-empty key)")
    parser.add_argument(
        "--scenario", help='a fault scenario for every transcription request, e.g. "status=503;fail-first=2"'
    )
    parser.add_argument("--journal", help="append one JSON line per request to this file")
    parser.add_argument(
        "--key-limit",
        type=float,
        help="the key's spending limit in USD, as GET /key reports it (default: none)",
    )
