"""The bot side of the engine worker: start it, feed it, restart it when it dies.

- ``run(request, on_progress)`` sends a request and waits for its result;
- ``cancel(job_id)`` stops a job between tiles;
- if the process dies (segfault, ``os._exit``, the OOM killer, a CUDA error), every job in
  flight fails with :class:`WorkerCrashed` and the worker is started again on the next job;
  the caller decides whether to retry.

The process itself is :mod:`engine.process.child`; the messages are
:mod:`engine.process.protocol`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import multiprocessing.connection
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from config import EngineSettings
from engine.finished_run import FinishedRun
from engine.process.child import worker_main
from engine.process.protocol import (
    CancelJob,
    EngineFailure,
    Shutdown,
    WorkDone,
    WorkerCrashed,
    WorkerReady,
    WorkFailure,
    WorkProgress,
    WorkRequest,
    WorkStarted,
)

log = logging.getLogger(__name__)

START_TIMEOUT_S = 180.0
STOP_GRACE_S = 5.0


ProgressHandler = Callable[[int, int], None]


@dataclass(slots=True)
class _InFlight:
    future: asyncio.Future[FinishedRun]
    on_progress: ProgressHandler | None
    on_start: Callable[[], None] | None


class EngineWorker:
    """Starts, feeds and restarts the worker process.

    ``warm_models`` are loaded at start so the first job does not pay for it. ``busy_s``
    accumulates the time at least one job was in flight (for utilisation figures).
    """

    def __init__(
        self,
        settings: EngineSettings,
        cache_dir: Path,
        *,
        warm_models: list[str] | None = None,
    ) -> None:
        self.settings = settings
        self.cache_dir = cache_dir
        self.warm_models = warm_models if warm_models is not None else [settings.model]
        self._context = multiprocessing.get_context("spawn")
        self._process: multiprocessing.process.BaseProcess | None = None
        self._conn: multiprocessing.connection.Connection | None = None
        self._reader: threading.Thread | None = None
        self._in_flight: dict[int, _InFlight] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._start_lock = asyncio.Lock()
        self._ready: asyncio.Future[WorkerReady] | None = None
        self._killed_for: int | None = None
        self.restarts = 0
        self.device = "unknown"
        self.memory_bytes = 0
        self.busy_s = 0.0
        self._busy_since: float | None = None
        self.gpu_memory_bytes: int | None = None  # as the last result reported it (CUDA only)

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    @property
    def alive(self) -> bool:
        return self._process is not None and self._process.is_alive()

    async def start(self) -> None:
        """Start the process (if not running) and wait until its models are loaded.

        Raises:
            WorkerCrashed: it died while starting (bad weights, no GPU...).
        """
        async with self._start_lock:
            if self.alive and self._ready is not None and self._ready.done():
                return
            self._loop = asyncio.get_running_loop()
            parent, child = self._context.Pipe(duplex=True)
            process = self._context.Process(
                target=worker_main,
                args=(child, self.settings, str(self.cache_dir), self.warm_models),
                name="upscale-engine",
                daemon=True,
            )
            self._ready = self._loop.create_future()
            process.start()
            child.close()
            self._process, self._conn = process, parent
            self._reader = threading.Thread(
                target=self._read, args=(parent, process), name="engine-reader", daemon=True
            )
            self._reader.start()
            try:
                ready = await asyncio.wait_for(asyncio.shield(self._ready), START_TIMEOUT_S)
            except TimeoutError:
                process.kill()
                raise WorkerCrashed(None) from None
            self.device = ready.device
            self.memory_bytes = ready.memory_bytes
            log.info("engine worker %s ready on %s", ready.pid, ready.device)

    def _read(
        self,
        conn: multiprocessing.connection.Connection,
        process: multiprocessing.process.BaseProcess,
    ) -> None:
        """Reader thread: hand every message to the event loop; report the process's death."""
        assert self._loop is not None
        loop = self._loop
        try:
            while True:
                message = conn.recv()
                loop.call_soon_threadsafe(self._dispatch, message)
        except (EOFError, OSError):
            pass
        process.join(timeout=STOP_GRACE_S)
        with contextlib.suppress(RuntimeError):  # the loop may be closed at shutdown
            loop.call_soon_threadsafe(self._on_exit, process)

    def _dispatch(self, message: object) -> None:
        if isinstance(message, WorkerReady):
            if self._ready is not None and not self._ready.done():
                self._ready.set_result(message)
            return
        job_id = getattr(message, "job_id", None)
        entry = self._in_flight.get(job_id) if job_id is not None else None
        if entry is None:
            return
        if isinstance(message, WorkStarted):
            if entry.on_start is not None:
                entry.on_start()
        elif isinstance(message, WorkProgress):
            if entry.on_progress is not None:
                entry.on_progress(message.done, message.total)
        elif isinstance(message, WorkDone):
            self._finish(message.job_id)
            if message.gpu_memory_bytes is not None:
                self.gpu_memory_bytes = message.gpu_memory_bytes
            if not entry.future.done():
                entry.future.set_result(message.run)
        elif isinstance(message, WorkFailure):
            self._finish(message.job_id)
            if not entry.future.done():
                entry.future.set_exception(
                    EngineFailure(message.code, message.message, message.retryable)
                )

    def _finish(self, job_id: int) -> None:
        self._in_flight.pop(job_id, None)
        if not self._in_flight and self._busy_since is not None:
            self.busy_s += time.perf_counter() - self._busy_since
            self._busy_since = None

    def _on_exit(self, process: multiprocessing.process.BaseProcess) -> None:
        if process is not self._process:
            return
        exitcode = process.exitcode
        log.warning("engine worker %s exited with code %s", process.pid, exitcode)
        killed_for, self._killed_for = self._killed_for, None
        if self._ready is not None and not self._ready.done():
            self._ready.set_exception(WorkerCrashed(exitcode))
        for job_id in list(self._in_flight):
            entry = self._in_flight[job_id]
            self._finish(job_id)
            if not entry.future.done():
                bystander = killed_for is not None and job_id != killed_for
                entry.future.set_exception(WorkerCrashed(exitcode, bystander=bystander))
        self._process = None

    async def run(
        self,
        request: WorkRequest,
        on_progress: ProgressHandler | None = None,
        on_start: Callable[[], None] | None = None,
    ) -> FinishedRun:
        """Run one job; starts (or restarts) the worker if needed. ``on_start`` is called when
        the worker begins computing it, ``on_progress(done, total)`` as it goes.

        Raises:
            EngineFailure: the engine refused the input or failed on it.
            WorkerCrashed: the process died during the job (it is restarted for the next).
        """
        if not self.alive:
            if self._ready is not None:  # it ran before: this is a restart
                self.restarts += 1
            await self.start()
        assert self._loop is not None and self._conn is not None
        future: asyncio.Future[FinishedRun] = self._loop.create_future()
        if not self._in_flight:
            self._busy_since = time.perf_counter()
        self._in_flight[request.job_id] = _InFlight(future, on_progress, on_start)
        try:
            self._conn.send(request)
        except (OSError, BrokenPipeError):
            self._finish(request.job_id)
            raise WorkerCrashed(None) from None
        return await future

    def cancel(self, job_id: int) -> None:
        """Ask the worker to stop a job between tiles (it then fails with code ``cancelled``)."""
        if self._conn is not None and job_id in self._in_flight:
            with contextlib.suppress(OSError):
                self._conn.send(CancelJob(job_id))

    def has_job(self, job_id: int) -> bool:
        """Whether the job was sent to the worker and has not finished."""
        return job_id in self._in_flight

    def kill(self, *, for_job: int | None = None) -> None:
        """Kill the process now (``for_job`` is stuck); in-flight jobs fail with WorkerCrashed,
        the others marked as bystanders."""
        if self._process is not None and self._process.is_alive():
            self._killed_for = for_job
            self._process.kill()

    async def stop(self) -> None:
        """Ask the worker to exit, then make sure it has."""
        process, conn = self._process, self._conn
        self._process = None
        if conn is not None:
            with contextlib.suppress(OSError):
                conn.send(Shutdown())
        if process is not None:
            await asyncio.to_thread(process.join, STOP_GRACE_S)
            if process.is_alive():
                process.kill()
                await asyncio.to_thread(process.join, STOP_GRACE_S)
        if conn is not None:
            conn.close()
        for job_id in list(self._in_flight):
            entry = self._in_flight[job_id]
            self._finish(job_id)
            if not entry.future.done():
                entry.future.set_exception(WorkerCrashed(None))
