"""``/credits`` for members; ``/credits-admin grant|revoke|audit`` for admins.

The admin commands are a separate top-level command so Discord can hide them through default
permissions (Manage Server); the role from settings is also accepted at run time.
"""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.audit import post_audit_line
from bot.context import BotContext
from bot.permissions import admin_only, require_guild
from bot.wording import when
from storage.ledger_rows import LedgerEntry

KIND_WORDS = {
    "starting": "starting balance",
    "grant": "granted",
    "revoke": "revoked",
    "hold": "reserved",
    "capture": "spent",
    "release": "refunded",
    "allowance": "allowance",
}


def ledger_line(entry: LedgerEntry) -> str:
    amount = (
        entry.delta
        if entry.kind in ("starting", "grant", "revoke", "capture", "allowance")
        else entry.held_delta
    )
    sign = "+" if amount > 0 else ""
    why = f" · {entry.reason}" if entry.reason and entry.kind in ("grant", "revoke") else ""
    return f"{when(entry.created_at)} {KIND_WORDS[entry.kind]} {sign}{amount}{why}"


class CreditCommands(commands.Cog):
    admin = app_commands.Group(
        name="credits-admin",
        description="Grant, revoke and audit credits",
        default_permissions=discord.Permissions(manage_guild=True),
        guild_only=True,
    )

    def __init__(self, bot: commands.Bot, context: BotContext) -> None:
        self.bot = bot
        self.context = context

    @app_commands.command(
        name="credits", description="Your credits: balance, reserved, and recent changes"
    )
    @app_commands.guild_only()
    async def credits(self, interaction: discord.Interaction) -> None:
        guild_id = require_guild(interaction)
        ledger = self.context.storage.ledger
        wallet = await ledger.wallet(guild_id, interaction.user.id)
        recent = await ledger.recent(guild_id, interaction.user.id, limit=10)
        lines = [
            f"**Balance {wallet.balance}** · reserved {wallet.held} · available {wallet.available}",
            *(ledger_line(entry) for entry in recent),
        ]
        await interaction.response.send_message("\n".join(lines), ephemeral=True)

    async def _change(
        self, interaction: discord.Interaction, member: discord.Member, amount: int, reason: str
    ) -> None:
        guild_id = require_guild(interaction)
        entry = await self.context.storage.ledger.grant(
            guild_id,
            member.id,
            amount,
            actor_id=interaction.user.id,
            reason=reason,
            key=f"admin:{interaction.id}",
        )
        verb = "Granted" if amount > 0 else "Revoked"
        line = f"{verb} {abs(amount)} credits {'to' if amount > 0 else 'from'} {member.mention} ({reason}). Balance: {entry.balance_after}."
        await interaction.response.send_message(line, ephemeral=True)
        await post_audit_line(
            interaction,
            guild_id,
            f"{interaction.user.mention} {verb.lower()} {abs(amount)} credits "
            f"{'to' if amount > 0 else 'from'} {member.mention}: {reason}",
        )

    @admin.command(name="grant", description="Give a member credits")
    @app_commands.describe(member="who", amount="how many", reason="why (kept in the audit)")
    @admin_only()
    async def grant(
        self,
        interaction: discord.Interaction,
        member: discord.Member,
        amount: app_commands.Range[int, 1, 1_000_000],
        reason: str,
    ) -> None:
        await self._change(interaction, member, amount, reason)

    @admin.command(name="revoke", description="Take credits from a member")
    @app_commands.describe(member="who", amount="how many", reason="why (kept in the audit)")
    @admin_only()
    async def revoke(
        self,
        interaction: discord.Interaction,
        member: discord.Member,
        amount: app_commands.Range[int, 1, 1_000_000],
        reason: str,
    ) -> None:
        await self._change(interaction, member, -amount, reason)

    @admin.command(name="audit", description="Recent grants and revokes, with who and why")
    @app_commands.describe(member="only this member")
    @admin_only()
    async def audit(
        self, interaction: discord.Interaction, member: discord.Member | None = None
    ) -> None:
        guild_id = require_guild(interaction)
        entries = await self.context.storage.ledger.grants(guild_id, member.id if member else None)
        if not entries:
            await interaction.response.send_message("No grants or revokes yet.", ephemeral=True)
            return
        lines = [
            f"{when(e.created_at)} <@{e.actor_id}> {'+' if e.delta > 0 else ''}{e.delta} "
            f"→ <@{e.member_id}> · {e.reason}"
            for e in entries
        ]
        await interaction.response.send_message("\n".join(lines), ephemeral=True)
