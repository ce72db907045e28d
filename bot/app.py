"""The bot process: discord.py client, storage, engine worker, job service, Discord features.

Start-up order: open the database (migrations run), start the engine workers (local
processes, or the link to remote workers through Redis) and resume
unfinished jobs, register the persistent buttons, load the features, sync the commands.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import discord
import yarl
from discord import app_commands
from discord.ext import commands

from bot import features
from bot.context import BotContext
from bot.errors import GuildNotAllowed, report
from bot.features.credits import CreditCommands
from bot.features.history import HistoryCommands
from bot.features.queue_admin import QueueAdminCommands
from bot.features.upscale import UpscaleCommands
from bot.heartbeat import beat_forever, heartbeat_file
from bot.jobs.engine_runs import LocalPlace
from bot.jobs.places import Place, Places
from bot.jobs.service import UpscaleService
from bot.presenter import DiscordPresenter
from config import Settings
from engine.worker import EngineWorker
from storage.store import Storage

log = logging.getLogger(__name__)

FEATURE_COGS = (UpscaleCommands, CreditCommands, HistoryCommands, QueueAdminCommands)


def place_for(settings: Settings, storage: Storage) -> Place:
    """Where jobs run: engine processes here, workers through Redis, or both."""
    places: list[Place] = []
    if settings.queue.engine_processes:
        workers = [
            EngineWorker(settings.engine, settings.storage.model_cache_dir)
            for _ in range(settings.queue.engine_processes)
        ]
        places.append(LocalPlace(settings, storage, workers))
    if settings.queue.redis_url is not None:
        from bot.jobs.remote_dispatch import RemotePlace

        places.append(RemotePlace(settings, storage))
    return places[0] if len(places) == 1 else Places(places)


def point_discord_at(settings: Settings) -> None:
    """Send REST and gateway traffic to the configured URLs (a proxy, or a test server).

    discord.py reads ``Route.BASE`` each time it builds a route and the gateway URL when it
    connects, so setting them before login redirects everything without patching the library.
    """
    discord.http.Route.BASE = settings.discord.api_base_url.rstrip("/")
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord.gateway_url)


class UpscaleBot(commands.Bot):
    context: BotContext

    def __init__(self, settings: Settings, **options: Any) -> None:
        intents = discord.Intents.default()
        # Attachments of other people's messages need the message content intent; only the
        # automatic buttons read them, so it is requested only when they are configured.
        intents.message_content = bool(settings.discord.auto_button_channels)
        super().__init__(command_prefix=commands.when_mentioned, intents=intents, **options)
        self.settings = settings
        self._heartbeat: asyncio.Task[None] | None = None
        self.tree.on_error = self._on_command_error  # type: ignore[method-assign]
        self.tree.interaction_check = self._allowed_guild  # type: ignore[method-assign]

    @property
    def storage(self) -> Storage:
        return self.context.storage

    @property
    def service(self) -> UpscaleService:
        return self.context.service

    async def setup_hook(self) -> None:
        storage = await Storage.open(self.settings)
        presenter = DiscordPresenter(self, self.settings, storage)
        service = UpscaleService(
            self.settings, storage, place_for(self.settings, storage), presenter
        )
        self.context = BotContext(self.settings, storage, service, presenter)
        self.add_dynamic_items(*features.DYNAMIC_ITEMS)
        for cog in FEATURE_COGS:
            await self.add_cog(cog(self, self.context))
        await service.start()
        await self.tree.sync()
        self._heartbeat = asyncio.create_task(
            beat_forever(
                heartbeat_file(self.settings), lambda: not self.is_closed() and self.is_ready()
            )
        )

    async def close(self) -> None:
        if self._heartbeat is not None:
            self._heartbeat.cancel()
        if hasattr(self, "context"):
            await self.context.service.stop()
            await self.context.storage.close()
        await super().close()

    async def _allowed_guild(self, interaction: discord.Interaction) -> bool:
        allowed = self.settings.discord.guild_allow_list
        if allowed and interaction.guild_id not in allowed:
            await report(interaction, GuildNotAllowed())
            return False
        return True

    async def _on_command_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        await report(interaction, error)


def run_bot(settings: Settings) -> None:
    """Log in and serve until interrupted."""
    assert settings.discord.token is not None
    point_discord_at(settings)
    UpscaleBot(settings).run(settings.discord.token.get_secret_value(), log_handler=None)
