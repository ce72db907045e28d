"""``/upscale-admin queue``: this server's waiting and running jobs, paged, with cancel
buttons. Other servers' jobs are never shown; positions are in the one shared line."""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.features.upscale.cancel_job import CancelJobButton
from bot.ui.audience import for_member
from bot.ui.components import ButtonItem, Guarded, Item, view_of
from bot.ui.context import context_of
from bot.ui.paging import page_of
from bot.ui.permissions import require_admin, require_guild

PER_PAGE = 10  # two rows of cancel buttons, and a row for paging


async def show_queue(interaction: discord.Interaction, page: int, *, update: bool) -> None:
    guild_id = require_guild(interaction)
    context = context_of(interaction)
    waiting = [w for w in context.service.board.waiting() if w.owner[0] == guild_id]
    running = await context.storage.jobs.running(guild_id)
    say = for_member(interaction)
    jobs = ", ".join(f"#{j.id}" for j in running[:20])
    if len(running) > 20:
        header = say("queue-running-more", jobs=jobs, more=len(running) - 20)
    else:
        header = say("queue-running", jobs=jobs) if jobs else say("queue-running-none")
    if not waiting:
        header += "\n" + say("queue-empty")
    lines = [
        say(
            "queue-line",
            position=w.position,
            job=str(w.job_id),
            member=f"<@{w.owner[1]}>",
            model=w.model,
            duration=say.duration(w.eta_s),
        )
        for w in waiting
    ]
    shown = page_of(lines, page, header=header, per_page=PER_PAGE, say=say)
    first = (shown.number - 1) * PER_PAGE
    items: list[discord.ui.Item[Any]] = [
        CancelJobButton(w.job_id, say("button-cancel-job", job=str(w.job_id)))
        for w in waiting[first : first + PER_PAGE]
    ]
    if shown.number > 1:
        items.append(QueuePageButton(shown.number - 1, "prev"))
    if shown.number < shown.count:
        items.append(QueuePageButton(shown.number + 1, "next"))
    for index, item in enumerate(items):
        item.row = min(index // 5, 4)
    view = view_of(*items) if items else discord.ui.View()
    if update:
        await interaction.response.edit_message(content=shown.text, view=view)
    else:
        await interaction.response.send_message(shown.text, ephemeral=True, view=view)


class QueuePageButton(Guarded, ButtonItem, template=r"qp:(?P<page>\d+):(?P<way>prev|next)"):
    def __init__(self, page: int, way: str) -> None:
        super().__init__(
            discord.ui.Button(label="◀" if way == "prev" else "▶", custom_id=f"qp:{page}:{way}")
        )
        self.page = page

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: Item, match: re.Match[str]
    ) -> QueuePageButton:
        return cls(int(match["page"]), match["way"])

    async def handle(self, interaction: discord.Interaction) -> None:
        await require_admin(interaction)
        await show_queue(interaction, self.page, update=True)
