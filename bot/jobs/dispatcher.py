"""Hands queued jobs to free slots: in the fair queue's order, each job to a slot that can run
it (a worker that has its model), and only as slots free up, so fairness stays with the bot.

A slot belongs to the task that runs its job and comes back however that task ends. Pausing
stops new hand-outs (running jobs finish); requests are still accepted meanwhile.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from bot.jobs.fair_queue import FairQueue, QueuedJob
from bot.jobs.places.protocol import Place, Slot

log = logging.getLogger(__name__)

STUMBLE_PAUSE_S = 0.1


class Dispatcher:
    """``launch(job, slot)`` starts a job's run; ``on_change()`` is called after every wake-up
    that handed nothing out (waiting members may have a new reason to wait)."""

    def __init__(
        self,
        queue: FairQueue,
        place: Place,
        launch: Callable[[QueuedJob, Slot], None],
        on_change: Callable[[], None],
    ) -> None:
        self.queue = queue
        self.place = place
        self.launch = launch
        self.on_change = on_change
        self._running = asyncio.Event()
        self._running.set()
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stumbled = False
        queue.watch(self._wake.set)
        place.watch(self._wake.set)

    def start(self) -> None:
        self._task = asyncio.create_task(self._forever(), name="dispatcher")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            except Exception:  # stopping must go on: the service still has to close
                log.exception("the dispatcher had stopped on an error")
            self._task = None

    def pause(self) -> None:
        self._running.clear()

    def resume(self) -> None:
        self._running.set()
        self._wake.set()

    async def _forever(self) -> None:
        while True:
            await self._running.wait()
            # Cleared before looking, so a job or a slot arriving meanwhile is not missed.
            self._wake.clear()
            if self.dispatch_ready():
                continue
            if self._stumbled:
                self._stumbled = False
                await asyncio.sleep(STUMBLE_PAUSE_S)  # never a hot loop on a failing take
            await self._wake.wait()
            self.on_change()

    def dispatch_ready(self) -> int:
        """Give every free slot its job now; returns how many were handed out."""
        handed = 0
        while self._running.is_set():
            queued = self.queue.take_first(self.place.can_take)
            if queued is None:
                break
            try:
                slot = self.place.take(queued)
            except Exception:
                # The slot went between looking and taking (a worker fell silent): the job
                # keeps its place, and the next wake-up looks again.
                log.warning("job %s: its slot went before it was taken", queued.job_id)
                self.queue.put(queued, force=True)
                self._stumbled = True
                break
            self.launch(queued, slot)
            handed += 1
        return handed
