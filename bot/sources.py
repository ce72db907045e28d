"""Where a job's original image comes from: the blob store, or Discord's CDN the first time.

The first download also records the original as version 0 of the image, in the same
transaction that remembers its hash on the job, so a restart never downloads it twice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aiohttp

from bot.download import download
from config import Settings
from engine.decode import probe
from engine.errors import EngineError
from storage.jobs import Job
from storage.store import Storage


class Sources:
    def __init__(
        self,
        settings: Settings,
        storage: Storage,
        allowed_hosts: set[str],
        session: Callable[[], aiohttp.ClientSession],
    ) -> None:
        self.settings = settings
        self.storage = storage
        self.allowed_hosts = allowed_hosts
        self._session = session

    async def fetch(self, job: Job) -> bytes:
        """The original image, from the blob store if already downloaded.

        Raises:
            DownloadError: the link is foreign, expired, too large, too slow, or unreachable.
        """
        blobs = self.storage.blobs
        if job.source_sha256 and await blobs.exists(job.source_sha256):
            return await blobs.read(job.source_sha256)
        data = await download(
            self._session(),
            job.source_url,
            allowed_hosts=self.allowed_hosts,
            max_bytes=self.settings.engine.max_input_bytes,
            timeout_s=self.settings.queue.download_timeout_s,
        )
        blob = await blobs.put_bytes(data)
        try:
            header = probe(data, max_pixels=10**12, max_bytes=10**12)
        except EngineError:
            await self.storage.jobs.set_source_sha256(job.id, blob.sha256)
            return data  # the caller reports what is wrong with it
        original = {
            "guild_id": job.guild_id,
            "channel_id": job.channel_id,
            "message_id": job.message_id,
            "attachment_slot": job.attachment_slot,
            "blob_sha256": blob.sha256,
            "filename": job.source_filename,
            "width": header.width,
            "height": header.height,
            "size": len(data),
            "discord_attachment_id": job.attachment_id,
            "discord_url": job.source_url,
        }

        def remember(conn: Any) -> None:
            self.storage.jobs.set_source_sha256_in(conn, job.id, blob.sha256)
            self.storage.history.record_original_in(conn, **original)

        await self.storage.database.write(remember)
        return data
