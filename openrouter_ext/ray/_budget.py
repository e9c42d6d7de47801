"""Request budgets: at most ``rps`` requests a second, and a ``Retry-After`` holds everyone back;
and the job's spend cap, seen from a worker (``JobLedger``).

A budget hands out send times one ``1 / rps`` apart (a token bucket of one token: no bursts), and
``hold(seconds)`` pushes the next one past a server's ``Retry-After``; a request that had its time
before the hold came, and finds the hold on when its time comes, takes a new one. ``LocalBudget`` is
one worker's; ``SharedBudget`` asks the job's actor (``_job_actor.JobActor``), which every worker
of the job asks, so the budget is the job's, and a 429 one worker gets slows them all. Delays are
measured on the budget's own clock, so workers on other machines need no synchronised clocks.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Protocol


class Budget(Protocol):
    async def wait(self) -> None:
        """Return when the next request may be sent."""

    async def hold(self, seconds: float) -> None:
        """No request is to be sent for ``seconds`` from now."""


class Slots:
    """Send times ``interval`` apart, never earlier than a hold: the arithmetic both budgets share."""

    def __init__(self, rps: float, clock: Callable[[], float] = time.monotonic) -> None:
        if not rps > 0:
            raise ValueError(f"rps must be more than 0, got {rps!r}")
        self.interval = 1.0 / rps
        self.clock = clock
        self.next = clock()
        self.held_until = float("-inf")

    def reserve(self) -> float:
        """Seconds from now until the slot reserved for the caller."""
        now = self.clock()
        slot = max(self.next, now)
        self.next = slot + self.interval
        return slot - now

    def hold(self, seconds: float) -> None:
        until = self.clock() + max(0.0, seconds)
        self.held_until = max(self.held_until, until)
        self.next = max(self.next, until)

    def held(self) -> bool:
        """Whether a hold is on now."""
        return self.clock() < self.held_until


class LocalBudget:
    """One worker's budget (the job's ``rps`` divided over a fixed pool of workers)."""

    def __init__(self, rps: float) -> None:
        self._slots = Slots(rps)

    async def wait(self) -> None:
        import anyio

        await anyio.sleep(self._slots.reserve())
        while self._slots.held():  # a 429 came while this request waited for its time
            await anyio.sleep(self._slots.reserve())

    async def hold(self, seconds: float) -> None:
        self._slots.hold(seconds)


class SharedBudget:
    """A worker's handle on the job's budget, held by its ``JobActor``."""

    def __init__(self, actor: Any) -> None:
        self._actor = actor

    async def wait(self) -> None:
        import anyio

        while True:
            delay: float = await self._actor.reserve.remote()
            await anyio.sleep(delay)
            if not await self._actor.held.remote():
                return

    async def hold(self, seconds: float) -> None:
        await self._actor.hold.remote(seconds)


class JobLedger:
    """A worker's handle on the job's spend cap, held by its ``JobActor`` (a ``SpendLedger``): the
    estimates are made here, at the job's prices; reservations are the actor's, so the cap is the
    whole job's. ``reserve`` waits for the actor's answer (``holding_async`` calls it in a thread);
    ``settle`` does not wait (calls from one worker reach the actor in order)."""

    def __init__(self, actor: Any, price_per_second: str, price_per_request: str = "0") -> None:
        self._actor = actor
        self._per_second, self._per_request = Decimal(price_per_second), Decimal(price_per_request)

    def cost_of(self, seconds: float) -> Decimal:
        cost = self._per_second * Decimal(repr(max(0.0, seconds))) + self._per_request
        return cost.quantize(Decimal("1e-8"))

    def reserve(self, cost: Decimal) -> None:
        import ray

        from openrouter_ext.errors import SpendCapReachedError

        refused = ray.get(self._actor.reserve_cost.remote(str(cost)))
        if refused is not None:
            cap, spent, needed = (Decimal(value) for value in refused)
            raise SpendCapReachedError(
                f"the job's spend cap of ${cap} is reached: ${spent} spent, and the next request would "
                f"cost about ${needed}",
                cap=cap, spent=spent, needed=needed,
            )  # fmt: skip

    def settle(self, reserved: Decimal, cost: Decimal | None) -> None:
        self._actor.settle_cost.remote(str(reserved), None if cost is None else str(cost))

    def reached(self) -> bool:
        """Whether the cap has refused a request yet (then no new file is started)."""
        import ray

        return bool(ray.get(self._actor.spend.remote())[2])
