"""The playground: the real bot against a stand-in Discord on this machine, and a page that
lets a person use that Discord in a browser.

Start order: restore the stand-in's world from ``<data>/playground/standin`` (or make a new
server with its people), start the stand-in on 127.0.0.1, serve the page next to it, then
start the bot (the product's :class:`~bot.app.UpscaleBot`, its engine and its SQLite in
``<data>/playground``) against the stand-in and wait until it is ready.

Stop order: the bot stops gracefully (running jobs finish within the grace period, the rest
resume next time), the world is saved, then the page and the stand-in close. Everything
listens on 127.0.0.1 only.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

import discord
from aiohttp import web
from pydantic import SecretStr

from bot.app import UpscaleBot, point_discord_at
from bot.playground import DEFAULT_PORT
from bot.playground.cast import Cast
from bot.playground.live import LiveHub
from bot.playground.page_api import PageApi
from bot.playground.standin import FakeDiscord, snapshot
from bot.playground.standin.shop import CONSUMABLE, Sku
from config import Settings

log = logging.getLogger(__name__)

HOST = "127.0.0.1"
SAVE_AFTER_S = 0.5
READY_WITHIN_S = 300.0  # the first start converts the model's weights


PLAYGROUND_PACK_CREDITS = 100
# The same id at every start: the stand-in keeps no SKUs between runs, and the premium buttons
# on messages from earlier runs must still name the playground's pack.
PLAYGROUND_PACK_SKU_ID = 1_111_111_111_111_111_111


def playground_pack(world: FakeDiscord) -> Sku:
    """The consumable SKU members can "buy" in the playground (free; Discord's checkout is
    the stand-in's)."""
    sku = world.shop.skus.get(PLAYGROUND_PACK_SKU_ID)
    if sku is None:
        sku = Sku(
            PLAYGROUND_PACK_SKU_ID,
            f"{PLAYGROUND_PACK_CREDITS} credits",
            CONSUMABLE,
            world.application_id,
        )
        world.shop.skus[sku.id] = sku
    return sku


class Playground:
    """``port`` serves the page (0: any free port); the stand-in listens on the next port
    up, so attachment addresses stay the same from one start to the next."""

    def __init__(self, settings: Settings, *, port: int = DEFAULT_PORT) -> None:
        self.settings = settings
        self.folder = settings.storage.data_dir / "playground"
        self.port = port
        self.world: FakeDiscord | None = None
        self.cast: Cast | None = None
        self.hub: LiveHub | None = None
        self.bot: UpscaleBot | None = None
        self.url = ""
        self._bot_task: asyncio.Task[None] | None = None
        self._runner: web.AppRunner | None = None
        self._save_handle: asyncio.TimerHandle | None = None
        self._saving: asyncio.Task[None] | None = None
        self._ticker: asyncio.Task[None] | None = None
        self._discord_targets: tuple[str, Any] | None = None
        self._stopped = False

    @property
    def standin_folder(self) -> Path:
        return self.folder / "standin"

    def bot_settings(self, world: FakeDiscord, cast: Cast) -> Settings:
        """The owner's settings (models, prices, device: creative and detail modes appear when
        configured, as on Discord), pointed at the stand-in, with a data dir of its own and
        the gallery channel watched. Ids of the owner's real server mean nothing here."""
        settings = self.settings.model_copy(deep=True)
        settings.storage.data_dir = self.folder
        settings.storage.database_path = None
        settings.discord.token = SecretStr(world.token)
        settings.discord.api_base_url = world.api_base
        settings.discord.gateway_url = world.gateway_url
        settings.discord.auto_button_channels = [cast.gallery.id]
        settings.discord.guild_allow_list = []
        settings.discord.admin_role = None
        settings.discord.audit_channel = None
        settings.metrics.port = None
        # The owner's packs name SKUs of their real application, which the stand-in lacks
        # (the start-up check would stop the bot): the playground sells its own pack.
        settings.credits.packs = {playground_pack(world).id: PLAYGROUND_PACK_CREDITS}
        return settings

    async def start(self) -> None:
        """Start everything; returns once the bot is ready. Raises what the bot's start-up
        raised (a settings or model problem) after stopping what had started."""
        restored = await asyncio.to_thread(snapshot.load, self.standin_folder)
        cast = None
        if restored is not None:
            world, labels = restored
            cast = Cast.find(world, labels)
        if cast is None:
            world = FakeDiscord(token=secrets.token_urlsafe(24))
        self.world = world
        await world.start(port=self.port + 1 if self.port else 0)
        snapshot.rebase(world)
        self.cast = cast = cast or Cast.create(world)
        self.hub = LiveHub(cast)
        api = PageApi(cast, self.hub)
        app = web.Application(client_max_size=api.body_limit)
        api.routes(app)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, HOST, self.port)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://{HOST}:{port}/"
        world.observers.append(self._save_soon)
        self._save_soon()
        try:
            await self._start_bot(world, cast)
        except BaseException:
            await self.stop()
            raise
        self._ticker = asyncio.create_task(self._tick())

    async def _start_bot(self, world: FakeDiscord, cast: Cast) -> None:
        settings = self.bot_settings(world, cast)
        settings.storage.data_dir.mkdir(parents=True, exist_ok=True)
        self._discord_targets = (
            discord.http.Route.BASE,
            discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY,
        )
        point_discord_at(settings)
        bot = self.bot = UpscaleBot(settings, guild_ready_timeout=0.1)
        task = self._bot_task = asyncio.create_task(bot.start(world.token))
        ready = asyncio.create_task(bot.wait_until_ready())
        done, _ = await asyncio.wait(
            [task, ready], timeout=READY_WITHIN_S, return_when=asyncio.FIRST_COMPLETED
        )
        if task in done:
            ready.cancel()
            task.result()
            raise RuntimeError("the bot stopped while starting")
        if ready not in done:
            ready.cancel()
            raise TimeoutError(f"the bot was not ready within {READY_WITHIN_S:.0f} s")

    async def _tick(self) -> None:
        """The bot's connection is no change in the world: look at it every second."""
        while True:
            await asyncio.sleep(1.0)
            if self.hub is not None:
                await self.hub.check_bot()

    # -- saving the world --------------------------------------------------------------

    def _save_soon(self) -> None:
        if self._save_handle is None:
            loop = asyncio.get_running_loop()
            self._save_handle = loop.call_later(SAVE_AFTER_S, self._save_now)

    def _save_now(self) -> None:
        self._save_handle = None
        if self._saving is not None and not self._saving.done():
            self._save_soon()  # one write at a time; this change goes in the next
            return
        self._saving = asyncio.get_running_loop().create_task(self.save())

    async def save(self) -> None:
        """Write the world to disk now (off the loop)."""
        if self.world is None or self.cast is None:
            return
        captured = snapshot.capture(self.world, self.cast.labels)
        await asyncio.to_thread(snapshot.write, captured, self.world, self.standin_folder)

    # -- stopping ----------------------------------------------------------------------

    async def stop(self) -> None:
        """Stop the bot gracefully, save the world, close the page and the stand-in; a second
        call does nothing."""
        if self._stopped:
            return
        self._stopped = True
        if self._ticker is not None:
            self._ticker.cancel()
        if self.bot is not None:
            if self.bot.set_up:
                await self.bot.stop_gracefully()
            else:
                await self.bot.close()
        if self._bot_task is not None:
            self._bot_task.cancel()
            await asyncio.gather(self._bot_task, return_exceptions=True)
        if self._discord_targets is not None:
            discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = (
                self._discord_targets
            )
        if self.world is not None:
            with contextlib.suppress(ValueError):
                self.world.observers.remove(self._save_soon)
        if self._save_handle is not None:
            self._save_handle.cancel()
        if self._saving is not None:
            await asyncio.gather(self._saving, return_exceptions=True)
        await self.save()
        if self.hub is not None:
            await self.hub.close()
        if self._runner is not None:
            await self._runner.cleanup()
        if self.world is not None:
            await self.world.stop()


async def serve_playground(
    settings: Settings, *, port: int, on_ready: Callable[[str], None]
) -> None:
    """Run the playground until SIGTERM or SIGINT; ``on_ready`` gets the page's URL."""
    # One line per request to the stand-in would bury what matters.
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    playground = Playground(settings, port=port)
    starting = asyncio.create_task(playground.start())
    stopping = asyncio.create_task(stop.wait())
    await asyncio.wait({starting, stopping}, return_when=asyncio.FIRST_COMPLETED)
    if starting.done():
        starting.result()
        on_ready(playground.url)
        await stopping
    else:
        starting.cancel()
        await asyncio.gather(starting, return_exceptions=True)
    log.info("stopping the playground")
    await playground.stop()
