"""``/credits-admin audit``: this server's grants, revokes and purchases, newest first, with
who and why; paged with buttons (the member filter is carried in the buttons' ids)."""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.features.credits.commands import signed
from bot.features.credits.purchase_notices import audit_event_line
from bot.ui.audience import for_member
from bot.ui.components import ButtonItem, Guarded, Item, view_of
from bot.ui.context import BotContext, context_of
from bot.ui.paging import page_of
from bot.ui.permissions import require_admin, require_guild
from bot.ui.wording import Wording, when
from storage.ledger_rows import LedgerEntry

AUDIT_PER_PAGE = 6
# What the admins' audit lists: their own changes, and the packs bought and refunded.
AUDIT_KINDS = ("grant", "revoke", "purchase", "refund")


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
