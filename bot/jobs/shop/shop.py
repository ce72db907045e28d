"""The rules of credit packs, apart from Discord: which wallet a purchase lands in, crediting
it once, consuming it, finding purchases whose events were missed, refunds, and placing a
purchase whose server was unknown.

Which wallet (credits are per server): the server the entitlement names, if it names one the
bot serves; else the one server where the bot showed the member the packs within
``offer_window_s`` before the purchase was seen; else none: the purchase waits "to place"
until the member adds it to a server of their choice, once.

The Discord side calls :meth:`Shop.handle_entitlement` for ENTITLEMENT_CREATE and _UPDATE,
:meth:`Shop.handle_deleted` for ENTITLEMENT_DELETE, :meth:`Shop.reconcile` at start and after
every reconnect, :meth:`Shop.offer_shown` whenever it shows the premium buttons, and
:meth:`Shop.place` when a member adds a waiting purchase to a server.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass

from bot.jobs.shop.api import PAGE_LIMIT, Entitlement, ShopApi, snowflake_at, snowflake_ms
from bot.jobs.shop.consumer import Consumer
from storage.purchase_rows import (
    PackEntitlement,
    Placement,
    Purchase,
    PurchaseOutcome,
    PurchaseState,
)
from storage.purchases import ListingCursor, PurchaseStore

log = logging.getLogger(__name__)

OFFER_WINDOW_S = 3600.0
# An entitlement committed a little after a listing passed its id would be missed by a listing
# that starts exactly where the last one ended; each listing starts this much earlier.
LISTING_OVERLAP_MS = 3600 * 1000


@dataclass(frozen=True, slots=True)
class Pack:
    sku_id: int
    credits: int


@dataclass(frozen=True, slots=True)
class Reconciled:
    """What one reconcile did: entitlements listed, purchases and refunds it applied itself
    (their events were missed), and the entitlements it asked to consume (its own, and
    recorded ones not yet consumed)."""

    listed: int
    recorded: list[PurchaseOutcome]
    consuming: set[int]


def _always(guild_id: int) -> bool:
    return True


class Shop:
    """Credit packs for the ``packs`` setting (SKU id -> credits), over ``purchases``.

    ``guild_allowed`` says whether the bot serves a server (the allow list); ``clock`` is unix
    seconds. Methods are safe to call concurrently and from several processes on one database.
    """

    def __init__(
        self,
        purchases: PurchaseStore,
        api: ShopApi,
        packs: Mapping[int, int],
        *,
        consumer: Consumer | None = None,
        guild_allowed: Callable[[int], bool] = _always,
        offer_window_s: float = OFFER_WINDOW_S,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.purchases = purchases
        self.api = api
        self.packs = dict(packs)
        self.consumer = consumer or Consumer(api, purchases)
        self.guild_allowed = guild_allowed
        self.offer_window_s = offer_window_s
        self.clock = clock
        self._reconciling = asyncio.Lock()

    def packs_for_sale(self) -> list[Pack]:
        """The packs, smallest first (one premium button each)."""
        return sorted(
            (Pack(s, c) for s, c in self.packs.items()), key=lambda p: (p.credits, p.sku_id)
        )

    async def offer_shown(self, guild_id: int, member_id: int) -> None:
        """The member is being shown the packs in ``guild_id``: a purchase soon after lands there."""
        await self.purchases.remember_offer(member_id, guild_id, self.clock())

    # -- purchases -------------------------------------------------------------------------

    async def handle_entitlement(self, entitlement: Entitlement) -> PurchaseOutcome | None:
        """An entitlement created or updated (an event, or found by a listing): a new purchase
        of a pack is credited (or set waiting to place) once and consumed; a deleted one is
        refunded; one seen before is left as it is and consumed if it is not yet. None for
        entitlements that are not a member's pack (another SKU, owned by a server alone) and
        for consumed ones this bot never recorded.

        Raises:
            StorageError: the database failed; nothing was recorded, and a later listing or
                event tries again.
        """
        if entitlement.deleted:
            return await self.handle_deleted(entitlement)
        known = await self.purchases.get(entitlement.id)
        if known is None:
            bought = self._bought(entitlement)
            if bought is None:
                return None
            if entitlement.consumed:
                # Consumed, yet not recorded by this bot: not a purchase made through it.
                log.warning("entitlement %s was consumed elsewhere; not credited", entitlement.id)
                return None
            guild_id, placement = await self._wallet_for(entitlement)
            outcome = await self.purchases.record(bought, guild_id, placement)
            if outcome.changed:
                self._log_recorded(outcome.purchase)
            self._consume_if_due(outcome.purchase)
            return outcome
        await self._settle_known(known, entitlement)
        return await self.purchases.record(self._known(known), known.guild_id, known.placement)

    async def handle_deleted(self, entitlement: Entitlement) -> PurchaseOutcome | None:
        """ENTITLEMENT_DELETE (Discord refunded it): take the credits back once, never below
        zero, recording what was already spent as owed; a purchase never seen is recorded as
        refunded so that it is never credited. None when it is not a member's pack."""
        known = await self.purchases.get(entitlement.id)
        bought = self._known(known) if known is not None else self._bought(entitlement)
        if bought is None:
            return None
        outcome = await self.purchases.refund(bought)
        if outcome.changed:
            purchase = outcome.purchase
            log.info(
                "entitlement %s refunded: %s credits taken back, %s owed, member %s, server %s",
                purchase.entitlement_id,
                purchase.refund_taken,
                purchase.refund_owed,
                purchase.member_id,
                purchase.guild_id,
            )
        return outcome

    async def place(self, entitlement_id: int, member_id: int, guild_id: int) -> PurchaseOutcome:
        """Add a purchase waiting to be placed to the member's wallet in ``guild_id``, once.

        Raises:
            UnknownPurchase, NotYourPurchase, PurchaseRefunded: see ``PurchaseStore.place``.
        """
        outcome = await self.purchases.place(entitlement_id, member_id, guild_id)
        if outcome.changed:
            self._log_recorded(outcome.purchase)
        self._consume_if_due(outcome.purchase)
        return outcome

    async def waiting_to_place(self, member_id: int) -> list[Purchase]:
        """The member's purchases waiting for a server, oldest first."""
        return await self.purchases.waiting_to_place(member_id)

    # -- finding what was missed -------------------------------------------------------------

    async def reconcile(self) -> Reconciled:
        """Consume every recorded purchase not yet consumed, then list the application's
        entitlements to the packs since the last complete listing and handle each one the bot
        has not seen (events missed while it was down or the gateway dropped them). One
        reconcile runs at a time; the listing's end is remembered only once it is complete.

        Raises:
            Exception: listing failed (what the API raised) or the database did; what was
                handled so far stays handled, and the next reconcile lists again from the
                same place.
        """
        async with self._reconciling:
            consuming: set[int] = set()
            for purchase in await self.purchases.unconsumed():
                self.consumer.ensure(purchase.entitlement_id)
                consuming.add(purchase.entitlement_id)
            recorded: list[PurchaseOutcome] = []
            listed = 0
            sku_ids = tuple(sorted(self.packs))
            if sku_ids:
                cursor = await self.purchases.listing_cursor()
                start = cursor.after_id if cursor and cursor.sku_ids == sku_ids else None
                newest: int | None = None
                async for entitlement in self._listing(sku_ids, start):
                    listed += 1
                    newest = max(newest or 0, entitlement.id)
                    outcome, asked = await self._reconcile_one(entitlement)
                    if outcome is not None:
                        recorded.append(outcome)
                    if asked:
                        consuming.add(entitlement.id)
                if newest is not None:
                    overlap = snowflake_at(snowflake_ms(newest) - LISTING_OVERLAP_MS)
                    await self.purchases.set_listing_cursor(
                        ListingCursor(max(start or 0, overlap), sku_ids)
                    )
            if recorded:
                log.info("reconcile: %s purchases whose events were missed", len(recorded))
            return Reconciled(listed, recorded, consuming)

    async def _listing(
        self, sku_ids: tuple[int, ...], after: int | None
    ) -> AsyncIterator[Entitlement]:
        """Every entitlement to ``sku_ids`` above ``after``, page by page, lowest id first."""
        while True:
            page = await self.api.entitlements(sku_ids=sku_ids, after=after, limit=PAGE_LIMIT)
            for entitlement in page:
                yield entitlement
            last = max((entitlement.id for entitlement in page), default=None)
            # A short page is the last; a page that does not move forward would repeat forever.
            if len(page) < PAGE_LIMIT or last is None or (after is not None and last <= after):
                return
            after = last

    async def _reconcile_one(self, entitlement: Entitlement) -> tuple[PurchaseOutcome | None, bool]:
        """A listed entitlement: the outcome when this call recorded it, and whether it is
        being consumed."""
        if entitlement.deleted:
            # A refund whose ENTITLEMENT_DELETE was missed (applied once, like the event).
            refunded = await self.handle_deleted(entitlement)
            return (refunded if refunded is not None and refunded.changed else None), False
        known = await self.purchases.get(entitlement.id)
        if known is not None:
            return None, await self._settle_known(known, entitlement)
        outcome = await self.handle_entitlement(entitlement)
        if outcome is None:
            return None, False
        return (outcome if outcome.changed else None), self._due(outcome.purchase)

    async def _settle_known(self, known: Purchase, entitlement: Entitlement) -> bool:
        """A purchase seen again: Discord may say it is consumed (an answer this bot lost);
        otherwise it is consumed if still due. Whether it is being consumed."""
        if entitlement.consumed and not known.consumed:
            await self.purchases.mark_consumed(known.entitlement_id)
            return False
        return not entitlement.consumed and self._consume_if_due(known)

    async def close(self) -> None:
        """Stop consuming (unconsumed purchases are consumed after the next start)."""
        await self.consumer.close()

    # -- rules -------------------------------------------------------------------------------

    def _bought(self, entitlement: Entitlement) -> PackEntitlement | None:
        amount = self.packs.get(entitlement.sku_id)
        if amount is None:
            return None
        if entitlement.user_id is None:
            log.warning(
                "entitlement %s to pack SKU %s belongs to a server, not a member; not credited",
                entitlement.id,
                entitlement.sku_id,
            )
            return None
        return PackEntitlement(
            entitlement.id, entitlement.sku_id, entitlement.user_id, amount, entitlement.test
        )

    @staticmethod
    def _known(purchase: Purchase) -> PackEntitlement:
        return PackEntitlement(
            purchase.entitlement_id,
            purchase.sku_id,
            purchase.member_id,
            purchase.amount,
            purchase.test,
        )

    async def _wallet_for(self, entitlement: Entitlement) -> tuple[int | None, Placement | None]:
        """The server whose wallet the purchase goes to, and why; (None, None) to place."""
        if entitlement.guild_id is not None and self.guild_allowed(entitlement.guild_id):
            return entitlement.guild_id, Placement.ENTITLEMENT
        assert entitlement.user_id is not None
        since = self.clock() - self.offer_window_s
        offered = {
            guild_id
            for guild_id in await self.purchases.offered_guilds(entitlement.user_id, since)
            if self.guild_allowed(guild_id)
        }
        if len(offered) == 1:
            return offered.pop(), Placement.OFFER
        return None, None

    @staticmethod
    def _due(purchase: Purchase) -> bool:
        return not purchase.consumed and purchase.state is not PurchaseState.REFUNDED

    def _consume_if_due(self, purchase: Purchase) -> bool:
        if self._due(purchase):
            self.consumer.ensure(purchase.entitlement_id)
            return True
        return False

    @staticmethod
    def _log_recorded(purchase: Purchase) -> None:
        where = f"server {purchase.guild_id}" if purchase.guild_id else "to place"
        log.info(
            "entitlement %s: %s credits for member %s, %s%s",
            purchase.entitlement_id,
            purchase.amount,
            purchase.member_id,
            where,
            " (test)" if purchase.test else "",
        )
