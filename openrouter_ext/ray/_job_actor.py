"""The one actor of a job: its request budget, and the ledger that makes a worker's death cheap."""

from __future__ import annotations

from typing import Any

from ._budget import Slots


class JobActor:
    """The job's shared state, as a Ray actor (``ray.remote(JobActor)``, one per job): its request
    budget (when ``rps`` is given), and the ledger of rows finished in batches still under way.

    The ledger is why a worker's death costs only its requests in flight: Ray runs a dead worker's
    batch again on another, which takes the rows the dead one finished from here instead of
    sending their files again. A batch's rows leave the ledger when its worker returns them.
    """

    def __init__(self, rps: float | None) -> None:
        self._slots = Slots(rps) if rps is not None else None
        self._finished: dict[str, dict[str, Any]] = {}

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
