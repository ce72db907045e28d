"""Faults at every step of a job's life: whatever fails, the job ends in a final state (with its
credits back) or stays resumable, the member hears why, and the books balance.

Faults come from outside the product: the CDN, the file system (no space left), SQLite
refusing a write, the engine process, Discord. Nothing of ours is replaced.
"""

from __future__ import annotations

import asyncio
import errno
import os
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.jobs.retention import sweep_blobs
from bot.jobs.service import UpscaleService
from storage.jobs import JobState
from testbed.images import encoded, photo
from tests.engine.images import hostile_files

from .conftest import Cdn, RecordingPresenter, ServiceFactory, upscale_request

GUILD, MEMBER = 100, 1
FINAL = {JobState.DELIVERED, JobState.FAILED, JobState.CANCELLED}
RESUMABLE = {JobState.QUEUED, JobState.RUNNING, JobState.SUCCEEDED}


class FullDisk:
    """The file system answers ENOSPC to new files under a folder, for the next ``times``
    attempts after ``skip`` successful ones."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
        self.folder, self.skip, self.times = str(folder), 0, 0
        real = tempfile.mkstemp

        def mkstemp(*args: object, **kwargs: object) -> tuple[int, str]:
            if str(kwargs.get("dir", "")).startswith(self.folder):
                if self.skip:
                    self.skip -= 1
                elif self.times:
                    self.times -= 1
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return real(*args, **kwargs)  # type: ignore[call-overload,no-any-return]

        monkeypatch.setattr(tempfile, "mkstemp", mkstemp)

    def fail(self, *, skip: int = 0, times: int = 1) -> None:
        self.skip, self.times = skip, times


async def sqlite_refuses(service: UpscaleService, trigger: str) -> None:
    """Make SQLite itself refuse a write on the service's connection (a TEMP trigger)."""
    await service.storage.database.write(lambda conn: conn.execute(trigger))


async def sqlite_accepts(service: UpscaleService, name: str) -> None:
    await service.storage.database.write(lambda conn: conn.execute(f"DROP TRIGGER {name}"))


def truncated_png() -> bytes:
    """A PNG whose header is fine (so it is accepted and queued) but whose pixels stop."""
    data = encoded(photo(24, 24))
    return data[: len(data) // 2]


async def test_every_step_can_fail_and_nothing_is_stranded(
    cdn: Cdn, make_service: ServiceFactory, monkeypatch: pytest.MonkeyPatch
):
    presenter = RecordingPresenter()
    service = await make_service(presenter)
    disk = FullDisk(monkeypatch, service.settings.storage.blobs_dir)
    await service.storage.ledger.grant(GUILD, MEMBER, 100, actor_id=0, reason="r", key="g")
    good = encoded(photo(16, 12))
    outcomes: dict[str, int] = {}

    async def run(step: str, url: str, arm: Callable[[], object] | None = None) -> None:
        if arm is not None:
            result = arm()
            if hasattr(result, "__await__"):
                await result  # type: ignore[misc]
        request = upscale_request(url, key=step, message_id=1000 + len(outcomes))
        outcomes[step] = (await service.request_upscale(request)).job.id
        await service.run_until_empty(timeout_s=120)

    await run("download", f"{cdn.base}/attachments/missing.png")
    await run("original-write", cdn.add("a.png", good), lambda: disk.fail(times=1))
    await run("probe", cdn.add("b.png", b"this is not an image"))
    await run(
        "original-record",
        cdn.add("c.png", encoded(photo(16, 13))),
        lambda: sqlite_refuses(
            service,
            "CREATE TEMP TRIGGER no_source BEFORE UPDATE OF source_sha256 ON jobs"
            " BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END",
        ),
    )
    await sqlite_accepts(service, "no_source")
    await run("engine", cdn.add("d.png", truncated_png()))
    await run("result-write", cdn.add("e.png", encoded(photo(16, 14))), lambda: disk.fail(skip=1))
    await run(
        "commit",
        cdn.add("f.png", encoded(photo(16, 15))),
        lambda: sqlite_refuses(
            service,
            "CREATE TEMP TRIGGER no_version BEFORE INSERT ON image_versions"
            " WHEN NEW.job_id IS NOT NULL"
            " BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END",
        ),
    )
    await sqlite_accepts(service, "no_version")
    presenter.fail_next_deliveries = 10**6  # Discord is down for longer than the retries
    await run("delivery", cdn.add("g.png", encoded(photo(16, 16))))

    states = {step: (await service.storage.jobs.get(i)).state for step, i in outcomes.items()}
    assert states == {
        "download": JobState.FAILED,
        "original-write": JobState.FAILED,
        "probe": JobState.FAILED,
        "original-record": JobState.FAILED,
        "engine": JobState.FAILED,
        "result-write": JobState.FAILED,
        "commit": JobState.FAILED,
        "delivery": JobState.SUCCEEDED,  # kept, charged, and tried again later
    }
    told = {job.request.request_key: text for job, text in presenter.failures}
    assert set(told) == set(outcomes) - {"delivery"}
    assert all("3 credits were refunded" in text for text in told.values())
    for step in ("original-write", "original-record", "result-write", "commit"):
        assert "error id" in told[step]  # our fault: the member gets an id to quote
        # ... and admins find the same id beside the job (/upscale-admin failures).
        failed = await service.storage.jobs.get(outcomes[step])
        assert failed.error_id and f"error id {failed.error_id})" in told[step]
    assert "expired" in told["download"] and "not an image" in told["probe"].lower()

    wallet = await service.storage.ledger.wallet(GUILD, MEMBER)
    assert (wallet.balance, wallet.held) == (110 - 3, 0)  # only the kept result is charged
    await service.storage.ledger.verify()
    open_holds = await service.storage.ledger.open_holds(GUILD, MEMBER)
    assert open_holds == []  # no job is waiting or running: no credits stay reserved

    # Discord is back: the periodic redelivery shows the kept result without a restart.
    presenter.fail_next_deliveries = 0
    assert await service.redeliver_stranded() == 1
    await service.run_until_empty(timeout_s=60)
    delivered = await service.storage.jobs.get(outcomes["delivery"])
    assert delivered.state is JobState.DELIVERED
    assert [job.request.request_key for job, _, _ in presenter.delivered] == ["delivery"]
    for state in states.values():
        assert state in FINAL | RESUMABLE


async def test_refused_downloads_are_never_kept_and_retention_keeps_what_jobs_need(
    cdn: Cdn, make_service: ServiceFactory
):
    """A refused file leaves no blob; a sweep keeps the original, the result and the upload
    copy a pending delivery still needs, and removes an orphan."""
    presenter = RecordingPresenter()
    service = await make_service(presenter)
    blobs = service.storage.blobs
    await service.request_upscale(upscale_request(cdn.add("bad.png", b"junk"), key="bad"))
    await service.run_until_empty()
    blobs_dir = service.settings.storage.blobs_dir
    assert not any(path.is_file() for path in blobs_dir.rglob("*"))
    presenter.fail_next_deliveries = 10**6
    accepted = await service.request_upscale(
        upscale_request(cdn.add("ok.png", encoded(photo(16, 16))), key="ok", message_id=2)
    )
    await service.run_until_empty()
    job = await service.storage.jobs.get(accepted.job.id)
    assert job.state is JobState.SUCCEEDED and job.result is not None
    orphan = await blobs.put_bytes(b"left behind by an older version")
    old = orphan.path.stat().st_mtime - 400 * 86_400
    os.utime(orphan.path, (old, old))
    settings = service.settings.model_copy(deep=True)
    settings.storage.blob_max_age_days = 1
    report = await sweep_blobs(settings, service.storage)
    assert report.deleted == 1 and not orphan.path.exists()
    needed = {job.source_sha256, job.result.sha256, job.result.upload_sha256}
    assert all([await blobs.exists(sha) for sha in needed if sha])


async def test_sqlite_refusing_the_hold_charges_nothing(cdn: Cdn, make_service: ServiceFactory):
    """If the database refuses the job's insert, the request fails and nothing is held."""
    service = await make_service(RecordingPresenter())
    await sqlite_refuses(
        service,
        "CREATE TEMP TRIGGER no_jobs BEFORE INSERT ON jobs"
        " BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END",
    )
    with pytest.raises(sqlite3.IntegrityError):
        await service.request_upscale(upscale_request(cdn.add("a.png", encoded(photo(8, 8)))))
    wallet = await service.storage.ledger.wallet(GUILD, MEMBER)
    assert (wallet.balance, wallet.held) == (10, 0)
    assert await service.storage.jobs.recoverable() == []


async def test_the_event_loop_stays_responsive_while_hostile_files_are_checked(
    cdn: Cdn, make_service: ServiceFactory
):
    """Crafted files (a 60,000-page TIFF, a 5,000-frame GIF, a damaged TIFF, a PNG claiming
    ten gigapixels) are checked beside normal jobs: the event loop is never busy for more
    than 50 ms at a time (p99), nor late by more than 250 ms, the crafted files are refused
    and refunded, the normal jobs delivered.

    Busy time is the loop thread's own CPU time within each 10 ms tick: what our code on the
    loop costs. Lateness is wall-clock time, which on a loaded two-core machine also counts
    the moments the operating system gave the core to the worker processes; parsing a crafted
    file on the loop took 17.6 s, so either bound catches it."""
    presenter = RecordingPresenter()
    service = await make_service(presenter)
    hostile = {
        "tiff-pages": hostile_files.tiff_many_frames(60_000),
        "gif-frames": hostile_files.gif_many_frames(5_000),
        "tiff-pointer": hostile_files.tiff_with_bad_next_ifd(10**9),
        "png-size": hostile_files.png_claiming(100_000, 100_000, 16),
    }
    lags: list[float] = []
    busy: list[float] = []
    stop = asyncio.Event()

    async def watch() -> None:
        while not stop.is_set():
            started, cpu = time.perf_counter(), time.thread_time()
            await asyncio.sleep(0.01)
            lags.append(time.perf_counter() - started - 0.01)
            busy.append(time.thread_time() - cpu)

    watcher = asyncio.create_task(watch())
    ids = {}
    for i, (name, data) in enumerate(hostile.items()):
        ok = upscale_request(
            cdn.add(f"ok{i}.png", encoded(photo(16, 16))),
            key=f"ok{i}",
            message_id=2000 + i,
            member=MEMBER + 1 + i,
        )
        bad = upscale_request(
            cdn.add(f"{name}.bin", data), key=name, message_id=3000 + i, member=MEMBER + 10 + i
        )
        ids[f"ok{i}"] = (await service.request_upscale(ok)).job.id
        ids[name] = (await service.request_upscale(bad)).job.id
    await service.run_until_empty(timeout_s=180)
    stop.set()
    await watcher
    states = {name: (await service.storage.jobs.get(i)).state for name, i in ids.items()}
    assert {n: s for n, s in states.items() if n.startswith("ok")} == {
        f"ok{i}": JobState.DELIVERED for i in range(len(hostile))
    }
    assert {name: states[name] for name in hostile} == dict.fromkeys(hostile, JobState.FAILED)
    assert len(lags) > 20
    assert statistics.quantiles(busy, n=100)[98] < 0.050
    assert statistics.quantiles(lags, n=100)[98] < 0.250
    for i in range(len(hostile)):  # every crafted file was refunded
        wallet = await service.storage.ledger.wallet(GUILD, MEMBER + 10 + i)
        assert (wallet.balance, wallet.held) == (10, 0)
    await service.storage.ledger.verify()
