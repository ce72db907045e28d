"""Hands waiting jobs to the engine in the fair queue's order, one per free worker slot.

A slot belongs to the task that runs its job and comes back however that task ends. Pausing
stops new hand-outs (running jobs finish); requests are still accepted meanwhile.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable

from bot.jobs.fair_queue import FairQueue, QueuedJob


class Dispatcher:
    def __init__(
        self,
        queue: FairQueue,
        slots: int,
        run: Callable[[int], asyncio.Task[None]],
        on_dispatch: Callable[[], None],
    ) -> None:
        self.queue = queue
        self._slots = asyncio.Semaphore(slots)
        self._run = run
        self._on_dispatch = on_dispatch
        self._running = asyncio.Event()
        self._running.set()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._forever(), name="dispatcher")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def pause(self) -> None:
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    async def _forever(self) -> None:
        while True:
            await self._slots.acquire()
            try:
                queued = await self._next_job()
            except BaseException:
                self._slots.release()
                raise
            task = self._run(queued.job_id)
            task.add_done_callback(lambda _: self._slots.release())
            self._on_dispatch()

    async def _next_job(self) -> QueuedJob:
        """The next job in fair order, once there is one and dispatching is not paused."""
        while True:
            await self._running.wait()
            await self.queue.wait_available()
            if self._running.is_set() and (queued := self.queue.get_nowait()) is not None:
                return queued
