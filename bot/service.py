"""The life of an upscale, from a confirmed click to the image on the message. No Discord here.

::

    request_upscale: checks (no charge) -> job row + credit hold in one transaction
    prepare:         download into the blob store -> record the original -> fair queue
    dispatch:        queue -> worker process (decode -> tiles -> model -> encode)
                     -> coalesced progress -> result blob + version + capture, one transaction
    deliver:         replace the image on the message (retried with backoff)
    any failure:     release the hold (refund) -> one clear sentence to the member

Every step is a state in SQLite, so :meth:`UpscaleService.start` resumes after a crash:
queued and running jobs go back into the queue (attempts are counted and capped), succeeded
jobs are delivered again. Once confirmed, a job finishes even if the member leaves; its result
is always in the image history.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

import aiohttp

from bot.delivery import Delivery, ProgressUpdate
from bot.download import DownloadError, check_source_url
from bot.job_board import JobBoard
from bot.messages import describe
from bot.results import Results
from bot.sources import Sources
from bot.upscale_request import Accepted, UpscaleRequest
from config import Settings
from engine.decode import probe
from engine.errors import EngineError, FileTooLarge, NotAnImage
from engine.queue import FairQueue, QueuedJob, QueueFull, Throughput
from engine.worker import EngineFailure, EngineWorker, WorkerCrashed, WorkRequest, WorkResult
from storage.errors import IllegalTransition
from storage.jobs import Job, JobRequest, JobState
from storage.store import Storage

log = logging.getLogger(__name__)

# Two jobs in the worker at once: one in the network, the next one decoding beside it.
WORKER_SLOTS = 2
CANCEL_GRACE_S = 10.0


class UpscaleService:
    """Runs jobs for the bot. One per process; ``start()`` before use, ``stop()`` after."""

    def __init__(
        self,
        settings: Settings,
        storage: Storage,
        worker: EngineWorker,
        delivery: Delivery,
        *,
        http: aiohttp.ClientSession | None = None,
    ) -> None:
        self.settings = settings
        self.storage = storage
        self.worker = worker
        self.delivery = delivery
        self.queue = FairQueue(settings.queue.max_length)
        self.results = Results(settings, storage, delivery)
        self.throughput = Throughput()
        self._http = http
        self._owns_http = http is None
        self.board = JobBoard(storage, delivery, settings.queue.progress_interval_s)
        self._tasks: set[asyncio.Task[None]] = set()
        self._slots = asyncio.Semaphore(WORKER_SLOTS)
        self._dispatcher: asyncio.Task[None] | None = None
        self._changed = asyncio.Event()
        self._running = asyncio.Event()
        self._running.set()
        self._work_dir = settings.queue.work_dir or settings.storage.data_dir / "work"
        api_host = urlsplit(settings.discord.api_base_url).hostname or ""
        self.allowed_hosts = {h.lower() for h in settings.discord.cdn_hosts} | {api_host.lower()}
        self.sources = Sources(settings, storage, self.allowed_hosts, self._session)

    # -- lifecycle ---------------------------------------------------------------------

    async def start(self) -> None:
        """Start the worker, resume unfinished jobs, and begin dispatching."""
        if self._http is None:
            self._http = aiohttp.ClientSession()
        await self.worker.start()
        await self._recover()
        self._dispatcher = asyncio.create_task(self._dispatch_forever(), name="dispatcher")

    async def stop(self) -> None:
        """Stop dispatching and cancel in-memory work; the database keeps every job's state,
        so the next start resumes them."""
        if self._dispatcher is not None:
            self._dispatcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._dispatcher
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.board.close()
        await self.worker.stop()
        if self._owns_http and self._http is not None:
            await self._http.close()

    def _pixel_limit(self, mode: str) -> int:
        """Each mode's own input limit, checked before a job enters the queue."""
        engine = self.settings.engine
        return engine.generative_max_input_pixels if mode == "creative" else engine.max_input_pixels

    def _session(self) -> aiohttp.ClientSession:
        assert self._http is not None, "start() opens the HTTP session"
        return self._http

    def _spawn(self, coroutine: Awaitable[None], name: str) -> None:
        task = asyncio.ensure_future(coroutine)
        task.set_name(name)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)

    def _task_done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        self._changed.set()
        if not task.cancelled() and task.exception() is not None:
            log.error("%s failed", task.get_name(), exc_info=task.exception())

    async def run_until_empty(self, timeout_s: float = 300.0) -> None:
        """Wait until nothing is waiting, running or being delivered (for tests and bursts)."""
        async with asyncio.timeout(timeout_s):
            while self._tasks or len(self.queue) or len(self.board):
                self._changed.clear()
                await self._changed.wait()

    # -- taking requests ---------------------------------------------------------------

    async def request_upscale(self, request: UpscaleRequest) -> Accepted:
        """Check a confirmed request, then create its job and hold its price atomically.

        Checks that cost nothing when they fail: the attachment's host is allowed, its
        declared size and type are acceptable, the queue has room. Idempotent on
        ``request.request_key``: a repeat returns the same job with ``created=False``.

        Raises:
            DownloadError, FileTooLarge, NotAnImage, QueueFull: refused before any charge.
            InsufficientCredits, ImageBusy, QueueLimitReached: refused by the database.
        """
        source = request.source
        check_source_url(source.url, self.allowed_hosts)
        if source.size > self.settings.engine.max_input_bytes:
            raise FileTooLarge(source.size, self.settings.engine.max_input_bytes)
        if source.content_type and not source.content_type.startswith("image/"):
            raise NotAnImage(source.content_type)
        if len(self.queue) + self.board.preparing(self.queue) >= self.queue.max_length:
            raise QueueFull(self.queue.max_length)
        submission = await self.storage.jobs.submit(
            JobRequest(
                request_key=request.request_key,
                guild_id=request.guild_id,
                channel_id=request.channel_id,
                message_id=request.message_id,
                attachment_slot=request.attachment_slot,
                attachment_id=source.attachment_id,
                source_url=source.url,
                source_filename=source.filename,
                source_size=source.size,
                requester_id=request.requester_id,
                model=request.model,
                scale=request.scale,
                mode=request.mode,
                price=request.price,
                options={**request.options, "upload_limit": request.upload_limit},
            )
        )
        if submission.created:
            job = submission.job
            log.info("job %s: accepted for member %s", job.id, job.requester_id)
            self.board.track(job)
            self._spawn(self._prepare(job), f"prepare-{job.id}")
        return Accepted(submission.job, submission.hold, submission.created)

    # -- preparing: download, record the original, queue -------------------------------

    async def _prepare(self, job: Job) -> None:
        active = self.board.track(job)
        try:
            data = await self.sources.fetch(job)
            header = await asyncio.to_thread(
                probe,
                data,
                max_pixels=self._pixel_limit(job.mode),
                max_bytes=self.settings.engine.max_input_bytes,
            )
        except (DownloadError, EngineError) as exc:
            await self._fail(job.id, getattr(exc, "code", "bad_input"), describe(exc))
            return
        active.megapixels = header.width * header.height / 1e6
        active.model = job.model
        self.queue.put(
            QueuedJob(job.id, (job.guild_id, job.requester_id), job.model, active.megapixels),
            force=True,
        )
        self.board.announce(self.queue, self.throughput)

    # -- running -----------------------------------------------------------------------

    def pause(self) -> None:
        """Stop starting new jobs (running ones finish); requests are still accepted."""
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    async def _dispatch_forever(self) -> None:
        while True:
            await self._slots.acquire()
            try:
                queued = await self._next_job()
            except BaseException:
                self._slots.release()
                raise
            self._spawn(self._run(queued.job_id), f"run-{queued.job_id}")
            self.board.announce(self.queue, self.throughput)

    async def _next_job(self) -> QueuedJob:
        """The next job in fair order, once there is one and dispatching is not paused."""
        while True:
            await self._running.wait()
            await self.queue.wait_available()
            if self._running.is_set() and (queued := self.queue.get_nowait()) is not None:
                return queued

    async def _run(self, job_id: int) -> None:
        try:
            job = await self.storage.jobs.transition(job_id, JobState.RUNNING)
        except Exception:
            self._slots.release()
            log.warning("job %s: could not start", job_id, exc_info=True)
            self._forget(job_id)
            return
        active = self.board.track(job)
        active.started = time.perf_counter()
        active.progress.submit(ProgressUpdate(job.id, "running", 0.0))

        def on_progress(done: int, total: int) -> None:
            active.fraction = done / max(total, 1)
            active.progress.submit(ProgressUpdate(job.id, "running", active.fraction))

        request = WorkRequest(
            job_id=job.id,
            input_path=str(self.storage.blobs.local_path(job.source_sha256 or "0" * 64)),
            output_dir=str(self._work_dir),
            upload_limit=int(job.options.get("upload_limit", 10 * 1024 * 1024)),
            model=job.model,
            scale=job.scale,
            mode=job.mode,
            options=job.options,
        )
        try:
            result = await self._run_in_worker(request, on_progress)
        except WorkerCrashed as exc:
            self._slots.release()
            await self._after_crash(job, exc)
            return
        except EngineFailure as exc:
            self._slots.release()
            state = JobState.CANCELLED if exc.code == "cancelled" else JobState.FAILED
            await self._fail(job.id, exc.code, describe(exc), state=state)
            return
        except TimeoutError:
            self._slots.release()
            limit = self.settings.queue.job_timeout_s
            await self._fail(
                job.id, "timeout", f"The upscale took longer than {limit:.0f} s and was stopped."
            )
            return
        self._slots.release()
        self.throughput.record(job.model, result.megapixels, result.timings.get("infer_s", 0.0))
        await self._store_result(job, result)

    async def _run_in_worker(
        self, request: WorkRequest, on_progress: Callable[[int, int], None]
    ) -> WorkResult:
        """The worker's result, or TimeoutError after the job's time limit (the worker is told
        to stop, and killed if it does not within a grace period)."""
        task = asyncio.ensure_future(self.worker.run(request, on_progress))
        try:
            return await asyncio.wait_for(asyncio.shield(task), self.settings.queue.job_timeout_s)
        except TimeoutError:
            self.worker.cancel(request.job_id)
            try:
                await asyncio.wait_for(task, CANCEL_GRACE_S)
            except (TimeoutError, EngineFailure, WorkerCrashed):
                if not task.done():
                    self.worker.kill()
                    with contextlib.suppress(Exception):
                        await task
            raise TimeoutError from None

    async def _after_crash(self, job: Job, exc: WorkerCrashed) -> None:
        current = await self.storage.jobs.get(job.id)
        if current.attempts >= self.settings.queue.max_attempts:
            log.error("job %s: worker crashed on attempt %s; giving up", job.id, current.attempts)
            await self._fail(job.id, "engine_crashed", describe(exc) + " The job was stopped.")
            return
        log.warning("job %s: worker crashed on attempt %s; retrying", job.id, current.attempts)
        await self.storage.jobs.transition(job.id, JobState.QUEUED)
        active = self.board.track(current)
        active.started = None
        active.fraction = 0.0
        self.queue.put(
            QueuedJob(job.id, (job.guild_id, job.requester_id), job.model, active.megapixels),
            force=True,
        )
        self.board.announce(self.queue, self.throughput)

    async def _store_result(self, job: Job, result: WorkResult) -> None:
        succeeded = await self.results.store(job, result)
        await self._deliver(succeeded)

    async def _deliver(self, job: Job) -> None:
        await self.board.quiet(job.id)
        await self.results.deliver(job)
        self._forget(job.id)

    # -- failing and cancelling --------------------------------------------------------

    async def _fail(
        self, job_id: int, code: str, message: str, *, state: JobState = JobState.FAILED
    ) -> None:
        """Stop the job, refund its hold (same transaction), and tell the member."""
        job = await self.storage.jobs.get(job_id)
        if job.state in (JobState.FAILED, JobState.CANCELLED, JobState.DELIVERED):
            self._forget(job_id)
            return
        refund = f" Your {job.price} credits were refunded." if job.price else ""
        failed = await self.storage.jobs.transition(
            job_id, state, error_code=code, error_message=message
        )
        log.info("job %s: %s (%s)", job_id, state.value, code)
        await self.board.quiet(job_id)
        self._forget(job_id)
        try:
            await self.delivery.notify_failure(failed, message + refund)
        except Exception:
            log.warning("job %s: could not tell the member", job_id, exc_info=True)

    def _forget(self, job_id: int) -> None:
        self.board.forget(job_id)
        self.queue.remove(job_id)
        self._changed.set()

    async def cancel(self, job_id: int) -> Job:
        """Cancel a queued or running job (permission checks are the caller's); refunds it.

        Raises:
            IllegalTransition: the job already finished.
        """
        job = await self.storage.jobs.get(job_id)
        if job.state is JobState.QUEUED:  # waiting or still downloading: _fail dequeues it
            await self._fail(
                job_id, "cancelled", "The upscale was cancelled.", state=JobState.CANCELLED
            )
        elif job.state is JobState.RUNNING:
            self.worker.cancel(job_id)
        else:
            raise IllegalTransition(job_id, job.state, JobState.CANCELLED)
        return await self.storage.jobs.get(job_id)

    # -- recovery ----------------------------------------------------------------------

    async def _recover(self) -> None:
        for job in await self.storage.jobs.recoverable():
            if job.state is JobState.SUCCEEDED:
                self._spawn(self._deliver(job), f"redeliver-{job.id}")
                continue
            if job.state is JobState.RUNNING:
                job = await self.storage.jobs.transition(job.id, JobState.QUEUED)
            if job.attempts >= self.settings.queue.max_attempts:
                await self._fail(
                    job.id, "engine_crashed", "The upscaler stopped repeatedly on this image."
                )
                continue
            log.info("job %s: resumed after restart (attempt %s)", job.id, job.attempts + 1)
            self.board.track(job)
            self._spawn(self._prepare(job), f"prepare-{job.id}")

    # -- what the bot shows ------------------------------------------------------------

    def position(self, job_id: int) -> tuple[int | None, float | None]:
        """Place in line and estimated seconds until done, for a waiting job."""
        return self.queue.position(job_id), self.queue.wait_estimate(job_id, self.throughput)

    def estimate_seconds(self, model: str, width: int, height: int) -> float:
        """How long an upscale of this size would take once it runs."""
        return self.throughput.seconds_for(model, width * height / 1e6)
