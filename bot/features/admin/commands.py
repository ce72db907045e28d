"""The admins' commands. ``/upscale-admin queue|settings|failures`` and
``/credits-admin grant|revoke|audit`` are two top-level commands so Discord can hide them
through default permissions (Manage Server); the admin role from settings is also accepted at
run time. Everything an admin sees or changes is this server's only."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.features.admin.audit import show_audit
from bot.features.admin.failures import show_failures
from bot.features.admin.queue import show_queue
from bot.features.admin.settings import show_settings
from bot.ui.audience import for_member, for_server_of
from bot.ui.audit import post_audit_line
from bot.ui.context import BotContext
from bot.ui.permissions import admin_only, require_guild
from bot.ui.wording import when
from storage.database import utc_now

MAX_REASON = 200  # what an audit line (and the audit channel's 2,000 characters) can carry
# A grant repeated with the same member, amount and reason within this window is taken as
# the admin retrying (say after a timeout), not as a second grant.
REPEAT_WINDOW_S = 600


class QueueAdminCommands(commands.Cog):
    group = app_commands.Group(
        name="upscale-admin",
        description="Manage the upscale queue",
        default_permissions=discord.Permissions(manage_guild=True),
        guild_only=True,
    )

    def __init__(self, bot: commands.Bot, context: BotContext) -> None:
        self.bot = bot
        self.context = context

    @group.command(name="queue", description="The queue, in the order jobs will run")
    @admin_only()
    async def queue(self, interaction: discord.Interaction) -> None:
        await show_queue(interaction, 1, update=False)

    @group.command(name="settings", description="This server's prices, allowance and channels")
    @admin_only()
    async def settings(self, interaction: discord.Interaction) -> None:
        await show_settings(interaction)

    @group.command(name="failures", description="Recent failed and cancelled upscales")
    @admin_only()
    async def failures(self, interaction: discord.Interaction) -> None:
        await show_failures(interaction, 1, update=False)


class CreditsAdminCommands(commands.Cog):
    admin = app_commands.Group(
        name="credits-admin",
        description="Grant, revoke and audit credits",
        default_permissions=discord.Permissions(manage_guild=True),
        guild_only=True,
    )

    def __init__(self, bot: commands.Bot, context: BotContext) -> None:
        self.bot = bot
        self.context = context

    async def _change(
        self, interaction: discord.Interaction, member: discord.Member, amount: int, reason: str
    ) -> None:
        guild_id = require_guild(interaction)
        reason = " ".join(reason.split())[:MAX_REASON]
        asked_at = utc_now()
        entry = await self.context.storage.ledger.grant(
            guild_id,
            member.id,
            amount,
            actor_id=interaction.user.id,
            reason=reason,
            key=f"admin:{interaction.id}",
            repeat_window_s=REPEAT_WINDOW_S,
        )
        verb = "granted" if amount > 0 else "revoked"
        say = for_member(interaction)
        facts: dict[str, str | int] = {"amount": abs(amount), "member": member.mention}
        if entry.created_at < asked_at:
            await interaction.response.send_message(
                say(
                    f"{verb}-before",
                    when=when(entry.created_at),
                    balance=entry.balance_after,
                    **facts,
                ),
                ephemeral=True,
            )
            return
        # The audit line goes out, in the server's language, whatever happens to the reply.
        public = await for_server_of(interaction)
        await post_audit_line(
            interaction,
            guild_id,
            public(f"audit-{verb}", actor=interaction.user.mention, reason=reason, **facts),
        )
        await interaction.response.send_message(
            say(verb, reason=reason, balance=entry.balance_after, **facts),
            ephemeral=True,
        )

    @admin.command(name="grant", description="Give a member credits")
    @app_commands.describe(member="who", amount="how many", reason="why (kept in the audit)")
    @admin_only()
    async def grant(
        self,
        interaction: discord.Interaction,
        member: discord.Member,
        amount: app_commands.Range[int, 1, 1_000_000],
        reason: app_commands.Range[str, 1, MAX_REASON],
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
        reason: app_commands.Range[str, 1, MAX_REASON],
    ) -> None:
        await self._change(interaction, member, -amount, reason)

    @admin.command(name="audit", description="Grants and revokes, with who and why")
    @app_commands.describe(member="only this member")
    @admin_only()
    async def audit(
        self, interaction: discord.Interaction, member: discord.Member | None = None
    ) -> None:
        await show_audit(interaction, member.id if member else None, 1, update=False)
