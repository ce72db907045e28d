"""Finished work: keep the result, then show it on the message (retrying while Discord is down).

Keeping comes first and is one transaction (image version + captured credits), so a result
that could not be shown yet is never lost and never charged twice: it is in ``/history`` and
the next start delivers it again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path

from bot.jobs.ports import (
    DeliveryReceipt,
    DeliveryRefused,
    FailureReason,
    FinishedImage,
    JobFailure,
    MessageGone,
    Presenter,
)
from config import Settings
from engine.finished_run import FinishedRun
from storage.blobs import StoredBlob
from storage.jobs import Job, JobResult
from storage.store import Storage

log = logging.getLogger(__name__)

# Rounds of delivery (each ``delivery_attempts`` tries with backoff) before a result that
# Discord keeps failing is left in /history and its image unlocked.
DELIVERY_ROUNDS_MAX = 5


async def remove_work_files(run: FinishedRun) -> None:
    """The worker's output files are scratch: gone once kept (or once the job failed)."""
    for path in set(run.paths):
        with contextlib.suppress(OSError):
            await asyncio.to_thread(Path(path).unlink)


def job_result(run: FinishedRun, kept: StoredBlob, upload: StoredBlob, filename: str) -> JobResult:
    """The job row's record of a finished run whose files are kept as ``kept`` and
    ``upload``; the size a member sees is the upload copy's."""
    return JobResult(
        sha256=kept.sha256,
        width=run.upload.width,
        height=run.upload.height,
        bytes=kept.size,
        upload_sha256=upload.sha256,
        upload_format=run.upload.format,
        upload_filename=filename,
        input_width=run.input_width,
        input_height=run.input_height,
        device=run.device,
        precision=run.precision,
        seed=run.seed,
    )


class Results:
    def __init__(self, settings: Settings, storage: Storage, presenter: Presenter) -> None:
        self.settings = settings
        self.storage = storage
        self.presenter = presenter
        self._rounds: dict[int, int] = {}  # failed delivery rounds, by job

    async def store(self, job: Job, run: FinishedRun) -> Job:
        """Keep the full-quality PNG and the upload copy, then record the version and capture
        the hold in one transaction. Returns the succeeded job."""
        try:
            kept = await self.storage.blobs.put_file(Path(run.kept.path))
            upload = await self.storage.blobs.put_file(Path(run.upload.path))
        finally:
            await remove_work_files(run)
        stem = Path(job.request.source.filename).stem or "image"
        filename = f"{stem}-x{job.request.scale}.{run.upload.extension}"
        result = job_result(run, kept, upload, filename)
        succeeded, _ = await self.storage.jobs.complete(job.id, result)
        log.info(
            "job %s: %sx%s -> %sx%s in %.2fs (%s, %s, %s path)",
            job.id,
            result.input_width,
            result.input_height,
            result.width,
            result.height,
            run.timings.get("infer_s", 0.0),
            result.device,
            result.precision,
            run.engine_path,
        )
        return succeeded

    async def deliver(self, job: Job) -> bool:
        """Show a succeeded job's result, retrying with backoff. A deleted message ends the
        job with the result kept in history. Returns False when every attempt failed: the job
        stays succeeded and is tried again later."""
        version = await self.storage.history.by_job(job.id)
        result = job.result
        assert version is not None and result is not None
        path = self.storage.blobs.local_path(result.upload_sha256)
        image = FinishedImage(
            path=path,
            filename=result.upload_filename,
            format=result.upload_format,
            size=(await asyncio.to_thread(path.stat)).st_size,
            width=result.width,
            height=result.height,
            input_width=result.input_width,
            input_height=result.input_height,
            version=version,
        )
        delay = self.settings.queue.delivery_backoff_s
        for attempt in range(1, self.settings.queue.delivery_attempts + 1):
            try:
                receipt = await self.presenter.deliver(job, image)
            except MessageGone:
                log.info("job %s: message gone; result kept in history", job.id)
                await self._give_up(job, FailureReason.MESSAGE_GONE, "message_gone")
                return True
            except DeliveryRefused as exc:
                log.warning("job %s: %s; result kept in history", job.id, exc)
                await self._give_up(job, FailureReason.UNDELIVERABLE, f"refused_{exc.status}")
                return True
            except Exception:
                log.warning("job %s: delivery attempt %s failed", job.id, attempt, exc_info=True)
                await asyncio.sleep(delay)
                delay *= 2
                continue
            await self._delivered(job, version.id, receipt)
            return True
        rounds = self._rounds[job.id] = self._rounds.get(job.id, 0) + 1
        if rounds >= DELIVERY_ROUNDS_MAX:
            log.error("job %s: not delivered in %s rounds; result kept in history", job.id, rounds)
            await self._give_up(job, FailureReason.UNDELIVERABLE, "undeliverable")
            return True
        log.error("job %s: not delivered after %s attempts; will retry later", job.id, attempt)
        return False

    async def _give_up(self, job: Job, reason: FailureReason, code: str) -> None:
        """End the delivery: the result stays in /history (already kept and charged), the
        image is free for the next upscale, and the member is told where the result is."""
        self._rounds.pop(job.id, None)
        await self.storage.jobs.mark_delivered(job.id, error_code=code)
        with contextlib.suppress(Exception):  # the channel may be the very thing lost
            await self.presenter.tell_failure(job, JobFailure(reason, code))

    async def _delivered(self, job: Job, version_id: int, receipt: DeliveryReceipt) -> None:
        self._rounds.pop(job.id, None)
        await self.storage.jobs.mark_delivered(
            job.id, version_id=version_id, attachment_id=receipt.attachment_id, url=receipt.url
        )
