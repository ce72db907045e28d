"""A place that runs jobs as a script says, with no engine: for the service's own tests
(queueing, attempts, refunds, delivery, time limits), which then run without torch.

Each run takes the next :class:`Cue` (a plain result when the script is empty). A result is a
real PNG: the job's input read from the blob store and enlarged by the job's scale, so the
service keeps and delivers it as it would an engine's. A run that outlives the job time limit
is stopped through the same :func:`~bot.jobs.places.time_limit.within_time_limit` the real
places use, so a ``hang`` cue ends the way a stuck engine does.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from PIL import Image

from bot.jobs.fair_queue import QueuedJob
from bot.jobs.places.protocol import ProgressHandler, StartHandler
from bot.jobs.places.time_limit import within_time_limit
from engine.finished_run import FinishedRun, OutputFile
from engine.process.protocol import EngineFailure, WorkerCrashed
from storage.jobs import Job
from storage.store import Storage

Outcome = Literal["result", "crash", "refuse", "fail", "hang"]
PROGRESS_STEPS = 4


@dataclass(frozen=True)
class Cue:
    """What one run does. ``outcome``: ``result`` (a PNG), ``crash`` (the engine went away),
    ``refuse`` (the engine refuses the input: ``code``/``message`` for the member), ``fail``
    (an engine error of the host's own, retried) or ``hang`` (never ends; only the time limit
    or a cancel stops it). ``seconds``: how long it computes first, reporting progress;
    ``hold``: it waits for this event before its outcome (a run that stays running on cue).
    ``message_id``: only the job for this message plays it (two jobs queued together may
    start in either order: their downloads race)."""

    outcome: Outcome = "result"
    seconds: float = 0.0
    hold: asyncio.Event | None = None
    message_id: int | None = None
    code: str = "not_an_image"
    message: str = "The engine refused this file."


class FakePlace:
    """``slots`` jobs at once; ``cues`` in the order runs start. ``started`` records each
    run's job id, ``restarts`` counts crashes, ``missing_models`` are never runnable here."""

    def __init__(
        self,
        storage: Storage,
        work_dir: Path,
        *,
        limit_s: float,
        slots: int = 1,
        cues: list[Cue] | None = None,
    ) -> None:
        self.storage = storage
        self.work_dir = work_dir
        self.limit_s = limit_s
        self.slots = slots
        self.cues: collections.deque[Cue] = collections.deque(cues or [])
        self.started: list[int] = []
        self.missing_models: set[str] = set()
        self.restarts = 0
        self.busy = 0
        self._cancels: dict[int, asyncio.Event] = {}
        self._watchers: list[Callable[[], None]] = []

    def script(self, *cues: Cue) -> None:
        """The next runs do these, in order."""
        self.cues.extend(cues)

    async def start(self) -> None:
        self.work_dir.mkdir(parents=True, exist_ok=True)

    async def stop(self) -> None:
        for cancel in self._cancels.values():
            cancel.set()

    def can_take(self, job: QueuedJob) -> bool:
        return self.busy < self.slots and not self.missing_engine_for(job)

    def take(self, job: QueuedJob) -> FakeSlot:
        self.busy += 1
        return FakeSlot(self)

    def watch(self, callback: Callable[[], None]) -> None:
        self._watchers.append(callback)

    def missing_engine_for(self, job: QueuedJob) -> bool:
        return job.model in self.missing_models

    def cancel(self, job_id: int) -> bool:
        cancel = self._cancels.get(job_id)
        if cancel is None:
            return False
        cancel.set()
        return True

    def abandon_running(self) -> None:
        for cancel in self._cancels.values():
            cancel.set()

    @property
    def alive(self) -> bool:
        return True

    @property
    def gpu_memory_bytes(self) -> int | None:
        return None

    def _cue_for(self, job: Job) -> Cue:
        for cue in self.cues:
            if cue.message_id in (None, job.request.message_id):
                self.cues.remove(cue)
                return cue
        return Cue()

    def _release(self) -> None:
        self.busy -= 1
        for watcher in self._watchers:
            watcher()

    async def run(
        self, job: Job, on_start: StartHandler, on_progress: ProgressHandler
    ) -> FinishedRun:
        cue = self._cue_for(job)
        cancel = self._cancels[job.id] = asyncio.Event()
        started = asyncio.Event()
        outcome = asyncio.ensure_future(
            self._play(job, cue, cancel, started, on_start, on_progress)
        )
        try:
            return await within_time_limit(outcome, started, self.limit_s, stop=cancel.set)
        finally:
            outcome.cancel()
            del self._cancels[job.id]

    async def _play(
        self,
        job: Job,
        cue: Cue,
        cancel: asyncio.Event,
        started: asyncio.Event,
        on_start: StartHandler,
        on_progress: ProgressHandler,
    ) -> FinishedRun:
        self.started.append(job.id)
        started.set()
        on_start()
        for step in range(1, PROGRESS_STEPS + 1):
            await _unless_cancelled(asyncio.sleep(cue.seconds / PROGRESS_STEPS), cancel)
            on_progress(step, PROGRESS_STEPS)
        if cue.hold is not None:
            await _unless_cancelled(cue.hold.wait(), cancel)
        if cue.outcome == "hang":
            await _unless_cancelled(asyncio.Event().wait(), cancel)
        if cue.outcome == "crash":
            self.restarts += 1
            raise WorkerCrashed(-9)
        if cue.outcome == "refuse":
            raise EngineFailure(cue.code, cue.message, False)
        if cue.outcome == "fail":
            raise EngineFailure("internal", "the scripted engine failed", True)
        return await asyncio.to_thread(self._write_result, job)

    def _write_result(self, job: Job) -> FinishedRun:
        """The input enlarged by the job's scale, written as the engine writes its result."""
        source = self.storage.blobs.local_path(job.source_sha256 or "0" * 64)
        with Image.open(source) as image:
            width, height = image.size
            scale = job.request.scale
            result = image.convert("RGB").resize((width * scale, height * scale))
        buffer = io.BytesIO()
        result.save(buffer, format="PNG")
        path = self.work_dir / f"{job.id}-{len(self.started)}.png"
        path.write_bytes(buffer.getvalue())
        written = OutputFile(
            path=str(path),
            format="png",
            extension="png",
            bytes=len(buffer.getvalue()),
            width=result.width,
            height=result.height,
        )
        return FinishedRun(
            model=job.request.model,
            device="scripted",
            precision="fp32",
            input_width=width,
            input_height=height,
            kept=written,
            upload=written,
            timings={"upscale": 0.0},
        )


class FakeSlot:
    def __init__(self, place: FakePlace) -> None:
        self.place = place
        self._released = False

    async def run(
        self, job: Job, on_start: StartHandler, on_progress: ProgressHandler
    ) -> FinishedRun:
        return await self.place.run(job, on_start, on_progress)

    def release(self) -> None:
        if not self._released:
            self._released = True
            self.place._release()


async def _unless_cancelled(
    waiting: collections.abc.Awaitable[object], cancel: asyncio.Event
) -> None:
    """Wait for ``waiting``; a cancel first ends the run the way the engine ends a cancelled job."""
    work = asyncio.ensure_future(waiting)
    stopper = asyncio.ensure_future(cancel.wait())
    try:
        await asyncio.wait([work, stopper], return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in (work, stopper):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
    if cancel.is_set():
        raise EngineFailure("cancelled", "cancelled", False)
