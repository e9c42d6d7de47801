"""What a run may spend: ``--max-cost`` as one ledger for every request of the run, and the key's
own limit checked before the run starts (``GET /key``)."""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal
from typing import Any

from openrouter_ext import OpenRouter
from openrouter_ext._catalog import listed
from openrouter_ext._spend import SpendCap
from openrouter_ext.errors import OpenRouterError

from ._batch import Batch
from ._connect import account_refusal
from ._exit import BAD_ARGUMENTS, NO_CREDIT, Refused
from ._inputs import Job


def spend_cap(client: OpenRouter, args: argparse.Namespace) -> SpendCap:
    """``--max-cost`` at ``--price-per-second``, or at the catalog's prices for the model."""
    price, per_request = args.price_per_second, None
    if price is None:
        try:
            entry = listed(client.stt.models(), args.model)
        except OpenRouterError as error:
            raise account_refusal(error) or Refused(
                BAD_ARGUMENTS, f"--max-cost: the catalog could not be read ({error}); give --price-per-second"
            ) from None
        price = None if entry is None else entry.price_per_second
        per_request = None if entry is None else entry.prices.request
        if price is None:
            raise Refused(
                BAD_ARGUMENTS,
                f"--max-cost: the catalog gives no price per audio second for {args.model} (priced by "
                "tokens, or not listed): give --price-per-second, the USD an audio second to estimate with",
            )
    return SpendCap(args.max_cost, price_per_second=price, price_per_request=per_request or 0)


def _not_done(batch: Batch) -> list[Job]:
    """The files the run will send (those the manifest has done with these settings left out)."""
    if batch.manifest is None or batch.force:
        return batch.jobs
    return batch.manifest.not_done(batch.jobs, batch.recorded, batch.digest)


def check_key_limit(client: OpenRouter, batch: Batch, cap: SpendCap | None) -> None:
    """Refuse a run the key's limit cannot pay for: ``GET /key`` first (a key without a limit passes
    at once); then what the run will spend, estimated as ``openrouter-stt estimate`` does (within
    ``--max-cost`` when given), against what is left of the limit."""
    try:
        key = client.key()
    except OpenRouterError as error:
        refused = account_refusal(error)
        if refused is not None:
            raise refused from None
        print(f"openrouter-stt: the key's limit was not checked: {error}", file=sys.stderr)
        return
    if key.limit_remaining is None:
        return
    to_do = _not_done(batch)
    if not to_do:
        return
    request: dict[str, Any] = {name: value for name, value in batch.request.items() if value is not None}
    if cap is not None:
        request["price_per_second"] = cap.price_per_second  # the cap's own: no second catalog read
    estimate = client.stt.estimate(input_audio=[str(job.source) for job in to_do], **request)
    needed = estimate.cost
    if cap is not None:
        needed = cap.max_cost if needed is None else min(needed, cap.max_cost)
    if needed is None:
        print(
            f"openrouter-stt: the key has ${key.limit_remaining} left of its limit; what this run will "
            f"spend is not known ({estimate.price()}): give --max-cost to hold it under the limit",
            file=sys.stderr,
        )
        return
    if needed > key.limit_remaining:
        within = f" (within --max-cost ${cap.max_cost})" if cap is not None else ""
        raise Refused(
            NO_CREDIT,
            f"the key has ${key.limit_remaining} left of its ${key.limit} limit, and this run would spend "
            f"about ${needed.quantize(Decimal('1e-6'))}{within} on {len(to_do)} files: lower --max-cost "
            f"(to at most {key.limit_remaining}), or raise the key's limit at openrouter.ai/settings/keys",
        )
