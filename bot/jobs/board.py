"""What members see while their jobs wait and run: one coalesced progress feed per job, and the
one estimate of when each waiting job will be done, used by every screen."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from bot.jobs.fair_queue import FairQueue, Owner, QueuedJob, Throughput
from bot.jobs.ports import Presenter, ProgressUpdate
from bot.jobs.progress import ProgressCoalescer
from storage.jobs import Job, JobState
from storage.store import Storage

# The size assumed for a job whose image has not been measured yet (still downloading).
TYPICAL_MEGAPIXELS = 1.0


@dataclass(slots=True)
class ActiveJob:
    """What the service holds in memory about a job it is working on."""

    job_id: int
    owner: Owner
    progress: ProgressCoalescer
    megapixels: float = 0.0
    model: str = ""
    started: float | None = None
    fraction: float = 0.0


@dataclass(frozen=True, slots=True)
class Waiting:
    """A waiting job's place in line and the seconds until it is done."""

    job_id: int
    owner: Owner
    model: str
    position: int
    eta_s: float
    no_engine: bool = False  # no connected engine can run it (no worker has its model)


class JobBoard:
    def __init__(
        self,
        storage: Storage,
        presenter: Presenter,
        queue: FairQueue,
        throughput: Throughput,
        interval_s: float,
        missing_engine_for: Callable[[QueuedJob], bool] = lambda _: False,
    ) -> None:
        self.storage = storage
        self.presenter = presenter
        self.queue = queue
        self.throughput = throughput
        self.interval_s = interval_s
        self.missing_engine_for = missing_engine_for
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
                    await self.presenter.show_progress(current, update)

            owner = (job.request.guild_id, job.request.requester_id)
            active = ActiveJob(job.id, owner, ProgressCoalescer(send, self.interval_s))
            active.model = job.request.model
            self.jobs[job.id] = active
        return active

    def preparing(self) -> int:
        """Jobs accepted but not yet in the queue (downloading)."""
        return sum(
            1 for a in self.jobs.values() if a.job_id not in self.queue and a.started is None
        )

    def running(self) -> list[ActiveJob]:
        return [a for a in self.jobs.values() if a.started is not None]

    def waiting(self) -> list[Waiting]:
        """Every waiting job in the order it will run, with its estimate: what runs now (the
        part not yet done), plus the line ahead of it, plus itself."""
        elapsed = self._running_s()
        line = []
        for position, queued in enumerate(self.queue.order(), start=1):
            elapsed += self.throughput.seconds_for(queued.model, queued.megapixels)
            line.append(
                Waiting(
                    queued.job_id,
                    queued.owner,
                    queued.model,
                    position,
                    elapsed,
                    self.missing_engine_for(queued),
                )
            )
        return line

    def run_seconds(self, model: str, width: int, height: int) -> float:
        """How long an upscale of this size would take once it runs."""
        return self.throughput.seconds_for(model, width * height / 1e6)

    def _running_s(self) -> float:
        """What is left of the jobs the engine is working on."""
        return sum(
            max(0.0, self.throughput.seconds_for(a.model, a.megapixels) * (1 - a.fraction))
            for a in self.running()
        )

    def place(self, job_id: int) -> Waiting | None:
        """The job's place and estimate, or None when it is not waiting. A job still being
        downloaded is placed behind the line and the other downloads confirmed before it."""
        line = self.waiting()
        queued = next((w for w in line if w.job_id == job_id), None)
        active = self.jobs.get(job_id)
        if queued is not None or active is None or active.started is not None:
            return queued
        ahead = sorted(
            a.job_id
            for a in self.jobs.values()
            if a.started is None and a.job_id not in self.queue and a.job_id < job_id
        )
        megapixels = active.megapixels or TYPICAL_MEGAPIXELS
        elapsed = (line[-1].eta_s if line else self._running_s()) + sum(
            self.throughput.seconds_for(self.jobs[i].model, TYPICAL_MEGAPIXELS) for i in ahead
        )
        return Waiting(
            job_id,
            active.owner,
            active.model,
            len(line) + len(ahead) + 1,
            elapsed + self.throughput.seconds_for(active.model, megapixels),
        )

    def elapsed_s(self, job_id: int) -> float | None:
        """Seconds since the engine started the job, or None when it is not running."""
        active = self.jobs.get(job_id)
        if active is None or active.started is None:
            return None
        return time.perf_counter() - active.started

    def announce(self) -> None:
        """Tell every waiting job its place and estimate."""
        for waiting in self.waiting():
            active = self.jobs.get(waiting.job_id)
            if active is not None:
                missing = waiting.model if waiting.no_engine else None
                active.progress.submit(
                    ProgressUpdate(
                        waiting.job_id, "queued", 0.0, waiting.position, waiting.eta_s, missing
                    )
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
