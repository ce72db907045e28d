"""Where a job's original image comes from: the blob store, or Discord's CDN the first time.

An original is kept only once it has passed the checks: a refused file is never written to
the blob store. Keeping it also records it as version 0 of its image, in the same transaction
that remembers its hash on the job, so a restart never downloads it twice.
"""

from __future__ import annotations

from collections.abc import Callable

import aiohttp

from bot.jobs.download import download
from config import Settings
from engine.images.decode import ImageHeader
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
        """The original image, from the blob store if already kept.

        Raises:
            DownloadError: the link is foreign, expired, too large, too slow, or unreachable.
        """
        blobs = self.storage.blobs
        if job.source_sha256 and await blobs.exists(job.source_sha256):
            return await blobs.read(job.source_sha256)
        return await self.download(job.request.source.url)

    async def download(self, url: str) -> bytes:
        """An attachment's bytes, within the byte and time limits (before any job exists:
        the confirmation reads the prompt in it).

        Raises:
            DownloadError: the link is foreign, expired, too large, too slow, or unreachable.
        """
        return await download(
            self._session(),
            url,
            allowed_hosts=self.allowed_hosts,
            max_bytes=self.settings.engine.max_input_bytes,
            timeout_s=self.settings.queue.download_timeout_s,
        )

    async def keep(self, job: Job, data: bytes, header: ImageHeader) -> str:
        """Store an accepted original and record it (once); returns its hash."""
        if job.source_sha256 and await self.storage.blobs.exists(job.source_sha256):
            return job.source_sha256
        blob = await self.storage.blobs.put_bytes(data)
        await self.storage.jobs.record_source(
            job.id, blob.sha256, width=header.width, height=header.height, size=len(data)
        )
        return blob.sha256
