"""The one actor of a job: its request budget, its spend cap, and the ledger that makes a worker's
death cheap."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from openrouter_ext._spend import SpendCap
from openrouter_ext.errors import SpendCapReachedError

from ._budget import Slots


class JobActor:
    """The job's shared state, as a Ray actor (``ray.remote(JobActor)``, one per job): its request
    budget (when ``rps`` is given), its spend cap (``max_cost`` at ``price_per_second``, when
    given: every worker's requests reserve from this one ``SpendCap``), and the ledger of rows
    finished in batches still under way.

    The ledger is why a worker's death costs only its requests in flight: Ray runs a dead worker's
    batch again on another, which takes the rows the dead one finished from here instead of
    sending their files again. A batch's rows leave the ledger when its worker returns them.
    """

    def __init__(
        self,
        rps: float | None,
        max_cost: str | None = None,
        price_per_second: str = "0",
        price_per_request: str = "0",
    ) -> None:
        self._slots = Slots(rps) if rps is not None else None
        self._finished: dict[str, dict[str, Any]] = {}
        self._cap = (
            None if max_cost is None
            else SpendCap(max_cost, price_per_second=price_per_second, price_per_request=price_per_request)
        )  # fmt: skip

    def reserve_cost(self, cost: str) -> tuple[str, str, str] | None:
        """Reserve ``cost`` USD: None when taken, else (cap, spent, needed) for the refusal."""
        assert self._cap is not None
        try:
            self._cap.reserve(Decimal(cost))
        except SpendCapReachedError as error:
            return str(error.cap), str(error.spent), str(error.needed)
        return None

    def settle_cost(self, reserved: str, cost: str | None) -> None:
        assert self._cap is not None
        self._cap.settle(Decimal(reserved), None if cost is None else Decimal(cost))

    def spend(self) -> tuple[str, str, int]:
        """(spent, reserved, requests refused) of the job's cap."""
        assert self._cap is not None
        return str(self._cap.spent), str(self._cap.reserved), self._cap.refused

    def reserve(self) -> float:
        return self._slots.reserve() if self._slots is not None else 0.0

    def hold(self, seconds: float) -> None:
        if self._slots is not None:
            self._slots.hold(seconds)

    def held(self) -> bool:
        return self._slots is not None and self._slots.held()

    def record(self, path: str, row: dict[str, Any]) -> None:
        self._finished[path] = row

    def finished(self, paths: list[str]) -> dict[str, dict[str, Any]]:
        return {path: self._finished[path] for path in paths if path in self._finished}

    def forget(self, paths: list[str]) -> None:
        for path in paths:
            self._finished.pop(path, None)
