"""Coalesced progress: at most one update per interval per job, and always the last one.

Discord allows about five edits per five seconds per channel; the engine reports every tile.
A :class:`ProgressCoalescer` keeps only the newest update and sends it when the interval has
passed, so members see a live meter without the bot hitting rate limits.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable

from bot.jobs.ports import ProgressUpdate

log = logging.getLogger(__name__)


class ProgressCoalescer:
    """Sends the newest :class:`ProgressUpdate` through ``send`` at most every ``interval_s``."""

    def __init__(
        self,
        send: Callable[[ProgressUpdate], Awaitable[None]],
        interval_s: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._send = send
        self._interval = interval_s
        self._clock = clock
        self._pending: ProgressUpdate | None = None
        self._last_sent = float("-inf")
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._closed = False
        self.sent = 0

    def submit(self, update: ProgressUpdate) -> None:
        """Remember ``update`` as the newest; the sender picks it up in time. Once closed,
        updates are ignored (the engine may report a tile after its job ended)."""
        if self._closed:
            return
        self._pending = update
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run())
        self._wake.set()

    async def _run(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            wait = self._last_sent + self._interval - self._clock()
            if wait > 0:
                await asyncio.sleep(wait)
            update, self._pending = self._pending, None
            if update is None:
                continue
            self._last_sent = self._clock()
            try:
                await self._send(update)
                self.sent += 1
            except Exception:
                log.warning("job %s: progress update failed", update.job_id, exc_info=True)

    async def close(self) -> None:
        """Stop sending, for good; a pending update is dropped (the final state replaces it)."""
        self._closed = True
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
