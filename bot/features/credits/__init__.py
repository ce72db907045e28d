"""``/credits`` for members; ``/credits-admin grant|revoke|audit`` for admins.

The admin commands are a separate top-level command so Discord can hide them through default
permissions (Manage Server); the admin role from settings is also accepted at run time.
Everything an admin sees or changes is this server's only.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.ui.audit import post_audit_line
from bot.ui.components import ButtonItem, Guarded, Item, view_of
from bot.ui.context import BotContext, context_of
from bot.ui.paging import page_of
from bot.ui.permissions import admin_only, require_admin, require_guild
from bot.ui.wording import when
from storage.database import utc_now
from storage.ledger_rows import LedgerEntry

log = logging.getLogger(__name__)

MAX_REASON = 200  # what an audit line (and the audit channel's 2,000 characters) can carry
AUDIT_PER_PAGE = 6
# A grant repeated with the same member, amount and reason within this window is taken as
# the admin retrying (say after a timeout), not as a second grant.
REPEAT_WINDOW_S = 600

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
    return f"{when(entry.created_at)} {KIND_WORDS.get(entry.kind, entry.kind)} {sign}{amount}{why}"


def audit_line(entry: LedgerEntry) -> str:
    return (
        f"{when(entry.created_at)} <@{entry.actor_id}> {'+' if entry.delta > 0 else ''}"
        f"{entry.delta} → <@{entry.member_id}> · {entry.reason}"
    )


async def show_audit(
    interaction: discord.Interaction, member_id: int | None, page: int, *, update: bool
) -> None:
    guild_id = require_guild(interaction)
    ledger = context_of(interaction).storage.ledger
    per_view = AUDIT_PER_PAGE
    entries, total = await ledger.grants(
        guild_id, member_id, limit=per_view, offset=(max(1, page) - 1) * per_view
    )
    if total == 0:
        await interaction.response.send_message("No grants or revokes yet.", ephemeral=True)
        return
    pages = -(-total // per_view)
    current = min(max(1, page), pages)
    who = f" for <@{member_id}>" if member_id else ""
    shown = page_of(
        [audit_line(e) for e in entries],
        1,
        header=f"**Grants and revokes{who}** ({total} in all, page {current}/{pages})",
        per_page=per_view,
    )
    items: list[discord.ui.Item[Any]] = []
    if current > 1:
        items.append(AuditPageButton(member_id or 0, current - 1, "prev"))
    if current < pages:
        items.append(AuditPageButton(member_id or 0, current + 1, "next"))
    view = view_of(*items) if items else discord.ui.View()
    if update:
        await interaction.response.edit_message(content=shown.text, view=view)
    else:
        await interaction.response.send_message(shown.text, ephemeral=True, view=view)


class AuditPageButton(
    Guarded, ButtonItem, template=r"ap:(?P<member>\d+):(?P<page>\d+):(?P<way>prev|next)"
):
    def __init__(self, member_id: int, page: int, way: str) -> None:
        super().__init__(
            discord.ui.Button(
                label="◀" if way == "prev" else "▶", custom_id=f"ap:{member_id}:{page}:{way}"
            )
        )
        self.member_id, self.page = member_id, page

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: Item, match: re.Match[str]
    ) -> AuditPageButton:
        return cls(int(match["member"]), int(match["page"]), match["way"])

    async def handle(self, interaction: discord.Interaction) -> None:
        await require_admin(interaction)
        await show_audit(interaction, self.member_id or None, self.page, update=True)


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
    async def credits(self, interaction: discord.Interaction) -> None:
        guild_id = require_guild(interaction)
        ledger = self.context.storage.ledger
        wallet = await ledger.wallet(guild_id, interaction.user.id)
        recent = await ledger.recent(guild_id, interaction.user.id, limit=10)
        shown = page_of(
            [ledger_line(entry) for entry in recent],
            1,
            header=f"**Balance {wallet.balance}** · reserved {wallet.held} · "
            f"available {wallet.available}",
            per_page=10,
        )
        await interaction.response.send_message(shown.text, ephemeral=True)

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
        verb = "Granted" if amount > 0 else "Revoked"
        direction = "to" if amount > 0 else "from"
        if entry.created_at < asked_at:
            await interaction.response.send_message(
                f"Already done at {when(entry.created_at)}: {verb.lower()} {abs(amount)} "
                f"credits {direction} {member.mention}. Nothing changed; balance "
                f"{entry.balance_after}.",
                ephemeral=True,
            )
            return
        # The audit line goes out whatever happens to the admin's reply.
        await post_audit_line(
            interaction,
            guild_id,
            f"{interaction.user.mention} {verb.lower()} {abs(amount)} credits {direction} "
            f"{member.mention}: {reason}",
        )
        await interaction.response.send_message(
            f"{verb} {abs(amount)} credits {direction} {member.mention} ({reason}). "
            f"Balance: {entry.balance_after}.",
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


DYNAMIC_ITEMS = (AuditPageButton,)
