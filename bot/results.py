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
from typing import Any

from bot.delivery import Delivery, DeliveryReceipt, FinishedImage, MessageGone
from config import Settings
from engine.worker import WorkResult
from storage.jobs import Job, JobState
from storage.store import Storage

log = logging.getLogger(__name__)


class Results:
    def __init__(self, settings: Settings, storage: Storage, delivery: Delivery) -> None:
        self.settings = settings
        self.storage = storage
        self.delivery = delivery

    async def store(self, job: Job, result: WorkResult) -> Job:
        """Keep the full-quality PNG and the upload copy, then record the version and capture
        the hold in one transaction. Returns the succeeded job."""
        png = await self.storage.blobs.put_file(Path(result.png_path))
        fitted = await self.storage.blobs.put_file(Path(result.fitted_path))
        stem = Path(job.source_filename).stem or "image"
        filename = f"{stem}-x{job.scale}.{Path(result.fitted_path).suffix.lstrip('.')}"

        def commit(conn: Any) -> Job:
            self.storage.history.add_in(
                conn,
                guild_id=job.guild_id,
                channel_id=job.channel_id,
                message_id=job.message_id,
                attachment_slot=job.attachment_slot,
                blob_sha256=png.sha256,
                filename=filename,
                width=result.width,
                height=result.height,
                size=png.size,
                job_id=job.id,
            )
            options = {
                **job.options,
                "upload_sha256": fitted.sha256,
                "upload_format": result.fitted_format,
                "upload_filename": filename,
                "input_width": result.input_width,
                "input_height": result.input_height,
                "precision": result.precision,
                "device": result.device,
                **({"seed": result.seed} if result.seed is not None else {}),
            }
            return self.storage.jobs.transition_in(
                conn,
                job.id,
                JobState.SUCCEEDED,
                result_sha256=png.sha256,
                result_width=result.width,
                result_height=result.height,
                result_bytes=png.size,
                options=options,
            )

        succeeded = await self.storage.database.write(commit)
        for path in (result.png_path, result.fitted_path):
            with contextlib.suppress(OSError):
                await asyncio.to_thread(Path(path).unlink)
        log.info(
            "job %s: %sx%s -> %sx%s in %.2fs (%s, %s)",
            job.id,
            result.input_width,
            result.input_height,
            result.width,
            result.height,
            result.timings.get("infer_s", 0.0),
            result.device,
            result.precision,
        )
        return succeeded

    async def deliver(self, job: Job) -> None:
        """Show a succeeded job's result, retrying with backoff. A deleted message ends the
        job with the result kept in history; after the last attempt the job stays succeeded
        and the next start tries again."""
        version = await self.storage.history.by_job(job.id)
        upload_sha = job.options.get("upload_sha256") or job.result_sha256
        assert version is not None and upload_sha is not None
        image = FinishedImage(
            path=self.storage.blobs.local_path(upload_sha),
            filename=str(job.options.get("upload_filename", version.filename)),
            format=str(job.options.get("upload_format", "png")),
            size=(await asyncio.to_thread(self.storage.blobs.local_path(upload_sha).stat)).st_size,
            width=version.width,
            height=version.height,
            input_width=int(job.options.get("input_width", 0)),
            input_height=int(job.options.get("input_height", 0)),
            version=version,
        )
        delay = self.settings.queue.delivery_backoff_s
        for attempt in range(1, self.settings.queue.delivery_attempts + 1):
            try:
                receipt = await self.delivery.deliver(job, image)
            except MessageGone:
                log.info("job %s: message gone; result kept in history", job.id)
                await self.storage.jobs.transition(
                    job.id, JobState.DELIVERED, error_code="message_gone"
                )
                with contextlib.suppress(Exception):
                    await self.delivery.notify_failure(
                        job,
                        "The message was deleted before the upscale finished; "
                        "the result is saved in /history.",
                    )
                return
            except Exception:
                log.warning("job %s: delivery attempt %s failed", job.id, attempt, exc_info=True)
                await asyncio.sleep(delay)
                delay *= 2
                continue
            await self._delivered(job, version.id, receipt)
            return
        log.error("job %s: not delivered after %s attempts; will retry at restart", job.id, attempt)

    async def _delivered(self, job: Job, version_id: int, receipt: DeliveryReceipt) -> None:
        if receipt.attachment_id is not None and receipt.url is not None:
            await self.storage.history.set_discord_attachment(
                version_id, receipt.attachment_id, receipt.url
            )
        await self.storage.jobs.transition(job.id, JobState.DELIVERED)
