"""Jobs on engine processes of the bot's own host: the local
:class:`~bot.jobs.places.protocol.Place`.

Each engine process holds two jobs at once (one in the network, the next decoding beside it)
and computes one at a time, so a job's time limit counts from the moment the worker starts
it, not from when it was sent: the wait inside the worker is not its own time.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

from bot.jobs.fair_queue import QueuedJob
from bot.jobs.places.time_limit import within_time_limit
from bot.jobs.ports import FailureReason, JobFailure
from config import Settings
from engine.errors import WeightsNotFound
from engine.finished_run import FinishedRun
from engine.process.protocol import EngineFailure, WorkRequest
from engine.process.worker import EngineWorker
from storage.jobs import Job
from storage.store import Storage

log = logging.getLogger(__name__)

# Two jobs in each worker at once: one in the network, the next one decoding beside it.
SLOTS_PER_WORKER = 2


def failure_of(job_id: int, exc: EngineFailure) -> JobFailure:
    """What the member is told when the engine fails a job. A refusal's own sentence is for
    the member; an unexpected engine error (the host's: its disk, its memory) and where
    weights were looked for are for the log: they name the host's folders."""
    if exc.retryable:
        log.warning("job %s: engine failed: %s", job_id, exc.message)
    hidden = exc.retryable or exc.code == WeightsNotFound.code
    reason = FailureReason.ENGINE if exc.retryable else FailureReason.REFUSED
    return JobFailure(reason, exc.code, None if hidden else exc.message)


class EngineRuns:
    def __init__(self, settings: Settings, storage: Storage, worker: EngineWorker) -> None:
        self.settings = settings
        self.storage = storage
        self.worker = worker
        self.work_dir = settings.queue.work_dir or settings.storage.data_dir / "work"

    def clear_work_dir(self) -> None:
        """Scratch files of a previous run: nothing is in flight at start, so all go."""
        if self.work_dir.is_dir():
            for leftover in self.work_dir.iterdir():
                with contextlib.suppress(OSError):
                    leftover.unlink()

    def request_for(self, job: Job) -> WorkRequest:
        request = job.request
        return WorkRequest(
            job_id=job.id,
            input_path=str(self.storage.blobs.local_path(job.source_sha256 or "0" * 64)),
            output_dir=str(self.work_dir),
            upload_limit=request.upload_limit,
            model=request.model,
            scale=request.scale,
            mode=request.mode.value,
            options=dict(request.controls),
        )

    async def run(
        self,
        job: Job,
        on_start: Callable[[], None],
        on_progress: Callable[[int, int], None],
    ) -> FinishedRun:
        """The worker's result.

        Raises:
            JobTimedOut: past the limit (the worker is told to stop, and killed if it does not
                within a grace period; the other job in the worker is not charged an attempt).
            EngineFailure, WorkerCrashed: as :meth:`EngineWorker.run`.
        """
        started = asyncio.Event()

        def start() -> None:
            started.set()
            on_start()

        task = asyncio.ensure_future(self.worker.run(self.request_for(job), on_progress, start))
        try:
            return await within_time_limit(
                task,
                started,
                self.settings.queue.job_timeout_s,
                stop=lambda: self.worker.cancel(job.id),
                on_stuck=lambda: self.worker.kill(for_job=job.id),
            )
        except asyncio.CancelledError:
            task.cancel()  # the bot is stopping: nobody will read the worker's answer
            raise


class LocalPlace:
    """Engine worker processes on this host, :data:`SLOTS_PER_WORKER` jobs each."""

    def __init__(self, settings: Settings, storage: Storage, workers: list[EngineWorker]) -> None:
        assert workers, "at least one engine worker"
        self.workers = workers
        self.runs = [EngineRuns(settings, storage, worker) for worker in workers]
        self._busy = [0] * len(workers)
        self._watchers: list[Callable[[], None]] = []

    async def start(self) -> None:
        for worker in self.workers:
            await worker.start()
        await asyncio.to_thread(self.runs[0].clear_work_dir)

    async def stop(self) -> None:
        for worker in self.workers:
            await worker.stop()

    def can_take(self, job: QueuedJob) -> bool:
        return min(self._busy) < SLOTS_PER_WORKER

    def take(self, job: QueuedJob) -> LocalSlot:
        index = min(range(len(self._busy)), key=self._busy.__getitem__)
        self._busy[index] += 1
        return LocalSlot(self, index)

    def watch(self, callback: Callable[[], None]) -> None:
        self._watchers.append(callback)

    def missing_engine_for(self, job: QueuedJob) -> bool:
        return False  # a local worker loads any installed model on demand

    def cancel(self, job_id: int) -> bool:
        for worker in self.workers:
            if worker.has_job(job_id):
                worker.cancel(job_id)
                return True
        return False

    def abandon_running(self) -> None:
        for worker in self.workers:
            worker.kill()

    @property
    def alive(self) -> bool:
        return all(worker.alive for worker in self.workers)

    @property
    def restarts(self) -> int:
        return sum(worker.restarts for worker in self.workers)

    @property
    def gpu_memory_bytes(self) -> int | None:
        held = [m for worker in self.workers if (m := worker.gpu_memory_bytes) is not None]
        return sum(held) if held else None

    def _release(self, index: int) -> None:
        self._busy[index] -= 1
        for watcher in self._watchers:
            watcher()


class LocalSlot:
    def __init__(self, place: LocalPlace, index: int) -> None:
        self.place = place
        self.index = index
        self._released = False

    async def run(
        self, job: Job, on_start: Callable[[], None], on_progress: Callable[[int, int], None]
    ) -> FinishedRun:
        return await self.place.runs[self.index].run(job, on_start, on_progress)

    def release(self) -> None:
        if not self._released:
            self._released = True
            self.place._release(self.index)
