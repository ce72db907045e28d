"""Races and failures inside the job service: cancels that meet the last tile or success, an
engine failure of the host's own, late progress; through the real worker process and a real
database (results waiting for Discord: tests/bot/test_job_lifecycle.py)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from bot.jobs.ports import ProgressUpdate
from bot.jobs.progress import ProgressCoalescer
from config import Settings
from storage.database import Database
from storage.errors import IllegalTransition
from storage.jobs import JobState
from testbed.images import encoded, photo

from .conftest import Cdn, HeldBackPresenter, RecordingPresenter, ServiceFactory, upscale_request


async def test_an_engine_failure_of_the_hosts_own_is_told_without_its_insides(
    cdn: Cdn, make_service: ServiceFactory, service_settings: Settings, tmp_path: Path
):
    """The engine fails on something of the host's, not of the image (its scratch folder
    cannot be written, as when the disk is full): the member hears that the upscale failed
    and was refunded, in a sentence that names no folder of the host and no OS error."""
    in_the_way = tmp_path / "not-a-folder"
    in_the_way.write_text("")
    settings = service_settings.model_copy(deep=True)
    settings.queue.work_dir = in_the_way / "work"
    delivery = RecordingPresenter()
    service = await make_service(delivery, settings)
    url = cdn.add("art.png", encoded(photo(16, 16)))
    accepted = await service.request_upscale(upscale_request(url))
    await service.run_until_empty()

    assert (await service.storage.jobs.get(accepted.job.id)).state is JobState.FAILED
    ((_, told),) = delivery.failures
    assert told == "The upscaler failed on this image. Your 3 credits were refunded."
    balance = await service.storage.ledger.wallet(100, 1)
    assert (balance.balance, balance.held) == (10, 0)


async def test_a_job_cancelled_during_its_last_tile_is_refunded_not_delivered(
    cdn: Cdn, make_service: ServiceFactory
):
    """The member cancels while the engine computes the image's only tile. The engine stops
    between tiles, so it finishes this one; the member was told "cancelled and refunded", so
    the result is dropped: the job ends cancelled, nothing is charged or shown."""
    delivery = RecordingPresenter()
    service = await make_service(delivery, warm=["x4plus"])
    url = cdn.add("art.png", encoded(photo(64, 64)))
    accepted = await service.request_upscale(upscale_request(url, model="x4plus"))
    job_id = accepted.job.id

    async def engine_started() -> None:
        while service.board.elapsed_s(job_id) is None:
            await asyncio.sleep(0.01)

    await asyncio.wait_for(engine_started(), timeout=60)
    await asyncio.sleep(0.1)  # inside the tile: x4plus needs far longer for 64x64 on a CPU
    await service.cancel(job_id)
    await service.run_until_empty()

    assert (await service.storage.jobs.get(job_id)).state is JobState.CANCELLED
    assert delivery.delivered == []
    wallet = await service.storage.ledger.wallet(100, 1)
    assert (wallet.balance, wallet.held) == (10, 0)


async def test_a_cancel_that_loses_the_race_with_success_leaves_the_delivery_alone(
    cdn: Cdn, make_service: ServiceFactory, service_settings: Settings
):
    """The member clicks Cancel while the engine hands back the result: the result is kept
    first, so the cancel says it already finished. The result, still waiting for Discord, is
    then shown once: the upkeep round that redelivers stranded results must not start a
    second delivery beside it (that uploads it twice and leaves the history pointing at the
    replaced upload)."""
    delivery = HeldBackPresenter()
    service = await make_service(delivery, warm=["x4plus"])
    url = cdn.add("art.png", encoded(photo(64, 64)))
    job_id = (await service.request_upscale(upscale_request(url, model="x4plus"))).job.id

    async def until(check: Callable[[], Awaitable[bool]]) -> None:
        while not await check():
            await asyncio.sleep(0.01)

    async def running() -> bool:
        return (await service.storage.jobs.get(job_id)).state is JobState.RUNNING

    async def engine_done() -> bool:
        return not service.place.workers[0].has_job(job_id)  # type: ignore[attr-defined]

    await asyncio.wait_for(until(running), timeout=60)
    # Another writer holds the database: the result's commit, then the cancel's, queue up
    # behind it in that order (writers take turns in arrival order).
    other = await Database.open(service_settings.storage.database_file, migrate=False)
    release = threading.Event()
    holding = asyncio.create_task(other.write(lambda conn: release.wait(60)))
    try:
        await asyncio.wait_for(until(engine_done), timeout=60)
        await asyncio.sleep(1.0)  # the result's commit is now waiting for the database
        assert await running()
        cancelling = asyncio.create_task(service.cancel(job_id))
        await asyncio.sleep(0.5)  # and the cancel's, behind it
    finally:
        release.set()
        await holding
        await other.close()
    with pytest.raises(IllegalTransition):
        await cancelling
    assert (await service.storage.jobs.get(job_id)).state is JobState.SUCCEEDED
    assert await service.redeliver_stranded() == 0
    delivery.shown.set()
    await service.run_until_empty()
    assert len(delivery.delivered) == 1
    assert (await service.storage.jobs.get(job_id)).state is JobState.DELIVERED


async def test_a_closed_progress_feed_ignores_late_updates():
    """A job's progress feed is closed when it ends; the engine's report of a tile it was
    already computing arrives after that: nothing is sent, no task is left behind."""
    sent: list[ProgressUpdate] = []

    async def send(update: ProgressUpdate) -> None:
        sent.append(update)

    feed = ProgressCoalescer(send, 0.0)
    feed.submit(ProgressUpdate(1, "running", 0.25))
    await asyncio.sleep(0.05)
    await feed.close()
    tasks = asyncio.all_tasks()
    feed.submit(ProgressUpdate(1, "running", 0.5))
    await asyncio.sleep(0.05)
    assert asyncio.all_tasks() == tasks
    assert [update.fraction for update in sent] == [0.25]
