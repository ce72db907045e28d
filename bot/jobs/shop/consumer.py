"""Telling Discord that recorded purchases are used up, retried until Discord accepts.

A consumable SKU cannot be bought again by the same member until its entitlement is consumed,
so every recorded purchase is consumed as soon as it is in the database (credited, or waiting
for the member to pick a server). Consuming is only ever asked for after the purchase row has
committed; if the process dies in between, :meth:`Shop.reconcile` at the next start finds the
purchase unconsumed and asks again. Asking twice is harmless.

Retries: a refused or failed consume waits ``first_delay_s`` (doubling up to ``max_delay_s``)
and tries again, for as long as the process lives; before each retry Discord is asked how the
entitlement stands, so one consumed meanwhile (by another process, or by an earlier attempt
whose answer was lost) is marked consumed instead of being retried forever, and one Discord
no longer knows is dropped. A purchase refunded meanwhile is not consumed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from enum import StrEnum

from bot.jobs.shop.api import EntitlementGone, ShopApi
from storage.purchase_rows import PurchaseState
from storage.purchases import PurchaseStore

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]


class ConsumeResult(StrEnum):
    CONSUMED = "consumed"  # Discord accepted it (now or earlier); the purchase says so
    GONE = "gone"  # Discord no longer has the entitlement (deleted: the refund event follows)
    REFUNDED = "refunded"  # refunded before it was consumed: nothing to consume


class Consumer:
    """At most one consuming task per entitlement; :meth:`close` stops them all."""

    def __init__(
        self,
        api: ShopApi,
        purchases: PurchaseStore,
        *,
        first_delay_s: float = 1.0,
        max_delay_s: float = 60.0,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.api = api
        self.purchases = purchases
        self.first_delay_s = first_delay_s
        self.max_delay_s = max_delay_s
        self.sleep = sleep
        self._tasks: dict[int, asyncio.Task[ConsumeResult]] = {}

    def ensure(self, entitlement_id: int) -> asyncio.Task[ConsumeResult]:
        """Start consuming ``entitlement_id`` unless a task is already at it; that task."""
        task = self._tasks.get(entitlement_id)
        if task is None or task.done():
            task = asyncio.get_running_loop().create_task(
                self.consume(entitlement_id), name=f"consume-entitlement-{entitlement_id}"
            )
            self._tasks[entitlement_id] = task
            task.add_done_callback(lambda done: self._finished(entitlement_id, done))
        return task

    def _finished(self, entitlement_id: int, task: asyncio.Task[ConsumeResult]) -> None:
        if self._tasks.get(entitlement_id) is task:
            del self._tasks[entitlement_id]
        if not task.cancelled() and task.exception() is not None:
            # The database failed us; the purchase stays unconsumed for the next reconcile.
            log.error("consuming entitlement %s stopped", entitlement_id, exc_info=task.exception())

    @property
    def pending(self) -> set[int]:
        """Entitlements being consumed now."""
        return set(self._tasks)

    async def wait_idle(self) -> None:
        """Wait until every consume started so far has ended."""
        while self._tasks:
            await asyncio.gather(*self._tasks.values(), return_exceptions=True)

    async def close(self) -> None:
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def consume(self, entitlement_id: int) -> ConsumeResult:
        """Consume one recorded purchase, retrying as the module says; how it ended."""
        delay = self.first_delay_s
        attempt = 0
        while True:
            purchase = await self.purchases.get(entitlement_id)
            if purchase is not None and purchase.state is PurchaseState.REFUNDED:
                return ConsumeResult.REFUNDED
            attempt += 1
            try:
                await self.api.consume(entitlement_id)
            except EntitlementGone:
                log.warning("entitlement %s is gone from Discord; not consumed", entitlement_id)
                return ConsumeResult.GONE
            except Exception as exc:
                log.warning(
                    "Discord did not accept consuming entitlement %s (attempt %s): %s",
                    entitlement_id,
                    attempt,
                    exc,
                )
                standing = await self._standing(entitlement_id)
                if standing is not None:
                    return standing
                await self.sleep(delay)
                delay = min(delay * 2, self.max_delay_s)
                continue
            await self.purchases.mark_consumed(entitlement_id)
            log.info("entitlement %s consumed", entitlement_id)
            return ConsumeResult.CONSUMED

    async def _standing(self, entitlement_id: int) -> ConsumeResult | None:
        """How Discord says the entitlement stands, when that ends the retrying."""
        entitlement = None
        with contextlib.suppress(Exception):  # Discord is unwell: just retry the consume
            entitlement = await self.api.entitlement(entitlement_id)
            if entitlement is None or entitlement.deleted:
                return ConsumeResult.GONE
        if entitlement is not None and entitlement.consumed:
            await self.purchases.mark_consumed(entitlement_id)
            return ConsumeResult.CONSUMED
        return None
