"""``/credits`` for members; ``/credits-admin grant|revoke|audit`` for admins.

The admin commands are a separate top-level command so Discord can hide them through default
permissions (Manage Server); the role from settings is also accepted at run time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.flow import reply_error
from bot.permissions import is_admin
from storage.ledger_rows import LedgerEntry

if TYPE_CHECKING:
    from bot.app import UpscaleBot

KIND_WORDS = {
    "starting": "starting balance",
    "grant": "granted",
    "revoke": "revoked",
    "hold": "reserved",
    "capture": "spent",
    "release": "refunded",
}


def ledger_line(entry: LedgerEntry) -> str:
    amount = (
        entry.delta
        if entry.kind in ("starting", "grant", "revoke", "capture")
        else entry.held_delta
    )
    sign = "+" if amount > 0 else ""
    why = f" · {entry.reason}" if entry.reason and entry.kind in ("grant", "revoke") else ""
    return (
        f"`{entry.created_at[:16].replace('T', ' ')}` {KIND_WORDS[entry.kind]} {sign}{amount}{why}"
    )


class CreditCommands(commands.Cog):
    admin = app_commands.Group(
        name="credits-admin",
        description="Grant, revoke and audit credits",
        default_permissions=discord.Permissions(manage_guild=True),
        guild_only=True,
    )

    def __init__(self, bot: UpscaleBot) -> None:
        self.bot = bot

    @app_commands.command(
        name="credits", description="Your credits: balance, reserved, and recent changes"
    )
    @app_commands.guild_only()
    async def credits(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        ledger = self.bot.storage.ledger
        wallet = await ledger.wallet(interaction.guild_id, interaction.user.id)
        recent = await ledger.recent(interaction.guild_id, interaction.user.id, limit=10)
        lines = [
            f"**Balance {wallet.balance}** · reserved {wallet.held} · available {wallet.available}",
            *(ledger_line(entry) for entry in recent),
        ]
        await interaction.response.send_message("\n".join(lines), ephemeral=True)

    async def _change(
        self, interaction: discord.Interaction, member: discord.Member, amount: int, reason: str
    ) -> None:
        assert interaction.guild_id is not None
        if not is_admin(interaction, self.bot.settings):
            await interaction.response.send_message(
                "Only admins can change credits.", ephemeral=True
            )
            return
        try:
            entry = await self.bot.storage.ledger.grant(
                interaction.guild_id,
                member.id,
                amount,
                actor_id=interaction.user.id,
                reason=reason,
                key=f"admin:{interaction.id}",
            )
        except Exception as exc:
            await reply_error(interaction, exc)
            return
        verb = "Granted" if amount > 0 else "Revoked"
        line = f"{verb} {abs(amount)} credits {'to' if amount > 0 else 'from'} {member.mention} ({reason}). Balance: {entry.balance_after}."
        await interaction.response.send_message(line, ephemeral=True)
        audit = self.bot.settings.discord.audit_channel
        if audit is not None:
            channel = self.bot.get_partial_messageable(audit, guild_id=interaction.guild_id)
            await channel.send(
                f"{interaction.user.mention} {verb.lower()} {abs(amount)} credits "
                f"{'to' if amount > 0 else 'from'} {member.mention}: {reason}",
                allowed_mentions=discord.AllowedMentions.none(),
            )

    @admin.command(name="grant", description="Give a member credits")
    @app_commands.describe(member="who", amount="how many", reason="why (kept in the audit)")
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
    async def audit(
        self, interaction: discord.Interaction, member: discord.Member | None = None
    ) -> None:
        assert interaction.guild_id is not None
        if not is_admin(interaction, self.bot.settings):
            await interaction.response.send_message(
                "Only admins can see the audit.", ephemeral=True
            )
            return
        entries = await self.bot.storage.ledger.grants(
            interaction.guild_id, member.id if member else None
        )
        if not entries:
            await interaction.response.send_message("No grants or revokes yet.", ephemeral=True)
            return
        lines = [
            f"`{e.created_at[:16].replace('T', ' ')}` <@{e.actor_id}> {'+' if e.delta > 0 else ''}{e.delta} "
            f"→ <@{e.member_id}> · {e.reason}"
            for e in entries
        ]
        await interaction.response.send_message("\n".join(lines), ephemeral=True)
