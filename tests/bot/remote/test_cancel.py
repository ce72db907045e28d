"""A cancel that comes after the job was marked running but before the remote place has an
attempt for it (between ``jobs.start`` and the hand-out) is still forwarded: the job is never
handed to a worker, and its run ends cancelled."""

from __future__ import annotations

import asyncio

import pytest

from bot.jobs.service import UpscaleService
from engine.process.protocol import EngineFailure
from engine.remote.protocol import Assignment
from storage.jobs import JobState
from testbed import redis_server
from testbed.scripted_worker import ScriptedWorker

from ..conftest import Cdn, RecordingPresenter
from .conftest import BALANCE, eventually, on_roster, place_of, submit, wallet

pytestmark = pytest.mark.skipif(not redis_server.available(), reason=redis_server.MISSING)


async def test_a_cancel_before_the_hand_out_is_forwarded_and_nothing_is_handed_out(
    cdn: Cdn, bot: tuple[UpscaleService, RecordingPresenter], worker: ScriptedWorker
) -> None:
    service, _ = bot
    place = place_of(service)
    service.pause()  # the test plays the dispatcher, to stop between its steps
    job_id = await submit(service, cdn)
    await eventually(lambda: job_id in service.queue, "prepared")
    await on_roster(service, worker)
    await worker.ask()
    queued = None

    def can_take() -> bool:
        nonlocal queued
        queued = queued or service.queue.take_first(place.can_take)
        return queued is not None

    await eventually(can_take, "the ask was heard")
    assert queued is not None
    slot = place.take(queued)
    job = await service.storage.jobs.start(job_id)
    run = asyncio.create_task(slot.run(job, lambda: None, lambda done, total: None))
    await asyncio.sleep(0)  # the run has begun, no attempt yet

    assert place.cancel(job_id)
    await service.cancel(job_id)
    with pytest.raises(EngineFailure) as ended:
        await run
    assert ended.value.code == "cancelled"
    assert not any(isinstance(m, Assignment) for m in await worker.inbox())
    assert (await service.storage.jobs.get(job_id)).state is JobState.CANCELLED
    assert await wallet(service) == (BALANCE, 0)
