"""Durable upscale jobs: every state change is a row update, so a restart knows where to resume.

Each public method is one use case and one transaction. Settling the hold goes with the state:
``failed``/``cancelled`` release it and ``succeeded`` captures it in the same transaction, so a
job's state and its money can never disagree.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from storage.database import Database, utc_now
from storage.errors import IllegalTransition, ImageBusy, QueueLimitReached, UnknownJob
from storage.history import ImageHistory, ImageVersion
from storage.job_rows import (
    ALLOWED_TRANSITIONS,
    TERMINAL_STATES,
    Job,
    JobRequest,
    JobResult,
    JobState,
    SourceImage,
    Submission,
    request_columns,
    result_columns,
)
from storage.ledger import Ledger

__all__ = [
    "Job",
    "JobPage",
    "JobRequest",
    "JobResult",
    "JobState",
    "JobStore",
    "SourceImage",
    "Submission",
    "TransitionObserver",
]

# Called with the job before and after a state change, once the change has committed.
TransitionObserver = Callable[[Job, Job], None]


@dataclass(frozen=True, slots=True)
class JobPage:
    """One page of a listing, newest first, and how many there are in all."""

    jobs: list[Job]
    page: int
    pages: int
    total: int


class JobStore:
    """Jobs in the database. ``max_queued_per_user`` is enforced inside the insert."""

    def __init__(
        self,
        database: Database,
        ledger: Ledger,
        history: ImageHistory,
        *,
        max_queued_per_user: int,
    ) -> None:
        self.database = database
        self.ledger = ledger
        self.history = history
        self.max_queued_per_user = max_queued_per_user
        self.observers: list[TransitionObserver] = []

    # -- use cases -----------------------------------------------------------------------

    async def submit(self, request: JobRequest, *, price: int) -> Submission:
        """Create the job and hold its price, in one transaction.

        Idempotent on ``request.request_key``: a repeat returns the existing job with
        ``created=False`` and charges nothing.

        Raises:
            InsufficientCredits: the requester cannot cover the price; nothing is written.
            ImageBusy: another job is active on the same image.
            QueueLimitReached: the requester already has the allowed number of queued jobs.
        """
        return await self.database.write(lambda conn: self._submit_in(conn, request, price))

    async def record_source(
        self,
        job_id: int,
        sha256: str,
        *,
        width: int | None = None,
        height: int | None = None,
        size: int = 0,
    ) -> None:
        """Remember the downloaded original on the job; with its dimensions (a readable image)
        it also becomes version 0 of its slot, in the same transaction."""

        def work(conn: sqlite3.Connection) -> None:
            job = self._get_in(conn, job_id)
            conn.execute(
                "UPDATE jobs SET source_sha256 = ?, updated_at = ? WHERE id = ?",
                (sha256, utc_now(), job_id),
            )
            if width is not None and height is not None:
                request = job.request
                self.history.record_original_in(
                    conn,
                    guild_id=request.guild_id,
                    channel_id=request.channel_id,
                    message_id=request.message_id,
                    attachment_slot=request.attachment_slot,
                    blob_sha256=sha256,
                    filename=request.source.filename,
                    width=width,
                    height=height,
                    size=size,
                    discord_attachment_id=request.source.attachment_id,
                    discord_url=request.source.url,
                )

        await self.database.write(work)

    async def complete(self, job_id: int, result: JobResult) -> tuple[Job, ImageVersion]:
        """Record the result as the slot's next version and capture the hold: one transaction.

        Raises:
            IllegalTransition: the job is not running (cancelled meanwhile, for example).
        """

        def work(conn: sqlite3.Connection) -> tuple[Job, ImageVersion]:
            job = self._get_in(conn, job_id)
            if JobState.SUCCEEDED not in ALLOWED_TRANSITIONS[job.state]:
                raise IllegalTransition(job_id, job.state, JobState.SUCCEEDED)
            request = job.request
            version = self.history.add_in(
                conn,
                guild_id=request.guild_id,
                channel_id=request.channel_id,
                message_id=request.message_id,
                attachment_slot=request.attachment_slot,
                blob_sha256=result.sha256,
                filename=result.upload_filename,
                width=result.width,
                height=result.height,
                size=result.bytes,
                job_id=job_id,
            )
            succeeded = self._transition_in(
                conn, job_id, JobState.SUCCEEDED, progress=1.0, **result_columns(result)
            )
            return succeeded, version

        return await self.database.write(work)

    async def start(self, job_id: int) -> Job:
        """queued -> running; counts an attempt."""
        return await self.transition(job_id, JobState.RUNNING)

    async def requeue(self, job_id: int, *, spend_attempt: bool = True) -> Job:
        """running -> queued (the worker died, or the bot restarted). The attempt stays
        counted unless ``spend_attempt`` is false (the job was stopped through no fault of
        its own)."""

        def work(conn: sqlite3.Connection) -> Job:
            job = self._get_in(conn, job_id)
            attempts = job.attempts if spend_attempt else max(0, job.attempts - 1)
            return self._transition_in(conn, job_id, JobState.QUEUED, attempts=attempts)

        return await self.database.write(work)

    async def finish_unsuccessfully(
        self,
        job_id: int,
        state: JobState,
        *,
        code: str,
        message: str,
        error_id: str | None = None,
    ) -> Job | None:
        """Fail or cancel the job and release its hold, unless it already ended (then None).
        ``error_id`` names the logged traceback of a fault of ours.

        Raises:
            IllegalTransition: the job succeeded; its result must be delivered instead.
        """
        assert state in (JobState.FAILED, JobState.CANCELLED)

        def work(conn: sqlite3.Connection) -> Job | None:
            job = self._get_in(conn, job_id)
            if job.state in TERMINAL_STATES:
                return None
            return self._transition_in(
                conn, job_id, state, error_code=code, error_message=message, error_id=error_id
            )

        return await self.database.write(work)

    async def mark_delivered(
        self,
        job_id: int,
        *,
        version_id: int | None = None,
        attachment_id: int | None = None,
        url: str | None = None,
        error_code: str | None = None,
    ) -> Job:
        """succeeded -> delivered, remembering where Discord serves the version (if shown)."""

        def work(conn: sqlite3.Connection) -> Job:
            if version_id is not None and attachment_id is not None and url is not None:
                self.history.set_discord_attachment_in(conn, version_id, attachment_id, url)
            return self._transition_in(conn, job_id, JobState.DELIVERED, error_code=error_code)

        return await self.database.write(work)

    async def transition(self, job_id: int, to: JobState) -> Job:
        """Move a job to ``to`` (settling its hold with the state).

        Raises:
            UnknownJob: no such job.
            IllegalTransition: ``to`` is not reachable from the current state.
        """
        return await self.database.write(lambda conn: self._transition_in(conn, job_id, to))

    # -- queries -------------------------------------------------------------------------

    async def get(self, job_id: int) -> Job:
        """Raises: UnknownJob."""
        return await self.database.read(lambda conn: self._get_in(conn, job_id))

    async def recoverable(self) -> list[Job]:
        """Jobs a restart must resume: queued and running (to queue again) and succeeded
        (to deliver again), oldest first."""
        return await self._select(
            "SELECT * FROM jobs WHERE state IN ('queued', 'running', 'succeeded') ORDER BY id", ()
        )

    async def unsuccessful(self, guild_id: int, *, page: int = 1, per_page: int = 10) -> JobPage:
        """The guild's failed and cancelled (refunded) jobs, newest first, one page of them."""

        def work(conn: sqlite3.Connection) -> JobPage:
            total = conn.execute(
                "SELECT COUNT(*) FROM jobs WHERE guild_id = ? AND state IN ('failed', 'cancelled')",
                (guild_id,),
            ).fetchone()[0]
            pages = max(1, -(-total // per_page))
            current = min(max(1, page), pages)
            rows = conn.execute(
                "SELECT * FROM jobs WHERE guild_id = ? AND state IN ('failed', 'cancelled')"
                " ORDER BY id DESC LIMIT ? OFFSET ?",
                (guild_id, per_page, (current - 1) * per_page),
            ).fetchall()
            return JobPage([Job.from_row(row) for row in rows], current, pages, total)

        return await self.database.read(work)

    async def running(self, guild_id: int) -> list[Job]:
        """The guild's jobs the engine is working on, oldest first."""
        return await self._select(
            "SELECT * FROM jobs WHERE state = 'running' AND guild_id = ? ORDER BY id", (guild_id,)
        )

    # -- inside a transaction --------------------------------------------------------------

    def _submit_in(self, conn: sqlite3.Connection, request: JobRequest, price: int) -> Submission:
        hold_key = f"job:{request.request_key}:hold"
        row = conn.execute(
            "SELECT * FROM jobs WHERE request_key = ?", (request.request_key,)
        ).fetchone()
        if row is not None:
            existing = Job.from_row(row)
            hold = self.ledger.hold_in(
                conn,
                existing.request.guild_id,
                existing.request.requester_id,
                existing.price,
                key=hold_key,
            )
            return Submission(existing, hold, created=False)
        busy = conn.execute(
            "SELECT id FROM jobs WHERE message_id = ? AND attachment_slot = ?"
            " AND state IN ('queued', 'running', 'succeeded')",
            (request.message_id, request.attachment_slot),
        ).fetchone()
        if busy is not None:
            raise ImageBusy(request.message_id, request.attachment_slot, busy["id"])
        hold = self.ledger.hold_in(
            conn, request.guild_id, request.requester_id, price, key=hold_key
        )
        now = utc_now()
        columns: dict[str, Any] = {
            **request_columns(request),
            "price": price,
            "hold_id": hold.hold_id,
            "state": JobState.QUEUED.value,
            "created_at": now,
            "updated_at": now,
        }
        # The cap is part of the INSERT: no row appears when the member is at the limit.
        row = conn.execute(
            f"INSERT INTO jobs ({', '.join(columns)})"
            f" SELECT {', '.join('?' for _ in columns)}"
            " WHERE (SELECT COUNT(*) FROM jobs WHERE guild_id = ? AND requester_id = ?"
            "        AND state = 'queued') < ?"
            " RETURNING *",
            (
                *columns.values(),
                request.guild_id,
                request.requester_id,
                self.max_queued_per_user,
            ),
        ).fetchone()
        if row is None:
            raise QueueLimitReached(self.max_queued_per_user)
        return Submission(Job.from_row(row), hold, created=True)

    def _get_in(self, conn: sqlite3.Connection, job_id: int) -> Job:
        row = conn.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
        if row is None:
            raise UnknownJob(job_id)
        return Job.from_row(row)

    def _transition_in(
        self, conn: sqlite3.Connection, job_id: int, to: JobState, **columns: Any
    ) -> Job:
        job = self._get_in(conn, job_id)
        if to not in ALLOWED_TRANSITIONS[job.state]:
            raise IllegalTransition(job_id, job.state, to)
        now = utc_now()
        values: dict[str, Any] = {"state": to.value, "updated_at": now, **columns}
        if to is JobState.RUNNING:
            values["started_at"] = now
            values["attempts"] = job.attempts + 1
        if to in TERMINAL_STATES or to is JobState.SUCCEEDED:
            values["finished_at"] = now
        assignments = ", ".join(f"{column} = ?" for column in values)
        updated = conn.execute(
            f"UPDATE jobs SET {assignments} WHERE id = ? AND state = ? RETURNING *",
            (*values.values(), job_id, job.state.value),
        ).fetchone()
        if job.hold_id is not None:
            if to in (JobState.FAILED, JobState.CANCELLED):
                self.ledger.settle_in(conn, job.hold_id, "released")
            elif to is JobState.SUCCEEDED:
                self.ledger.settle_in(conn, job.hold_id, "captured")
        after = Job.from_row(updated)
        if self.observers:
            self.database.after_commit(lambda: self._tell_observers(job, after))
        return after

    def _tell_observers(self, before: Job, after: Job) -> None:
        for observer in self.observers:
            observer(before, after)

    async def _select(self, sql: str, params: tuple[Any, ...]) -> list[Job]:
        rows = await self.database.read(lambda conn: conn.execute(sql, params).fetchall())
        return [Job.from_row(row) for row in rows]
