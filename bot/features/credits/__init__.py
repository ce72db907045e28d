"""``/credits`` for members (with a premium button per credit pack, and a button to add a
purchase that waits for a server); ``/credits-admin grant|revoke|audit`` for admins.

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

from bot.features.credits.packs import PlaceButton, place_buttons, place_line
from bot.features.credits.purchase_notices import audit_event_line
from bot.features.credits.shop_events import ShopEvents
from bot.ui.audience import for_member, for_server_of
from bot.ui.audit import post_audit_line
from bot.ui.components import ButtonItem, Guarded, Item, view_of
from bot.ui.context import BotContext, context_of
from bot.ui.pack_buttons import pack_buttons
from bot.ui.paging import page_of
from bot.ui.permissions import admin_only, require_admin, require_guild
from bot.ui.wording import Wording, when
from storage.database import utc_now
from storage.ledger_rows import LedgerEntry

log = logging.getLogger(__name__)

MAX_REASON = 200  # what an audit line (and the audit channel's 2,000 characters) can carry
AUDIT_PER_PAGE = 6
# A grant repeated with the same member, amount and reason within this window is taken as
# the admin retrying (say after a timeout), not as a second grant.
REPEAT_WINDOW_S = 600

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


async def audit_line(context: BotContext, entry: LedgerEntry, say: Wording) -> str:
    if entry.kind in ("purchase", "refund"):
        # The purchase row has what the ledger row lacks: the entitlement, test or not, owed.
        entitlement_id = int(entry.idempotency_key.partition(":")[2])
        purchase = await context.storage.purchases.get(entitlement_id)
        if purchase is not None:
            return audit_event_line(entry.kind, entry.created_at, purchase, say)
    return say(
        "audit-change",
        when=when(entry.created_at),
        actor=f"<@{entry.actor_id}>",
        amount=signed(entry.delta, say),
        member=f"<@{entry.member_id}>",
        reason=entry.reason or "",
    )


async def show_audit(
    interaction: discord.Interaction, member_id: int | None, page: int, *, update: bool
) -> None:
    guild_id = require_guild(interaction)
    context = context_of(interaction)
    per_view = AUDIT_PER_PAGE
    entries, total = await context.storage.ledger.grants(
        guild_id,
        member_id,
        limit=per_view,
        offset=(max(1, page) - 1) * per_view,
        kinds=AUDIT_KINDS,
    )
    say = for_member(interaction)
    if total == 0:
        await interaction.response.send_message(say("audit-none"), ephemeral=True)
        return
    pages = -(-total // per_view)
    current = min(max(1, page), pages)
    counts = {"total": total, "page": current, "pages": pages}
    if member_id:
        header = say("audit-header-member", member=f"<@{member_id}>", **counts)
    else:
        header = say("audit-header", **counts)
    shown = page_of(
        [await audit_line(context, e, say) for e in entries],
        1,
        header=header,
        per_page=per_view,
        say=say,
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


DYNAMIC_ITEMS = (AuditPageButton, PlaceButton)

__all__ = ["DYNAMIC_ITEMS", "CreditCommands", "ShopEvents"]
