"""What every command that talks to the API shares: the key, the server (or the built-in stand-in)."""

from __future__ import annotations

import argparse
import contextlib
import os
from collections.abc import Iterator

from openrouter_ext._config import KEY_VARIABLE, read_api_key
from openrouter_ext.errors import InvalidInputError

from ._exit import BAD_ARGUMENTS, NO_KEY, Refused

STAND_IN_KEY = "stand-in"  # any key does for the built-in stand-in


def api_key(args: argparse.Namespace) -> str:
    """The key, read by the SDK's one reader; any key does for the built-in stand-in."""
    if args.stand_in and args.api_key_file is None and not os.environ.get(KEY_VARIABLE, "").strip():
        return STAND_IN_KEY
    try:
        return read_api_key(args.api_key_file, key_file_name="--api-key-file")
    except InvalidInputError as error:
        raise Refused(NO_KEY, error.problem + (f". {error.fix}" if error.fix else "")) from None


@contextlib.contextmanager
def server_url(args: argparse.Namespace) -> Iterator[str | None]:
    """The server to send to while the command runs: ``--server-url``, or a stand-in started for
    ``--stand-in`` (None: ``ClientOptions`` reads ``$OPENROUTER_BASE_URL``, else OpenRouter's)."""
    if not args.stand_in:
        yield args.server_url
        return
    if args.server_url:
        raise Refused(BAD_ARGUMENTS, "--stand-in and --server-url cannot go together")
    try:
        from openrouter_ext.testing import StandIn  # here: only --stand-in runs need the testing extra
    except ImportError as missing:
        raise Refused(BAD_ARGUMENTS, f"--stand-in: {missing}") from None
    with StandIn() as server:
        yield server.base_url
