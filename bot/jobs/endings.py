"""How a job that does not succeed ends: its state made final and its hold released (refund)
in one transaction, its live progress stopped, and the member told why."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable

from bot.jobs.board import JobBoard
from bot.jobs.ports import FailureReason, JobFailure, Presenter
from storage.errors import IllegalTransition
from storage.jobs import Job, JobState
from storage.store import Storage

log = logging.getLogger(__name__)


class JobEndings:
    """``forget`` drops a job from what the service tracks; ``deliver`` starts delivering a
    job that turned out to have succeeded after all."""

    def __init__(
        self,
        storage: Storage,
        board: JobBoard,
        presenter: Presenter,
        forget: Callable[[int], None],
        deliver: Callable[[Job], None],
    ) -> None:
        self.storage = storage
        self.board = board
        self.presenter = presenter
        self.forget = forget
        self.deliver = deliver

    async def fail(
        self, job_id: int, failure: JobFailure, *, state: JobState = JobState.FAILED
    ) -> None:
        """Stop the job, refund its hold (same transaction), and tell the member.

        Raises:
            IllegalTransition: it succeeded meanwhile (its delivery owns it).
        """
        succeeded = False
        try:
            message = failure.detail or failure.reason.value
            ended = await self.storage.jobs.finish_unsuccessfully(
                job_id, state, code=failure.code, message=message, error_id=failure.error_id
            )
        except IllegalTransition:
            succeeded = True  # meanwhile: its delivery owns it (a cancel lost the race)
            raise
        finally:
            if not succeeded:
                await self.board.quiet(job_id)
                self.forget(job_id)
        if ended is None:
            return
        log.info("job %s: %s (%s)", job_id, state.value, failure.code)
        told = JobFailure(
            failure.reason,
            failure.code,
            failure.detail,
            ended.price if ended.hold_id is not None else 0,
            failure.limit_s,
            failure.error_id,
        )
        try:
            await self.presenter.tell_failure(ended, told)
        except Exception:
            log.warning("job %s: could not tell the member", job_id, exc_info=True)

    async def fail_unexpectedly(self, job_id: int, exc: BaseException) -> None:
        """A bug: the member gets an error id to quote, the log the traceback under it."""
        error_id = secrets.token_hex(4)
        extra = {"error_id": error_id}
        log.error("job %s: unexpected error %s", job_id, error_id, exc_info=exc, extra=extra)
        failure = JobFailure(FailureReason.INTERNAL, "internal", error_id=error_id)
        try:
            await self.fail(job_id, failure)
        except IllegalTransition:
            log.warning("job %s: succeeded before the error; delivering it", job_id)
            self.deliver(await self.storage.jobs.get(job_id))

    async def cancelled(self, job_id: int) -> None:
        failure = JobFailure(FailureReason.CANCELLED, "cancelled")
        await self.fail(job_id, failure, state=JobState.CANCELLED)
