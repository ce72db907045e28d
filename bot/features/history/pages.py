"""The pages of ``/history``: your upscales, newest first, with links to their messages (never
the images, so nothing from an age-restricted channel shows up elsewhere), and their buttons."""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.ui.components import ButtonItem, Guarded, Item, view_of
from bot.ui.context import context_of
from bot.ui.permissions import require_guild
from bot.ui.wording import describe_generative, when
from config import Mode


async def show_history(interaction: discord.Interaction, page: int, *, update: bool) -> None:
    guild_id = require_guild(interaction)
    storage = context_of(interaction).storage
    result = await storage.history.for_member(guild_id, interaction.user.id, page=page)
    if not result.entries:
        content = "You have no upscales yet."
    else:
        lines = [f"**Your upscales** (page {result.page}/{result.pages}, {result.total} in all)"]
        for entry in result.entries:
            v = entry.version
            link = f"https://discord.com/channels/{v.guild_id}/{v.channel_id}/{v.message_id}"
            size = f"{entry.source_width}x{entry.source_height} → " if entry.source_width else ""
            mode = Mode(entry.mode)
            made = (
                " · " + describe_generative(mode, entry.controls, entry.seed)
                if mode.generative
                else ""
            )
            lines.append(
                f"{when(v.created_at)} · {size}{v.width}x{v.height}{made} · {entry.price} "
                f"credits · {link}"
            )
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
