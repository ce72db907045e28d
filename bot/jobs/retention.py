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
# A result is written, then its row commits: seconds apart. A blob younger than this is never
# swept, whatever the database said when the sweep looked.
GRACE_S = 3600.0


async def sweep_blobs(settings: Settings, storage: Storage) -> SweepReport:
    """One pass of retention; the live set is read after the walk, so a result kept while
    the walk ran is not deleted."""
    budget = settings.storage.blob_max_bytes
    report = await storage.blobs.sweep(
        storage.history.live_blobs,
        max_bytes=budget,
        max_age_s=settings.storage.blob_max_age_days * DAY_S,
        grace_s=GRACE_S,
    )
    log.info("blob sweep: %s", report)
    if report.remaining_bytes > budget:
        log.warning(
            "blob store at %s bytes, over its %s byte budget: what is left is needed"
            " (history, pending jobs) or younger than %.0f s",
            report.remaining_bytes,
            budget,
            GRACE_S,
        )
    return report
