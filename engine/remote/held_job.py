"""One job a remote worker holds: its input fetched from Redis into a scratch folder, run on
the engine with progress streamed, the result's files put back into Redis (they expire), and
the message that says how it ended."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import shutil
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import redis.asyncio as aioredis

from engine.finished_run import FinishedRun
from engine.process.protocol import EngineFailure, WorkerCrashed, WorkRequest
from engine.process.worker import EngineWorker
from engine.remote.protocol import (
    Assignment,
    Failed,
    Finished,
    Lost,
    Message,
    Progress,
    RedisKeys,
    Started,
)
from engine.remote.redis_link import LINK_ERRORS, Backoff

log = logging.getLogger(__name__)

T = TypeVar("T")

PROGRESS_EVERY_S = 0.25

Report = Callable[[Message, bool], None]  # (message, reliable)


@dataclass(slots=True)
class HeldJob:
    """A job this worker accepted and has not reported the end of."""

    assignment: Assignment
    local_id: int
    asked_at: float
    task: asyncio.Task[None] | None = None
    cancelled: bool = False

    @property
    def token(self) -> str:
        return self.assignment.token


class JobRunner:
    """Runs held jobs on ``engine``; ``report`` queues a message for the bot."""

    def __init__(
        self,
        worker: str,
        redis: aioredis.Redis,
        keys: RedisKeys,
        engine: EngineWorker,
        scratch: Path,
        transfer_ttl_s: int,
        report: Report,
    ) -> None:
        self.worker = worker
        self.redis = redis
        self.keys = keys
        self.engine = engine
        self.scratch = scratch
        self.transfer_ttl_s = transfer_ttl_s
        self.report = report

    async def outcome(self, held: HeldJob) -> Message:
        """Run the job to its end: Finished, Failed, or Lost (the engine died, the input
        expired). Its scratch folder is gone afterwards."""
        token = held.token
        try:
            return await self._compute(held)
        except asyncio.CancelledError:
            raise
        except EngineFailure as exc:
            return Failed(self.worker, token, exc.code, exc.message, exc.retryable)
        except WorkerCrashed as exc:
            return Lost(self.worker, token, exc.bystander, f"engine exited ({exc.exitcode})")
        except Exception as exc:
            log.exception("worker %s: job %s failed", self.worker, held.assignment.job_id)
            return Failed(self.worker, token, "engine", f"{type(exc).__name__}: {exc}", True)
        finally:
            await asyncio.to_thread(shutil.rmtree, self.folder(held), True)

    def folder(self, held: HeldJob) -> Path:
        """The job's scratch folder: its input and the engine's output files."""
        return self.scratch / str(held.local_id)

    async def _compute(self, held: HeldJob) -> Message:
        assignment, token = held.assignment, held.token
        fetch_started = time.monotonic()
        data = await self._retrying(lambda: self.redis.get(self.keys.input(token)))
        if not isinstance(data, bytes):
            return Lost(self.worker, token, bystander=True, reason="input expired")
        folder = self.folder(held)
        path = folder / "input"
        await asyncio.to_thread(folder.mkdir)
        await asyncio.to_thread(path.write_bytes, data)
        ready = time.monotonic()
        request = WorkRequest(
            job_id=held.local_id,
            input_path=str(path),
            output_dir=str(folder),
            upload_limit=assignment.upload_limit,
            model=assignment.model,
            scale=assignment.scale,
            mode=assignment.mode,
            options=dict(assignment.options),
        )
        last_progress = 0.0

        def on_start() -> None:
            if held.cancelled:  # it came while the engine was (re)starting: forward it now
                self.engine.cancel(held.local_id)
            self.report(Started(self.worker, token), True)

        def on_progress(done: int, total: int) -> None:
            nonlocal last_progress
            now = time.monotonic()
            if done == total or now - last_progress >= PROGRESS_EVERY_S:
                last_progress = now
                self.report(Progress(self.worker, token, done, total), False)

        if held.cancelled:
            # Cancelled while its input was on its way: the engine never gets it, so nothing
            # is left running for the stuck-job watchdog to kill.
            raise EngineFailure("cancelled", "cancelled before it started", False)
        run = await self.engine.run(request, on_progress, on_start)
        upload_started = time.monotonic()
        png, fitted = await self._upload(token, run)
        return Finished(
            self.worker,
            token,
            run.with_timings(
                ask_to_ready_s=ready - held.asked_at,
                fetch_s=ready - fetch_started,
                upload_s=time.monotonic() - upload_started,
            ),
            kept_sha256=hashlib.sha256(png).hexdigest(),
            upload_sha256=hashlib.sha256(fitted).hexdigest(),
        )

    async def _upload(self, token: str, run: FinishedRun) -> tuple[bytes, bytes]:
        png = await asyncio.to_thread(Path(run.kept.path).read_bytes)
        fitted = await asyncio.to_thread(Path(run.upload.path).read_bytes)
        ttl = self.transfer_ttl_s

        async def put() -> None:
            pipe = self.redis.pipeline(transaction=False)
            pipe.set(self.keys.output(token, "png"), png, ex=ttl)
            pipe.set(self.keys.output(token, "upload"), fitted, ex=ttl)
            await pipe.execute()

        await self._retrying(put)
        return png, fitted

    async def _retrying(self, call: Callable[[], Awaitable[T]]) -> T:
        """``call()``, retried while Redis is unreachable."""
        backoff = Backoff()
        while True:
            try:
                value = await call()
            except LINK_ERRORS as exc:
                await backoff.wait("transfer", exc)
                continue
            backoff.succeeded("transfer")
            return value
