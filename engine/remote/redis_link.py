"""The Redis connection both sides use: timeouts that notice a dead server, consumer groups
that come back after Redis lost its data, and the backoff between reconnection attempts."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import cast

import redis.asyncio as aioredis
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError, ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError

from engine.remote.protocol import MalformedMessage, Message, decode, encode

log = logging.getLogger(__name__)

# A blocking read returns at least this often, so stopping and reconnecting stay prompt.
BLOCK_MS = 1000
# A socket silent this long is dead (a half-open connection after a network loss).
SOCKET_TIMEOUT_S = 10.0
BACKOFF_FIRST_S = 0.1
BACKOFF_MAX_S = 2.0

# Errors after which the connection is retried: the server is down, restarting or unreachable.
LINK_ERRORS = (RedisConnectionError, RedisTimeoutError, OSError)

Entry = tuple[bytes, Message | None]


def connect(url: str) -> aioredis.Redis:
    """A client for ``url`` (``redis://`` or ``rediss://`` for TLS; a password goes in the URL).

    Connections are made on first use; commands are retried a few times on connection errors
    before the error reaches the caller, who then backs off and tries again.
    """
    return aioredis.Redis.from_url(
        url,
        protocol=2,  # the reply shapes :func:`read_group` parses
        socket_connect_timeout=5.0,
        socket_timeout=SOCKET_TIMEOUT_S,
        socket_keepalive=True,
        health_check_interval=15,
        retry=Retry(ExponentialBackoff(cap=BACKOFF_MAX_S, base=BACKOFF_FIRST_S), 3),
        retry_on_error=[RedisConnectionError, RedisTimeoutError],
    )


@dataclass(slots=True)
class Backoff:
    """Growing pauses between reconnection attempts, reset by a success."""

    delay_s: float = BACKOFF_FIRST_S
    failing: bool = False

    async def wait(self, what: str, exc: BaseException) -> None:
        if not self.failing:
            log.warning("%s: Redis unreachable (%s); retrying", what, exc)
        self.failing = True
        await asyncio.sleep(self.delay_s)
        self.delay_s = min(self.delay_s * 2, BACKOFF_MAX_S)

    def succeeded(self, what: str) -> bool:
        """Record a success; True when it ends an outage (the caller may need to catch up)."""
        recovered = self.failing
        if recovered:
            log.info("%s: Redis reachable again", what)
        self.failing = False
        self.delay_s = BACKOFF_FIRST_S
        return recovered


async def ensure_group(client: aioredis.Redis, stream: str, group: str) -> None:
    """Create the consumer group (and the stream) unless it exists. A new group reads the
    stream from its start: entries added while Redis was without the group are not lost."""
    try:
        await client.xgroup_create(stream, group, id="0", mkstream=True)
    except ResponseError as exc:
        if "BUSYGROUP" not in str(exc):
            raise


class GroupLost(Exception):
    """The consumer group was gone (Redis restarted without its data): it was made again."""


async def read_group(
    client: aioredis.Redis,
    stream: str,
    group: str,
    consumer: str,
    *,
    count: int = 100,
    pending: bool = False,
) -> list[Entry]:
    """New entries for ``consumer`` (waiting up to :data:`BLOCK_MS`), decoded; a malformed
    entry comes back as ``(id, None)`` so it is acknowledged and skipped. ``pending`` reads
    instead what was delivered to ``consumer`` before but never acknowledged (a crash).

    Raises:
        GroupLost: the group had vanished and was created again; read again.
        RedisError: the connection failed.
    """
    try:
        reply = await client.xreadgroup(
            group,
            consumer,
            {stream: "0" if pending else ">"},
            count=count,
            block=None if pending else BLOCK_MS,
        )
    except ResponseError as exc:
        if "NOGROUP" not in str(exc):
            raise
        await ensure_group(client, stream, group)
        raise GroupLost(stream) from None
    entries: list[Entry] = []
    # RESP2 reply (the client's default): [[stream, [(id, {field: value}), ...]], ...]
    streams = cast(list[tuple[bytes, list[tuple[bytes, dict[bytes, bytes]]]]], reply or [])
    skipped: list[str] = []
    for _, items in streams:
        for entry_id, fields in items:
            try:
                entries.append((entry_id, decode(fields or {})))
            except MalformedMessage as exc:
                skipped.append(str(exc)[:200])
                entries.append((entry_id, None))
    if skipped:  # one line per batch: a flood of junk must not become a flood of logging
        log.warning("%s: skipped %s malformed entries, first: %s", stream, len(skipped), skipped[0])
    return entries


async def append(client: aioredis.Redis, stream: str, message: Message, maxlen: int) -> None:
    """Add ``message`` to ``stream``, trimming it to about ``maxlen`` entries."""
    await client.xadd(stream, encode(message), maxlen=maxlen, approximate=True)  # type: ignore[arg-type]


async def stop_loops(
    loops: list[asyncio.Task[None]], timeout_s: float = 2 * BLOCK_MS / 1000
) -> None:
    """Cancel ``loops`` and wait for them, a bounded time: a cancellation that arrives just as
    a socket read times out can be swallowed (Python 3.11's ``asyncio.timeout``), so every loop
    also checks its owner's stopping flag and ends at its next turn."""
    for loop in loops:
        loop.cancel()
    if loops:
        await asyncio.wait(loops, timeout=timeout_s)
    for loop in loops:
        if loop.done() and not loop.cancelled() and loop.exception() is not None:
            log.error("%s failed", loop.get_name(), exc_info=loop.exception())


__all__ = [
    "LINK_ERRORS",
    "Backoff",
    "GroupLost",
    "RedisError",
    "append",
    "connect",
    "ensure_group",
    "read_group",
    "stop_loops",
]
