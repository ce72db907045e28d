"""Fixtures for the bot against scripted workers: the real service on a real SQLite file with
the real RemotePlace, through a real redis-server started for each test."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest
from PIL import Image
from pydantic import SecretStr

from bot.jobs.places.remote.place import RemotePlace
from bot.jobs.service import UpscaleService
from config import Settings
from storage.store import Storage
from testbed.images import encoded, photo
from testbed.redis_server import RedisServer
from testbed.scripted_worker import ScriptedWorker

from ..conftest import Cdn, RecordingPresenter, upscale_request

GUILD = 100
BALANCE = 100
PRICE = 3
RESULT = (128, 128)  # a 32x32 input at x4


@pytest.fixture
def redis(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path / "redis")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def settings(service_settings: Settings, redis: RedisServer) -> Settings:
    settings = service_settings.model_copy(deep=True)
    settings.queue.redis_url = SecretStr(redis.url)
    settings.credits.starting_balance = BALANCE
    return settings


@pytest.fixture
async def bot(settings: Settings) -> AsyncIterator[tuple[UpscaleService, RecordingPresenter]]:
    storage = await Storage.open(settings)
    delivery = RecordingPresenter()
    service = UpscaleService(settings, storage, RemotePlace(settings, storage), delivery)
    await service.start()
    yield service, delivery
    await service.stop()
    await storage.ledger.verify()
    await storage.close()


@pytest.fixture
async def worker(settings: Settings, redis: RedisServer) -> AsyncIterator[ScriptedWorker]:
    scripted = ScriptedWorker(redis.url, settings.queue.redis_prefix, name="honest")
    yield scripted
    await scripted.close()


@pytest.fixture
async def thief(settings: Settings, redis: RedisServer) -> AsyncIterator[ScriptedWorker]:
    scripted = ScriptedWorker(redis.url, settings.queue.redis_prefix, name="thief")
    yield scripted
    await scripted.close()


def place_of(service: UpscaleService) -> RemotePlace:
    assert isinstance(service.place, RemotePlace)
    return service.place


async def eventually(condition: Callable[[], bool], what: str, timeout_s: float = 30) -> None:
    async with asyncio.timeout(timeout_s):
        while not condition():
            await asyncio.sleep(0.02)
    assert condition(), what


async def submit(service: UpscaleService, cdn: Cdn) -> int:
    url = cdn.add("small.png", encoded(photo(32, 32)))
    return (await service.request_upscale(upscale_request(url))).job.id


async def on_roster(service: UpscaleService, worker: ScriptedWorker) -> None:
    await worker.heartbeat()
    await eventually(lambda: worker.name in place_of(service).roster.workers, "announced")


async def wallet(service: UpscaleService) -> tuple[int, int]:
    found = await service.storage.ledger.wallet(GUILD, 1)
    return found.balance, found.held


def size_of(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as image:
        return image.size
