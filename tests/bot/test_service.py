"""The life of a job through the real worker process, on a real database, without Discord."""

from __future__ import annotations

import asyncio
import io
import os
import signal
import statistics
import time

import numpy as np
import pytest
from PIL import Image

from bot.jobs.service import UpscaleService
from config import Settings
from storage.jobs import JobState
from testbed.images import encoded, photo

from .conftest import Cdn, RecordingPresenter, ServiceFactory, upscale_request

GUILD = 100


async def _wallet(service: UpscaleService, member: int = 1) -> tuple[int, int]:
    wallet = await service.storage.ledger.wallet(GUILD, member)
    return wallet.balance, wallet.held


async def test_happy_path_holds_then_captures_and_delivers_4x(
    cdn: Cdn, make_service: ServiceFactory
):
    """Confirm: 3 credits held; done: charged once, a version recorded, the image is 4x."""
    delivery = RecordingPresenter()
    service = await make_service(delivery)
    url = cdn.add("art.png", encoded(photo(40, 30)))
    accepted = await service.request_upscale(upscale_request(url))
    assert accepted.created and accepted.hold.held_after == 3
    await service.run_until_empty()

    job = await service.storage.jobs.get(accepted.job.id)
    assert job.state is JobState.DELIVERED
    assert await _wallet(service) == (7, 0)
    ((_, _, data),) = delivery.delivered
    with Image.open(io.BytesIO(data)) as result:
        assert result.size == (160, 120)
        pixels = np.asarray(result.convert("RGB")).reshape(-1, 3)
        assert len(np.unique(pixels, axis=0)) > 1000  # real pixels, not a flat fill
    versions = await service.storage.history.versions(500, 0)
    assert [(v.version, v.width, v.job_id) for v in versions] == [(0, 40, None), (1, 160, job.id)]
    assert versions[1].discord_url == f"https://cdn.discordapp.com/r/{job.id}.png"
    assert delivery.failures == []


async def test_progress_is_shown_and_coalesced(
    cdn: Cdn, make_service: ServiceFactory, service_settings: Settings
):
    """The meter moves through the tiles, but never faster than the configured interval."""
    settings = service_settings.model_copy(deep=True)
    settings.engine.tile_size = 96
    settings.engine.tile_overlap = 32
    settings.queue.progress_interval_s = 0.3
    delivery = RecordingPresenter()
    service = await make_service(delivery, settings, warm=["x4plus"])
    url = cdn.add("photo.png", encoded(photo(150, 150)))
    started = time.monotonic()
    await service.request_upscale(upscale_request(url, model="x4plus"))
    await service.run_until_empty()
    elapsed = time.monotonic() - started
    running = [update.fraction for _, update in delivery.progress if update.stage == "running"]
    assert len(running) >= 3
    assert running == sorted(running) and 0 < running[-1] <= 1
    assert len(delivery.progress) <= elapsed / 0.3 + 2


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "damaged"),
        (b"just some text, not a picture", "not an image"),
    ],
)
async def test_bad_files_fail_and_refund(
    cdn: Cdn, make_service: ServiceFactory, payload: bytes, expected: str
):
    """A corrupt or non-image file ends failed, with credits back and a clear reason."""
    delivery = RecordingPresenter()
    service = await make_service(delivery)
    accepted = await service.request_upscale(upscale_request(cdn.add("bad.png", payload)))
    await service.run_until_empty()
    job = await service.storage.jobs.get(accepted.job.id)
    assert job.state is JobState.FAILED
    assert await _wallet(service) == (10, 0)
    ((_, message),) = delivery.failures
    assert expected in message and "3 credits were refunded" in message


async def test_too_many_pixels_fails_and_refunds(
    cdn: Cdn, make_service: ServiceFactory, service_settings: Settings
):
    """An image over the pixel limit is refused with the limit in the message."""
    settings = service_settings.model_copy(deep=True)
    settings.engine.max_input_pixels = 500
    delivery = RecordingPresenter()
    service = await make_service(delivery, settings)
    await service.request_upscale(upscale_request(cdn.add("big.png", encoded(photo(40, 40)))))
    await service.run_until_empty()
    ((_, message),) = delivery.failures
    assert "1,600 pixels" in message and "limit is 500" in message
    assert await _wallet(service) == (10, 0)


async def _kill_when_running(service: UpscaleService, job_id: int, times: int) -> int:
    """SIGKILL the worker each time the job is seen running; returns how many kills."""
    kills = 0
    seen_attempt = 0
    while kills < times:
        job = await service.storage.jobs.get(job_id)
        if job.state in (JobState.FAILED, JobState.DELIVERED, JobState.SUCCEEDED):
            break
        pid = service.place.workers[0].pid
        if (
            job.state is JobState.RUNNING
            and job.attempts > seen_attempt
            and pid
            and service.place.workers[0].alive
        ):
            await asyncio.sleep(0.3)
            os.kill(pid, signal.SIGKILL)
            kills += 1
            seen_attempt = job.attempts
        await asyncio.sleep(0.05)
    return kills


async def test_worker_killed_mid_job_is_retried_and_charged_once(
    cdn: Cdn, make_service: ServiceFactory
):
    """A crash of the engine does not lose the job or charge twice."""
    delivery = RecordingPresenter()
    service = await make_service(delivery, warm=["x4plus"])
    url = cdn.add("photo.png", encoded(photo(160, 160)))
    accepted = await service.request_upscale(upscale_request(url, model="x4plus"))
    assert await _kill_when_running(service, accepted.job.id, times=1) == 1
    await service.run_until_empty()
    job = await service.storage.jobs.get(accepted.job.id)
    assert (job.state, job.attempts) == (JobState.DELIVERED, 2)
    assert await _wallet(service) == (7, 0)
    assert service.place.workers[0].restarts >= 1


async def test_worker_killed_on_every_attempt_fails_and_refunds(
    cdn: Cdn, make_service: ServiceFactory, service_settings: Settings
):
    """An image that keeps crashing the engine is given up after the attempt cap, refunded."""
    settings = service_settings.model_copy(deep=True)
    settings.queue.max_attempts = 2
    delivery = RecordingPresenter()
    service = await make_service(delivery, settings, warm=["x4plus"])
    url = cdn.add("photo.png", encoded(photo(160, 160)))
    accepted = await service.request_upscale(upscale_request(url, model="x4plus"))
    assert await _kill_when_running(service, accepted.job.id, times=2) == 2
    await service.run_until_empty()
    job = await service.storage.jobs.get(accepted.job.id)
    assert (job.state, job.error_code) == (JobState.FAILED, "engine_crashed")
    assert await _wallet(service) == (10, 0)
    assert "refunded" in delivery.failures[0][1]


async def test_service_restart_mid_job_finishes_once(cdn: Cdn, make_service: ServiceFactory):
    """The whole bot restarting mid-job: the job completes after restart, charged once."""
    first = await make_service(RecordingPresenter(), warm=["x4plus"])
    url = cdn.add("photo.png", encoded(photo(160, 160)))
    accepted = await first.request_upscale(upscale_request(url, model="x4plus"))
    while (await first.storage.jobs.get(accepted.job.id)).state is not JobState.RUNNING:
        await asyncio.sleep(0.05)
    await first.stop()  # the process goes away with the job running

    delivery = RecordingPresenter()
    second = await make_service(delivery, warm=["x4plus"])
    await second.run_until_empty()
    job = await second.storage.jobs.get(accepted.job.id)
    assert job.state is JobState.DELIVERED
    assert len(delivery.delivered) == 1
    assert await _wallet(second) == (7, 0)
    await second.storage.ledger.verify()


async def test_event_loop_stays_responsive_while_the_engine_works(
    cdn: Cdn, make_service: ServiceFactory
):
    """Members can keep chatting: the bot's event loop lag p99 stays under 50 ms."""
    service = await make_service(RecordingPresenter(), warm=["x4plus"])
    url = cdn.add("photo.png", encoded(photo(128, 128)))
    accepted = await service.request_upscale(upscale_request(url, model="x4plus"))
    lags: list[float] = []
    while (await service.storage.jobs.get(accepted.job.id)).state is not JobState.DELIVERED:
        started = time.perf_counter()
        await asyncio.sleep(0.01)
        lags.append(time.perf_counter() - started - 0.01)
    await service.run_until_empty()
    assert len(lags) > 50
    assert statistics.quantiles(lags, n=100)[98] < 0.050
