"""Jobs on ``upscale-bot worker`` processes on other machines, through Redis: the remote
:class:`~bot.jobs.places.protocol.Place`.

Workers ask for work (one ask per free slot); an ask is a slot here, and the dispatcher gives
it the first job in the fair queue's order that the worker can run (it has the model, the
input is within its limits). The job's input goes into Redis with an expiry, the assignment
into the worker's inbox, each with a fresh attempt token.

Leases: the worker's heartbeats (and any message about the job) renew the job's lease. When a
lease runs out the job's run ends with :class:`WorkerCrashed`, so the service puts it back in
the queue like a crashed local worker's job, an attempt spent once the worker had accepted
it. From then on the token is unknown here: whatever the old worker sends later, its result
included, is dropped. The bot stays the only writer of job state and credits.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import secrets
from collections.abc import Callable

import redis.asyncio as aioredis

from bot.jobs.fair_queue import QueuedJob
from bot.jobs.places.protocol import ProgressHandler, StartHandler
from bot.jobs.places.remote.attempts import (
    TRANSFER_ALLOWANCE_S,
    EndedAttempts,
    RemoteAttempt,
    start_within_s,
)
from bot.jobs.places.remote.collect import ResultCollector
from bot.jobs.places.remote.result_check import ResultBounds
from bot.jobs.places.remote.roster import Roster, WorkerAsk
from bot.jobs.places.remote.streams import EventReader, Inboxes
from bot.jobs.places.remote.transfers import Transfers
from bot.jobs.places.time_limit import NotStarted, within_time_limit
from config import Settings
from engine.finished_run import FinishedRun
from engine.process.protocol import EngineFailure, WorkerCrashed
from engine.remote.attempt_keys import BadPublicKey, KeyPair
from engine.remote.protocol import (
    ATTEMPT_MESSAGES,
    Ask,
    Assignment,
    Cancel,
    Finished,
    Goodbye,
    Heartbeat,
    Message,
    RedisKeys,
)
from engine.remote.redis_link import LINK_ERRORS, RedisError, connect, stop_loops
from storage.jobs import Job
from storage.store import Storage

log = logging.getLogger(__name__)


class RemotePlace:
    """Dispatch to remote workers. ``discarded_results`` counts late results dropped;
    ``refused_messages`` those about an attempt without its proof (not acted on); the
    collector counts refused and finished results."""

    def __init__(
        self, settings: Settings, storage: Storage, *, client: aioredis.Redis | None = None
    ) -> None:
        queue = settings.queue
        assert queue.redis_url is not None or client is not None, "remote jobs need Redis"
        self.settings = settings
        self.storage = storage
        self.lease_s = queue.lease_s
        self.keys = RedisKeys(queue.redis_prefix)
        self.redis = client or connect(queue.redis_url.get_secret_value())  # type: ignore[union-attr]
        work_dir = queue.work_dir or settings.storage.data_dir / "work"
        self.transfers = Transfers(self.redis, self.keys, work_dir, queue.transfer_ttl_s)
        self.inboxes = Inboxes(self.redis, self.keys, queue.transfer_ttl_s)
        self.reader = EventReader(self.redis, self.keys, self._handle, self._reconnected)
        self.collector = ResultCollector(self.transfers, self._chore)
        self.roster = Roster()
        self.attempts: dict[str, RemoteAttempt] = {}  # by token
        self.key = KeyPair()
        self.discarded_results = 0
        self.refused_messages = 0
        self._ended = EndedAttempts()
        self._watchers: list[Callable[[], None]] = []
        self._loops: list[asyncio.Task[None]] = []
        self._chores: set[asyncio.Task[None]] = set()
        self._stopping = False
        self.transfer_allowance_s = TRANSFER_ALLOWANCE_S
        # Runs begun, no attempt yet: whether a cancel came meanwhile (kept for the attempt).
        self._handing_out: dict[int, bool] = {}

    # -- the Place protocol --------------------------------------------------------------

    async def start(self) -> None:
        """Begin listening; never waits for Redis (jobs wait in the queue until it answers)."""
        await asyncio.to_thread(self.transfers.clear_work_dir)
        self._loops = [
            asyncio.create_task(self.reader.read_forever(), name="remote-events"),
            asyncio.create_task(self._watch_leases_forever(), name="remote-leases"),
        ]

    async def stop(self) -> None:
        self._stopping = self.reader.stopping = True
        await stop_loops([*self._loops, *self._chores])
        for attempt in self.attempts.values():
            if not attempt.future.done():
                attempt.future.set_exception(WorkerCrashed(None, bystander=True))
        await self.redis.aclose()

    def can_take(self, job: QueuedJob) -> bool:
        return self.roster.ask_for(job, self._now()) is not None

    def take(self, job: QueuedJob) -> RemoteSlot:
        ask = self.roster.ask_for(job, self._now())
        assert ask is not None, "take() only after can_take()"
        self.roster.take(ask)
        return RemoteSlot(self, ask)

    def watch(self, callback: Callable[[], None]) -> None:
        self._watchers.append(callback)

    def missing_engine_for(self, job: QueuedJob) -> bool:
        return not self.roster.can_run(job, self._now())

    def cancel(self, job_id: int) -> bool:
        if job_id in self._handing_out:
            self._handing_out[job_id] = True
            return True
        attempt = self._attempt_of(job_id)
        if attempt is None or attempt.future.done():
            return False
        attempt.cancel_requested = True
        self._send_cancel(attempt)
        return True

    def abandon_running(self) -> None:
        pass  # a remote worker's late result is fenced off by its lease token

    @property
    def alive(self) -> bool:
        return not self.reader.link_down

    @property
    def restarts(self) -> int:
        return 0  # remote engines restart on their own machines

    @property
    def gpu_memory_bytes(self) -> int | None:
        return None  # held on the workers' machines, not here

    def worker_of(self, job_id: int) -> str | None:
        """The worker running ``job_id`` now, if a remote one is."""
        attempt = self._attempt_of(job_id)
        return attempt.worker if attempt is not None else None

    def _attempt_of(self, job_id: int) -> RemoteAttempt | None:
        return next((a for a in self.attempts.values() if a.assignment.job_id == job_id), None)

    # -- running one job -----------------------------------------------------------------

    async def run(
        self, ask: WorkerAsk, job: Job, on_start: StartHandler, on_progress: ProgressHandler
    ) -> FinishedRun:
        request = job.request
        token = f"{job.id}.{job.attempts}.{secrets.token_hex(6)}"
        worker = self.roster.workers.get(ask.worker)
        self._handing_out[job.id] = False
        try:
            size = await self.storage.history.size_of_blob(job.source_sha256 or "")
        finally:
            cancelled = self._handing_out.pop(job.id)
        if cancelled:  # before anything was handed out: nothing to send, nothing to stop
            raise EngineFailure("cancelled", "cancelled", False)
        if worker is None or size is None:
            raise WorkerCrashed(None, bystander=True)  # it left meanwhile: another one asks
        try:
            secret = self.key.attempt_secret(worker.public_key, token)
        except BadPublicKey:
            raise WorkerCrashed(None, bystander=True) from None
        bounds = ResultBounds(size[0], size[1], request.scale, request.upload_limit)
        assignment = Assignment(
            token=token,
            ask_id=ask.ask_id,
            job_id=job.id,
            model=request.model,
            scale=request.scale,
            mode=request.mode.value,
            upload_limit=request.upload_limit,
            lease_s=self.lease_s,
            options=dict(request.controls),
            bot_key=self.key.public_hex,
        )
        loop = asyncio.get_running_loop()
        attempt = RemoteAttempt(
            assignment,
            ask.worker,
            secret,
            bounds,
            loop.create_future(),
            on_start,
            on_progress,
            lease_until=self._now() + self.lease_s,
        )
        self.attempts[token] = attempt
        try:
            source = self.storage.blobs.local_path(job.source_sha256 or "0" * 64)
            try:
                data = await asyncio.to_thread(source.read_bytes)
                await self._assign(attempt, data)
                attempt.dispatch_s = self._now() - ask.since
                if attempt.cancel_requested:  # cancelled while the assignment was on its way
                    self._send_cancel(attempt)
            except (*LINK_ERRORS, RedisError) as exc:
                log.warning("job %s: could not hand it to %s (%s)", job.id, ask.worker, exc)
                raise WorkerCrashed(None, bystander=True) from None
            log.info("job %s: attempt %s on worker %s", job.id, token, ask.worker)
            limit_s = self.settings.queue.job_timeout_s
            # The worker kills its own engine if the job does not stop within its grace.
            try:
                return await within_time_limit(
                    attempt.future,
                    attempt.started,
                    limit_s,
                    stop=lambda: self._send_cancel(attempt),
                    start_within_s=start_within_s(limit_s, self.transfer_allowance_s, len(data)),
                )
            except NotStarted as exc:
                # Heartbeats alone do not keep a job: one never started goes elsewhere.
                log.warning("job %s: worker %s %s", job.id, ask.worker, exc)
                raise WorkerCrashed(None, bystander=not attempt.accepted) from None
        finally:
            if not attempt.future.done():
                # Nobody reads it any more; a result being fetched meanwhile is thrown away.
                attempt.future.cancel()
            del self.attempts[token]
            self._ended.remember(token, secret)
            self._chore(self.transfers.forget_input(token))

    async def _assign(self, attempt: RemoteAttempt, data: bytes | None = None) -> None:
        """Put the input (when given) and the assignment in Redis: one round trip."""
        pipe = self.redis.pipeline(transaction=False)
        if data is not None:
            self.transfers.put_input(pipe, attempt.assignment.token, data)
        self.inboxes.add(pipe, attempt.worker, attempt.assignment)
        await pipe.execute()

    def _send_cancel(self, attempt: RemoteAttempt) -> None:
        self._chore(self.inboxes.send(attempt.worker, Cancel(attempt.assignment.token)))

    # -- hearing from workers ------------------------------------------------------------

    def _reconnected(self) -> None:
        """Nothing was heard while the bot itself could not reach Redis: that silence is not
        the workers' fault, so their leases and liveness start again from now."""
        now = self._now()
        for attempt in self.attempts.values():
            attempt.lease_until = max(attempt.lease_until, now + self.lease_s)
        self.roster.excuse_silence(now)

    def _handle(self, message: Message) -> None:
        name = getattr(message, "worker", "")
        now = self._now()
        if isinstance(message, Heartbeat):
            self._heartbeat(message, now)
            return
        self.roster.heard_from(name, now)
        if isinstance(message, Ask):
            self._ask(name, message.ask_id, now)
            return
        if isinstance(message, Goodbye):
            self.roster.forget(name)
            self._changed()
            return
        if not isinstance(message, ATTEMPT_MESSAGES):
            return
        token = message.token
        attempt = self.attempts.get(token)
        if attempt is None or attempt.future.done():
            if isinstance(message, Finished) and self._ended.proves(message):
                self._discard(message)
            return
        if not attempt.believes(message):
            # Someone else speaking for the attempt: nothing it says counts or is deleted.
            self.refused_messages += 1
            log.warning("job %s: unproven %s from %s ignored", token, message.KIND, name)
            return
        finished = attempt.hear(message, now + self.lease_s)
        if finished is not None:
            self._chore(self.collector.collect(attempt, finished))

    def _heartbeat(self, beat: Heartbeat, now: float) -> None:
        if self.roster.heartbeat(beat, now):
            self._changed()
        for token in beat.holding:
            attempt = self.attempts.get(token)
            if attempt is not None and attempt.worker == beat.worker:
                attempt.lease_until = now + self.lease_s
            elif attempt is None:
                # An attempt this bot gave up (stopped, restarted, timed out): the worker must
                # not spend its slot on it. It drops the token at once (a repeat is ignored);
                # a result, if one still comes, is discarded by token.
                self._chore(self.inboxes.send(beat.worker, Cancel(token)))

    def _ask(self, worker: str, ask_id: str, now: float) -> None:
        answered = next(
            (
                a
                for a in self.attempts.values()
                if a.worker == worker and a.assignment.ask_id == ask_id
            ),
            None,
        )
        if answered is not None:
            # Asked again: the assignment may have been lost (Redis restarted); sending it
            # again is harmless, the worker ignores a token it already has.
            if not answered.accepted and not answered.future.done():
                self._chore(self._assign(answered))
            return
        if self.roster.add_ask(worker, ask_id, now):
            self._changed()

    def _discard(self, late: Finished) -> None:
        """A result for an attempt that is over: it is not stored, delivered or charged."""
        self.discarded_results += 1
        log.info("late result %s from worker %s discarded", late.token, late.worker)
        self._chore(self.transfers.forget_output(late.token))

    # -- leases and liveness -------------------------------------------------------------

    async def _watch_leases_forever(self) -> None:
        while not self._stopping:
            await asyncio.sleep(min(1.0, self.lease_s / 4))
            if not self.reader.link_down and not self.reader.behind:
                self.expire(self._now())

    def expire(self, now: float) -> None:
        """End the runs whose lease ran out; forget workers gone silent and their asks."""
        for attempt in self.attempts.values():
            if attempt.collecting or attempt.future.done() or now <= attempt.lease_until:
                continue
            job_id = attempt.assignment.job_id
            log.warning("job %s: worker %s silent past its lease", job_id, attempt.worker)
            self._send_cancel(attempt)
            if attempt.cancel_requested:
                attempt.future.set_exception(EngineFailure("cancelled", "cancelled", False))
            else:
                attempt.future.set_exception(WorkerCrashed(None, bystander=not attempt.accepted))
        if self.roster.prune(now):
            self._changed()

    # -- small parts ---------------------------------------------------------------------

    def _changed(self) -> None:
        for watcher in self._watchers:
            watcher()

    def _chore(self, coroutine: collections.abc.Coroutine[object, object, object]) -> None:
        """Background work whose failure only costs a log line (Redis is away)."""

        async def quietly() -> None:
            try:
                await coroutine
            except (*LINK_ERRORS, RedisError) as exc:
                log.info("Redis chore skipped: %s", exc)

        task = asyncio.create_task(quietly())
        self._chores.add(task)
        task.add_done_callback(self._chores.discard)

    @staticmethod
    def _now() -> float:
        return asyncio.get_running_loop().time()


class RemoteSlot:
    """A worker's ask, taken for one job."""

    def __init__(self, place: RemotePlace, ask: WorkerAsk) -> None:
        self.place = place
        self.ask = ask
        self._ran = False

    async def run(
        self, job: Job, on_start: StartHandler, on_progress: ProgressHandler
    ) -> FinishedRun:
        self._ran = True
        return await self.place.run(self.ask, job, on_start, on_progress)

    def release(self) -> None:
        """An ask whose job never ran is still the worker's free slot."""
        if not self._ran and self.place.roster.give_back(self.ask):
            self.place._changed()
