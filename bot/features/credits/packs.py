"""Purchases that wait for a server: /credits offers a button per purchase to add it to this
server's wallet, once. At most :data:`MAX_PLACE_BUTTONS` (one row), beside the pack buttons'
four rows: 25 components in all.
"""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.features.credits.purchase_notices import announce_purchase
from bot.ui.audience import for_member
from bot.ui.components import ButtonItem, Guarded, Item
from bot.ui.context import context_of
from bot.ui.pack_buttons import BUTTONS_PER_ROW
from bot.ui.permissions import require_guild
from bot.ui.wording import ENGLISH, Wording
from storage.purchase_rows import Purchase

MAX_PLACE_BUTTONS = BUTTONS_PER_ROW


def place_line(waiting: list[Purchase], say: Wording) -> str:
    """The /credits line about purchases that wait for a server."""
    credits = sum(purchase.amount for purchase in waiting)
    if len(waiting) == 1:
        return say("place-line-one", credits=credits)
    return say("place-line", count=len(waiting), credits=credits)


def place_buttons(waiting: list[Purchase], say: Wording) -> list[discord.ui.Item[Any]]:
    """An **Add N credits here** button per waiting purchase (oldest first), in row 0."""
    return [
        PlaceButton(purchase.entitlement_id, purchase.amount, say)
        for purchase in waiting[:MAX_PLACE_BUTTONS]
    ]


class PlaceButton(Guarded, ButtonItem, template=r"pl:(?P<entitlement>\d{1,20}):(?P<amount>\d+)"):
    """On /credits: add a purchase that waits for a server to this server's wallet."""

    def __init__(self, entitlement_id: int, amount: int, say: Wording = ENGLISH) -> None:
        super().__init__(
            discord.ui.Button(
                label=say("button-place", amount=amount),
                style=discord.ButtonStyle.success,
                custom_id=f"pl:{entitlement_id}:{amount}",
                row=0,
            )
        )
        self.entitlement_id = entitlement_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: Item, match: re.Match[str]
    ) -> PlaceButton:
        return cls(int(match["entitlement"]), int(match["amount"]))

    async def handle(self, interaction: discord.Interaction) -> None:
        guild_id = require_guild(interaction)
        context = context_of(interaction)
        outcome = await context.shop.place(self.entitlement_id, interaction.user.id, guild_id)
        purchase = outcome.purchase
        say = for_member(interaction)
        if not outcome.changed:
            here = purchase.guild_id == guild_id
            await interaction.response.send_message(
                say(
                    "place-already-here" if here else "place-already-elsewhere",
                    amount=purchase.amount,
                ),
                ephemeral=True,
            )
            return
        balance = outcome.entry.balance_after if outcome.entry else None
        try:
            # The answer first: Discord gives it 3 s, and the audit channel may be slow.
            await interaction.response.send_message(
                say("place-added", amount=purchase.amount, balance=balance or 0),
                ephemeral=True,
            )
        finally:
            await announce_purchase(interaction.client, context, purchase)
