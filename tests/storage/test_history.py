"""Image versions and a member's /history."""

from __future__ import annotations

from storage.jobs import JobRequest, JobState
from storage.store import Storage

GUILD, ALICE, BOB = 100, 1, 2


async def _upscaled(storage: Storage, key: str, member: int, message_id: int, size: int) -> int:
    job = (
        await storage.jobs.submit(
            JobRequest(
                request_key=key,
                guild_id=GUILD,
                channel_id=10,
                message_id=message_id,
                attachment_slot=0,
                attachment_id=1,
                source_url="u",
                source_filename="a.png",
                source_size=1,
                requester_id=member,
                model="x4plus",
                scale=4,
                mode="fast",
                price=1,
            )
        )
    ).job
    await storage.jobs.transition(job.id, JobState.RUNNING)
    await storage.history.add(
        guild_id=GUILD,
        channel_id=10,
        message_id=message_id,
        attachment_slot=0,
        blob_sha256=f"{size:064x}",
        filename="a.png",
        width=size,
        height=size,
        size=size * 10,
        job_id=job.id,
    )
    await storage.jobs.transition(job.id, JobState.SUCCEEDED)
    return job.id


async def test_versions_chain_from_the_original(storage: Storage):
    """Upscaling twice keeps the original and both results, each pointing at its parent."""
    original = await storage.history.record_original(
        guild_id=GUILD,
        channel_id=10,
        message_id=7,
        attachment_slot=0,
        blob_sha256="0" * 64,
        filename="a.png",
        width=16,
        height=16,
        size=100,
        discord_attachment_id=55,
        discord_url="https://cdn/a.png",
    )
    assert original.version == 0
    first_job = await _upscaled(storage, "a", ALICE, 7, 64)
    await storage.jobs.transition(first_job, JobState.DELIVERED)
    await _upscaled(storage, "b", BOB, 7, 256)
    versions = await storage.history.versions(7, 0)
    assert [(v.version, v.width) for v in versions] == [(0, 16), (1, 64), (2, 256)]
    assert versions[1].parent_id == versions[0].id
    assert versions[2].parent_id == versions[1].id
    again = await storage.history.record_original(
        guild_id=GUILD,
        channel_id=10,
        message_id=7,
        attachment_slot=0,
        blob_sha256="1" * 64,
        filename="a.png",
        width=16,
        height=16,
        size=100,
        discord_attachment_id=None,
        discord_url=None,
    )
    assert again.version == 2


async def test_member_history_is_newest_first_and_paged(storage: Storage):
    """/history shows only my upscales, newest first, ten a page."""
    await storage.ledger.grant(GUILD, ALICE, 100, actor_id=0, reason="r", key="g")
    for i in range(12):
        await _upscaled(storage, f"a{i}", ALICE, 1000 + i, 10 + i)
    await _upscaled(storage, "b", BOB, 2000, 99)
    first = await storage.history.for_member(GUILD, ALICE, page=1)
    assert (first.total, first.pages, len(first.entries)) == (12, 2, 10)
    assert [e.version.width for e in first.entries][:3] == [21, 20, 19]
    second = await storage.history.for_member(GUILD, ALICE, page=2)
    assert [e.version.width for e in second.entries] == [11, 10]
    assert (await storage.history.for_member(GUILD, ALICE, page=99)).page == 2
    assert first.entries[0].price == 1


async def test_a_version_is_recorded_once_per_job(storage: Storage):
    """Recording a job's result twice (a retry) keeps one version."""
    job_id = await _upscaled(storage, "a", ALICE, 1, 32)
    repeat = await storage.history.add(
        guild_id=GUILD,
        channel_id=10,
        message_id=1,
        attachment_slot=0,
        blob_sha256="f" * 64,
        filename="a.png",
        width=1,
        height=1,
        size=1,
        job_id=job_id,
    )
    assert repeat.width == 32
    assert len(await storage.history.versions(1, 0)) == 1
