"""The pages of ``/history``: your upscales, newest first, with links to their messages (never
the images, so nothing from an age-restricted channel shows up elsewhere), and their buttons."""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.ui.audience import for_member
from bot.ui.components import ButtonItem, Guarded, Item, view_of
from bot.ui.context import context_of
from bot.ui.permissions import require_guild
from bot.ui.wording import size, when
from config import Mode


async def show_history(interaction: discord.Interaction, page: int, *, update: bool) -> None:
    guild_id = require_guild(interaction)
    storage = context_of(interaction).storage
    result = await storage.history.for_member(guild_id, interaction.user.id, page=page)
    say = for_member(interaction)
    if not result.entries:
        content = say("history-empty")
    else:
        lines = [say("history-header", page=result.page, pages=result.pages, total=result.total)]
        for entry in result.entries:
            v = entry.version
            link = f"https://discord.com/channels/{v.guild_id}/{v.channel_id}/{v.message_id}"
            sizes = size(v.width, v.height)
            if entry.source_width and entry.source_height:
                sizes = f"{size(entry.source_width, entry.source_height)} → {sizes}"
            mode = Mode(entry.mode)
            facts: dict[str, str | int] = {
                "when": when(v.created_at),
                "sizes": sizes,
                "price": entry.price,
                "link": link,
            }
            if mode.generative:
                made = say.generative(mode, entry.controls, entry.seed)
                lines.append(say("history-line-made", **facts, made=made))
            else:
                lines.append(say("history-line", **facts))
        content = "\n".join(lines)
    items = []
    if result.page > 1:
        items.append(HistoryPageButton(result.page - 1, "prev"))
    if result.page < result.pages:
        items.append(HistoryPageButton(result.page + 1, "next"))
    view = view_of(*items) if items else None
    extra: dict[str, Any] = {"view": view} if view else {}
    if update:
        await interaction.response.edit_message(content=content, view=view)
    else:
        await interaction.response.send_message(content, ephemeral=True, **extra)


class HistoryPageButton(Guarded, ButtonItem, template=r"hp:(?P<page>\d+):(?P<label>prev|next)"):
    """Paging through ``/history``."""

    def __init__(self, page: int, label: str) -> None:
        super().__init__(
            discord.ui.Button(label="◀" if label == "prev" else "▶", custom_id=f"hp:{page}:{label}")
        )
        self.page = page

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: Item, match: re.Match[str]
    ) -> HistoryPageButton:
        return cls(int(match["page"]), match["label"])

    async def handle(self, interaction: discord.Interaction) -> None:
        await show_history(interaction, self.page, update=True)
