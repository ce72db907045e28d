"""End-to-end fixtures: a fake Discord on 127.0.0.1 and discord.py pointed at it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import discord
import pytest
import yarl

from bot.app import UpscaleBot
from bot.playground.standin import FakeDiscord
from config import Settings, load_settings


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def point_discord_at_fake(fake: FakeDiscord, monkeypatch: pytest.MonkeyPatch) -> None:
    """discord.py reads these class attributes at every request/connect; no library patches."""
    monkeypatch.setattr(discord.http.Route, "BASE", fake.api_base)
    monkeypatch.setattr(
        discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(fake.gateway_url)
    )


Runner = Callable[[discord.Client], Awaitable[None]]


@pytest.fixture
async def run_client(fake: FakeDiscord, point_discord_at_fake: None) -> AsyncIterator[Runner]:
    """Start a discord.py client against the fake and wait until it is ready."""
    started: list[tuple[discord.Client, asyncio.Task[None]]] = []

    async def run(client: discord.Client) -> None:
        task = asyncio.create_task(client.start(fake.token))
        started.append((client, task))
        ready = asyncio.create_task(client.wait_until_ready())
        # Start-up loads the model in the worker first; a busy machine can take a while.
        done, _ = await asyncio.wait([task, ready], timeout=90, return_when=asyncio.FIRST_COMPLETED)
        if task in done:
            ready.cancel()
            task.result()
        assert ready.done() and not ready.cancelled(), "the client did not become ready"

    yield run
    for client, task in started:
        await client.close()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


BotFactory = Callable[..., Awaitable[UpscaleBot]]


@pytest.fixture
def bot_settings(tmp_path: Path, fake: FakeDiscord) -> Settings:
    return load_settings(
        storage={"data_dir": tmp_path / "data"},
        discord={"api_base_url": fake.api_base, "gateway_url": fake.gateway_url},
        engine={"model": "animevideo-x4"},
        queue={"progress_interval_s": 0.05, "delivery_backoff_s": 0.05},
    )


@pytest.fixture
async def start_bot(
    bot_settings: Settings, run_client: Runner, model_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[BotFactory]:
    """Start the product's bot; the model cache is shared so weights convert once."""
    bot_settings.storage.data_dir.mkdir(parents=True, exist_ok=True)
    models = bot_settings.storage.model_cache_dir
    if not models.exists():
        models.symlink_to(model_cache, target_is_directory=True)

    async def start(settings: Settings | None = None, **options: object) -> UpscaleBot:
        bot = UpscaleBot(settings or bot_settings, guild_ready_timeout=0.1, **options)
        await run_client(bot)
        return bot

    yield start
