"""The bot process: discord.py client, storage, engine worker, service, commands.

Start-up order: open the database (migrations run), start the engine worker and resume
unfinished jobs, register the persistent buttons, load the commands, sync them with Discord.
"""

from __future__ import annotations

import asyncio
import logging

import discord
import yarl
from discord import app_commands
from discord.ext import commands

from bot.buttons import DYNAMIC_ITEMS
from bot.commands.admin import AdminCommands
from bot.commands.credits import CreditCommands
from bot.commands.history import HistoryCommands
from bot.commands.upscale import UpscaleCommands
from bot.discord_delivery import DiscordDelivery
from bot.flow import UpscaleFlow, reply_error
from bot.heartbeat import beat_forever, heartbeat_file
from bot.service import UpscaleService
from config import Settings
from engine.worker import EngineWorker
from storage.store import Storage

log = logging.getLogger(__name__)


def point_discord_at(settings: Settings) -> None:
    """Send REST and gateway traffic to the configured URLs (a proxy, or a test server).

    discord.py reads ``Route.BASE`` each time it builds a route and the gateway URL when it
    connects, so setting them before login redirects everything without patching the library.
    """
    discord.http.Route.BASE = settings.discord.api_base_url.rstrip("/")
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord.gateway_url)


class UpscaleBot(commands.Bot):
    storage: Storage
    service: UpscaleService
    flow: UpscaleFlow

    def __init__(self, settings: Settings, **options: object) -> None:
        intents = discord.Intents.default()
        # Attachments of other people's messages need the message content intent; only the
        # automatic buttons read them, so it is requested only when they are configured.
        intents.message_content = bool(settings.discord.auto_button_channels)
        super().__init__(command_prefix=commands.when_mentioned, intents=intents, **options)  # type: ignore[arg-type]
        self.settings = settings
        self._heartbeat: asyncio.Task[None] | None = None
        self.tree.on_error = self._on_command_error  # type: ignore[method-assign]
        self.tree.interaction_check = self._allowed_guild  # type: ignore[method-assign]

    async def setup_hook(self) -> None:
        self.storage = await Storage.open(self.settings)
        worker = EngineWorker(self.settings.engine, self.settings.storage.model_cache_dir)
        self.service = UpscaleService(self.settings, self.storage, worker, DiscordDelivery(self))
        self.flow = UpscaleFlow(self.settings, self.storage, self.service)
        self.add_dynamic_items(*DYNAMIC_ITEMS)
        for cog in (UpscaleCommands, CreditCommands, HistoryCommands, AdminCommands):
            await self.add_cog(cog(self))
        await self.service.start()
        await self.tree.sync()
        self._heartbeat = asyncio.create_task(
            beat_forever(
                heartbeat_file(self.settings), lambda: not self.is_closed() and self.is_ready()
            )
        )

    async def close(self) -> None:
        if self._heartbeat is not None:
            self._heartbeat.cancel()
        if hasattr(self, "service"):
            await self.service.stop()
        if hasattr(self, "storage"):
            await self.storage.close()
        await super().close()

    async def _allowed_guild(self, interaction: discord.Interaction) -> bool:
        allowed = self.settings.discord.guild_allow_list
        if allowed and interaction.guild_id not in allowed:
            await interaction.response.send_message(
                "This bot is not enabled in this server.", ephemeral=True
            )
            return False
        return True

    async def _on_command_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        cause = error.original if isinstance(error, app_commands.CommandInvokeError) else error
        await reply_error(interaction, cause)


def run_bot(settings: Settings) -> None:
    """Log in and serve until interrupted."""
    assert settings.discord.token is not None
    point_discord_at(settings)
    UpscaleBot(settings).run(settings.discord.token.get_secret_value(), log_handler=None)
