"""``openrouter-stt models``: the transcription models of the catalog, with the limits the SDK applies."""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from typing import Any

from openrouter_ext._catalog import TranscriptionModel
from openrouter_ext._profiles import ModelProfile

from ._connect import api_key, catalog_client
from ._exit import OK

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
    with catalog_client(args, api_key(args), "the catalog could not be read") as client:
        listed = client.stt.models()
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
