"""``/upscale-admin failures``: the server's recent failed and cancelled upscales, with the
reason, the refund and the error id an admin can look up in the log; paged with buttons."""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.ui.audience import for_member
from bot.ui.components import ButtonItem, Guarded, Item, view_of
from bot.ui.context import context_of
from bot.ui.permissions import require_admin, require_guild
from bot.ui.wording import Wording, when
from storage.jobs import Job

PER_PAGE = 8
REASON_LENGTH = 90
MAX_CONTENT = 2000


def failure_line(job: Job, say: Wording) -> str:
    reason = job.error_message or job.error_code or job.state.value
    if job.error_code and job.error_code not in reason:
        reason = f"{job.error_code}: {reason}"
    if len(reason) > REASON_LENGTH:
        reason = reason[: REASON_LENGTH - 1] + "…"
    money = (
        say("failures-refunded", price=job.price)
        if job.hold_id is not None
        else say("failures-not-charged")
    )
    error = " · " + say("failures-error-id", error_id=job.error_id) if job.error_id else ""
    stamp = when(job.finished_at or job.updated_at)
    state = job.state.value
    if state in ("failed", "cancelled"):
        state = say(f"state-{state}")
    return (
        f"#{job.id} {stamp} · <@{job.request.requester_id}> · {state} · {reason} · {money}{error}"
    )


async def show_failures(interaction: discord.Interaction, page: int, *, update: bool) -> None:
    guild_id = require_guild(interaction)
    await require_admin(interaction)
    listing = await context_of(interaction).storage.jobs.unsuccessful(
        guild_id, page=page, per_page=PER_PAGE
    )
    say = for_member(interaction)
    if not listing.jobs:
        content = say("failures-none")
    else:
        lines = [
            say("failures-header", page=listing.page, pages=listing.pages, total=listing.total)
        ]
        for job in listing.jobs:
            line = failure_line(job, say)
            if sum(len(x) + 1 for x in lines) + len(line) > MAX_CONTENT:
                break
            lines.append(line)
        content = "\n".join(lines)
    items = []
    if listing.page > 1:
        items.append(FailuresPageButton(listing.page - 1, "prev"))
    if listing.page < listing.pages:
        items.append(FailuresPageButton(listing.page + 1, "next"))
    view = view_of(*items) if items else None
    if update:
        await interaction.response.edit_message(content=content, view=view)
        return
    extra: dict[str, Any] = {"view": view} if view else {}
    await interaction.response.send_message(
        content, ephemeral=True, allowed_mentions=discord.AllowedMentions.none(), **extra
    )


class FailuresPageButton(Guarded, ButtonItem, template=r"fl:(?P<page>\d+):(?P<label>prev|next)"):
    def __init__(self, page: int, label: str) -> None:
        super().__init__(
            discord.ui.Button(label="◀" if label == "prev" else "▶", custom_id=f"fl:{page}:{label}")
        )
        self.page = page

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: Item, match: re.Match[str]
    ) -> FailuresPageButton:
        return cls(int(match["page"]), match["label"])

    async def handle(self, interaction: discord.Interaction) -> None:
        await show_failures(interaction, self.page, update=True)


DYNAMIC_ITEMS = (FailuresPageButton,)
