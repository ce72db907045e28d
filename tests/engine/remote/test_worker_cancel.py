"""The real ``upscale-bot worker`` (in this process, its engine a real worker process, through
a real redis-server) told to cancel a job while its input is still on its way: the engine
never gets the job, the bot hears it ended cancelled, and the stuck-job watchdog has nothing
to restart."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from config import Settings, load_settings
from engine.remote import worker as remote_worker
from engine.remote.attempt_keys import KeyPair
from engine.remote.protocol import (
    Accepted,
    Ask,
    Assignment,
    Cancel,
    Failed,
    Finished,
    Message,
    RedisKeys,
    Started,
    decode,
    encode,
)
from engine.remote.worker import RemoteWorker, WorkerOptions
from testbed import redis_server
from testbed.images import encoded, photo
from testbed.redis_server import RedisServer

pytestmark = pytest.mark.skipif(not redis_server.available(), reason=redis_server.MISSING)


@pytest.fixture
def redis(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path / "redis")
    server.start()
    yield server
    server.stop()


@pytest.fixture
async def worker(
    tmp_path: Path, redis: RedisServer, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[RemoteWorker]:
    # The watchdog's grace, short so the test sees whether it fires.
    monkeypatch.setattr(remote_worker, "CANCEL_GRACE_S", 0.5)
    settings: Settings = load_settings(
        storage={"data_dir": tmp_path / "worker"},
        queue={"heartbeat_s": 0.3},
        engine={"model": "animevideo-x4", "tile_size": 64, "tile_overlap": 16},
    )
    settings.queue.redis_url = SecretStr(redis.url)
    remote = RemoteWorker(settings, WorkerOptions(name="w1", slots=1))
    stop = asyncio.Event()
    running = asyncio.create_task(remote.run(stop))
    yield remote
    stop.set()
    await asyncio.wait_for(running, 60)


async def events_from(
    remote: RemoteWorker, until: type[Message], timeout_s: float
) -> list[Message]:
    """The worker's messages on the events stream, up to the first ``until``."""
    heard: list[Message] = []
    cursor = "0"
    async with asyncio.timeout(timeout_s):
        while True:
            reply: Any = await remote.redis.xread({remote.keys.events: cursor}, block=200)
            for _, entries in reply or []:
                for entry_id, fields in entries:
                    cursor = entry_id
                    heard.append(decode(fields))
                    if isinstance(heard[-1], until):
                        return heard


async def test_a_cancel_during_the_input_fetch_ends_the_job_without_running_it(
    worker: RemoteWorker,
) -> None:
    (ask,) = [m for m in await events_from(worker, Ask, 240) if isinstance(m, Ask)]
    bot = KeyPair()
    token = "7.0.abc"
    assignment = Assignment(
        token=token,
        ask_id=ask.ask_id,
        job_id=7,
        model="animevideo-x4",
        scale=4,
        mode="fast",
        upload_limit=8 << 20,
        lease_s=30.0,
        bot_key=bot.public_hex,
    )
    keys: RedisKeys = worker.keys
    # The assignment and its cancel arrive together: the cancel is read before the worker
    # has fetched the input, let alone handed it to the engine.
    pipe = worker.redis.pipeline(transaction=False)
    pipe.set(keys.input(token), encoded(photo(64, 64)), ex=60)
    pipe.xadd(keys.inbox(worker.name), encode(assignment))  # type: ignore[arg-type]
    pipe.xadd(keys.inbox(worker.name), encode(Cancel(token)))  # type: ignore[arg-type]
    await pipe.execute()

    heard = await events_from(worker, Failed, 120)
    about = [m for m in heard if getattr(m, "token", None) == token]
    assert [type(m) for m in about] == [Accepted, Failed]
    assert not any(isinstance(m, Started | Finished) for m in about)
    assert about[-1].code == "cancelled"  # type: ignore[attr-defined]
    await asyncio.sleep(1.0)  # past the watchdog's grace
    assert worker.engine.restarts == 0 and worker.engine.alive
    assert worker.held == {}
