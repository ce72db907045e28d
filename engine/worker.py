"""The engine worker: a separate process that keeps models warm and runs one job at a time.

Inside the worker three stages overlap: a decoder thread reads and decodes the next request
while the main thread runs the network on the current one, and an encoder thread writes the
previous result. So the expensive stage (the network) rarely waits for the cheap ones.

The bot process talks to it through :class:`EngineWorker`:

- ``run(request, on_progress)`` sends a request and waits for its result;
- ``cancel(job_id)`` stops a job between tiles;
- if the process dies (segfault, ``os._exit``, the OOM killer, a CUDA error), every job in
  flight fails with :class:`WorkerCrashed` and the worker is started again; the caller decides
  whether to retry.

Messages are small picklable dataclasses; pixels travel as files, never through the pipe.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import multiprocessing.connection
import os
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from config import EngineSettings

log = logging.getLogger(__name__)

START_TIMEOUT_S = 180.0
STOP_GRACE_S = 5.0


# -- messages ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WorkRequest:
    job_id: int
    input_path: str
    output_dir: str
    upload_limit: int
    model: str | None = None
    scale: int | None = None
    mode: str = "fast"
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class WorkProgress:
    job_id: int
    done: int
    total: int


@dataclass(frozen=True, slots=True)
class WorkResult:
    job_id: int
    png_path: str
    png_bytes: int
    fitted_path: str
    fitted_format: str
    fitted_bytes: int
    width: int
    height: int
    input_width: int
    input_height: int
    model: str
    device: str
    precision: str
    timings: dict[str, float]

    @property
    def megapixels(self) -> float:
        return self.input_width * self.input_height / 1e6


@dataclass(frozen=True, slots=True)
class WorkFailure:
    job_id: int
    code: str
    message: str
    retryable: bool


@dataclass(frozen=True, slots=True)
class CancelJob:
    job_id: int


@dataclass(frozen=True, slots=True)
class WorkerReady:
    pid: int
    device: str


class Shutdown:
    pass


class EngineFailure(Exception):
    """The engine refused or failed a job; ``code`` is the engine error's code."""

    def __init__(self, code: str, message: str, retryable: bool) -> None:
        self.code, self.message, self.retryable = code, message, retryable
        super().__init__(message)


class WorkerCrashed(Exception):
    """The worker process died while the job was in flight."""

    def __init__(self, exitcode: int | None) -> None:
        self.exitcode = exitcode
        super().__init__(f"the engine worker stopped unexpectedly (exit code {exitcode})")


# -- the worker process -----------------------------------------------------------------


def worker_main(
    conn: multiprocessing.connection.Connection,
    settings: EngineSettings,
    cache_dir: str,
    warm_models: list[str],
) -> None:
    """Entry point of the worker process. Runs until told to shut down or the pipe closes."""
    from engine.decode import decode
    from engine.encode import encode_png, encode_to_fit
    from engine.errors import Cancelled, EngineError, InputError
    from engine.upscaler import UpscaleOptions, Upscaler

    upscaler = Upscaler(settings, Path(cache_dir))
    device = "cpu"
    for name in warm_models:
        device = str(upscaler.prepare(name).device)
    send_lock = threading.Lock()

    def send(message: object) -> None:
        with send_lock:
            conn.send(message)

    send(WorkerReady(os.getpid(), device))
    incoming: queue.Queue[WorkRequest | None] = queue.Queue()
    decoded: queue.Queue[tuple[WorkRequest, Any, float] | None] = queue.Queue(maxsize=1)
    finished: queue.Queue[tuple[WorkRequest, Any, float] | None] = queue.Queue(maxsize=2)
    cancels: dict[int, threading.Event] = {}

    def fail(request: WorkRequest, exc: BaseException) -> None:
        if isinstance(exc, EngineError):
            send(WorkFailure(request.job_id, exc.code, str(exc), retryable=False))
        else:
            log.exception("job %s: unexpected engine error", request.job_id)
            send(
                WorkFailure(
                    request.job_id, "engine", f"{type(exc).__name__}: {exc}", retryable=True
                )
            )

    def read_messages() -> None:
        try:
            while True:
                message = conn.recv()
                if isinstance(message, WorkRequest):
                    cancels[message.job_id] = threading.Event()
                    incoming.put(message)
                elif isinstance(message, CancelJob):
                    event = cancels.get(message.job_id)
                    if event is not None:
                        event.set()
                elif isinstance(message, Shutdown):
                    break
        except (EOFError, OSError):
            pass
        incoming.put(None)

    def decode_stage() -> None:
        while (request := incoming.get()) is not None:
            started = time.perf_counter()
            try:
                data = Path(request.input_path).read_bytes()
                image = decode(
                    data, max_pixels=settings.max_input_pixels, max_bytes=settings.max_input_bytes
                )
            except Exception as exc:
                fail(request, exc)
                continue
            decoded.put((request, image, time.perf_counter() - started))
        decoded.put(None)

    def encode_stage() -> None:
        while (item := finished.get()) is not None:
            request, result, decode_s = item
            try:
                started = time.perf_counter()
                png = encode_png(result.image)
                fitted = encode_to_fit(result.image, request.upload_limit, png_data=png)
                out = Path(request.output_dir)
                out.mkdir(parents=True, exist_ok=True)
                png_path = out / f"job-{request.job_id}.png"
                fitted_path = out / f"job-{request.job_id}-upload.{fitted.extension}"
                png_path.write_bytes(png)
                fitted_path.write_bytes(fitted.data)
                timings = {
                    **result.timings,
                    "decode_s": decode_s,
                    "encode_s": time.perf_counter() - started,
                }
                send(
                    WorkResult(
                        job_id=request.job_id,
                        png_path=str(png_path),
                        png_bytes=len(png),
                        fitted_path=str(fitted_path),
                        fitted_format=fitted.format,
                        fitted_bytes=len(fitted.data),
                        width=fitted.width,
                        height=fitted.height,
                        input_width=result.input_width,
                        input_height=result.input_height,
                        model=result.model,
                        device=result.device,
                        precision=result.precision,
                        timings=timings,
                    )
                )
            except Exception as exc:
                fail(request, exc)
            finally:
                cancels.pop(request.job_id, None)

    threads = [
        threading.Thread(target=read_messages, name="reader", daemon=True),
        threading.Thread(target=decode_stage, name="decoder", daemon=True),
        threading.Thread(target=encode_stage, name="encoder", daemon=True),
    ]
    for thread in threads:
        thread.start()
    while (item := decoded.get()) is not None:
        request, image, decode_s = item
        cancel = cancels.get(request.job_id) or threading.Event()
        if cancel.is_set():
            fail(request, Cancelled())
            continue
        options = UpscaleOptions(model=request.model, scale=request.scale)
        last_sent = 0.0

        def progress(done: int, total: int, job_id: int = request.job_id) -> None:
            nonlocal last_sent
            now = time.monotonic()
            # The bot coalesces further; this only keeps the pipe from flooding on tiny tiles.
            if done == total or now - last_sent >= 0.1:
                last_sent = now
                send(WorkProgress(job_id, done, total))

        try:
            result = upscaler.upscale_image(image, options, progress=progress, cancel=cancel)
        except (EngineError, InputError) as exc:
            fail(request, exc)
            continue
        except Exception as exc:
            fail(request, exc)
            continue
        finished.put((request, result, decode_s))
    finished.put(None)
    threads[2].join()


# -- the bot side -----------------------------------------------------------------------


ProgressHandler = Callable[[int, int], None]


@dataclass(slots=True)
class _InFlight:
    future: asyncio.Future[WorkResult]
    on_progress: ProgressHandler | None


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
        self.restarts = 0
        self.device = "unknown"
        self.busy_s = 0.0
        self._busy_since: float | None = None

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
        if isinstance(message, WorkProgress):
            if entry.on_progress is not None:
                entry.on_progress(message.done, message.total)
        elif isinstance(message, WorkResult):
            self._finish(message.job_id)
            if not entry.future.done():
                entry.future.set_result(message)
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
        if self._ready is not None and not self._ready.done():
            self._ready.set_exception(WorkerCrashed(exitcode))
        for job_id in list(self._in_flight):
            entry = self._in_flight[job_id]
            self._finish(job_id)
            if not entry.future.done():
                entry.future.set_exception(WorkerCrashed(exitcode))
        self._process = None

    async def run(
        self, request: WorkRequest, on_progress: ProgressHandler | None = None
    ) -> WorkResult:
        """Run one job; starts (or restarts) the worker if needed.

        Raises:
            EngineFailure: the engine refused the input or failed on it.
            WorkerCrashed: the process died during the job (it is restarted for the next).
        """
        if not self.alive:
            if self._ready is not None:  # it ran before: this is a restart
                self.restarts += 1
            await self.start()
        assert self._loop is not None and self._conn is not None
        future: asyncio.Future[WorkResult] = self._loop.create_future()
        if not self._in_flight:
            self._busy_since = time.perf_counter()
        self._in_flight[request.job_id] = _InFlight(future, on_progress)
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

    def kill(self) -> None:
        """Kill the process now (a stuck job); in-flight jobs fail with WorkerCrashed."""
        if self._process is not None and self._process.is_alive():
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
