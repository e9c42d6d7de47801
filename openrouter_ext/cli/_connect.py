"""What every command that talks to the API shares: the key, the server (or the built-in stand-in)."""

from __future__ import annotations

import argparse
import contextlib
import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from openrouter_ext._config import KEY_VARIABLE, read_api_key
from openrouter_ext.errors import APIStatusError, InvalidInputError, OpenRouterError

from ._batch import in_cli_words
from ._exit import ACCOUNT_ADVICE, ACCOUNT_EXITS, BAD_ARGUMENTS, NO_KEY, SOME_FAILED, Refused

if TYPE_CHECKING:
    from openrouter_ext import OpenRouter

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


def account_refusal(error: OpenRouterError) -> Refused | None:
    """A 401 or 402 ends the command with its code and what to do; None for any other error."""
    status = error.status_code if isinstance(error, APIStatusError) else None
    return Refused(ACCOUNT_EXITS[status], ACCOUNT_ADVICE[status]) if status in ACCOUNT_EXITS else None


@contextlib.contextmanager
def catalog_client(args: argparse.Namespace, key: Any, failure: str) -> Iterator[OpenRouter]:
    """A client for the catalog's reads (``GET /models``, ``/key``): to the server of ``args`` (or
    its stand-in), two retries, ``--timeout``. An error of those reads ends the command: the
    account's refusal with its own code, any other with ``failure: <error>`` (exit 1); bad
    arguments the SDK refuses with exit 2."""
    from openrouter_ext import OpenRouter, RetryConfig
    from openrouter_ext._config import ClientOptions

    with server_url(args) as url:
        try:
            options = ClientOptions(server_url=url, retries=RetryConfig("backoff", max_retries=2),
                                    timeout_ms=args.timeout * 1000 if args.timeout else None)  # fmt: skip
        except InvalidInputError as error:
            raise Refused(BAD_ARGUMENTS, str(error)) from None
        with OpenRouter(api_key=key, options=options) as client:
            try:
                yield client
            except InvalidInputError as error:
                raise Refused(BAD_ARGUMENTS, in_cli_words(str(error))) from None
            except OpenRouterError as error:
                raise account_refusal(error) or Refused(SOME_FAILED, f"{failure}: {error}") from None
