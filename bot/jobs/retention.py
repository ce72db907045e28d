"""The blob store stays bounded: unreferenced blobs older than the age limit go, then the oldest
unreferenced ones until the store fits its size cap. Every blob a version or a job still needs
(originals, results, upload copies awaiting delivery) is live and never deleted."""

from __future__ import annotations

import logging

from config import Settings
from storage.blobs import SweepReport
from storage.store import Storage

log = logging.getLogger(__name__)

DAY_S = 86_400.0


async def sweep_blobs(settings: Settings, storage: Storage) -> SweepReport:
    live = await storage.history.live_blobs()
    report = await storage.blobs.sweep(
        live,
        max_bytes=settings.storage.blob_max_bytes,
        max_age_s=settings.storage.blob_max_age_days * DAY_S,
    )
    log.info("blob sweep: %s", report)
    return report
