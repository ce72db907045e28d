"""Image versions and a member's /history."""

from __future__ import annotations

import pytest

from storage.errors import IllegalTransition
from storage.store import Storage

from .conftest import job_request, job_result

GUILD, ALICE, BOB = 100, 1, 2


async def _upscaled(storage: Storage, key: str, member: int, message_id: int, size: int) -> int:
    request = job_request(key, message_id=message_id, member=member)
    job = (await storage.jobs.submit(request, price=1)).job
    await storage.jobs.start(job.id)
    await storage.jobs.complete(job.id, job_result(size))
    return job.id


async def test_versions_chain_from_the_original(storage: Storage):
    """Upscaling twice keeps the original and both results, each pointing at its parent."""
    first = (await storage.jobs.submit(job_request("a", message_id=7), price=1)).job
    await storage.jobs.record_source(first.id, "0" * 64, width=16, height=16, size=100)
    await storage.jobs.start(first.id)
    await storage.jobs.complete(first.id, job_result(64))
    await storage.jobs.mark_delivered(first.id)
    second = await _upscaled(storage, "b", BOB, 7, 256)
    await storage.jobs.mark_delivered(second)
    versions = await storage.history.versions(7, 0)
    assert [(v.version, v.width) for v in versions] == [(0, 16), (1, 64), (2, 256)]
    assert versions[1].parent_id == versions[0].id
    assert versions[2].parent_id == versions[1].id
    assert versions[0].discord_url == "https://cdn.discordapp.com/a.png"
    # A later job on the same slot records its download again: no second version 0.
    third = (await storage.jobs.submit(job_request("c", message_id=7), price=1)).job
    await storage.jobs.record_source(third.id, "1" * 64, width=16, height=16, size=100)
    assert len(await storage.history.versions(7, 0)) == 3


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
    with pytest.raises(IllegalTransition):
        await storage.jobs.complete(job_id, job_result(64))
    assert [v.width for v in await storage.history.versions(1, 0)] == [32]


async def test_a_delivered_job_s_upload_copy_is_no_longer_live(storage: Storage):
    """Retention keeps the upload copy until the message shows it, then lets it go; the
    version itself (what /history links) stays live."""
    job_id = await _upscaled(storage, "k", ALICE, 700, 64)
    job = await storage.jobs.get(job_id)
    assert job.result is not None
    assert {job.result.sha256, job.result.upload_sha256} <= await storage.history.live_blobs()
    version = await storage.history.by_job(job_id)
    assert version is not None
    await storage.jobs.mark_delivered(job_id, version_id=version.id, attachment_id=1, url="u")
    live = await storage.history.live_blobs()
    assert job.result.sha256 in live and job.result.upload_sha256 not in live
