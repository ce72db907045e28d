"""What members see while their jobs wait and run: one coalesced progress feed per job, the
queue positions with estimates, and how far each running job has got."""

from __future__ import annotations

from dataclasses import dataclass

from bot.delivery import Delivery, ProgressUpdate
from bot.progress import ProgressCoalescer
from engine.queue import FairQueue, Throughput
from storage.jobs import Job, JobState
from storage.store import Storage


@dataclass(slots=True)
class ActiveJob:
    """What the service holds in memory about a job it is working on."""

    job_id: int
    progress: ProgressCoalescer
    megapixels: float = 0.0
    model: str = ""
    started: float | None = None
    fraction: float = 0.0


class JobBoard:
    def __init__(self, storage: Storage, delivery: Delivery, interval_s: float) -> None:
        self.storage = storage
        self.delivery = delivery
        self.interval_s = interval_s
        self.jobs: dict[int, ActiveJob] = {}

    def __len__(self) -> int:
        return len(self.jobs)

    def track(self, job: Job) -> ActiveJob:
        """The job's entry, created on first use with its own progress feed."""
        active = self.jobs.get(job.id)
        if active is None:

            async def send(update: ProgressUpdate, job_id: int = job.id) -> None:
                current = await self.storage.jobs.get(job_id)
                if current.state in (JobState.QUEUED, JobState.RUNNING):
                    await self.delivery.show_progress(current, update)

            active = ActiveJob(job.id, ProgressCoalescer(send, self.interval_s))
            self.jobs[job.id] = active
        return active

    def preparing(self, queue: FairQueue) -> int:
        """Jobs accepted but not yet in the queue (downloading)."""
        return sum(1 for a in self.jobs.values() if a.job_id not in queue and a.started is None)

    def announce(self, queue: FairQueue, throughput: Throughput) -> None:
        """Tell every waiting job its place and an estimate (what runs now, plus the line)."""
        running_s = sum(
            max(0.0, throughput.seconds_for(a.model, a.megapixels) * (1 - a.fraction))
            for a in self.jobs.values()
            if a.started is not None
        )
        elapsed = 0.0
        for position, queued in enumerate(queue.order(), start=1):
            elapsed += throughput.seconds_for(queued.model, queued.megapixels)
            active = self.jobs.get(queued.job_id)
            if active is not None:
                active.progress.submit(
                    ProgressUpdate(queued.job_id, "queued", 0.0, position, running_s + elapsed)
                )

    async def quiet(self, job_id: int) -> None:
        """Stop the job's progress feed (its final state replaces the meter)."""
        active = self.jobs.get(job_id)
        if active is not None:
            await active.progress.close()

    def forget(self, job_id: int) -> None:
        self.jobs.pop(job_id, None)

    async def close(self) -> None:
        for active in self.jobs.values():
            await active.progress.close()
