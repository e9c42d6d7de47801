"""Spend caps: a job's budget in USD, reserved before each request and settled by its answer.

Before a request goes (a part of a recording, or a whole file; its retries included) its estimated
cost (``price_per_second`` times its audio seconds, plus ``price_per_request``) is reserved; a request
whose reservation would take the settled spend plus the reservations in flight past the cap is not
sent (``SpendCapReachedError``). An answer settles its reservation with the ``usage.cost`` it
reports (the estimate where it reports none); an error status releases it (nothing is billed for
a refusal); a request whose fate is unknown (a dropped connection, a timeout) keeps it, as the
safe side. So the spend can pass the cap by at most the misestimate of the requests in flight,
never by a request started after the cap was reached.

``SpendCap`` is one process's ledger (a lock: threads and event loops alike); anything with the
methods of ``SpendLedger`` can stand for it (``openrouter_ext.ray`` keeps one ledger for a whole job
in its actor).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import AsyncIterator, Iterator
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from .errors import APIStatusError, InvalidInputError, SpendCapReachedError

_CENT_FRACTIONS = Decimal("1e-8")  # what costs are kept to: the API's usage.cost has eight places


def usd(field: str, value: Any, *, above_zero: bool = False) -> Decimal:
    """An amount in USD, exact (``Decimal``, or a number or string of one); ``InvalidInputError``
    naming ``field`` otherwise."""
    try:
        amount = Decimal(str(value)) if not isinstance(value, bool) else Decimal("NaN")
    except InvalidOperation:
        amount = Decimal("NaN")
    if not amount.is_finite() or amount < 0 or (above_zero and amount == 0):
        least = "more than 0" if above_zero else "0 or more"
        raise InvalidInputError(
            field, f"must be an amount in USD, {least}, got {value!r}", "Pass e.g. '2.50'"
        )
    return amount


class SpendLedger(Protocol):
    """What a request needs of a budget: the estimate of its cost, a reservation, a settlement."""

    def cost_of(self, seconds: float) -> Decimal:
        """The estimated cost of one request of ``seconds`` of audio."""
        ...

    def reserve(self, cost: Decimal) -> None:
        """Take ``cost`` from what is left, or raise ``SpendCapReachedError`` (nothing taken)."""
        ...

    def settle(self, reserved: Decimal, cost: Decimal | None) -> None:
        """A reservation's request ended: it cost ``cost`` (None: nothing was billed). Never
        blocks for long: it is called from event loops."""
        ...


class SpendCap:
    """A budget of ``max_cost`` USD for every request that holds it (share one between calls:
    ``transcribe(spend_cap=cap)``), at ``price_per_second`` USD an audio second (and
    ``price_per_request`` a request) for the estimates. ``spent``: settled; ``reserved``: in flight;
    ``refused``: the requests it did not let go."""

    def __init__(self, max_cost: Any, *, price_per_second: Any, price_per_request: Any = 0) -> None:
        self.max_cost = usd("max_cost", max_cost, above_zero=True)
        self.price_per_second = usd("price_per_second", price_per_second)
        self.price_per_request = usd("price_per_request", price_per_request)
        self.spent = Decimal(0)
        self.reserved = Decimal(0)
        self.refused = 0
        self._lock = threading.Lock()

    @property
    def remaining(self) -> Decimal:
        """What is left once the requests in flight are settled at their estimates."""
        with self._lock:
            return max(Decimal(0), self.max_cost - self.spent - self.reserved)

    def cost_of(self, seconds: float) -> Decimal:
        cost = self.price_per_second * Decimal(repr(max(0.0, seconds))) + self.price_per_request
        return cost.quantize(_CENT_FRACTIONS)

    def reserve(self, cost: Decimal) -> None:
        with self._lock:
            if self.spent + self.reserved + cost > self.max_cost:
                self.refused += 1
                raise SpendCapReachedError(
                    f"the spend cap of ${self.max_cost} is reached: ${self.spent} spent, ${self.reserved} in "
                    f"flight, and the next request would cost about ${cost}",
                    cap=self.max_cost,
                    spent=self.spent,
                    needed=cost,
                )
            self.reserved += cost

    def settle(self, reserved: Decimal, cost: Decimal | None) -> None:
        with self._lock:
            self.reserved -= reserved
            self.spent += cost or Decimal(0)

    def __repr__(self) -> str:
        return (
            f"SpendCap(max_cost={self.max_cost}, price_per_second={self.price_per_second}, "
            f"spent={self.spent}, reserved={self.reserved})"
        )

    def __reduce__(self) -> Any:
        raise TypeError("a SpendCap is one process's ledger: on Ray, give max_cost= to the job")


class Bill:
    """What one request cost, once answered (``cost``: its ``usage.cost``; None: not reported)."""

    def __init__(self) -> None:
        self.cost: Decimal | None = None

    def paid(self, cost: float | None) -> None:
        self.cost = None if cost is None else Decimal(repr(cost))


def _settlement(estimate: Decimal, bill: Bill, error: BaseException | None) -> Decimal | None:
    """What a request under a reservation of ``estimate`` cost: its answer's ``usage.cost`` (the
    estimate if it reported none); nothing for an error status; the estimate when its outcome is
    unknown (a dropped connection may have been billed)."""
    if isinstance(error, APIStatusError):
        return None
    if error is not None or bill.cost is None:
        return estimate
    return bill.cost


@contextlib.contextmanager
def _settled(ledger: SpendLedger, estimate: Decimal) -> Iterator[Bill]:
    """A reserved request: settled on exit, by how it ended (``_settlement``)."""
    bill = Bill()
    try:
        yield bill
    except BaseException as error:
        ledger.settle(estimate, _settlement(estimate, bill, error))
        raise
    ledger.settle(estimate, _settlement(estimate, bill, None))


@contextlib.contextmanager
def holding(ledger: SpendLedger | None, seconds: float) -> Iterator[Bill]:
    """A request of ``seconds`` of audio under ``ledger`` (None: no cap): reserved on entry
    (``SpendCapReachedError`` if it does not fit, before anything is sent), settled on exit
    (``Bill.paid`` gives the answer's cost)."""
    if ledger is None:
        yield Bill()
        return
    estimate = ledger.cost_of(seconds)
    ledger.reserve(estimate)
    with _settled(ledger, estimate) as bill:
        yield bill


@contextlib.asynccontextmanager
async def holding_async(ledger: SpendLedger | None, seconds: float) -> AsyncIterator[Bill]:
    """``holding`` for async code: the reservation is taken in a worker thread (a ledger may have
    to ask another process, as a Ray job's does), so the event loop never waits on it."""
    if ledger is None:
        yield Bill()
        return
    import anyio

    estimate = ledger.cost_of(seconds)
    await anyio.to_thread.run_sync(ledger.reserve, estimate)
    with _settled(ledger, estimate) as bill:
        yield bill
