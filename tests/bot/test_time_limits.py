"""The job time limit counts the engine's own work on a job, and stopping one job never costs
another job an attempt."""

from __future__ import annotations

import asyncio
import time

from config import Settings
from storage.jobs import JobState
from testbed.images import encoded, photo

from .conftest import Cdn, RecordingPresenter, ServiceFactory, upscale_request


async def test_jobs_that_each_take_most_of_the_limit_all_succeed(
    cdn: Cdn, make_service: ServiceFactory, service_settings: Settings
):
    """Three jobs of about 0.6x the limit each: the worker holds two at once but computes
    one at a time, so the waiting one must not be charged the other's time."""
    image = encoded(photo(96, 96))
    probe_service = await make_service(RecordingPresenter(), warm=["x4plus"])
    started = time.perf_counter()
    first = await probe_service.request_upscale(
        upscale_request(cdn.add("probe.png", image), model="x4plus", key="probe")
    )
    await probe_service.run_until_empty()
    one_job_s = time.perf_counter() - started
    assert (await probe_service.storage.jobs.get(first.job.id)).state is JobState.DELIVERED
    await probe_service.stop()

    settings = service_settings.model_copy(deep=True)
    settings.queue.job_timeout_s = max(1.0, one_job_s / 0.6)
    presenter = RecordingPresenter()
    service = await make_service(presenter, settings, warm=["x4plus"])
    ids = []
    for i in range(3):
        request = upscale_request(
            cdn.add(f"{i}.png", image),
            model="x4plus",
            key=f"k{i}",
            message_id=10 + i,
            member=2 + i,
        )
        ids.append((await service.request_upscale(request)).job.id)
    await service.run_until_empty(timeout_s=one_job_s * 10 + 60)
    jobs = [await service.storage.jobs.get(i) for i in ids]
    assert [(j.state, j.attempts) for j in jobs] == [(JobState.DELIVERED, 1)] * 3
    assert presenter.failures == []


async def test_killing_the_worker_for_one_job_does_not_spend_the_others_attempt(
    cdn: Cdn, make_service: ServiceFactory
):
    """Two jobs in the worker; it is killed to stop the first. The second ran into that
    through no fault of its own: it is retried with its attempt count unchanged."""
    presenter = RecordingPresenter()
    service = await make_service(presenter, warm=["x4plus"])
    image = encoded(photo(128, 128))
    ids = []
    for i in range(2):
        request = upscale_request(
            cdn.add(f"{i}.png", image), model="x4plus", key=f"k{i}", message_id=10 + i
        )
        ids.append((await service.request_upscale(request)).job.id)
    stuck, bystander = ids
    async with asyncio.timeout(60):
        while not (
            service.place.workers[0].has_job(stuck) and service.place.workers[0].has_job(bystander)
        ):
            await asyncio.sleep(0.01)
    service.place.workers[0].kill(for_job=stuck)
    await service.run_until_empty(timeout_s=180)
    first, second = [await service.storage.jobs.get(i) for i in ids]
    assert (first.state, first.attempts) == (JobState.DELIVERED, 2)
    assert (second.state, second.attempts) == (JobState.DELIVERED, 1)
    assert presenter.failures == []
