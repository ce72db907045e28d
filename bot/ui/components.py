"""What every button and select shares: the allow list is checked, and any exception goes to
the one error path instead of vanishing into discord.py's log."""

from __future__ import annotations

from typing import Any

import discord

from bot.jobs.log_context import bind
from bot.ui.errors import report
from bot.ui.permissions import require_guild

Item = discord.ui.Item[discord.ui.View]
ButtonItem = discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]]
SelectItem = discord.ui.DynamicItem[discord.ui.Select[discord.ui.View]]


class Guarded:
    """Mixed into a DynamicItem (before it): ``handle`` runs for allowed servers only, and
    its errors reach the member as one sentence."""

    async def callback(self, interaction: discord.Interaction) -> None:
        bind(guild_id=interaction.guild_id, member_id=interaction.user.id)
        try:
            require_guild(interaction)
            await self.handle(interaction)
        except Exception as exc:
            await report(interaction, exc)

    async def handle(self, interaction: discord.Interaction) -> None:
        raise NotImplementedError


def view_of(*items: discord.ui.Item[Any]) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for item in items:
        view.add_item(item)
    return view
