"""What one worker can hold or send is bounded: a job it never starts goes elsewhere, and a
flood of heartbeat tokens, asks, invented names or junk entries costs the bot a bounded
amount and never pushes an honest worker off the roster."""

from __future__ import annotations

import asyncio
import json
import time

import pytest

from bot.jobs.places.remote.roster import STRAY_ASKS_MAX
from bot.jobs.service import UpscaleService
from config import Settings
from engine.remote.protocol import MAX_HOLDING, Accepted, Ask, Cancel, Heartbeat, encode
from storage.jobs import JobState
from testbed import redis_server
from testbed.scripted_worker import ScriptedWorker, png_of

from ..conftest import Cdn, RecordingPresenter
from .conftest import BALANCE, PRICE, RESULT, eventually, on_roster, place_of, submit, wallet

pytestmark = pytest.mark.skipif(not redis_server.available(), reason=redis_server.MISSING)


async def test_a_job_handed_out_but_never_started_goes_to_another_slot(
    cdn: Cdn,
    bot: tuple[UpscaleService, RecordingPresenter],
    worker: ScriptedWorker,
    settings: Settings,
):
    """A worker accepts a job and keeps listing it in its heartbeats but never starts it:
    past the job time limit plus the transfer allowance from the hand-out it is cancelled
    there and runs again (an attempt spent), and the member is charged once."""
    service, delivery = bot
    settings.queue.job_timeout_s = 0.5
    place = place_of(service)
    place.transfer_allowance_s = 0.5
    await on_roster(service, worker)
    job_id = await submit(service, cdn)
    await worker.ask("1")
    held = await worker.next_assignment()
    await worker.report(held, Accepted(worker.name, held.token))
    for _ in range(3):
        await worker.heartbeat((held.token,))
        await asyncio.sleep(0.3)
    await worker.ask("2")
    second = await worker.next_assignment()
    assert second.token != held.token and second.job_id == job_id
    assert Cancel(held.token) in await worker.inbox()
    await worker.finish(second, png_of(*RESULT), size=RESULT)
    await service.run_until_empty(timeout_s=30)

    job = await service.storage.jobs.get(job_id)
    assert job.state is JobState.DELIVERED and job.attempts == 2
    assert len(delivery.delivered) == 1
    assert await wallet(service) == (BALANCE - PRICE, 0)


async def test_floods_from_one_worker_are_bounded(
    bot: tuple[UpscaleService, RecordingPresenter], worker: ScriptedWorker
):
    """100k tokens in one heartbeat are refused whole; a full heartbeat of unknown tokens
    sends at most one cancel each, to an inbox that expires; 10k asks from a two-slot worker
    keep two; asks under 5,000 invented names keep a bounded few."""
    service, _ = bot
    place = place_of(service)
    await on_roster(service, worker)
    huge = Heartbeat(
        worker.name, worker.capabilities, tuple(f"t{n}" for n in range(100_000)), 1.0,
        worker.key.public_hex,
    )  # fmt: skip
    await worker.send(huge)
    await worker.heartbeat(tuple(f"unknown-{n}" for n in range(MAX_HOLDING)))
    pipe = worker.redis.pipeline(transaction=False)
    for n in range(10_000):
        pipe.xadd(worker.keys.events, encode(Ask(worker.name, f"a{n}")))  # type: ignore[arg-type]
    for n in range(5_000):
        pipe.xadd(worker.keys.events, encode(Ask(f"ghost-{n}", "1")))  # type: ignore[arg-type]
    started = time.monotonic()
    await pipe.execute()
    await eventually(
        lambda: (
            place.roster.asks.get((f"ghost-{4_999}", "1")) is not None
            or len(place.roster.asks) >= 2 + STRAY_ASKS_MAX
        ),
        "the asks were read",
    )
    await asyncio.sleep(0.5)
    assert time.monotonic() - started < 20

    mine = [ask for ask in place.roster.asks if ask[0] == worker.name]
    assert len(mine) == worker.capabilities.slots
    assert len(place.roster.asks) <= worker.capabilities.slots + STRAY_ASKS_MAX
    cancels = [m for m in await worker.inbox() if isinstance(m, Cancel)]
    assert len(cancels) == MAX_HOLDING
    assert 0 < await worker.redis.ttl(worker.keys.inbox(worker.name)) <= 3600


async def test_junk_on_the_shared_stream_does_not_push_an_honest_worker_off(
    bot: tuple[UpscaleService, RecordingPresenter], worker: ScriptedWorker
):
    """50k malformed entries ahead of an honest worker's heartbeats (sent every second, the
    roster's patience is four): the bot reads through them in batches and the worker is
    never judged silent."""
    service, _ = bot
    place = place_of(service)
    await on_roster(service, worker)
    junk = {"kind": "heartbeat", "body": json.dumps({"worker": "x" * 50})}
    pipe = worker.redis.pipeline(transaction=False)
    for _ in range(50_000):
        pipe.xadd(worker.keys.events, junk)  # type: ignore[arg-type]
    await pipe.execute()
    dropped = False
    for _ in range(20):
        await worker.heartbeat()
        await asyncio.sleep(0.5)
        dropped = dropped or worker.name not in place.roster.workers
    assert not dropped
    backlog = await worker.redis.xpending(worker.keys.events, "bot")
    assert backlog["pending"] == 0
