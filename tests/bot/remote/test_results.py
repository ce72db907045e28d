"""What the bot keeps of a remote worker's answer: only what the worker it gave the job to
proves it sent, only a real image of the size the job asks for, and a failure of its own
disk ends the job refunded instead of sending it round again.

The bot is the real service on a real SQLite file with the real RemotePlace, through a real
redis-server; the workers are scripted (:mod:`testbed.scripted_worker`), so each test makes
one do exactly the honest or hostile thing it is about.
"""

from __future__ import annotations

import asyncio
import errno
import os
from pathlib import Path

import pytest

from bot.jobs.service import UpscaleService
from config import Settings
from engine.remote.protocol import Lost
from storage.jobs import JobState
from testbed import redis_server
from testbed.scripted_worker import ScriptedWorker, png_of

from ..conftest import Cdn, RecordingPresenter
from .conftest import (
    BALANCE,
    PRICE,
    RESULT,
    eventually,
    on_roster,
    place_of,
    size_of,
    submit,
    wallet,
)

pytestmark = pytest.mark.skipif(not redis_server.available(), reason=redis_server.MISSING)


async def test_a_proved_result_of_the_right_size_is_delivered_and_charged_once(
    cdn: Cdn, bot: tuple[UpscaleService, RecordingPresenter], worker: ScriptedWorker
):
    """The honest path through a scripted worker: the member gets the x4 image."""
    service, delivery = bot
    await on_roster(service, worker)
    job_id = await submit(service, cdn)
    await worker.ask()
    assignment = await worker.next_assignment()
    await worker.finish(assignment, png_of(*RESULT), size=RESULT)
    await service.run_until_empty(timeout_s=30)

    assert (await service.storage.jobs.get(job_id)).state is JobState.DELIVERED
    ((_, image, data),) = delivery.delivered
    assert size_of(data) == RESULT and (image.width, image.height) == RESULT
    assert await wallet(service) == (BALANCE - PRICE, 0)


async def test_a_full_disk_while_collecting_fails_the_job_refunded_without_leftovers(
    cdn: Cdn,
    bot: tuple[UpscaleService, RecordingPresenter],
    worker: ScriptedWorker,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
):
    """The bot host's disk fills up as the result is fetched: the member is told and
    refunded at once, the job is not computed again, and no partial file stays behind."""
    service, delivery = bot
    work_dir = str(settings.storage.data_dir / "work")
    real_write = os.write

    def full_disk(fd: int, data: bytes | memoryview) -> int:
        # The OS boundary: a file in the work folder takes a few bytes, then the disk is full.
        if str(Path(f"/proc/self/fd/{fd}").readlink()).startswith(work_dir):
            real_write(fd, bytes(data[:16]))
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    await on_roster(service, worker)
    job_id = await submit(service, cdn)
    await worker.ask("1")
    await worker.ask("2")  # a second free slot: a job sent round again would land here
    assignment = await worker.next_assignment()
    monkeypatch.setattr(os, "write", full_disk)
    await worker.finish(assignment, png_of(*RESULT), size=RESULT)
    await service.run_until_empty(timeout_s=30)
    monkeypatch.undo()

    job = await service.storage.jobs.get(job_id)
    assert job.state is JobState.FAILED and job.attempts == 1
    assert await wallet(service) == (BALANCE, 0)
    ((failed, text),) = delivery.failures
    assert failed.id == job_id and "refunded" in text.lower()
    assert delivery.delivered == []
    assert (
        await asyncio.to_thread(lambda: [p for p in Path(work_dir).iterdir() if p.is_file()]) == []
    )
    with pytest.raises(TimeoutError):
        await worker.next_assignment(timeout_s=1.0)  # not sent round again


async def test_another_client_cannot_finish_or_end_a_job_it_was_not_given(
    cdn: Cdn,
    bot: tuple[UpscaleService, RecordingPresenter],
    worker: ScriptedWorker,
    thief: ScriptedWorker,
):
    """A second client reads the honest worker's inbox and reports the job done (under its
    own name and under the honest one's) with a script file, then reports it lost: none of
    it counts, nothing of the honest worker's is deleted, and its real result arrives."""
    service, delivery = bot
    await on_roster(service, worker)
    await on_roster(service, thief)
    job_id = await submit(service, cdn)
    await worker.ask()
    assignment = await worker.next_assignment()

    html = b"<html><script>alert(1)</script></html>"
    await worker.put_result(assignment.token, png_of(*RESULT), png_of(*RESULT))
    forged = thief.finished(assignment, html, html, size=(99999, 99999))
    await thief.report(assignment, forged)  # its own name, its own (wrong) secret
    await thief.report(assignment, thief.as_other(forged, worker))  # the honest name
    await thief.report(assignment, Lost(worker.name, assignment.token, False, "gone"))
    place = place_of(service)
    await eventually(lambda: place.refused_messages == 3, "the forgeries were heard")
    token_keys = await worker.redis.keys(f"*{assignment.token}*")
    assert len(token_keys) == 3  # the input and both of the honest worker's files

    await worker.finish(assignment, png_of(*RESULT), size=RESULT)
    await service.run_until_empty(timeout_s=30)
    job = await service.storage.jobs.get(job_id)
    assert job.state is JobState.DELIVERED and job.attempts == 1
    ((_, image, data),) = delivery.delivered
    assert data.startswith(b"\x89PNG") and size_of(data) == RESULT
    assert image.filename.endswith(".png")
    assert await wallet(service) == (BALANCE - PRICE, 0)


async def test_results_that_are_not_the_image_asked_for_are_refused_and_the_job_retried(
    cdn: Cdn, bot: tuple[UpscaleService, RecordingPresenter], worker: ScriptedWorker
):
    """The worker given the job proves results that are a script claimed as 99999x99999,
    an upload copy over the job's 10 MiB limit, and a PNG of the wrong size: each attempt
    is refused (spent), and the member is refunded when no good result came."""
    service, delivery = bot
    place = place_of(service)
    await on_roster(service, worker)
    job_id = await submit(service, cdn)
    html = b"<html><script>alert(1)</script></html>"
    too_big = png_of(*RESULT) + os.urandom(11 << 20)
    attempts = [
        (html, html, (99999, 99999)),
        (png_of(*RESULT), too_big, RESULT),
        (png_of(64, 64), png_of(64, 64), RESULT),
    ]
    for n, (kept, upload, claimed) in enumerate(attempts, start=1):
        await worker.ask(str(n))
        assignment = await worker.next_assignment()
        await worker.finish(assignment, kept, upload, size=claimed)
        await eventually(lambda n=n: place.collector.refused_results == n, f"result {n} refused")
    await service.run_until_empty(timeout_s=30)

    job = await service.storage.jobs.get(job_id)
    assert job.state is JobState.FAILED and job.attempts == 3
    assert delivery.delivered == []
    assert await wallet(service) == (BALANCE, 0)
    assert len(delivery.failures) == 1


async def test_a_refused_result_then_a_good_one_is_delivered_at_its_true_size(
    cdn: Cdn, bot: tuple[UpscaleService, RecordingPresenter], worker: ScriptedWorker
):
    """A proved result whose record lies about its size is kept at the size it really is."""
    service, delivery = bot
    await on_roster(service, worker)
    job_id = await submit(service, cdn)
    await worker.ask("1")
    first = await worker.next_assignment()
    await worker.finish(first, b"GIF89a not really", size=RESULT)
    await worker.ask("2")
    second = await worker.next_assignment()
    await worker.finish(second, png_of(*RESULT), size=(99999, 99999))
    await service.run_until_empty(timeout_s=30)

    job = await service.storage.jobs.get(job_id)
    assert job.state is JobState.DELIVERED and job.attempts == 2
    assert job.result is not None and (job.result.width, job.result.height) == RESULT
    ((_, image, data),) = delivery.delivered
    assert (image.width, image.height) == RESULT == size_of(data)


async def test_a_heartbeat_under_a_name_not_made_for_its_key_is_ignored(
    bot: tuple[UpscaleService, RecordingPresenter],
    worker: ScriptedWorker,
    thief: ScriptedWorker,
):
    """A client announcing itself under an honest worker's name gets none of its jobs."""
    service, _ = bot
    await on_roster(service, worker)
    thief.name = worker.name
    await thief.heartbeat()  # the honest name, the thief's key
    stranger = thief.name = "stranger-0123456789abcdef"
    await thief.heartbeat()  # a name made for no key
    await worker.heartbeat()
    await asyncio.sleep(0.5)
    roster = place_of(service).roster
    assert roster.workers[worker.name].public_key == worker.key.public_hex
    assert stranger not in roster.workers
