"""``/history``: your upscales, newest first, with links to their messages (never the images,
so nothing from an age-restricted channel shows up elsewhere)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

if TYPE_CHECKING:
    from bot.app import UpscaleBot


class HistoryCommands(commands.Cog):
    def __init__(self, bot: UpscaleBot) -> None:
        self.bot = bot

    @app_commands.command(name="history", description="Your upscales, newest first")
    @app_commands.describe(page="page number")
    @app_commands.guild_only()
    async def history(
        self, interaction: discord.Interaction, page: app_commands.Range[int, 1] = 1
    ) -> None:
        await self.bot.flow.show_history(interaction, page)
