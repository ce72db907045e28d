"""The service's own rules, on a scripted place (no engine, no torch): one job per click, the
fair order, refusals before any charge, refunds when a download, a run or a delivery fails,
attempts after crashes, the time limit, cancels. Results are real PNGs (the input enlarged), so
what members see is checked as in the engine's tests (tests/bot/test_service.py)."""

from __future__ import annotations

import asyncio
import dataclasses
import io

import pytest
from PIL import Image

from bot.jobs.download import DownloadError
from bot.jobs.modes import CREATIVE_MODEL, ModeUnavailable
from bot.jobs.service import UpscaleService
from config import Mode, Settings
from engine.errors import FileTooLarge
from storage.jobs import JobState
from testbed.fake_place import Cue
from testbed.images import encoded, photo

from .conftest import (
    Cdn,
    FakeServiceFactory,
    HeldBackPresenter,
    RecordingPresenter,
    upscale_request,
)

GUILD = 100


async def _wallet(service: UpscaleService, member: int = 1) -> tuple[int, int]:
    wallet = await service.storage.ledger.wallet(GUILD, member)
    return wallet.balance, wallet.held


async def _until(service: UpscaleService, job_id: int, state: JobState) -> None:
    async with asyncio.timeout(10):
        while (await service.storage.jobs.get(job_id)).state is not state:
            await asyncio.sleep(0.02)


async def test_a_result_is_kept_delivered_and_charged_once(
    cdn: Cdn, on_fake_place: FakeServiceFactory
):
    """Confirm: 3 credits held; the run's result: charged once, a version recorded, the member
    gets the 4x picture."""
    delivery = RecordingPresenter()
    service, place = await on_fake_place(delivery)
    accepted = await service.request_upscale(
        upscale_request(cdn.add("a.png", encoded(photo(20, 10))))
    )
    assert accepted.hold.held_after == 3
    await service.run_until_empty()
    assert (await service.storage.jobs.get(accepted.job.id)).state is JobState.DELIVERED
    assert await _wallet(service) == (7, 0)
    ((_, _, data),) = delivery.delivered
    with Image.open(io.BytesIO(data)) as result:
        assert result.size == (80, 40)
    versions = await service.storage.history.versions(500, 0)
    assert [(v.version, v.width) for v in versions] == [(0, 20), (1, 80)]
    assert place.started == [accepted.job.id]


async def test_a_crash_is_retried_and_charged_once(cdn: Cdn, on_fake_place: FakeServiceFactory):
    """The engine going away mid-job does not lose the job or charge twice."""
    delivery = RecordingPresenter()
    service, place = await on_fake_place(delivery, None, Cue("crash"))
    accepted = await service.request_upscale(
        upscale_request(cdn.add("a.png", encoded(photo(8, 8))))
    )
    await service.run_until_empty()
    job = await service.storage.jobs.get(accepted.job.id)
    assert (job.state, job.attempts) == (JobState.DELIVERED, 2)
    assert place.started == [job.id, job.id]
    assert await _wallet(service) == (7, 0)
    assert len(delivery.delivered) == 1


async def test_a_crash_on_every_attempt_fails_and_refunds(
    cdn: Cdn, on_fake_place: FakeServiceFactory, service_settings: Settings
):
    """An image that keeps crashing the engine is given up after the attempt cap, refunded."""
    settings = service_settings.model_copy(deep=True)
    settings.queue.max_attempts = 2
    delivery = RecordingPresenter()
    service, _ = await on_fake_place(delivery, settings, Cue("crash"), Cue("crash"))
    accepted = await service.request_upscale(
        upscale_request(cdn.add("a.png", encoded(photo(8, 8))))
    )
    await service.run_until_empty()
    job = await service.storage.jobs.get(accepted.job.id)
    assert (job.state, job.error_code, job.attempts) == (JobState.FAILED, "engine_crashed", 2)
    assert await _wallet(service) == (10, 0)
    ((_, message),) = delivery.failures
    assert "3 credits were refunded" in message
    assert delivery.delivered == []


async def test_an_engine_refusal_is_told_in_its_own_words_and_refunded(
    cdn: Cdn, on_fake_place: FakeServiceFactory
):
    """The engine refusing the image ends the job on the first attempt, its sentence shown."""
    delivery = RecordingPresenter()
    refusal = Cue("refuse", code="damaged_image", message="This image file is damaged.")
    service, _ = await on_fake_place(delivery, None, refusal)
    accepted = await service.request_upscale(
        upscale_request(cdn.add("a.png", encoded(photo(8, 8))))
    )
    await service.run_until_empty()
    job = await service.storage.jobs.get(accepted.job.id)
    assert (job.state, job.attempts) == (JobState.FAILED, 1)
    ((_, message),) = delivery.failures
    assert "This image file is damaged." in message and "3 credits were refunded" in message
    assert await _wallet(service) == (10, 0)


async def test_a_run_past_the_time_limit_is_stopped_and_refunded(
    cdn: Cdn, on_fake_place: FakeServiceFactory, service_settings: Settings
):
    """A run that never ends is stopped at the job time limit; the member is told the limit
    and gets the credits back; the next job runs."""
    settings = service_settings.model_copy(deep=True)
    settings.queue.job_timeout_s = 0.5
    delivery = RecordingPresenter()
    service, _ = await on_fake_place(delivery, settings, Cue("hang", message_id=1))
    url = cdn.add("a.png", encoded(photo(8, 8)))
    stuck = await service.request_upscale(upscale_request(url, key="a", message_id=1))
    after = await service.request_upscale(upscale_request(url, key="b", message_id=2))
    await service.run_until_empty()
    job = await service.storage.jobs.get(stuck.job.id)
    assert (job.state, job.error_code) == (JobState.FAILED, "timeout")
    assert (await service.storage.jobs.get(after.job.id)).state is JobState.DELIVERED
    ((_, message),) = delivery.failures
    assert "refunded" in message
    assert await _wallet(service) == (7, 0)


async def test_slow_runs_report_progress_and_each_has_the_limit_to_itself(
    cdn: Cdn, on_fake_place: FakeServiceFactory, service_settings: Settings
):
    """Two runs of 0.6x the limit each, one after the other on one slot: together past the
    limit, each within it, so both are delivered; the member sees the meter move."""
    settings = service_settings.model_copy(deep=True)
    settings.queue.job_timeout_s = 1.0
    delivery = RecordingPresenter()
    service, _ = await on_fake_place(delivery, settings, Cue(seconds=0.6), Cue(seconds=0.6))
    url = cdn.add("a.png", encoded(photo(8, 8)))
    for i in range(2):
        await service.request_upscale(upscale_request(url, key=f"k{i}", message_id=i))
    await service.run_until_empty()
    assert len(delivery.delivered) == 2 and delivery.failures == []
    running = [u.fraction for _, u in delivery.progress if u.stage == "running"]
    assert (running and running == sorted(running)) or len(set(running)) > 1


async def test_cancelling_a_running_job_refunds_and_frees_the_slot(
    cdn: Cdn, on_fake_place: FakeServiceFactory
):
    """A member cancelling while the engine works: the run stops, credits come back, nothing
    is delivered, and the next job takes the slot."""
    delivery = RecordingPresenter()
    service, place = await on_fake_place(delivery, None, Cue(hold=asyncio.Event(), message_id=1))
    url = cdn.add("a.png", encoded(photo(8, 8)))
    running = await service.request_upscale(upscale_request(url, key="a", message_id=1))
    await _until(service, running.job.id, JobState.RUNNING)
    await service.request_upscale(upscale_request(url, key="b", message_id=2))
    cancelled = await service.cancel(running.job.id)
    assert cancelled.state is JobState.CANCELLED
    await service.run_until_empty()
    assert (await service.storage.jobs.get(running.job.id)).state is JobState.CANCELLED
    assert [job.request.message_id for job, _, _ in delivery.delivered] == [2]
    assert await _wallet(service) == (7, 0)
    assert len(place.started) == 2


async def test_a_double_confirm_is_one_job_and_one_charge(
    cdn: Cdn, on_fake_place: FakeServiceFactory
):
    """The same click key twice gives 'already queued', never a second hold."""
    delivery = RecordingPresenter()
    service, _ = await on_fake_place(delivery)
    url = cdn.add("art.png", encoded(photo(16, 16)))
    first = await service.request_upscale(upscale_request(url))
    second = await service.request_upscale(upscale_request(url))
    assert not second.created and second.job.id == first.job.id
    await service.run_until_empty()
    assert await _wallet(service) == (7, 0)
    assert len(delivery.delivered) == 1


async def test_refused_before_any_charge(cdn: Cdn, on_fake_place: FakeServiceFactory):
    """Foreign hosts and oversized attachments are refused up front; nothing is held."""
    service, _ = await on_fake_place(RecordingPresenter())
    with pytest.raises(DownloadError, match="not hosted on Discord"):
        await service.request_upscale(upscale_request("https://evil.example/a.png"))
    with pytest.raises(FileTooLarge):
        await service.request_upscale(upscale_request(cdn.add("a.png", b"x"), size=10**9))
    assert await service.storage.jobs.recoverable() == []
    assert await _wallet(service) == (10, 0)


async def test_expired_link_and_slow_download_refund(
    cdn: Cdn, on_fake_place: FakeServiceFactory, service_settings: Settings
):
    """A 404 and a download past its time limit each end failed with the hold released."""
    settings = service_settings.model_copy(deep=True)
    settings.queue.download_timeout_s = 0.3
    delivery = RecordingPresenter()
    service, _ = await on_fake_place(delivery, settings)
    await service.request_upscale(
        upscale_request(f"{cdn.base}/attachments/gone.png", key="a", message_id=1)
    )
    await service.run_until_empty()
    cdn.delay_s = 2.0
    await service.request_upscale(
        upscale_request(cdn.add("slow.png", encoded(photo(8, 8))), key="b", message_id=2)
    )
    await service.run_until_empty()
    messages = [message for _, message in delivery.failures]
    assert "expired" in messages[0] and "took too long" in messages[1]
    assert await _wallet(service) == (10, 0)


async def test_fairness_between_members(cdn: Cdn, on_fake_place: FakeServiceFactory):
    """Member A queues 3, then member B queues 1: B's job runs second, not fourth."""
    delivery = RecordingPresenter()
    service, _ = await on_fake_place(delivery)
    await service.storage.ledger.grant(GUILD, 1, 20, actor_id=0, reason="r", key="g")
    service.pause()
    url = cdn.add("art.png", encoded(photo(16, 16)))
    jobs = []
    for i in range(3):
        jobs.append(
            (await service.request_upscale(upscale_request(url, key=f"a{i}", message_id=i))).job.id
        )
    jobs.append(
        (
            await service.request_upscale(upscale_request(url, key="b", member=2, message_id=9))
        ).job.id
    )
    while len(service.queue) < 4:
        await asyncio.sleep(0.02)
    place = service.board.place(jobs[3])
    assert place is not None and place.position == 2
    service.resume()
    await service.run_until_empty()
    started = [await service.storage.jobs.get(job_id) for job_id in jobs]
    order = [job.id for job in sorted(started, key=lambda job: job.started_at or "")]
    assert order == [jobs[0], jobs[3], jobs[1], jobs[2]]


async def test_message_deleted_keeps_the_result_and_charges_once(
    cdn: Cdn, on_fake_place: FakeServiceFactory
):
    """If the message is gone, the member is told and the result stays in /history."""
    delivery = RecordingPresenter(message_gone=True)
    service, _ = await on_fake_place(delivery)
    accepted = await service.request_upscale(
        upscale_request(cdn.add("a.png", encoded(photo(16, 16))))
    )
    await service.run_until_empty()
    job = await service.storage.jobs.get(accepted.job.id)
    assert (job.state, job.error_code) == (JobState.DELIVERED, "message_gone")
    assert await _wallet(service) == (7, 0)
    assert "saved in /history" in delivery.failures[0][1]
    assert len(await service.storage.history.versions(500, 0)) == 2


async def test_delivery_is_retried_when_discord_is_down(
    cdn: Cdn, on_fake_place: FakeServiceFactory
):
    """Two failed edits, then success: delivered once, charged once."""
    delivery = RecordingPresenter(fail_next_deliveries=2)
    service, _ = await on_fake_place(delivery)
    await service.request_upscale(upscale_request(cdn.add("a.png", encoded(photo(16, 16)))))
    await service.run_until_empty()
    assert len(delivery.delivered) == 1
    assert await _wallet(service) == (7, 0)


async def test_cancel_a_queued_job_refunds(cdn: Cdn, on_fake_place: FakeServiceFactory):
    """A member cancelling before the job starts gets the credits back."""
    delivery = RecordingPresenter()
    service, _ = await on_fake_place(delivery)
    service.pause()
    accepted = await service.request_upscale(
        upscale_request(cdn.add("a.png", encoded(photo(16, 16))))
    )
    while len(service.queue) < 1:
        await asyncio.sleep(0.02)
    cancelled = await service.cancel(accepted.job.id)
    assert cancelled.state is JobState.CANCELLED
    service.resume()
    await service.run_until_empty()
    assert await _wallet(service) == (10, 0)


async def test_creative_mode_has_its_own_pixel_limit_checked_before_queueing(
    cdn: Cdn, on_fake_place: FakeServiceFactory, service_settings: Settings
):
    """An image within the fast limit but over the creative one is refused before the queue."""
    settings = service_settings.model_copy(deep=True)
    settings.engine.generative_max_input_pixels = 100
    settings.engine.generative_model = str(cdn.base)  # offered; never loaded for a refusal
    delivery = RecordingPresenter()
    service, _ = await on_fake_place(delivery, settings)
    request = upscale_request(cdn.add("a.png", encoded(photo(16, 16))))
    creative = dataclasses.replace(request, mode=Mode.CREATIVE, model=CREATIVE_MODEL)
    accepted = await service.request_upscale(creative)
    await service.run_until_empty()
    job = await service.storage.jobs.get(accepted.job.id)
    assert (job.state, job.attempts) == (JobState.FAILED, 0)
    assert "limit is 100 pixels" in delivery.failures[0][1]
    assert await _wallet(service) == (10, 0)


async def test_a_mode_that_is_not_offered_is_refused_before_any_charge(
    cdn: Cdn, on_fake_place: FakeServiceFactory
):
    """Creative without a configured model: refused by the policy, nothing held, no job."""
    service, _ = await on_fake_place(RecordingPresenter())
    request = upscale_request(cdn.add("a.png", encoded(photo(16, 16))))
    with pytest.raises(ModeUnavailable, match="Creative upscales are not offered"):
        await service.request_upscale(dataclasses.replace(request, mode=Mode.CREATIVE))
    with pytest.raises(ModeUnavailable, match="Fast x8"):
        await service.request_upscale(dataclasses.replace(request, scale=8))
    assert await _wallet(service) == (10, 0)
    assert await service.storage.jobs.recoverable() == []


async def test_results_waiting_for_discord_do_not_hold_the_engine(
    cdn: Cdn, on_fake_place: FakeServiceFactory
):
    """While Discord holds back the edits that show results, the engine goes on with the
    line: four members' jobs are all upscaled, stored and charged before any is shown, then
    all are shown."""
    delivery = HeldBackPresenter()
    service, _ = await on_fake_place(delivery)
    url = cdn.add("art.png", encoded(photo(16, 16)))
    jobs = []
    for member in range(1, 5):
        request = upscale_request(url, key=f"click-{member}", member=member, message_id=member)
        jobs.append((await service.request_upscale(request)).job)

    async def states() -> list[JobState]:
        return [(await service.storage.jobs.get(job.id)).state for job in jobs]

    async def all_stored() -> None:
        while await states() != [JobState.SUCCEEDED] * 4:
            await asyncio.sleep(0.05)

    await asyncio.wait_for(all_stored(), timeout=60)
    assert delivery.delivered == []
    delivery.shown.set()
    await service.run_until_empty()
    assert await states() == [JobState.DELIVERED] * 4
    assert len(delivery.delivered) == 4
