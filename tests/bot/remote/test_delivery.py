"""A result Discord will not take: a final refusal ends the delivery at once, a lasting
outage after a bounded number of rounds; either way the result stays in /history, charged
once, the member is told where it is, and the image takes a new upscale."""

from __future__ import annotations

import pytest

from bot.jobs.results import DELIVERY_ROUNDS_MAX
from bot.jobs.service import UpscaleService
from storage.jobs import JobState
from testbed import redis_server
from testbed.scripted_worker import ScriptedWorker, png_of

from ..conftest import Cdn, RecordingPresenter, upscale_request
from .conftest import BALANCE, PRICE, RESULT, on_roster, submit, wallet

pytestmark = pytest.mark.skipif(not redis_server.available(), reason=redis_server.MISSING)


async def finished_job(service: UpscaleService, cdn: Cdn, worker: ScriptedWorker) -> int:
    await on_roster(service, worker)
    job_id = await submit(service, cdn)
    await worker.ask()
    assignment = await worker.next_assignment()
    await worker.finish(assignment, png_of(*RESULT), size=RESULT)
    await service.run_until_empty(timeout_s=60)
    return job_id


async def assert_kept_in_history_and_unlocked(
    service: UpscaleService, cdn: Cdn, delivery: RecordingPresenter, job_id: int
) -> None:
    job = await service.storage.jobs.get(job_id)
    assert job.state is JobState.DELIVERED
    assert await wallet(service) == (BALANCE - PRICE, 0)
    page = await service.storage.history.for_member(100, 1)
    assert [entry.version.job_id for entry in page.entries] == [job_id]
    ((told, text),) = delivery.failures
    assert told.id == job_id and "/history" in text
    # The image is free: a new upscale on it is accepted (not refused as busy).
    url = cdn.add("again.png", png_of(32, 32))
    again = await service.request_upscale(upscale_request(url, key="click-2"))
    assert again.created


@pytest.mark.parametrize("status", [403, 413])
async def test_a_final_refusal_ends_the_delivery_with_the_result_in_history(
    cdn: Cdn,
    bot: tuple[UpscaleService, RecordingPresenter],
    worker: ScriptedWorker,
    status: int,
):
    """The bot lost the channel (403) or the server its boost (413): one try, not forever."""
    service, delivery = bot
    delivery.refused_status = status
    job_id = await finished_job(service, cdn, worker)
    assert delivery.refusals == 1
    job = await service.storage.jobs.get(job_id)
    assert job.error_code == f"refused_{status}"
    await assert_kept_in_history_and_unlocked(service, cdn, delivery, job_id)


async def test_a_lasting_outage_gives_up_after_bounded_rounds(
    cdn: Cdn, bot: tuple[UpscaleService, RecordingPresenter], worker: ScriptedWorker
):
    """Discord answers 5xx every time: the delivery is tried a bounded number of rounds."""
    service, delivery = bot
    attempts = service.settings.queue.delivery_attempts
    delivery.fail_next_deliveries = 10**6
    job_id = await finished_job(service, cdn, worker)
    for _ in range(DELIVERY_ROUNDS_MAX):
        if (await service.storage.jobs.get(job_id)).state is JobState.DELIVERED:
            break
        await service.redeliver_stranded()
        await service.run_until_empty(timeout_s=60)
    assert 10**6 - delivery.fail_next_deliveries == DELIVERY_ROUNDS_MAX * attempts
    await assert_kept_in_history_and_unlocked(service, cdn, delivery, job_id)
