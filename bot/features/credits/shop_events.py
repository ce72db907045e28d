"""What Discord tells the bot about credit packs: ENTITLEMENT_CREATE / _UPDATE (a purchase)
and ENTITLEMENT_DELETE (a refund) go to the shop core; at start and after every reconnect
(READY again, or RESUMED) the shop lists the entitlements it may have missed meanwhile.

Each purchase credited and each refund applied is announced once (audit channel, metrics):
the core says whether this call changed anything, and only the call that did announces it.
"""

from __future__ import annotations

import asyncio
import logging

import discord
from discord.ext import commands

from bot.features.credits.purchase_notices import announce_purchase, announce_refund
from bot.features.credits.shop_api import entitlement_facts
from bot.ui.context import BotContext
from storage.purchase_rows import PurchaseOutcome, PurchaseState

log = logging.getLogger(__name__)


class ShopEvents(commands.Cog):
    def __init__(self, bot: commands.Bot, context: BotContext) -> None:
        self.bot = bot
        self.context = context
        self._reconciles: set[asyncio.Task[None]] = set()

    async def cog_unload(self) -> None:
        for task in list(self._reconciles):
            task.cancel()
        await asyncio.gather(*self._reconciles, return_exceptions=True)

    @commands.Cog.listener()
    async def on_entitlement_create(self, entitlement: discord.Entitlement) -> None:
        await self._handle(entitlement)

    @commands.Cog.listener()
    async def on_entitlement_update(self, entitlement: discord.Entitlement) -> None:
        await self._handle(entitlement)

    @commands.Cog.listener()
    async def on_entitlement_delete(self, entitlement: discord.Entitlement) -> None:
        try:
            outcome = await self.context.shop.handle_deleted(entitlement_facts(entitlement))
        except Exception:
            # The entitlement stays deleted in Discord; its refund is applied when the event
            # comes again. Nothing is lost by logging here.
            log.exception("could not apply the refund of entitlement %s", entitlement.id)
            return
        await self.announce(outcome)

    async def _handle(self, entitlement: discord.Entitlement) -> None:
        try:
            outcome = await self.context.shop.handle_entitlement(entitlement_facts(entitlement))
        except Exception:
            # Nothing was recorded; the next listing (reconnect, restart) finds it again.
            log.exception("could not record entitlement %s", entitlement.id)
            return
        await self.announce(outcome)

    async def announce(self, outcome: PurchaseOutcome | None) -> None:
        """Tell the audit channel and the metrics what this call changed, if anything."""
        if outcome is None or not outcome.changed:
            return
        purchase = outcome.purchase
        try:
            if purchase.state is PurchaseState.CREDITED:
                await announce_purchase(self.bot, self.context, purchase)
            elif purchase.state is PurchaseState.REFUNDED and purchase.credited:
                await announce_refund(self.bot, self.context, purchase)
        except Exception:
            log.exception("could not announce entitlement %s", purchase.entitlement_id)

    # -- finding what was missed -------------------------------------------------------

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        self._reconcile_soon("ready")

    @commands.Cog.listener()
    async def on_resumed(self) -> None:
        self._reconcile_soon("resumed")

    def _reconcile_soon(self, why: str) -> None:
        # In a task: the gateway's event handler must not wait for a listing of many pages.
        task = asyncio.get_running_loop().create_task(self.reconcile(why))
        self._reconciles.add(task)
        task.add_done_callback(self._reconciles.discard)

    async def reconcile(self, why: str) -> None:
        """List what may have been missed; failures are logged and retried at the next
        reconnect or start (the shop remembers only complete listings)."""
        if not self.context.shop.packs:
            return
        try:
            report = await self.context.shop.reconcile()
        except Exception:
            log.exception("listing the entitlements (%s) failed", why)
            return
        log.info(
            "entitlements listed (%s): %s, %s purchases found missed, %s being consumed",
            why,
            report.listed,
            len(report.recorded),
            len(report.consuming),
        )
        for outcome in report.recorded:
            await self.announce(outcome)
