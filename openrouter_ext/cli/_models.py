"""``openrouter-stt models``: the transcription models of the catalog, with the limits the SDK applies."""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from typing import Any

from openrouter_ext import OpenRouter, RetryConfig
from openrouter_ext._catalog import TranscriptionModel
from openrouter_ext._config import ClientOptions
from openrouter_ext._profiles import ModelProfile
from openrouter_ext.errors import APIStatusError, InvalidInputError, OpenRouterError

from ._connect import api_key, server_url
from ._exit import ACCOUNT_ADVICE, ACCOUNT_EXITS, BAD_ARGUMENTS, OK, SOME_FAILED, Refused

COLUMNS = ("MODEL", "PRICE", "LONGEST", "LARGEST", "FORMATS", "TIMESTAMPS", "SPEAKERS")
_SECONDS_AN_HOUR = 3600


def _plain(number: Decimal) -> str:
    return format(number.normalize(), "f")


def price(model: TranscriptionModel) -> str:
    """The list price with its unit, or marked as of an unknown unit (never shown as per second)."""
    prompt = model.prices.prompt
    if prompt is None:
        return "unknown"
    if model.price_unit == "second":
        return f"${_plain(prompt)}/s (${_plain(prompt * _SECONDS_AN_HOUR)}/h)"
    if model.price_unit == "token":
        return f"${_plain(prompt)}/token"
    return f"${_plain(prompt)} (unit unknown)"


def timestamps(profile: ModelProfile) -> str:
    if profile.word_timestamps:
        return "segment+word"
    if profile.verbose_json:
        return "segment"
    return "none" if profile.verbose_json is False else "unknown"


def _yes_no(fact: bool | None) -> str:
    return "unknown" if fact is None else "yes" if fact else "no"


def row(model: TranscriptionModel) -> tuple[str, ...]:
    profile = model.profile
    return (
        model.id,
        price(model),
        f"{profile.max_seconds:g} s",
        f"{profile.max_bytes / 1_000_000:g} MB",
        "common" if profile.formats is None else ",".join(sorted(profile.formats)),
        timestamps(profile),
        _yes_no(profile.diarize),
    )


def table(models: list[TranscriptionModel]) -> str:
    rows = [COLUMNS, *(row(model) for model in models)]
    widths = [max(len(cells[i]) for cells in rows) for i in range(len(COLUMNS))]
    return "\n".join("  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()
                     for cells in rows)  # fmt: skip


def as_json(model: TranscriptionModel) -> dict[str, Any]:
    profile = model.profile
    prices = {name: None if value is None else _plain(value)
              for name, value in (("prompt", model.prices.prompt), ("completion", model.prices.completion),
                                  ("request", model.prices.request))}  # fmt: skip
    return {
        "id": model.id,
        "name": model.name,
        "prices": prices,
        "price_unit": model.price_unit,
        "supported_parameters": list(model.supported_parameters),
        "max_seconds": profile.max_seconds,
        "max_bytes": profile.max_bytes,
        "formats": None if profile.formats is None else sorted(profile.formats),
        "verbose_json": profile.verbose_json,
        "word_timestamps": profile.word_timestamps,
        "diarize": profile.diarize,
        "profile": profile.origin,
    }


def models(args: argparse.Namespace) -> int:
    key = api_key(args)
    with server_url(args) as url:
        try:
            options = ClientOptions(server_url=url, retries=RetryConfig("backoff", max_retries=2),
                                    timeout_ms=args.timeout * 1000 if args.timeout else None)  # fmt: skip
        except InvalidInputError as error:
            raise Refused(BAD_ARGUMENTS, str(error)) from None
        with OpenRouter(api_key=key, options=options) as client:
            try:
                listed = client.stt.models()
            except OpenRouterError as error:
                status = error.status_code if isinstance(error, APIStatusError) else None
                if status in ACCOUNT_EXITS:
                    raise Refused(ACCOUNT_EXITS[status], ACCOUNT_ADVICE[status]) from None
                raise Refused(SOME_FAILED, f"the catalog could not be read: {error}") from None
    if args.json:
        for model in listed:
            print(json.dumps(as_json(model)))
    else:
        print(table(listed))
        print(
            f"\n{len(listed)} models. LONGEST and LARGEST: the most one request to it may hold, as transcribe"
            " applies it (the SDK's profiles, refined by the catalog); unknown: asked for, not known to be refused.",
            file=sys.stderr,
        )
    return OK
