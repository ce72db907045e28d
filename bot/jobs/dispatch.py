"""Handing queued jobs to free slots: in the fair queue's order, each job to a slot that can run
it (a worker that has its model), and only as slots free up, so fairness stays with the bot."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from bot.jobs.fair_queue import FairQueue, QueuedJob
from bot.jobs.places import Place, Slot


class Dispatcher:
    """``launch(job, slot)`` starts a job's run; ``on_change()`` is called after every wake-up
    that handed nothing out (waiting members may have a new reason to wait)."""

    def __init__(
        self,
        queue: FairQueue,
        place: Place,
        running: asyncio.Event,
        launch: Callable[[QueuedJob, Slot], None],
        on_change: Callable[[], None],
    ) -> None:
        self.queue = queue
        self.place = place
        self.running = running
        self.launch = launch
        self.on_change = on_change
        self._wake = asyncio.Event()
        queue.watch(self._wake.set)
        place.watch(self._wake.set)

    async def run_forever(self) -> None:
        while True:
            await self.running.wait()
            # Cleared before looking, so a job or a slot arriving meanwhile is not missed.
            self._wake.clear()
            if self.dispatch_ready():
                continue
            await self._wake.wait()
            self.on_change()

    def dispatch_ready(self) -> int:
        """Give every free slot its job now; returns how many were handed out."""
        handed = 0
        while self.running.is_set():
            queued = self.queue.take_first(self.place.can_take)
            if queued is None:
                break
            self.launch(queued, self.place.take(queued))
            handed += 1
        return handed
