"""``upscale-bot worker``: an engine on another machine, taking jobs from the bot through Redis.

It keeps an engine process warm (the same :class:`~engine.process.worker.EngineWorker` the
bot uses locally), announces what it can do, and asks for a job whenever it has a free slot. For each
job it fetches the input image from Redis, runs it, streams progress, puts the result's files
back into Redis (they expire) and reports the result. A heartbeat renews the leases of the jobs
it holds; if it goes silent, the bot gives its jobs to other workers.

It never touches the bot's database or credits, and it survives Redis going away: every loop
backs off and reconnects, and whatever Redis lost (its asks, its consumer group) is sent again.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import dataclasses
import itertools
import json
import logging
import secrets
import shutil
import socket
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import redis.asyncio as aioredis

from config import Settings
from engine.process.worker import EngineWorker
from engine.remote.held_job import HeldJob, JobRunner
from engine.remote.outbox import Outbox
from engine.remote.protocol import (
    EVENTS_MAXLEN,
    WORKER_GROUP,
    Accepted,
    Ask,
    Assignment,
    Cancel,
    Capabilities,
    Goodbye,
    Heartbeat,
    Lost,
    Message,
    RedisKeys,
    encode,
)
from engine.remote.redis_link import (
    LINK_ERRORS,
    Backoff,
    GroupLost,
    RedisError,
    connect,
    ensure_group,
    read_group,
    stop_loops,
)

log = logging.getLogger(__name__)

CANCEL_GRACE_S = 10.0
STOP_GRACE_S = 8.0
# Unanswered asks are sent again this many heartbeats apart (Redis may have lost them).
ASK_REFRESH_HEARTBEATS = 5
SEEN_TOKENS = 1000


@dataclass(slots=True)
class WorkerOptions:
    name: str = field(default_factory=socket.gethostname)
    slots: int = 2
    models: list[str] | None = None  # None: every model installed here


class RemoteWorker:
    def __init__(self, settings: Settings, options: WorkerOptions) -> None:
        assert settings.queue.redis_url is not None, "a worker needs UPSCALE_QUEUE__REDIS_URL"
        self.settings = settings
        self.options = options
        # Unique per start: a restarted worker is a new worker, its old jobs are not its own.
        self.name = f"{options.name}-{secrets.token_hex(3)}"
        self.keys = RedisKeys(settings.queue.redis_prefix)
        self.models = options.models or installed_models(settings)
        engine = settings.engine
        self.engines = (
            "realesrgan",
            *(("diffusion",) if engine.generative_model else ()),
            *(("detail",) if engine.detail_model else ()),
        )
        warm = settings.engine.model if settings.engine.model in self.models else self.models[0]
        self.engine = EngineWorker(
            settings.engine, settings.storage.model_cache_dir, warm_models=[warm]
        )
        self.redis: aioredis.Redis = connect(settings.queue.redis_url.get_secret_value())
        self.held: dict[str, HeldJob] = {}
        self.asks: dict[str, float] = {}  # unanswered ask id -> when it was first sent
        self._seen: collections.deque[str] = collections.deque(maxlen=SEEN_TOKENS)
        self._ask_ids = itertools.count(1)
        self._local_ids = itertools.count(1)
        self.outbox = Outbox(self.redis, self.keys.events)
        self._resend_asks = asyncio.Event()
        self._stopping = False  # no new jobs: finishing the ones held
        self._closing = False  # the loops end
        self._scratch = Path(tempfile.mkdtemp(prefix="upscale-worker-"))
        self.jobs = JobRunner(
            self.name,
            self.redis,
            self.keys,
            self.engine,
            self._scratch,
            settings.queue.transfer_ttl_s,
            lambda message, reliable: self._report(message, reliable=reliable),
        )
        self.capabilities: Capabilities | None = None

    # -- life --------------------------------------------------------------------------

    async def run(self, stop: asyncio.Event) -> None:
        """Start the engine, then serve until ``stop`` is set; then finish or hand back the
        jobs held, and say goodbye."""
        try:
            await self.engine.start()
            await self._serve(stop)
        finally:
            await self.engine.stop()
            await self.redis.aclose()
            shutil.rmtree(self._scratch, ignore_errors=True)

    async def _serve(self, stop: asyncio.Event) -> None:
        self.capabilities = Capabilities(
            device=self.engine.device,
            engines=self.engines,
            models=tuple(self.models),
            memory_bytes=self.engine.memory_bytes,
            max_input_pixels=self.settings.engine.max_input_pixels,
            max_creative_pixels=self.settings.engine.generative_max_input_pixels,
            max_input_bytes=self.settings.engine.max_input_bytes,
            slots=self.options.slots,
        )
        log.info(
            "worker %s: %s, models %s, %s slots",
            self.name,
            self.engine.device,
            ", ".join(self.models),
            self.options.slots,
        )
        loops = [
            asyncio.create_task(self.outbox.send_forever(), name="outbox"),
            asyncio.create_task(self._heartbeat_forever(), name="heartbeat"),
            asyncio.create_task(self._inbox_forever(), name="inbox"),
        ]
        self._top_up_asks()
        try:
            await stop.wait()
            await self._drain()
        finally:
            self._closing = self.outbox.closing = True
            await stop_loops(loops)

    async def _drain(self) -> None:
        log.info("worker %s: stopping", self.name)
        self._stopping = True
        pending = [h.task for h in self.held.values() if h.task is not None]
        if pending:
            log.info("worker %s: finishing %s jobs before stopping", self.name, len(pending))
            await asyncio.wait(pending, timeout=STOP_GRACE_S)
        for token, held in list(self.held.items()):
            if held.task is not None:
                held.task.cancel()
            self._report(Lost(self.name, token, bystander=True, reason="worker stopped"))
        self._report(Goodbye(self.name))
        await self.outbox.flush(STOP_GRACE_S)

    # -- asking and heartbeats -----------------------------------------------------------

    def _top_up_asks(self) -> None:
        """One ask per free slot."""
        while not self._stopping and len(self.asks) + len(self.held) < self.options.slots:
            ask_id = f"{next(self._ask_ids)}"
            self.asks[ask_id] = time.monotonic()
            self._report(Ask(self.name, ask_id))

    async def _heartbeat_forever(self) -> None:
        backoff = Backoff()
        beats = 0
        while not self._closing:
            interval = self._interval()
            assert self.capabilities is not None
            beat = Heartbeat(self.name, self.capabilities, tuple(self.held), interval)
            try:
                pipe = self.redis.pipeline(transaction=False)
                ttl = max(1, round(interval * 3))
                pipe.set(self.keys.worker(self.name), _json(self.capabilities), ex=ttl)
                pipe.expire(self.keys.inbox(self.name), max(60, ttl * 10))
                pipe.xadd(self.keys.events, encode(beat), maxlen=EVENTS_MAXLEN, approximate=True)  # type: ignore[arg-type]
                await pipe.execute()
            except LINK_ERRORS as exc:
                await backoff.wait("heartbeat", exc)
                self._resend_asks.set()
                continue
            if backoff.succeeded("heartbeat"):
                self._resend_asks.set()
            beats += 1
            if self._resend_asks.is_set() or beats % ASK_REFRESH_HEARTBEATS == 0:
                self._resend_asks.clear()
                for ask_id in list(self.asks):
                    self._report(Ask(self.name, ask_id))
            await asyncio.sleep(interval)

    def _interval(self) -> float:
        """Often enough to renew the shortest lease held three times over before it ends."""
        leases = [h.assignment.lease_s / 3 for h in self.held.values()]
        return min([self.settings.queue.heartbeat_s, *leases])

    # -- sending -------------------------------------------------------------------------

    def _report(self, message: Message, *, reliable: bool = True) -> None:
        self.outbox.put(message, reliable=reliable)

    # -- receiving -----------------------------------------------------------------------

    async def _inbox_forever(self) -> None:
        backoff = Backoff()
        inbox = self.keys.inbox(self.name)
        group_ready = False
        while not self._closing:
            try:
                if not group_ready:
                    await ensure_group(self.redis, inbox, WORKER_GROUP)
                    group_ready = True
                entries = await read_group(self.redis, inbox, WORKER_GROUP, self.name)
            except GroupLost:
                log.warning("worker %s: Redis lost its state; announcing again", self.name)
                self._resend_asks.set()
                continue
            except (*LINK_ERRORS, RedisError) as exc:
                await backoff.wait("inbox", exc)
                continue
            if backoff.succeeded("inbox"):
                self._resend_asks.set()
            for _, message in entries:
                if isinstance(message, Assignment):
                    self._take(message)
                elif isinstance(message, Cancel):
                    self._cancel(message.token)
            if entries:
                with contextlib.suppress(*LINK_ERRORS):
                    await self.redis.xack(inbox, WORKER_GROUP, *[e for e, _ in entries])

    def _take(self, assignment: Assignment) -> None:
        token = assignment.token
        if token in self.held or token in self._seen:
            return  # the bot sent it again, not knowing whether the first one arrived
        self._seen.append(token)
        asked_at = self.asks.pop(assignment.ask_id, None)
        if asked_at is None or self._stopping:
            self._report(Lost(self.name, token, bystander=True, reason="no free slot"))
            return
        held = HeldJob(assignment, next(self._local_ids), asked_at)
        self.held[token] = held
        self._report(Accepted(self.name, token))
        held.task = asyncio.create_task(self._work(held), name=f"job-{assignment.job_id}")

    def _cancel(self, token: str) -> None:
        held = self.held.get(token)
        if held is None or held.cancelled:
            return
        held.cancelled = True
        self.engine.cancel(held.local_id)
        asyncio.get_running_loop().call_later(CANCEL_GRACE_S, self._kill_if_stuck, token)

    def _kill_if_stuck(self, token: str) -> None:
        held = self.held.get(token)
        if held is not None and self.engine.has_job(held.local_id):
            log.warning("worker %s: job %s did not stop; restarting the engine", self.name, token)
            self.engine.kill(for_job=held.local_id)

    # -- one job -------------------------------------------------------------------------

    async def _work(self, held: HeldJob) -> None:
        outcome = await self.jobs.outcome(held)
        self._report(outcome)
        self.held.pop(held.token, None)
        self._top_up_asks()


def installed_models(settings: Settings) -> list[str]:
    """Every model whose weights are on this machine (bundled, then the community files in
    the weights folder by their names), default first."""
    from engine.networks.community import available_models

    names = list(available_models(settings.engine.weights_dir))
    return sorted(names, key=lambda name: name != settings.engine.model)


def _json(capabilities: Capabilities) -> str:
    return json.dumps(dataclasses.asdict(capabilities))
