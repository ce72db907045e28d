"""Collecting a remote worker's result: its files fetched from Redis into the work folder,
checked against the job's bounds, and the attempt's run ended with them, or with the failure
that says what the fault was (this host's disk, the worker's file, the link, an expiry)."""

from __future__ import annotations

import collections
import logging
from collections.abc import Callable, Coroutine

from bot.jobs.places.remote.attempts import RemoteAttempt
from bot.jobs.places.remote.result_check import ResultRefused
from bot.jobs.places.remote.transfers import LocalWriteFailed, ResultGone, Transfers
from bot.jobs.results import remove_work_files
from engine.process.protocol import WorkerCrashed
from engine.remote.protocol import Finished
from engine.remote.redis_link import LINK_ERRORS, RedisError

log = logging.getLogger(__name__)

Chore = Callable[[Coroutine[object, object, object]], None]


class ResultCollector:
    """``refused_results`` counts proved results the job cannot keep; ``finished_by`` counts
    results per worker; ``timings`` keeps the latest jobs' timings (the worker's, plus
    ``collect_s``: fetching the result here)."""

    def __init__(self, transfers: Transfers, chore: Chore) -> None:
        self.transfers = transfers
        self.chore = chore
        self.refused_results = 0
        self.finished_by: collections.Counter[str] = collections.Counter()
        self.timings: collections.deque[dict[str, float]] = collections.deque(maxlen=1000)

    async def collect(self, attempt: RemoteAttempt, finished: Finished) -> None:
        """Fetch the result's files and end the run with them."""
        job_id = attempt.assignment.job_id
        try:
            result = await self.transfers.fetch_result(job_id, finished, attempt.bounds)
        except LocalWriteFailed as exc:
            # This host's disk, not the link: the job fails and is refunded like a local
            # job whose result could not be written, instead of being computed again.
            log.error("job %s: %s", job_id, exc)
            self._end(attempt, exc)
            return
        except ResultRefused as exc:
            self.refused_results += 1
            log.warning("job %s: result from %s refused: %s", job_id, attempt.worker, exc)
            self._end(attempt, WorkerCrashed(None))
            return
        except (*LINK_ERRORS, RedisError) as exc:
            log.warning("job %s: could not fetch the result (%s)", job_id, exc)
            self._end(attempt, WorkerCrashed(None, bystander=True))
            return
        except ResultGone:
            log.warning("job %s: the result expired before it was fetched", job_id)
            self._end(attempt, WorkerCrashed(None))
            return
        finally:
            self.chore(self.transfers.forget_output(finished.token))
        if attempt.future.done():  # timed out or stopped meanwhile
            await remove_work_files(result)
            return
        self.finished_by[attempt.worker] += 1
        result = result.with_timings(dispatch_s=attempt.dispatch_s)
        self.timings.append(result.timings)
        attempt.future.set_result(result)

    @staticmethod
    def _end(attempt: RemoteAttempt, exc: BaseException) -> None:
        if not attempt.future.done():
            attempt.future.set_exception(exc)
