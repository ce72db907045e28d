"""Durable jobs: created with their hold, checked transitions, money follows state."""

from __future__ import annotations

import pytest

from storage.errors import IllegalTransition, ImageBusy, InsufficientCredits, QueueLimitReached
from storage.jobs import JobState
from storage.store import Storage

from .conftest import ALICE, GUILD, job_result
from .conftest import job_request as request


async def test_submit_creates_the_job_and_holds_the_price(storage: Storage):
    """Confirm: the job is queued and 3 credits are reserved, 10 -> 7 available."""
    submission = await storage.jobs.submit(request(), price=3)
    assert submission.created
    assert submission.job.state is JobState.QUEUED
    assert submission.job.hold_id == submission.hold.hold_id
    wallet = await storage.ledger.wallet(GUILD, ALICE)
    assert (wallet.balance, wallet.held, wallet.available) == (10, 3, 7)


async def test_a_double_confirm_is_one_job_and_one_charge(storage: Storage):
    """Clicking Confirm twice gives the same job back and holds once."""
    first = await storage.jobs.submit(request(), price=3)
    second = await storage.jobs.submit(request(), price=3)
    assert not second.created
    assert second.job.id == first.job.id
    assert (await storage.ledger.wallet(GUILD, ALICE)).held == 3


async def test_insufficient_credits_leaves_no_job(storage: Storage):
    """Without credits nothing is queued and nothing is held."""
    with pytest.raises(InsufficientCredits):
        await storage.jobs.submit(request(), price=11)
    assert await storage.jobs.recoverable() == []
    assert (await storage.ledger.wallet(GUILD, ALICE)).held == 0


async def test_one_active_job_per_image(storage: Storage):
    """A second click on an image being upscaled is refused without a charge."""
    first = await storage.jobs.submit(request("a"), price=3)
    with pytest.raises(ImageBusy) as caught:
        await storage.jobs.submit(request("b"), price=3)
    assert caught.value.job_id == first.job.id
    assert (await storage.ledger.wallet(GUILD, ALICE)).held == 3
    await storage.jobs.transition(first.job.id, JobState.CANCELLED)
    assert (await storage.jobs.submit(request("c"), price=3)).created


async def test_per_member_queue_cap(storage: Storage):
    """A member cannot fill the queue; the refused job charges nothing."""
    await storage.ledger.grant(GUILD, ALICE, 20, actor_id=0, reason="r", key="g")
    for i in range(3):
        await storage.jobs.submit(request(f"k{i}", message_id=i), price=3)
    with pytest.raises(QueueLimitReached) as caught:
        await storage.jobs.submit(request("k3", message_id=3), price=3)
    assert caught.value.limit == 3
    assert (await storage.ledger.wallet(GUILD, ALICE)).held == 9


async def test_success_captures_and_failure_refunds(storage: Storage):
    """Money follows the job: succeeded charges, failed or cancelled refunds."""
    good = (await storage.jobs.submit(request("good", message_id=1), price=3)).job
    bad = (await storage.jobs.submit(request("bad", message_id=2), price=3)).job
    await storage.jobs.transition(good.id, JobState.RUNNING)
    done, version = await storage.jobs.complete(good.id, job_result(8, seed=7))
    assert (done.state, done.progress, done.attempts) == (JobState.SUCCEEDED, 1.0, 1)
    assert done.result == job_result(8, seed=7)
    assert (version.version, version.width, version.job_id) == (0, 8, good.id)
    await storage.jobs.transition(bad.id, JobState.RUNNING)
    failed = await storage.jobs.finish_unsuccessfully(
        bad.id, JobState.FAILED, code="corrupt", message="The file is damaged."
    )
    assert failed is not None and failed.error_message == "The file is damaged."
    again = await storage.jobs.finish_unsuccessfully(
        bad.id, JobState.CANCELLED, code="cancelled", message="twice"
    )
    assert again is None  # already ended: nothing changes, nothing is refunded twice
    wallet = await storage.ledger.wallet(GUILD, ALICE)
    assert (wallet.balance, wallet.held) == (7, 0)


async def test_illegal_transitions_raise(storage: Storage):
    """A delivered job cannot be failed (and refunded) afterwards."""
    job = (await storage.jobs.submit(request(), price=3)).job
    with pytest.raises(IllegalTransition, match="queued to succeeded"):
        await storage.jobs.transition(job.id, JobState.SUCCEEDED)
    await storage.jobs.transition(job.id, JobState.RUNNING)
    await storage.jobs.complete(job.id, job_result(8))
    await storage.jobs.mark_delivered(job.id)
    for target in (JobState.FAILED, JobState.QUEUED, JobState.CANCELLED):
        with pytest.raises(IllegalTransition):
            await storage.jobs.transition(job.id, target)
    assert (await storage.ledger.wallet(GUILD, ALICE)).balance == 7


async def test_recoverable_lists_what_a_restart_resumes(storage: Storage):
    """Queued, running and succeeded jobs come back after a restart; finished ones do not."""
    await storage.ledger.grant(GUILD, ALICE, 20, actor_id=0, reason="r", key="g")
    paths = [
        [],
        [JobState.RUNNING],
        [JobState.RUNNING, JobState.SUCCEEDED],
        [JobState.FAILED],
        [JobState.CANCELLED],
    ]
    jobs = []
    for i, path in enumerate(paths):
        job = (await storage.jobs.submit(request(f"k{i}", message_id=i), price=3)).job
        for state in path:
            if state is JobState.SUCCEEDED:
                job, _ = await storage.jobs.complete(job.id, job_result(8, sha=f"{i:064x}"))
            else:
                job = await storage.jobs.transition(job.id, state)
        jobs.append(job)
    recovered = await storage.jobs.recoverable()
    assert [(j.id, j.state) for j in recovered] == [
        (jobs[0].id, JobState.QUEUED),
        (jobs[1].id, JobState.RUNNING),
        (jobs[2].id, JobState.SUCCEEDED),
    ]


async def test_retry_counts_attempts(storage: Storage):
    """A job put back in the queue after a crash remembers how often it ran."""
    job = (await storage.jobs.submit(request(), price=3)).job
    await storage.jobs.start(job.id)
    await storage.jobs.requeue(job.id)
    again = await storage.jobs.start(job.id)
    assert again.attempts == 2
    await storage.jobs.requeue(job.id, spend_attempt=False)  # stopped for another job's sake
    assert (await storage.jobs.start(job.id)).attempts == 2


async def test_the_request_and_result_round_trip_as_typed_columns(storage: Storage):
    """What the click asked for and what the engine made come back as they went in."""
    sent = request(spoiler=True)
    job = (await storage.jobs.submit(sent, price=3)).job
    assert job.request == sent and job.result is None
    await storage.jobs.start(job.id)
    await storage.jobs.record_source(job.id, "5" * 64, width=30, height=20, size=99)
    await storage.jobs.complete(job.id, job_result(120, seed=42))
    reread = await storage.jobs.get(job.id)
    assert reread.request == sent
    assert reread.result == job_result(120, seed=42)
    assert reread.source_sha256 == "5" * 64
    versions = await storage.history.versions(sent.message_id, 0)
    assert [(v.version, v.width, v.blob_sha256) for v in versions] == [
        (0, 30, "5" * 64),
        (1, 120, job_result(120).sha256),
    ]
