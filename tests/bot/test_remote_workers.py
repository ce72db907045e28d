"""Jobs on `upscale-bot worker` processes through a real redis-server: fairness, leases,
fencing of late results, Redis restarts, and jobs waiting for a worker that has their model.

Each test starts its own redis-server (127.0.0.1, a free port, a temp folder, nothing kept on
disk) and real worker processes; the bot side is the real service on a real SQLite file.
Leases are short (2 s) so a lost worker is noticed quickly.
"""

from __future__ import annotations

import asyncio
import dataclasses
import io
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest
from PIL import Image
from pydantic import SecretStr

from bot.jobs.graceful_stop import stop_gracefully
from bot.jobs.places.remote.place import RemotePlace
from bot.jobs.service import UpscaleService
from bot.ui.wording import ENGLISH
from config import Settings
from storage.jobs import Job, JobState
from storage.store import Storage
from testbed import redis_server
from testbed.images import encoded, photo
from testbed.redis_server import RedisServer
from testbed.workers import WorkerProcess

from .conftest import Cdn, RecordingPresenter, upscale_request

pytestmark = pytest.mark.skipif(not redis_server.available(), reason=redis_server.MISSING)

GUILD = 100
LEASE_S = 2.0
HEARTBEAT_S = 0.3
STARTING_BALANCE = 100
WORKER_START_S = 180.0  # two engines loading at once on a busy two-core machine


@pytest.fixture
def redis(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path / "redis")
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def worker_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The workers' data folder, with the bundled weights converted once for all of them."""
    from engine.networks.loading import load_model

    data = tmp_path_factory.mktemp("worker-data")
    for name in ("animevideo-x4", "animevideo-x2"):
        load_model(name, weights_dir=None, cache_dir=data / "models")
    return data


StartWorker = Callable[..., WorkerProcess]


@pytest.fixture
def start_worker(redis: RedisServer, worker_data: Path, tmp_path: Path) -> Iterator[StartWorker]:
    started: list[WorkerProcess] = []

    def start(name: str, *, models: str = "animevideo-x4", slots: int = 2) -> WorkerProcess:
        scratch = tmp_path / "scratch" / name
        scratch.mkdir(parents=True)
        worker = WorkerProcess(
            name,
            redis.url,
            tmp_path / "workers",
            models=models,
            slots=slots,
            env={
                "UPSCALE_STORAGE__DATA_DIR": str(worker_data),
                "UPSCALE_QUEUE__HEARTBEAT_S": str(HEARTBEAT_S),
                "UPSCALE_QUEUE__LEASE_S": str(LEASE_S),
                "UPSCALE_ENGINE__MODEL": models.split(",")[0],
                "UPSCALE_ENGINE__TILE_SIZE": "64",
                "UPSCALE_ENGINE__TILE_OVERLAP": "16",
                "TMPDIR": str(scratch),
            },
        )
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()
        print(f"--- {worker.name} ---\n{worker.log_tail()}")


class RemoteService:
    """Starts bots (the real service on one SQLite file) that run jobs through the test's
    Redis; each is stopped, its ledger verified, at the end of the test."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.started: list[UpscaleService] = []

    async def __call__(self, delivery: RecordingPresenter) -> UpscaleService:
        storage = await Storage.open(self.settings)
        service = UpscaleService(
            self.settings, storage, RemotePlace(self.settings, storage), delivery
        )
        await service.start()
        self.started.append(service)
        return service

    async def stop_gracefully(self, service: UpscaleService) -> list[int]:
        """SIGTERM's path with no grace: running jobs go back to the queue."""
        self.started.remove(service)
        put_back = await stop_gracefully(service, grace_s=0)
        await service.storage.close()
        return put_back

    async def stop_all(self) -> None:
        for service in self.started:
            await service.stop()
            await service.storage.ledger.verify()
            await service.storage.close()


@pytest.fixture
async def remote_service(
    service_settings: Settings, redis: RedisServer
) -> AsyncIterator[RemoteService]:
    settings = service_settings.model_copy(deep=True)
    settings.queue.redis_url = SecretStr(redis.url)
    settings.queue.lease_s = LEASE_S
    settings.queue.heartbeat_s = HEARTBEAT_S
    settings.credits.starting_balance = STARTING_BALANCE
    settings.credits.max_queued_per_user = 10
    bots = RemoteService(settings)
    yield bots
    await bots.stop_all()


def place_of(service: UpscaleService) -> RemotePlace:
    assert isinstance(service.place, RemotePlace)
    return service.place


async def eventually(
    condition: Callable[[], bool], timeout_s: float, what: str, poll_s: float = 0.05
) -> None:
    async with asyncio.timeout(timeout_s):
        while not condition():
            await asyncio.sleep(poll_s)
    assert condition(), what


async def workers_ready(service: UpscaleService, *workers: WorkerProcess) -> None:
    place = place_of(service)
    names = {worker.name for worker in workers}

    def ready() -> bool:
        for worker in workers:
            assert worker.running, f"{worker.name} exited:\n{worker.log_tail()}"
        return {name.rsplit("-", 1)[0] for name in place.roster.workers} >= names

    await eventually(ready, WORKER_START_S, f"workers {names} announced themselves")


async def started_on(service: UpscaleService, job_id: int) -> str:
    """Wait until the engine is computing the job (past its first tiles); its worker."""

    def computing() -> bool:
        active = service.board.jobs.get(job_id)
        return active is not None and active.fraction > 0

    await eventually(computing, 120, f"job {job_id} computing")
    worker = place_of(service).worker_of(job_id)
    assert worker is not None
    return worker


async def wallet(service: UpscaleService, member: int) -> tuple[int, int]:
    found = await service.storage.ledger.wallet(GUILD, member)
    return found.balance, found.held


def image_size(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as image:
        return image.size


async def jobs_of(service: UpscaleService, ids: list[int]) -> list[Job]:
    return [await service.storage.jobs.get(job_id) for job_id in ids]


async def test_two_workers_run_twenty_jobs_in_fair_order_each_charged_once(
    cdn: Cdn, remote_service: RemoteService, start_worker: StartWorker, tmp_path: Path
):
    """5 members queue 4 jobs each, one member after the other; two workers take them in
    the fair queue's round-robin order, every job delivered and charged exactly once."""
    delivery = RecordingPresenter()
    service = await remote_service(delivery)
    service.pause()
    workers = start_worker("w1"), start_worker("w2")
    url = cdn.add("small.png", encoded(photo(32, 32)))
    ids = []
    for member in range(1, 6):
        for n in range(4):
            submitted = await service.request_upscale(
                upscale_request(
                    url, key=f"m{member}-{n}", member=member, message_id=1000 + member * 10 + n
                )
            )
            ids.append(submitted.job.id)
    await eventually(lambda: len(service.queue) == 20, 60, "all 20 jobs queued")
    fair_order = [queued.job_id for queued in service.queue.order()]
    owners = [queued.owner[1] for queued in service.queue.order()]
    assert owners == [1, 2, 3, 4, 5] * 4  # round robin, not first come first served
    await workers_ready(service, *workers)

    service.resume()
    await service.run_until_empty(timeout_s=300)

    jobs = await jobs_of(service, ids)
    assert {job.state for job in jobs} == {JobState.DELIVERED}
    assert [job.attempts for job in jobs] == [1] * 20
    dispatched = [job.id for job in sorted(jobs, key=lambda job: job.started_at or "")]
    assert dispatched == fair_order
    for member in range(1, 6):
        assert await wallet(service, member) == (STARTING_BALANCE - 4 * 3, 0)
    assert len(delivery.delivered) == 20
    assert {image_size(data) for _, _, data in delivery.delivered} == {(128, 128)}
    finished_by = place_of(service).collector.finished_by
    assert sorted(name.rsplit("-", 1)[0] for name in finished_by) == ["w1", "w2"]
    assert sum(finished_by.values()) == 20
    # The workers keep no file of a finished job.
    scratch = [path for path in (tmp_path / "scratch").rglob("*") if path.is_file()]
    assert scratch == []


async def test_a_killed_worker_s_job_finishes_on_the_other_charged_once(
    cdn: Cdn, remote_service: RemoteService, start_worker: StartWorker
):
    delivery = RecordingPresenter()
    service = await remote_service(delivery)
    first = start_worker("w1")
    await workers_ready(service, first)
    url = cdn.add("big.png", encoded(photo(256, 256)))
    job_id = (await service.request_upscale(upscale_request(url))).job.id
    assert (await started_on(service, job_id)).startswith("w1-")
    start_worker("w2")

    first.kill_all()
    await service.run_until_empty(timeout_s=300)

    job = await service.storage.jobs.get(job_id)
    assert job.state is JobState.DELIVERED
    assert job.attempts == 2  # the lost attempt counted
    assert await wallet(service, 1) == (STARTING_BALANCE - 3, 0)
    ((_, _, data),) = delivery.delivered
    assert image_size(data) == (1024, 1024)
    assert [name.rsplit("-", 1)[0] for name in place_of(service).collector.finished_by] == ["w2"]
    assert delivery.failures == []


async def test_a_paused_worker_s_late_result_is_discarded(
    cdn: Cdn, remote_service: RemoteService, start_worker: StartWorker
):
    """SIGSTOP past the lease: the job runs again elsewhere; when the paused worker wakes up
    and reports its result, that result is recognised by its old token and dropped."""
    delivery = RecordingPresenter()
    service = await remote_service(delivery)
    paused = start_worker("w1")
    await workers_ready(service, paused)
    url = cdn.add("big.png", encoded(photo(256, 256)))
    job_id = (await service.request_upscale(upscale_request(url))).job.id
    assert (await started_on(service, job_id)).startswith("w1-")

    paused.pause()
    start_worker("w2")
    await service.run_until_empty(timeout_s=300)
    assert len(delivery.delivered) == 1
    paused.resume()
    place = place_of(service)
    await eventually(lambda: place.discarded_results == 1, 120, "the late result arrived")
    await asyncio.sleep(1.0)  # anything else it might still send

    job = await service.storage.jobs.get(job_id)
    assert job.state is JobState.DELIVERED and job.attempts == 2
    assert len(delivery.delivered) == 1
    assert await wallet(service, 1) == (STARTING_BALANCE - 3, 0)
    versions = await service.storage.history.versions(500, 0)
    assert [v.job_id for v in versions] == [None, job_id]
    assert [name.rsplit("-", 1)[0] for name in place.collector.finished_by] == ["w2"]


async def test_workers_and_bot_come_back_after_redis_restarts(
    cdn: Cdn, remote_service: RemoteService, start_worker: StartWorker, redis: RedisServer
):
    delivery = RecordingPresenter()
    service = await remote_service(delivery)
    await workers_ready(service, start_worker("w1"), start_worker("w2"))
    url = cdn.add("medium.png", encoded(photo(128, 128)))
    ids = []
    for n in range(8):
        member = 1 + n % 4
        request = upscale_request(url, key=f"r{n}", member=member, message_id=2000 + n)
        ids.append((await service.request_upscale(request)).job.id)
    await eventually(lambda: len(delivery.delivered) >= 1, 180, "a first job delivered")

    await asyncio.to_thread(redis.restart)
    await service.run_until_empty(timeout_s=300)

    jobs = await jobs_of(service, ids)
    assert {job.state for job in jobs} <= {JobState.DELIVERED, JobState.FAILED}
    delivered = [job for job in jobs if job.state is JobState.DELIVERED]
    assert len(delivered) >= 1
    for member in range(1, 5):
        mine = [job for job in delivered if job.request.requester_id == member]
        assert await wallet(service, member) == (STARTING_BALANCE - 3 * len(mine), 0)
    assert sorted(job.id for job, _, _ in delivery.delivered) == sorted(j.id for j in delivered)
    for job in delivered:
        versions = await service.storage.history.versions(job.request.message_id, 0)
        assert [v.job_id for v in versions] == [None, job.id]
    assert len(delivered) + len(delivery.failures) == len(ids)


async def test_a_job_waits_for_a_worker_with_its_model(
    cdn: Cdn, remote_service: RemoteService, start_worker: StartWorker
):
    delivery = RecordingPresenter()
    service = await remote_service(delivery)
    await workers_ready(service, start_worker("x4-only", models="animevideo-x4"))
    url = cdn.add("small.png", encoded(photo(32, 32)))
    request = dataclasses.replace(upscale_request(url), model="animevideo-x2", scale=2)
    job_id = (await service.request_upscale(request)).job.id

    def told_why() -> bool:
        return any(update.no_worker_for == "animevideo-x2" for _, update in delivery.progress)

    await eventually(told_why, 60, "the member told why the job waits")
    update = next(u for _, u in delivery.progress if u.no_worker_for)
    assert ENGLISH.progress(update) == (
        "#1 in queue, waiting for a worker with the animevideo-x2 model"
    )
    await asyncio.sleep(3 * HEARTBEAT_S)
    assert (await service.storage.jobs.get(job_id)).state is JobState.QUEUED

    start_worker("x2", models="animevideo-x2")
    await service.run_until_empty(timeout_s=300)

    assert (await service.storage.jobs.get(job_id)).state is JobState.DELIVERED
    ((_, _, data),) = delivery.delivered
    assert image_size(data) == (64, 64)
    assert [name.rsplit("-", 1)[0] for name in place_of(service).collector.finished_by] == ["x2"]
    assert await wallet(service, 1) == (STARTING_BALANCE - 3, 0)


async def test_cancelling_a_job_on_a_remote_worker_stops_it_and_refunds(
    cdn: Cdn, remote_service: RemoteService, start_worker: StartWorker
):
    delivery = RecordingPresenter()
    service = await remote_service(delivery)
    await workers_ready(service, start_worker("w1"))
    url = cdn.add("big.png", encoded(photo(256, 256)))
    job_id = (await service.request_upscale(upscale_request(url))).job.id
    await started_on(service, job_id)

    await service.cancel(job_id)
    await service.run_until_empty(timeout_s=120)

    job = await service.storage.jobs.get(job_id)
    assert job.state is JobState.CANCELLED
    assert await wallet(service, 1) == (STARTING_BALANCE, 0)
    assert delivery.delivered == []
    ((_, told),) = delivery.failures
    assert "cancel" in told.lower()
    assert place_of(service).collector.finished_by == {}


async def test_after_a_restart_a_worker_drops_the_attempt_the_old_bot_gave_up(
    cdn: Cdn, remote_service: RemoteService, start_worker: StartWorker
):
    """The bot stops (SIGTERM) while a one-slot worker computes a job: the job goes back to
    the queue. The next bot does not know the worker's attempt, so it tells the worker to
    stop it instead of waiting for a result it would throw away; the job then runs again on
    that worker's freed slot, charged once, with no attempt spent on the stop."""
    delivery = RecordingPresenter()
    first = await remote_service(delivery)
    worker = start_worker("w1", slots=1)
    await workers_ready(first, worker)
    url = cdn.add("large.png", encoded(photo(512, 512)))
    job_id = (await first.request_upscale(upscale_request(url))).job.id
    await started_on(first, job_id)
    assert await remote_service.stop_gracefully(first) == [job_id]

    again = RecordingPresenter()
    second = await remote_service(again)
    await second.run_until_empty(timeout_s=300)

    job = await second.storage.jobs.get(job_id)
    assert (job.state, job.attempts) == (JobState.DELIVERED, 1)
    assert await wallet(second, 1) == (STARTING_BALANCE - 3, 0)
    ((_, _, data),) = again.delivered
    assert image_size(data) == (2048, 2048)
    # The old attempt was stopped, not computed to the end and thrown away.
    assert place_of(second).discarded_results == 0
    assert delivery.delivered == []
