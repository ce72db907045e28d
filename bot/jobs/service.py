"""The life of an upscale, from a confirmed click to the image on the message. No Discord here.

::

    request_upscale: free checks, terms from the policy -> job + credit hold, one transaction
    prepare:         download -> probe (off the event loop) -> keep the original -> fair queue
    dispatch:        queue -> a free slot of a place (a local worker process, or a remote
                     worker through Redis): decode -> tiles -> model -> encode
                     -> coalesced progress -> result blob + version + capture, one transaction
    deliver:         the presenter replaces the image on the message (retried with backoff)
    any failure:     release the hold (refund) -> the presenter tells the member why

Every step is a state in SQLite, so :meth:`UpscaleService.start` resumes after a crash
(attempts counted and capped); whatever is raised at any point, a job ends in a final state
or stays resumable. Once confirmed, a job finishes even if the member leaves.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from bot.jobs.board import JobBoard
from bot.jobs.dispatcher import Dispatcher
from bot.jobs.download import DownloadError, check_source_url
from bot.jobs.endings import JobEndings
from bot.jobs.fair_queue import FairQueue, QueuedJob, QueueFull, Throughput
from bot.jobs.log_context import bind_job
from bot.jobs.modes import ModePolicy, PriceChanged
from bot.jobs.places.local import failure_of
from bot.jobs.places.protocol import Place, Slot
from bot.jobs.places.time_limit import JobTimedOut
from bot.jobs.ports import FailureReason, JobFailure, Presenter, ProgressUpdate
from bot.jobs.results import Results
from bot.jobs.sources import Sources
from bot.jobs.upkeep import Upkeep
from config import Settings
from engine.errors import FileTooLarge, InputError, NotAnImage
from engine.images.decode import ImageHeader
from engine.process.probe_pool import ProbePool
from engine.process.protocol import EngineFailure, WorkerCrashed
from storage.errors import IllegalTransition
from storage.jobs import Job, JobRequest, JobState, Submission
from storage.store import Storage

log = logging.getLogger(__name__)


class UpscaleService:
    """Runs jobs for the bot. One per process; ``start()`` before use, ``stop()`` after.

    ``place`` is where jobs run (:mod:`bot.jobs.places.protocol`): the host's engine
    processes (:class:`~bot.jobs.places.local.LocalPlace`), remote workers, or both.
    """

    def __init__(
        self,
        settings: Settings,
        storage: Storage,
        place: Place,
        presenter: Presenter,
        *,
        http: aiohttp.ClientSession | None = None,
    ) -> None:
        self.settings = settings
        self.storage = storage
        self.place = place
        self.presenter = presenter
        self.policy = ModePolicy(settings, storage.servers)
        self.queue = FairQueue(settings.queue.max_length)
        self.throughput = Throughput()
        self.board = JobBoard(
            storage,
            presenter,
            self.queue,
            self.throughput,
            settings.queue.progress_interval_s,
            place.missing_engine_for,
        )
        self.results = Results(settings, storage, presenter)
        # Members' files are parsed only there: never on the event loop, never in this process.
        engine = settings.engine
        largest = max(engine.max_input_pixels, engine.generative_max_input_pixels)
        self.probes = ProbePool(max_pixels=largest, max_bytes=engine.max_input_bytes)
        self._http = http
        self._owns_http = http is None
        self._tasks: set[asyncio.Task[None]] = set()
        self.dispatcher = Dispatcher(self.queue, self.place, self._launch, self.board.announce)
        self.upkeep = Upkeep(settings, storage, self.redeliver_stranded)
        self._changed = asyncio.Event()
        api_host = urlsplit(settings.discord.api_base_url).hostname or ""
        self.allowed_hosts = {h.lower() for h in settings.discord.cdn_hosts} | {api_host.lower()}
        self.sources = Sources(settings, storage, self.allowed_hosts, self._session)
        self.endings = JobEndings(storage, self.board, presenter, self._forget, self._deliver_later)

    # -- lifecycle ---------------------------------------------------------------------

    async def start(self) -> None:
        """Start the place jobs run, resume unfinished jobs, and begin dispatching."""
        if self._http is None:
            self._http = aiohttp.ClientSession()
        await self.place.start()
        await self._recover()
        self.dispatcher.start()
        self.upkeep.start()

    async def stop(self) -> None:
        """Stop dispatching and cancel in-memory work; the database keeps every job's state,
        so the next start resumes them."""
        await self.upkeep.stop()
        await self.dispatcher.stop()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.board.close()
        await self.place.stop()
        await self.probes.close()
        if self._owns_http and self._http is not None:
            await self._http.close()

    def _session(self) -> aiohttp.ClientSession:
        assert self._http is not None, "start() opens it"
        return self._http

    def _spawn(self, coroutine: Coroutine[Any, Any, None], name: str) -> asyncio.Task[None]:
        task = asyncio.create_task(coroutine, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        self._changed.set()
        if not task.cancelled() and task.exception() is not None:
            log.error("%s failed", task.get_name(), exc_info=task.exception())

    async def run_until_empty(self, timeout_s: float = 300.0) -> None:
        """Wait until nothing waits, runs or is being delivered (for tests and bursts)."""
        async with asyncio.timeout(timeout_s):
            while self._tasks or len(self.queue) or len(self.board):
                self._changed.clear()
                await self._changed.wait()

    # -- taking requests ---------------------------------------------------------------

    async def request_upscale(
        self,
        request: JobRequest,
        *,
        shown_price: int | None = None,
        input_size: tuple[int, int] | None = None,
        kept_source: str | None = None,
    ) -> Submission:
        """Check a confirmed request, then create its job and hold its price atomically.

        Free checks first (mode and scale offered, the price still the ``shown_price`` the
        member confirmed, host allowed, declared size and type, room in the queue). The price
        is the policy's for ``input_size`` (the attachment's size as Discord declared it).
        ``kept_source`` is the hash of an original already in the blob store (an upscale run
        again on the same input): the job reads it instead of downloading. Idempotent on ``request.request_key`` (``created=False``).

        Raises:
            ModeUnavailable, PriceChanged, DownloadError, FileTooLarge, NotAnImage, QueueFull:
                refused before any charge.
            InsufficientCredits, ImageBusy, QueueLimitReached: refused by the database.
        """
        terms = await self.policy.terms(request.mode, request.scale, guild_id=request.guild_id)
        width, height = input_size or (None, None)
        price = terms.price_for(width, height, request.scale)
        if shown_price is not None and price != shown_price:
            raise PriceChanged(shown_price, price)
        source = request.source
        check_source_url(source.url, self.allowed_hosts)
        if source.size > self.settings.engine.max_input_bytes:
            raise FileTooLarge(source.size, self.settings.engine.max_input_bytes)
        if source.content_type and not source.content_type.startswith("image/"):
            raise NotAnImage(source.content_type)
        if len(self.queue) + self.board.preparing() >= self.queue.max_length:
            raise QueueFull(self.queue.max_length)
        submission = await self.storage.jobs.submit(request, price=price)
        if submission.created:
            job = submission.job
            if kept_source is not None:
                await self.storage.jobs.record_source(job.id, kept_source)
                job = await self.storage.jobs.get(job.id)
            bind_job(job)
            log.info("job %s: accepted for member %s", job.id, request.requester_id)
            self.board.track(job)
            self._spawn(self._prepare(job), f"prepare-{job.id}")
        return submission

    # -- preparing: download, check, keep the original, queue --------------------------

    async def _prepare(self, job: Job) -> None:
        bind_job(job)
        active = self.board.track(job)
        try:
            data = await self.sources.fetch(job)
            header = await self._probe(job, data)
            await self.sources.keep(job, data, header)
        except (DownloadError, InputError) as exc:
            await self.endings.fail(job.id, JobFailure(FailureReason.REFUSED, exc.code, str(exc)))
            return
        except Exception as exc:
            await self.endings.fail_unexpectedly(job.id, exc)
            return
        active.megapixels = header.width * header.height / 1e6
        self.queue.put(
            QueuedJob(job.id, active.owner, job.request.model, active.megapixels), force=True
        )
        self.board.announce()

    async def _probe(self, job: Job, data: bytes) -> ImageHeader:
        """The header, every limit checked, parsed in a capped process of its own."""
        terms = await self.policy.terms(job.request.mode, guild_id=job.request.guild_id)
        limit = self.settings.engine.max_input_bytes
        return await self.probes.probe(data, max_pixels=terms.max_input_pixels, max_bytes=limit)

    # -- running -----------------------------------------------------------------------

    def pause(self) -> None:
        """Stop starting jobs (running ones finish); requests are still accepted."""
        self.dispatcher.pause()

    def resume(self) -> None:
        self.dispatcher.resume()

    def _launch(self, queued: QueuedJob, slot: Slot) -> None:
        task = self._spawn(self._run(queued.job_id, slot), f"run-{queued.job_id}")
        # The slot belongs to the task: it comes back however the task ends.
        task.add_done_callback(lambda _: slot.release())
        self.board.announce()

    async def _run(self, job_id: int, slot: Slot) -> None:
        try:
            job = await self.storage.jobs.start(job_id)
        except Exception:
            log.warning("job %s: could not start", job_id, exc_info=True)
            self._forget(job_id)
            return
        bind_job(job)
        active = self.board.track(job)
        active.fraction = 0.0
        active.progress.submit(ProgressUpdate(job.id, "running", 0.0))

        def on_start() -> None:
            active.started = asyncio.get_running_loop().time()

        def on_progress(done: int, total: int) -> None:
            active.fraction = done / max(total, 1)
            active.progress.submit(ProgressUpdate(job.id, "running", active.fraction))

        try:
            work = await slot.run(job, on_start, on_progress)
            self.throughput.record(
                job.request.model, work.megapixels, work.timings.get("infer_s", 0.0)
            )
            succeeded = await self.results.store(job, work)
        except WorkerCrashed as exc:
            await self._after_crash(job, exc)
            return
        except EngineFailure as exc:
            if exc.code == "cancelled":
                await self.endings.cancelled(job.id)
            else:
                await self.endings.fail(job.id, failure_of(job.id, exc))
            return
        except JobTimedOut as exc:
            await self.endings.fail(
                job.id, JobFailure(FailureReason.TIMEOUT, "timeout", limit_s=exc.limit_s)
            )
            return
        except IllegalTransition:  # cancelled (refunded) as its last tile ran: not kept
            log.info("job %s: cancelled before its result was kept; result dropped", job.id)
            self._forget(job.id)
            return
        except Exception as exc:
            await self.endings.fail_unexpectedly(job.id, exc)
            return
        # Kept and charged; showing it may wait on Discord, which must not hold the slot.
        self._deliver_later(succeeded)

    async def _after_crash(self, job: Job, exc: WorkerCrashed) -> None:
        current = await self.storage.jobs.get(job.id)
        if current.state is not JobState.RUNNING:
            self._forget(job.id)  # cancelled while the worker died
            return
        if not exc.bystander and current.attempts >= self.settings.queue.max_attempts:
            log.error("job %s: worker crashed on attempt %s; giving up", job.id, current.attempts)
            await self.endings.fail(job.id, JobFailure(FailureReason.CRASHED, "engine_crashed"))
            return
        log.warning("job %s: worker stopped on attempt %s; retrying", job.id, current.attempts)
        await self.storage.jobs.requeue(job.id, spend_attempt=not exc.bystander)
        active = self.board.track(current)
        active.started = None
        active.fraction = 0.0
        self.queue.put(
            QueuedJob(job.id, active.owner, job.request.model, active.megapixels), force=True
        )
        self.board.announce()

    def _deliver_later(self, job: Job) -> None:
        self._spawn(self._deliver(job), f"deliver-{job.id}")

    async def _deliver(self, job: Job) -> None:
        bind_job(job)
        await self.board.quiet(job.id)
        try:
            await self.results.deliver(job)
        finally:
            self._forget(job.id)

    # -- failing and cancelling --------------------------------------------------------

    def _forget(self, job_id: int) -> None:
        self.board.forget(job_id)
        self.queue.remove(job_id)
        self._changed.set()

    async def cancel(self, job_id: int) -> Job:
        """Cancel a queued or running job (permission checks are the caller's) and refund it,
        now and durably: a restart never runs it again. A running job's engine stops at its
        next tile or step; a result it still returns is dropped.

        Raises:
            IllegalTransition: the job already finished.
        """
        job = await self.storage.jobs.get(job_id)
        if job.state not in (JobState.QUEUED, JobState.RUNNING):
            raise IllegalTransition(job_id, job.state, JobState.CANCELLED)
        # The engine stops first, so it does not compute while the member is told; its run
        # then ends "cancelled" and finds the job already refunded.
        self.place.cancel(job_id)
        await self.endings.cancelled(job_id)
        return await self.storage.jobs.get(job_id)

    # -- recovery, redelivery, graceful stop ---------------------------------------------

    async def _recover(self) -> None:
        await self.redeliver_stranded()
        for job in await self.storage.jobs.recoverable():
            if job.state is JobState.SUCCEEDED:
                continue  # being delivered again
            if job.state is JobState.RUNNING:
                job = await self.storage.jobs.requeue(job.id)
            if job.attempts >= self.settings.queue.max_attempts:
                await self.endings.fail(job.id, JobFailure(FailureReason.CRASHED, "engine_crashed"))
                continue
            log.info("job %s: resumed after restart (attempt %s)", job.id, job.attempts + 1)
            self.board.track(job)
            self._spawn(self._prepare(job), f"prepare-{job.id}")

    async def redeliver_stranded(self) -> int:
        """Deliver succeeded jobs nobody is delivering (after a restart, or when Discord was
        down longer than the retries); returns how many were started."""
        started = 0
        for job in await self.storage.jobs.recoverable():
            if job.state is JobState.SUCCEEDED and job.id not in self.board.jobs:
                self.board.track(job)
                self._spawn(self._deliver(job), f"redeliver-{job.id}")
                started += 1
        return started

    def in_flight(self) -> list[asyncio.Task[None]]:
        """The tasks taking a job from the worker to its message (see ``graceful_stop``)."""
        prefixes = ("run-", "deliver-", "redeliver-")
        return [t for t in self._tasks if t.get_name().startswith(prefixes)]
