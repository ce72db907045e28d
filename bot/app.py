"""The bot process: discord.py client, storage, engine worker, job service, Discord features.

Start-up order: check the credit packs against the application's SKUs (a bad pack setting
stops the bot, naming it), open the database (migrations run), start the engine workers (local
processes, or the link to remote workers through Redis) and resume unfinished jobs, register
the persistent buttons, load the features, sync the commands, serve metrics and health (when a
port is set). Once the gateway is ready (and again after every reconnect) the shop lists the
entitlements whose events it may have missed.

Stop order (SIGTERM, SIGINT): stop handing jobs to the workers, let running jobs finish within
the grace period and put the rest back without spending an attempt, close the gateway, then
checkpoint and close the database; the process exits 0.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import time
from collections.abc import Callable
from typing import Any

import discord
import yarl
from discord import app_commands
from discord.ext import commands

from bot import features
from bot.features.admin import CreditsAdminCommands, QueueAdminCommands
from bot.features.credits import CreditCommands, ShopEvents
from bot.features.credits.shop_api import DiscordShopApi
from bot.features.history import HistoryCommands
from bot.features.image_message.buttons import ImageMessageButtons
from bot.features.upscale import UpscaleCommands
from bot.jobs.graceful_stop import stop_gracefully
from bot.jobs.log_context import bind
from bot.jobs.places.local import LocalPlace
from bot.jobs.places.protocol import Place, Places
from bot.jobs.service import UpscaleService
from bot.jobs.shop import Consumer, Shop, check_packs
from bot.ops.health import HealthReport
from bot.ops.heartbeat import beat_forever, heartbeat_file
from bot.ops.metrics import BotMetrics
from bot.ops.ops_server import OpsServer
from bot.presenter import DiscordPresenter
from bot.ui.command_names import CatalogTranslator
from bot.ui.context import BotContext
from bot.ui.errors import GuildNotAllowed, report
from config import Settings
from engine.process.worker import EngineWorker
from storage.store import Storage

log = logging.getLogger(__name__)

FEATURE_COGS = (
    UpscaleCommands,
    CreditCommands,
    HistoryCommands,
    QueueAdminCommands,
    CreditsAdminCommands,
    ShopEvents,
)


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
        from bot.jobs.places.remote.place import RemotePlace

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
    """``clock`` is the time the allowance goes by (tests move it)."""

    context: BotContext

    def __init__(
        self, settings: Settings, *, clock: Callable[[], float] = time.time, **options: Any
    ) -> None:
        intents = discord.Intents.default()
        # Attachments of other people's messages need the message content intent; only the
        # automatic buttons read them, so it is requested only when the owner configured them
        # (never because a server's admin picked channels: without the intent enabled in the
        # Developer Portal, asking for it would stop the bot from connecting at all).
        discord_settings = settings.discord
        intents.message_content = discord_settings.message_content or bool(
            discord_settings.auto_button_channels
        )
        self.metrics = BotMetrics()
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            http_trace=self.metrics.http_trace(),
            **options,
        )
        self.settings = settings
        self.clock = clock
        self.gateway_connected = False
        self.stopping = False
        self.ops_server: OpsServer | None = None
        self._heartbeat: asyncio.Task[None] | None = None
        self._service_stopped = False
        self._storage_closed = False
        self.set_up = False
        self.tree.on_error = self._on_command_error  # type: ignore[method-assign]
        self.tree.interaction_check = self._allowed_guild  # type: ignore[method-assign]

    @property
    def storage(self) -> Storage:
        return self.context.storage

    @property
    def service(self) -> UpscaleService:
        return self.context.service

    async def setup_hook(self) -> None:
        shop_api = DiscordShopApi(self)
        packs = self.settings.credits.packs
        # Before anything starts: raises PacksMisconfigured, naming each pack that cannot sell.
        await check_packs(shop_api, packs)
        storage = await Storage.open(self.settings, clock=self.clock)
        storage.jobs.observers.append(self.metrics.observe_transition)
        presenter = DiscordPresenter(self, self.settings, storage, ImageMessageButtons())
        service = UpscaleService(
            self.settings, storage, place_for(self.settings, storage), presenter
        )
        self.metrics.watch(service)
        allowed = self.settings.discord.guild_allow_list
        shop = Shop(
            storage.purchases,
            shop_api,
            packs,
            consumer=Consumer(
                shop_api,
                storage.purchases,
                first_delay_s=self.settings.credits.consume_retry_s,
                max_delay_s=max(60.0, self.settings.credits.consume_retry_s),
            ),
            guild_allowed=lambda guild_id: not allowed or guild_id in allowed,
        )
        self.context = BotContext(self.settings, storage, service, presenter, shop, self.metrics)
        self.add_dynamic_items(*features.DYNAMIC_ITEMS)
        for cog in FEATURE_COGS:
            await self.add_cog(cog(self, self.context))
        await service.start()
        await self.tree.set_translator(CatalogTranslator())
        await self.tree.sync()
        self._heartbeat = asyncio.create_task(
            beat_forever(
                heartbeat_file(self.settings), lambda: not self.is_closed() and self.is_ready()
            )
        )
        if self.settings.metrics.port is not None:
            self.ops_server = OpsServer(self.settings.metrics, self.metrics, self.health)
            await self.ops_server.start()
            log.info("metrics and health on port %s", self.ops_server.port)
        self.set_up = True

    # -- health ------------------------------------------------------------------------

    def health(self) -> HealthReport:
        worker_alive = hasattr(self, "context") and self.context.service.place.alive
        return HealthReport(
            gateway_connected=self.gateway_connected and not self.is_closed(),
            worker_alive=worker_alive,
            stopping=self.stopping,
        )

    async def on_connect(self) -> None:
        self.gateway_connected = True

    async def on_resumed(self) -> None:
        self.gateway_connected = True

    async def on_disconnect(self) -> None:
        self.gateway_connected = False

    # -- stopping ----------------------------------------------------------------------

    async def stop_gracefully(self) -> None:
        """Finish or put back the jobs (see :mod:`bot.jobs.graceful_stop`), then close.
        Interactions are still answered until the gateway closes."""
        self.stopping = True
        if hasattr(self, "context") and not self._service_stopped:
            self._service_stopped = True
            await stop_gracefully(self.context.service, self.settings.queue.shutdown_grace_s)
        await self.close()

    async def close(self) -> None:
        if self._heartbeat is not None:
            self._heartbeat.cancel()
        if self.ops_server is not None:
            await self.ops_server.stop()
        if hasattr(self, "context") and not self._service_stopped:
            self._service_stopped = True
            await self.context.service.stop()
        # The gateway closes before the database: nothing can reach storage once it is shut.
        await super().close()  # unloads the cogs too: no listing starts after this
        if hasattr(self, "context"):
            await self.context.shop.close()  # unconsumed purchases are consumed at next start
        if hasattr(self, "context") and not self._storage_closed:
            self._storage_closed = True
            await self.context.storage.close()

    async def _allowed_guild(self, interaction: discord.Interaction) -> bool:
        bind(guild_id=interaction.guild_id, member_id=interaction.user.id)
        allowed = self.settings.discord.guild_allow_list
        if allowed and interaction.guild_id not in allowed:
            await report(interaction, GuildNotAllowed())
            return False
        return True

    async def _on_command_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        await report(interaction, error)


async def serve(settings: Settings) -> None:
    """Log in and serve until SIGTERM or SIGINT, then stop gracefully."""
    assert settings.discord.token is not None
    point_discord_at(settings)
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    bot = UpscaleBot(settings)
    async with bot:
        running = asyncio.create_task(bot.start(settings.discord.token.get_secret_value()))
        stopping = asyncio.create_task(stop.wait())
        await asyncio.wait({running, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if running.done():
            stopping.cancel()
            running.result()  # a failed login or a fatal gateway error ends the process here
            return
        log.info("stopping: signal received")
        if not bot.set_up:
            running.cancel()  # still starting: there is nothing to finish
            await asyncio.gather(running, return_exceptions=True)
        await bot.stop_gracefully()
        await asyncio.gather(running, return_exceptions=True)
    log.info("stopped")


def run_bot(settings: Settings) -> None:
    """Serve until stopped; returns normally after a graceful stop."""
    asyncio.run(serve(settings))
