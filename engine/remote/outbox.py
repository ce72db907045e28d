"""A worker's messages to the bot, in order: whatever waits goes in one round trip, reliable
messages are retried until Redis takes them, and progress is dropped while Redis is away."""

from __future__ import annotations

import asyncio
import contextlib

import redis.asyncio as aioredis

from engine.remote.protocol import EVENTS_MAXLEN, Message, encode
from engine.remote.redis_link import LINK_ERRORS, Backoff

BATCH = 100


class Outbox:
    def __init__(self, redis: aioredis.Redis, stream: str) -> None:
        self.redis = redis
        self.stream = stream
        self.closing = False
        self._queue: asyncio.Queue[tuple[Message, bool]] = asyncio.Queue()

    def put(self, message: Message, *, reliable: bool = True) -> None:
        self._queue.put_nowait((message, reliable))

    async def flush(self, timeout_s: float) -> None:
        """Wait until everything queued was sent, or ``timeout_s``."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout_s):
                await self._queue.join()

    async def send_forever(self) -> None:
        backoff = Backoff()
        while not self.closing:
            # Whatever is waiting goes in one round trip (a result and the next ask, say).
            batch = [await self._queue.get()]
            while not self._queue.empty() and len(batch) < BATCH:
                batch.append(self._queue.get_nowait())
            taken = len(batch)
            try:
                while batch and not self.closing:
                    try:
                        pipe = self.redis.pipeline(transaction=False)
                        for message, _ in batch:
                            pipe.xadd(
                                self.stream,
                                encode(message),  # type: ignore[arg-type]
                                maxlen=EVENTS_MAXLEN,
                                approximate=True,
                            )
                        await pipe.execute()
                    except LINK_ERRORS as exc:
                        batch = [(message, reliable) for message, reliable in batch if reliable]
                        await backoff.wait("send", exc)
                        continue
                    backoff.succeeded("send")
                    break
            finally:
                for _ in range(taken):
                    self._queue.task_done()
