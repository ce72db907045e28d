"""Durable jobs: created with their hold, checked transitions, money follows state."""

from __future__ import annotations

import dataclasses

import pytest

from storage.errors import IllegalTransition, ImageBusy, InsufficientCredits, QueueLimitReached
from storage.jobs import JobRequest, JobState
from storage.store import Storage

GUILD, ALICE = 100, 1


def request(
    key: str = "click-1", message_id: int = 500, slot: int = 0, **changes: object
) -> JobRequest:
    base = JobRequest(
        request_key=key,
        guild_id=GUILD,
        channel_id=10,
        message_id=message_id,
        attachment_slot=slot,
        attachment_id=900,
        source_url="https://cdn.discordapp.com/a.png",
        source_filename="a.png",
        source_size=1234,
        requester_id=ALICE,
        model="x4plus",
        scale=4,
        mode="fast",
        price=3,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


async def test_submit_creates_the_job_and_holds_the_price(storage: Storage):
    """Confirm: the job is queued and 3 credits are reserved, 10 -> 7 available."""
    submission = await storage.jobs.submit(request())
    assert submission.created
    assert submission.job.state is JobState.QUEUED
    assert submission.job.hold_id == submission.hold.hold_id
    wallet = await storage.ledger.wallet(GUILD, ALICE)
    assert (wallet.balance, wallet.held, wallet.available) == (10, 3, 7)


async def test_a_double_confirm_is_one_job_and_one_charge(storage: Storage):
    """Clicking Confirm twice gives the same job back and holds once."""
    first = await storage.jobs.submit(request())
    second = await storage.jobs.submit(request())
    assert not second.created
    assert second.job.id == first.job.id
    assert (await storage.ledger.wallet(GUILD, ALICE)).held == 3


async def test_insufficient_credits_leaves_no_job(storage: Storage):
    """Without credits nothing is queued and nothing is held."""
    with pytest.raises(InsufficientCredits):
        await storage.jobs.submit(request(price=11))
    assert await storage.jobs.recoverable() == []
    assert (await storage.ledger.wallet(GUILD, ALICE)).held == 0


async def test_one_active_job_per_image(storage: Storage):
    """A second click on an image being upscaled is refused without a charge."""
    first = await storage.jobs.submit(request("a"))
    with pytest.raises(ImageBusy) as caught:
        await storage.jobs.submit(request("b"))
    assert caught.value.job_id == first.job.id
    assert (await storage.ledger.wallet(GUILD, ALICE)).held == 3
    await storage.jobs.transition(first.job.id, JobState.CANCELLED)
    assert (await storage.jobs.submit(request("c"))).created


async def test_per_member_queue_cap(storage: Storage):
    """A member cannot fill the queue; the refused job charges nothing."""
    await storage.ledger.grant(GUILD, ALICE, 20, actor_id=0, reason="r", key="g")
    for i in range(3):
        await storage.jobs.submit(request(f"k{i}", message_id=i))
    with pytest.raises(QueueLimitReached) as caught:
        await storage.jobs.submit(request("k3", message_id=3))
    assert caught.value.limit == 3
    assert (await storage.ledger.wallet(GUILD, ALICE)).held == 9


async def test_success_captures_and_failure_refunds(storage: Storage):
    """Money follows the job: succeeded charges, failed or cancelled refunds."""
    good = (await storage.jobs.submit(request("good", message_id=1))).job
    bad = (await storage.jobs.submit(request("bad", message_id=2))).job
    await storage.jobs.transition(good.id, JobState.RUNNING)
    done = await storage.jobs.transition(
        good.id, JobState.SUCCEEDED, result_sha256="ab" * 32, result_width=8, result_height=8
    )
    assert (done.state, done.progress, done.attempts) == (JobState.SUCCEEDED, 1.0, 1)
    await storage.jobs.transition(bad.id, JobState.RUNNING)
    failed = await storage.jobs.transition(
        bad.id, JobState.FAILED, error_code="corrupt", error_message="The file is damaged."
    )
    assert failed.error_message == "The file is damaged."
    wallet = await storage.ledger.wallet(GUILD, ALICE)
    assert (wallet.balance, wallet.held) == (7, 0)


async def test_illegal_transitions_raise(storage: Storage):
    """A delivered job cannot be failed (and refunded) afterwards."""
    job = (await storage.jobs.submit(request())).job
    with pytest.raises(IllegalTransition, match="queued to succeeded"):
        await storage.jobs.transition(job.id, JobState.SUCCEEDED)
    await storage.jobs.transition(job.id, JobState.RUNNING)
    await storage.jobs.transition(job.id, JobState.SUCCEEDED)
    await storage.jobs.transition(job.id, JobState.DELIVERED)
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
        job = (await storage.jobs.submit(request(f"k{i}", message_id=i))).job
        for state in path:
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
    job = (await storage.jobs.submit(request())).job
    await storage.jobs.transition(job.id, JobState.RUNNING)
    await storage.jobs.set_progress(job.id, 0.5)
    await storage.jobs.transition(job.id, JobState.QUEUED)
    again = await storage.jobs.transition(job.id, JobState.RUNNING)
    assert again.attempts == 2
    assert again.progress == 0.5
