"""``/credits`` for members: balance, reserved, recent changes, a premium button per credit
pack, and a button to add a purchase that waits for a server. The admins' side
(``/credits-admin``) is in :mod:`bot.features.admin`."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.features.credits.packs import place_buttons, place_line
from bot.ui.components import view_of
from bot.ui.context import BotContext
from bot.ui.pack_buttons import pack_buttons
from bot.ui.paging import page_of
from bot.ui.permissions import require_guild
from bot.ui.wording import when
from storage.ledger_rows import LedgerEntry

KIND_WORDS = {
    "starting": "starting balance",
    "grant": "granted",
    "revoke": "revoked",
    "hold": "reserved",
    "capture": "spent",
    "release": "refunded",
    "allowance": "allowance",
    "purchase": "bought",
    "refund": "refund of a purchase",
}


def ledger_line(entry: LedgerEntry) -> str:
    amount = (
        entry.delta
        if entry.kind
        in ("starting", "grant", "revoke", "capture", "allowance", "purchase", "refund")
        else entry.held_delta
    )
    sign = "+" if amount > 0 else ""
    why = f" · {entry.reason}" if entry.reason and entry.kind in ("grant", "revoke") else ""
    return f"{when(entry.created_at)} {KIND_WORDS.get(entry.kind, entry.kind)} {sign}{amount}{why}"


class CreditCommands(commands.Cog):
    def __init__(self, bot: commands.Bot, context: BotContext) -> None:
        self.bot = bot
        self.context = context

    @app_commands.command(
        name="credits", description="Your credits: balance, reserved, and recent changes"
    )
    async def credits(self, interaction: discord.Interaction) -> None:
        guild_id = require_guild(interaction)
        ledger = self.context.storage.ledger
        member_id = interaction.user.id
        wallet = await ledger.wallet(guild_id, member_id)
        recent = await ledger.recent(guild_id, member_id, limit=10)
        header = (
            f"**Balance {wallet.balance}** · reserved {wallet.held} · available {wallet.available}"
        )
        waiting = await self.context.shop.waiting_to_place(member_id)
        if waiting:
            header += "\n" + place_line(waiting)
        shown = page_of([ledger_line(entry) for entry in recent], 1, header=header, per_page=10)
        # Place buttons take row 0, the packs rows 1 to 4: 25 components at most.
        items = place_buttons(waiting) + await pack_buttons(
            self.context, guild_id, member_id, first_row=1
        )
        extra: dict[str, Any] = {"view": view_of(*items)} if items else {}
        await interaction.response.send_message(shown.text, ephemeral=True, **extra)
