"""``client.stt.estimate()``: what a job will send and cost, before anything is sent.

Each recording's length is read from its header (nothing is decoded) and its parts planned as
``transcribe()`` will plan them (``_service.planned``); the price comes from the catalog (one
``GET /models``: a duration-priced model carries its price per audio second in
``pricing.prompt``) unless the caller gives it. A price whose unit is not known (a model priced
by tokens) gives no cost: ``Estimate.cost`` is None, never 0.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Literal

import attrs

from openrouter_ext._catalog import Catalog, TranscriptionModel, listed
from openrouter_ext._profiles import PriceUnit
from openrouter_ext._spend import usd
from openrouter_ext.errors import InvalidInputError

from ._service import check_arguments, planned

PriceFrom = Literal["catalog", "caller"]
# estimate()'s own arguments, and the cap's (the estimate is of the whole job, whatever its cap).
_OWN = ("input_audio", "price_per_second", "max_cost", "spend_cap")


@attrs.frozen
class RecordingEstimate:
    """One recording of an estimate.

    Attributes:
        name: the path it was given as (``"<bytes>"``, ``"<file>"`` for audio given in memory).
        seconds: its length, as its header says (None: the header does not say).
        requests: the requests ``transcribe()`` will send for it (None: not known).
        exact: whether ``requests`` is exact (one request) or estimated (parts are cut at pauses:
            within one of the count).
        problem: why ``transcribe()`` would refuse it before sending anything, else None.
    """

    name: str
    seconds: float | None
    requests: int | None
    exact: bool
    problem: str | None = None


@attrs.frozen
class Estimate:
    """What a job will send and what it will cost, before anything is sent.

    Attributes:
        model: the model id.
        recordings: each recording's ``RecordingEstimate``.
        price_per_second: USD an audio second (None: not known, or the model is not priced by
            duration); ``price_per_request``: USD a request, where the catalog gives one.
        price_unit: what the catalog's ``pricing.prompt`` is the price of (``"second"``,
            ``"token"``), where known.
        price_from: ``"catalog"`` or ``"caller"`` (None: no price).
    """

    model: str
    recordings: tuple[RecordingEstimate, ...]
    price_per_second: Decimal | None = None
    price_per_request: Decimal | None = None
    price_unit: PriceUnit | None = None
    price_from: PriceFrom | None = None

    @property
    def seconds(self) -> float:
        """The audio seconds of the recordings whose length is known."""
        return sum(r.seconds for r in self.recordings if r.seconds is not None and r.problem is None)

    @property
    def requests(self) -> int:
        """The requests of the recordings whose count is known."""
        return sum(r.requests for r in self.recordings if r.requests is not None and r.problem is None)

    @property
    def unknown(self) -> tuple[RecordingEstimate, ...]:
        """The recordings whose length (and so cost) is not known, refused ones left out."""
        return tuple(
            r for r in self.recordings if r.problem is None and (r.seconds is None or r.requests is None)
        )

    @property
    def refused(self) -> tuple[RecordingEstimate, ...]:
        return tuple(r for r in self.recordings if r.problem is not None)

    @property
    def cost(self) -> Decimal | None:
        """USD for the recordings whose length is known; None when the price per second is not
        known (never 0 for an unknown price)."""
        if self.price_per_second is None:
            return None
        by_requests = (self.price_per_request or Decimal(0)) * self.requests
        return (self.price_per_second * Decimal(repr(self.seconds)) + by_requests).quantize(Decimal("1e-6"))

    def price(self) -> str:
        """The price as a person reads it: per second and hour, or why there is none."""
        if self.price_per_second is not None:
            per_hour = format((self.price_per_second * 3600).normalize(), "f")
            return f"${format(self.price_per_second.normalize(), 'f')}/s (${per_hour}/h, from the {self.price_from})"
        if self.price_unit == "token":
            return "unknown: priced per token (the catalog's pricing.prompt is per token, not per second)"
        return "unknown: the catalog gives no price per second for it"

    def to_dict(self) -> dict[str, Any]:
        cost = self.cost
        return {
            "model": self.model,
            "files": len(self.recordings),
            "seconds": round(self.seconds, 3),
            "requests": self.requests,
            "unknown": [r.name for r in self.unknown],
            "refused": {r.name: r.problem for r in self.refused},
            "price_per_second": None if self.price_per_second is None else str(self.price_per_second),
            "price_per_request": None if self.price_per_request is None else str(self.price_per_request),
            "price_unit": self.price_unit,
            "price_from": self.price_from,
            "cost": None if cost is None else str(cost),
        }


def _name(source: Any) -> str:
    if isinstance(source, str | os.PathLike):
        return os.fspath(source)
    return "<bytes>" if isinstance(source, bytes | bytearray | memoryview) else "<file>"


def _sources(given: Any) -> list[Any]:
    """One recording, or a list (tuple) of them."""
    if given is None:
        raise InvalidInputError("input_audio", "is required", "Pass a recording, or a list of them")
    return list(given) if isinstance(given, list | tuple) else [given]


def recordings(params: Mapping[str, Any]) -> tuple[RecordingEstimate, ...]:
    """Each recording planned as ``transcribe(**params)`` plans it (its arguments checked first: a
    bad one raises, as it would there; a recording ``transcribe()`` would refuse is kept, with why)."""
    call = {name: value for name, value in params.items() if name not in _OWN}
    planned_ones = []
    for source in _sources(params.get("input_audio")):
        try:
            plan = planned({**call, "input_audio": source})
        except InvalidInputError as error:
            if not error.field.startswith("input_audio"):
                raise  # an argument of the job, not of this recording
            planned_ones.append(RecordingEstimate(_name(source), None, None, False, str(error)))
            continue
        planned_ones.append(
            RecordingEstimate(_name(source), plan.seconds, plan.requests, plan.exact, plan.problem)
        )
    return tuple(planned_ones)


def estimate_of(
    params: Mapping[str, Any], entry: TranscriptionModel | None, planned_ones: tuple[RecordingEstimate, ...]
) -> Estimate:
    """The estimate of the recordings at the caller's price, else at the catalog's (``entry``: the
    model's, None when not listed or not asked)."""
    model = str(params.get("model", ""))
    given = params.get("price_per_second")
    if given is not None:
        return Estimate(
            model, planned_ones, usd("price_per_second", given), price_unit="second", price_from="caller"
        )
    if entry is None or entry.price_per_second is None:
        return Estimate(model, planned_ones, price_unit=None if entry is None else entry.price_unit)
    return Estimate(
        model, planned_ones, entry.price_per_second, entry.prices.request or None, entry.price_unit, "catalog"
    )


def _with_profile(params: Mapping[str, Any], entry: TranscriptionModel | None) -> dict[str, Any]:
    """The call with the catalog's profile of the model (refined by its supported parameters)
    where the caller gave none, as ``transcribe(profile=model.profile)`` would be called."""
    call = dict(params)
    if "profile" not in call and entry is not None:
        call["profile"] = entry.profile
    return call


def _checked(params: Mapping[str, Any]) -> None:
    """The job's arguments checked before the catalog is asked (the recordings' own after)."""
    check_arguments({name: value for name, value in params.items() if name not in _OWN})
    _sources(params.get("input_audio"))
    if params.get("price_per_second") is not None:
        usd("price_per_second", params["price_per_second"])


def estimate(catalog: Catalog, params: Mapping[str, Any]) -> Estimate:
    """``client.stt.estimate()``: the catalog read (unless the price is given), then the plan."""
    _checked(params)
    entry = (
        None if params.get("price_per_second") is not None else listed(catalog.models(), params.get("model"))
    )
    call = _with_profile(params, entry)
    return estimate_of(call, entry, recordings(call))


async def estimate_async(catalog: Catalog, params: Mapping[str, Any]) -> Estimate:
    """``client.stt.estimate_async()``: the catalog read without blocking the loop; headers are
    read in a worker thread."""
    import anyio

    _checked(params)
    priced = params.get("price_per_second") is not None
    entry = None if priced else listed(await catalog.models_async(), params.get("model"))
    call = _with_profile(params, entry)
    planned_ones = await anyio.to_thread.run_sync(recordings, call)
    return estimate_of(call, entry, planned_ones)
