"""Durable upscale jobs: every state change is a row update, so a restart knows where to resume."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from storage.database import Database, utc_now
from storage.errors import IllegalTransition, ImageBusy, QueueLimitReached, UnknownJob
from storage.ledger import Ledger
from storage.ledger_rows import LedgerEntry


class JobState(StrEnum):
    QUEUED = "queued"  # confirmed and paid for (credits held), waiting for the engine
    RUNNING = "running"  # the engine is working on it
    SUCCEEDED = "succeeded"  # result stored and credits captured; not yet shown in Discord
    DELIVERED = "delivered"  # the message shows the result
    FAILED = "failed"  # gave up; credits released
    CANCELLED = "cancelled"  # stopped by the member or an admin; credits released


ACTIVE_STATES = frozenset({JobState.QUEUED, JobState.RUNNING, JobState.SUCCEEDED})
TERMINAL_STATES = frozenset({JobState.DELIVERED, JobState.FAILED, JobState.CANCELLED})

ALLOWED_TRANSITIONS: dict[JobState, frozenset[JobState]] = {
    JobState.QUEUED: frozenset({JobState.RUNNING, JobState.FAILED, JobState.CANCELLED}),
    # running -> queued: the worker died and the job is retried, or the bot restarted.
    JobState.RUNNING: frozenset(
        {JobState.QUEUED, JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED}
    ),
    JobState.SUCCEEDED: frozenset({JobState.DELIVERED}),
    JobState.DELIVERED: frozenset(),
    JobState.FAILED: frozenset(),
    JobState.CANCELLED: frozenset(),
}


@dataclass(frozen=True, slots=True)
class JobRequest:
    """What a confirmed click asks for; ``request_key`` makes a repeated click a no-op."""

    request_key: str
    guild_id: int
    channel_id: int
    message_id: int
    attachment_slot: int
    attachment_id: int
    source_url: str
    source_filename: str
    source_size: int
    requester_id: int
    model: str
    scale: int
    mode: str
    price: int
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Job:
    id: int
    request_key: str
    guild_id: int
    channel_id: int
    message_id: int
    attachment_slot: int
    attachment_id: int
    source_url: str
    source_filename: str
    source_size: int
    source_sha256: str | None
    requester_id: int
    model: str
    scale: int
    mode: str
    options: dict[str, Any]
    price: int
    hold_id: int | None
    state: JobState
    progress: float
    attempts: int
    error_code: str | None
    error_message: str | None
    created_at: str
    updated_at: str
    started_at: str | None
    finished_at: str | None
    result_sha256: str | None
    result_width: int | None
    result_height: int | None
    result_bytes: int | None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Job:
        values = dict(zip(row.keys(), row, strict=True))
        values["state"] = JobState(values["state"])
        values["options"] = json.loads(values["options"])
        return cls(**values)


@dataclass(frozen=True, slots=True)
class Submission:
    """The outcome of :meth:`JobStore.submit`: the job, its hold, and whether it is new."""

    job: Job
    hold: LedgerEntry
    created: bool


class JobStore:
    """Jobs in the database. ``max_queued_per_user`` is enforced inside the insert."""

    def __init__(self, database: Database, ledger: Ledger, *, max_queued_per_user: int) -> None:
        self.database = database
        self.ledger = ledger
        self.max_queued_per_user = max_queued_per_user

    async def submit(self, request: JobRequest) -> Submission:
        """Create the job and hold its price, in one transaction.

        Idempotent on ``request.request_key``: a repeat returns the existing job with
        ``created=False`` and charges nothing.

        Raises:
            InsufficientCredits: the requester cannot cover the price; nothing is written.
            ImageBusy: another job is active on the same image.
            QueueLimitReached: the requester already has the allowed number of queued jobs.
        """
        return await self.database.write(lambda conn: self._submit_in(conn, request))

    def _submit_in(self, conn: sqlite3.Connection, request: JobRequest) -> Submission:
        hold_key = f"job:{request.request_key}:hold"
        row = conn.execute(
            "SELECT * FROM jobs WHERE request_key = ?", (request.request_key,)
        ).fetchone()
        if row is not None:
            existing = Job.from_row(row)
            hold = self.ledger.hold_in(
                conn, existing.guild_id, existing.requester_id, existing.price, key=hold_key
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
            conn, request.guild_id, request.requester_id, request.price, key=hold_key
        )
        now = utc_now()
        # The cap is part of the INSERT: no row appears when the member is at the limit.
        row = conn.execute(
            "INSERT INTO jobs (request_key, guild_id, channel_id, message_id,"
            " attachment_slot, attachment_id, source_url, source_filename, source_size,"
            " requester_id, model, scale, mode, options, price, hold_id, state,"
            " created_at, updated_at)"
            " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?"
            " WHERE (SELECT COUNT(*) FROM jobs WHERE guild_id = ? AND requester_id = ?"
            "        AND state = 'queued') < ?"
            " RETURNING *",
            (
                request.request_key,
                request.guild_id,
                request.channel_id,
                request.message_id,
                request.attachment_slot,
                request.attachment_id,
                request.source_url,
                request.source_filename,
                request.source_size,
                request.requester_id,
                request.model,
                request.scale,
                request.mode,
                json.dumps(request.options, sort_keys=True),
                request.price,
                hold.hold_id,
                now,
                now,
                request.guild_id,
                request.requester_id,
                self.max_queued_per_user,
            ),
        ).fetchone()
        if row is None:
            raise QueueLimitReached(self.max_queued_per_user)
        return Submission(Job.from_row(row), hold, created=True)

    async def get(self, job_id: int) -> Job:
        """Raises: UnknownJob."""
        return await self.database.read(lambda conn: self.get_in(conn, job_id))

    def get_in(self, conn: sqlite3.Connection, job_id: int) -> Job:
        row = conn.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
        if row is None:
            raise UnknownJob(job_id)
        return Job.from_row(row)

    async def transition(
        self, job_id: int, to: JobState, *, allow_same: bool = False, **fields: Any
    ) -> Job:
        """Move a job to ``to`` and set ``fields`` (column names) in the same update.

        Settling the hold goes with the state: ``failed``/``cancelled`` release it and
        ``succeeded`` captures it, in the same transaction, so a job's state and its money
        can never disagree.

        Raises:
            UnknownJob: no such job.
            IllegalTransition: ``to`` is not reachable from the current state.
        """
        return await self.database.write(
            lambda conn: self.transition_in(conn, job_id, to, allow_same=allow_same, **fields)
        )

    def transition_in(
        self,
        conn: sqlite3.Connection,
        job_id: int,
        to: JobState,
        *,
        allow_same: bool = False,
        **fields: Any,
    ) -> Job:
        job = self.get_in(conn, job_id)
        if job.state == to and allow_same:
            return job
        if to not in ALLOWED_TRANSITIONS[job.state]:
            raise IllegalTransition(job_id, job.state, to)
        now = utc_now()
        values: dict[str, Any] = {"state": to.value, "updated_at": now, **fields}
        if to is JobState.RUNNING:
            values.setdefault("started_at", now)
            values["attempts"] = job.attempts + 1
        if to in TERMINAL_STATES or to is JobState.SUCCEEDED:
            values.setdefault("finished_at", now)
        if to is JobState.SUCCEEDED:
            values.setdefault("progress", 1.0)
        if "options" in values:
            values["options"] = json.dumps(values["options"], sort_keys=True)
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
        return Job.from_row(updated)

    async def set_progress(self, job_id: int, progress: float) -> None:
        """Record progress (0..1) of a running job; a no-op once it has left ``running``."""
        await self.database.write(
            lambda conn: conn.execute(
                "UPDATE jobs SET progress = ?, updated_at = ? WHERE id = ? AND state = 'running'",
                (progress, utc_now(), job_id),
            )
        )

    async def set_source_sha256(self, job_id: int, sha256: str) -> None:
        await self.database.write(lambda conn: self.set_source_sha256_in(conn, job_id, sha256))

    def set_source_sha256_in(self, conn: sqlite3.Connection, job_id: int, sha256: str) -> None:
        conn.execute(
            "UPDATE jobs SET source_sha256 = ?, updated_at = ? WHERE id = ?",
            (sha256, utc_now(), job_id),
        )

    async def recoverable(self) -> list[Job]:
        """Jobs a restart must resume: queued and running (to queue again) and succeeded
        (to deliver again), oldest first."""
        return await self._select(
            "SELECT * FROM jobs WHERE state IN ('queued', 'running', 'succeeded') ORDER BY id", ()
        )

    async def _select(self, sql: str, params: tuple[Any, ...]) -> list[Job]:
        rows = await self.database.read(lambda conn: conn.execute(sql, params).fetchall())
        return [Job.from_row(row) for row in rows]
