"""``/credits`` for members: balance, reserved, recent changes, a premium button per credit
pack, and a button to add a purchase that waits for a server. The admins' side
(``/credits-admin``) is in :mod:`bot.features.admin`."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.features.credits.packs import place_buttons, place_line
from bot.ui.audience import for_member
from bot.ui.components import view_of
from bot.ui.context import BotContext
from bot.ui.pack_buttons import pack_buttons
from bot.ui.paging import page_of
from bot.ui.permissions import require_guild
from bot.ui.wording import Wording, when
from storage.ledger_rows import LedgerEntry

KINDS = (
    "starting",
    "grant",
    "revoke",
    "hold",
    "capture",
    "release",
    "allowance",
    "purchase",
    "refund",
)
# What the admins' audit lists: their own changes, and the packs bought and refunded.
AUDIT_KINDS = ("grant", "revoke", "purchase", "refund")


def signed(amount: int, say: Wording) -> str:
    return ("+" if amount > 0 else "") + say.number(amount)


def ledger_line(entry: LedgerEntry, say: Wording) -> str:
    amount = (
        entry.delta
        if entry.kind
        in ("starting", "grant", "revoke", "capture", "allowance", "purchase", "refund")
        else entry.held_delta
    )
    kind = say(f"ledger-{entry.kind}") if entry.kind in KINDS else entry.kind
    facts = {"when": when(entry.created_at), "kind": kind, "amount": signed(amount, say)}
    if entry.reason and entry.kind in ("grant", "revoke"):
        return say("ledger-line-reason", **facts, reason=entry.reason)
    return say("ledger-line", **facts)


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
        say = for_member(interaction)
        header = say(
            "credits-header",
            balance=wallet.balance,
            held=wallet.held,
            available=wallet.available,
        )
        waiting = await self.context.shop.waiting_to_place(member_id)
        if waiting:
            header += "\n" + place_line(waiting, say)
        lines = [ledger_line(entry, say) for entry in recent]
        shown = page_of(lines, 1, header=header, per_page=10, say=say)
        # Place buttons take row 0, the packs rows 1 to 4: 25 components at most.
        items = place_buttons(waiting, say) + await pack_buttons(
            self.context, guild_id, member_id, first_row=1
        )
        extra: dict[str, Any] = {"view": view_of(*items)} if items else {}
        await interaction.response.send_message(shown.text, ephemeral=True, **extra)
