"""``/history``: the command that opens the first page (or the one asked for)."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.features.history.pages import show_history
from bot.ui.context import BotContext


class HistoryCommands(commands.Cog):
    def __init__(self, bot: commands.Bot, context: BotContext) -> None:
        self.bot = bot
        self.context = context

    @app_commands.command(name="history", description="Your upscales, newest first")
    @app_commands.describe(page="page number")
    @app_commands.guild_only()
    async def history(
        self, interaction: discord.Interaction, page: app_commands.Range[int, 1] = 1
    ) -> None:
        await show_history(interaction, page, update=False)
