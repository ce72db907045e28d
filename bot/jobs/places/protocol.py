"""Where jobs run: the seam between the service and the engines.

A :class:`Place` offers free *slots*; the dispatcher gives each free slot the first job in the
fair queue's order that the slot can run, and the service runs the job through it. Two places
exist: engine processes on the bot's own host (:class:`~bot.jobs.places.local.LocalPlace`) and
workers on other machines reached through Redis
(:class:`~bot.jobs.places.remote.place.RemotePlace`); :class:`Places` puts several together. The
service's flow is the same whichever runs the job: a slot's run returns the engine's
:class:`~engine.finished_run.FinishedRun` or raises what the local worker raises.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from bot.jobs.fair_queue import QueuedJob
from engine.finished_run import FinishedRun
from storage.jobs import Job

StartHandler = Callable[[], None]
ProgressHandler = Callable[[int, int], None]


class Slot(Protocol):
    """Room for one job on one engine, taken by the dispatcher for one job."""

    async def run(
        self, job: Job, on_start: StartHandler, on_progress: ProgressHandler
    ) -> FinishedRun:
        """Run the job; ``on_start`` when the engine begins computing it (its time limit
        counts from there), ``on_progress(done, total)`` as it goes.

        Raises:
            EngineFailure: the engine refused or failed the job (code ``cancelled`` when
                cancelled).
            WorkerCrashed: the engine or its worker went away; ``bystander`` when the job
                is not to blame (no attempt is spent).
            JobTimedOut: it ran past the job time limit and was stopped.
        """
        ...

    def release(self) -> None:
        """The run is over, or never happened: the slot's room is free again."""


class Place(Protocol):
    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    def can_take(self, job: QueuedJob) -> bool:
        """Whether a free slot here can run ``job`` now (no side effect)."""
        ...

    def take(self, job: QueuedJob) -> Slot:
        """Take the free slot that runs ``job``; only right after :meth:`can_take` said so."""
        ...

    def watch(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` whenever slots may have become free (or workers came or went)."""

    def missing_engine_for(self, job: QueuedJob) -> bool:
        """True when nothing connected here could ever run ``job`` (say, no worker has its
        model): the member is told why the job waits."""
        ...

    def cancel(self, job_id: int) -> bool:
        """Ask the engine running ``job_id`` to stop it (its run then ends with code
        ``cancelled``); False when no engine here holds it."""
        ...

    def abandon_running(self) -> None:
        """The bot is stopping and its running jobs went back to the queue: drop their work
        without waiting for it to wind down."""

    @property
    def alive(self) -> bool:
        """Whether jobs can reach an engine here (health checks)."""
        ...

    @property
    def restarts(self) -> int:
        """Times an engine process here was started again after it died."""
        ...

    @property
    def gpu_memory_bytes(self) -> int | None:
        """GPU memory the engines on this host hold; None without CUDA here."""
        ...


class Places:
    """Several places as one: a job goes to the first that can take it."""

    def __init__(self, places: Sequence[Place]) -> None:
        assert places, "at least one place to run jobs"
        self.places = list(places)

    async def start(self) -> None:
        for place in self.places:
            await place.start()

    async def stop(self) -> None:
        for place in self.places:
            await place.stop()

    def can_take(self, job: QueuedJob) -> bool:
        return any(place.can_take(job) for place in self.places)

    def take(self, job: QueuedJob) -> Slot:
        return next(place for place in self.places if place.can_take(job)).take(job)

    def watch(self, callback: Callable[[], None]) -> None:
        for place in self.places:
            place.watch(callback)

    def missing_engine_for(self, job: QueuedJob) -> bool:
        return all(place.missing_engine_for(job) for place in self.places)

    def cancel(self, job_id: int) -> bool:
        return any(place.cancel(job_id) for place in self.places)

    def abandon_running(self) -> None:
        for place in self.places:
            place.abandon_running()

    @property
    def alive(self) -> bool:
        # One place out (Redis down) still leaves the others running jobs.
        return any(place.alive for place in self.places)

    @property
    def restarts(self) -> int:
        return sum(place.restarts for place in self.places)

    @property
    def gpu_memory_bytes(self) -> int | None:
        held = [m for place in self.places if (m := place.gpu_memory_bytes) is not None]
        return sum(held) if held else None
