"""The bot's side of the Redis streams it shares with remote workers: the events stream, read
in bounded batches by one loop that survives Redis going away, and each worker's inbox, which
the bot writes assignments and cancels into (inboxes expire, so one that nobody reads does not
stay behind for long)."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable

import redis.asyncio as aioredis

from engine.remote.protocol import BOT_GROUP, INBOX_MAXLEN, Message, RedisKeys, encode
from engine.remote.redis_link import (
    LINK_ERRORS,
    Backoff,
    GroupLost,
    RedisError,
    ensure_group,
    read_group,
)

log = logging.getLogger(__name__)

CONSUMER = "bot"
READ_BATCH = 100  # events read (and handled on the loop) at once


class EventReader:
    """Hands every message on the events stream to ``handle``, a batch at a time.

    ``link_down`` is true while Redis does not answer; ``behind`` while a full batch was just
    read (more is waiting); ``on_reconnected`` runs when Redis answers again.
    """

    def __init__(
        self,
        redis: aioredis.Redis,
        keys: RedisKeys,
        handle: Callable[[Message], None],
        on_reconnected: Callable[[], None],
    ) -> None:
        self.redis = redis
        self.events = keys.events
        self.handle = handle
        self.on_reconnected = on_reconnected
        self.link_down = False
        self.behind = False
        self.stopping = False

    async def read_forever(self) -> None:
        backoff = Backoff()
        events = self.events
        pending = True  # first, what an earlier run of the bot read but did not acknowledge
        while not self.stopping:
            try:
                if pending:
                    await ensure_group(self.redis, events, BOT_GROUP)
                entries = await read_group(
                    self.redis, events, BOT_GROUP, CONSUMER, count=READ_BATCH, pending=pending
                )
            except GroupLost:
                log.warning("Redis lost the job streams (restarted?); workers will ask again")
                continue
            except (*LINK_ERRORS, RedisError) as exc:
                self.link_down = True
                await backoff.wait("dispatch", exc)
                continue
            if backoff.succeeded("dispatch"):
                self.link_down = False
                self.on_reconnected()
            pending = pending and bool(entries)
            # A full batch: more is waiting. Heartbeats in that backlog are not the workers'
            # lateness, so nobody is judged silent until it is read (junk cannot evict them).
            self.behind = len(entries) >= READ_BATCH
            for _, message in entries:
                if message is not None:
                    try:
                        self.handle(message)
                    except Exception:  # one bad message must not stop the bot hearing workers
                        log.exception("remote message %r not handled", message)
            if entries:
                with contextlib.suppress(*LINK_ERRORS, RedisError):
                    await self.redis.xack(events, BOT_GROUP, *[e for e, _ in entries])


class Inboxes:
    """Writes to workers' inboxes; each write renews the inbox's expiry."""

    def __init__(self, redis: aioredis.Redis, keys: RedisKeys, ttl_s: int) -> None:
        self.redis = redis
        self.keys = keys
        self.ttl_s = ttl_s

    def add(self, pipe: aioredis.client.Pipeline, worker: str, message: Message) -> None:
        """Queue the write on ``pipe`` (to go in the same round trip as other writes)."""
        inbox = self.keys.inbox(worker)
        pipe.xadd(inbox, encode(message), maxlen=INBOX_MAXLEN, approximate=True)  # type: ignore[arg-type]
        pipe.expire(inbox, self.ttl_s)

    async def send(self, worker: str, message: Message) -> None:
        pipe = self.redis.pipeline(transaction=False)
        self.add(pipe, worker, message)
        await pipe.execute()
