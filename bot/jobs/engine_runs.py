"""One job through the engine worker, within the job time limit.

The limit counts from the moment the worker starts the job, not from when it was sent: the
worker holds two jobs at once but computes one at a time, so the second one's wait inside the
worker is not its own time.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

from bot.jobs.ports import FailureReason, JobFailure
from bot.jobs.results import remove_work_files
from config import Settings
from engine.errors import WeightsNotFound
from engine.worker import EngineFailure, EngineWorker, WorkerCrashed, WorkRequest, WorkResult
from storage.jobs import Job
from storage.store import Storage

log = logging.getLogger(__name__)

CANCEL_GRACE_S = 10.0


class JobTimedOut(Exception):
    """The engine worked on the job longer than the limit; it was stopped."""

    def __init__(self, limit_s: float) -> None:
        self.limit_s = limit_s
        super().__init__(f"the job ran longer than {limit_s:.0f} s")


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
    ) -> WorkResult:
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
            return await self._within_limit(job, task, started)
        except asyncio.CancelledError:
            task.cancel()  # the bot is stopping: nobody will read the worker's answer
            raise

    async def _within_limit(
        self, job: Job, task: asyncio.Future[WorkResult], started: asyncio.Event
    ) -> WorkResult:
        waiter = asyncio.ensure_future(started.wait())
        either: set[asyncio.Future[Any]] = {task, waiter}
        try:
            await asyncio.wait(either, return_when=asyncio.FIRST_COMPLETED)
        finally:
            waiter.cancel()
        if task.done():
            return task.result()
        limit = self.settings.queue.job_timeout_s
        try:
            return await asyncio.wait_for(asyncio.shield(task), limit)
        except TimeoutError:
            await self._stop(job.id, task)
            raise JobTimedOut(limit) from None

    async def _stop(self, job_id: int, task: asyncio.Future[WorkResult]) -> None:
        self.worker.cancel(job_id)
        try:
            late = await asyncio.wait_for(asyncio.shield(task), CANCEL_GRACE_S)
        except (TimeoutError, EngineFailure, WorkerCrashed):
            if not task.done():
                self.worker.kill(for_job=job_id)
                with contextlib.suppress(Exception):
                    await task
            return
        await remove_work_files(late)  # finished within the grace: too late all the same
