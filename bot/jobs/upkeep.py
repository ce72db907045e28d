"""Background rounds that keep a long-running bot healthy: results that could not be shown are
tried again, and the blob store is swept."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from bot.jobs.retention import sweep_blobs
from config import Settings
from storage.store import Storage

log = logging.getLogger(__name__)


class Upkeep:
    def __init__(
        self, settings: Settings, storage: Storage, redeliver: Callable[[], Awaitable[int]]
    ) -> None:
        self.settings = settings
        self.storage = storage
        self.redeliver = redeliver
        self._tasks: list[asyncio.Task[None]] = []

    def start(self) -> None:
        self._tasks = [
            asyncio.create_task(self._redeliver_forever(), name="redelivery"),
            asyncio.create_task(self._sweep_forever(), name="blob-sweep"),
        ]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []

    async def _redeliver_forever(self) -> None:
        while True:
            await asyncio.sleep(self.settings.queue.redelivery_interval_s)
            try:
                await self.redeliver()
            except Exception:
                log.warning("redelivery round failed", exc_info=True)

    async def _sweep_forever(self) -> None:
        while True:
            try:
                await sweep_blobs(self.settings, self.storage)
            except Exception:
                log.warning("blob sweep failed", exc_info=True)
            await asyncio.sleep(self.settings.storage.sweep_interval_s)
