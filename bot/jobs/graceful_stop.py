"""Stopping without losing or overcharging anything (SIGTERM from Docker, Ctrl-C).

No new job goes to the worker; the running ones get a grace period to finish and be shown;
whatever is still running after it goes back to the queue without spending an attempt (it did
nothing wrong), so the next start resumes it and the member is charged once, as always.
Requests that arrive meanwhile are still taken: they wait in the queue for the next start.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from bot.jobs.service import UpscaleService
from storage.errors import IllegalTransition
from storage.jobs import JobState

log = logging.getLogger(__name__)


async def stop_gracefully(service: UpscaleService, grace_s: float) -> list[int]:
    """Stop the service as above; returns the ids of the jobs put back in the queue."""
    service.pause()
    in_flight = service.in_flight()
    if in_flight:
        log.info("stopping: waiting up to %.0f s for %s running jobs", grace_s, len(in_flight))
        await asyncio.wait(in_flight, timeout=grace_s)
    unfinished = [task for task in in_flight if not task.done()]
    for task in unfinished:
        task.cancel()
    await asyncio.gather(*unfinished, return_exceptions=True)
    put_back = []
    for job in await service.storage.jobs.recoverable():
        if job.state is JobState.RUNNING:
            with contextlib.suppress(IllegalTransition):  # it succeeded at the last moment
                await service.storage.jobs.requeue(job.id, spend_attempt=False)
                put_back.append(job.id)
    if put_back:
        log.info("stopping: jobs %s go back to the queue for the next start", put_back)
        # Their computation is abandoned; waiting for the worker to wind down only costs time.
        service.place.abandon_running()
    await service.stop()
    return put_back
