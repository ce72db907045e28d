"""Jobs as Python sees them: the request a confirmed click makes, the result the engine gave,
and the row that ties them to a state and a hold."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from config import Mode
from storage.ledger_rows import LedgerEntry

DEFAULT_UPLOAD_LIMIT = 10 * 1024 * 1024


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
class SourceImage:
    """The attachment a job reads, as Discord described it (nothing is trusted yet)."""

    attachment_id: int
    url: str
    filename: str
    size: int
    content_type: str | None = None


@dataclass(frozen=True, slots=True)
class JobRequest:
    """What a confirmed click asks for, from the click to the engine.

    ``request_key`` makes a repeated click a no-op. ``spoiler`` and ``upload_limit`` are how
    the result must be shown; the engine never sees them as such. ``controls`` are the
    generative engine's knobs (preset, strength, prompt, negative prompt, seed).
    """

    request_key: str
    guild_id: int
    channel_id: int
    message_id: int
    attachment_slot: int
    requester_id: int
    source: SourceImage
    mode: Mode
    model: str
    scale: int
    spoiler: bool = False
    upload_limit: int = DEFAULT_UPLOAD_LIMIT
    controls: dict[str, str | int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class JobResult:
    """What the engine made: the full-quality PNG, the copy that fits the upload limit, and
    how it was computed."""

    sha256: str
    width: int
    height: int
    bytes: int
    upload_sha256: str
    upload_format: str
    upload_filename: str
    input_width: int
    input_height: int
    device: str
    precision: str
    seed: int | None = None


@dataclass(frozen=True, slots=True)
class Job:
    id: int
    request: JobRequest
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
    source_sha256: str | None
    result: JobResult | None
    error_id: str | None = None  # the logged traceback of a fault of ours

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Job:
        request = JobRequest(
            request_key=row["request_key"],
            guild_id=row["guild_id"],
            channel_id=row["channel_id"],
            message_id=row["message_id"],
            attachment_slot=row["attachment_slot"],
            requester_id=row["requester_id"],
            source=SourceImage(
                attachment_id=row["attachment_id"],
                url=row["source_url"],
                filename=row["source_filename"],
                size=row["source_size"],
                content_type=row["source_content_type"],
            ),
            mode=Mode(row["mode"]),
            model=row["model"],
            scale=row["scale"],
            spoiler=bool(row["spoiler"]),
            upload_limit=row["upload_limit"],
            controls=json.loads(row["options"]),
        )
        result = None
        if row["result_sha256"] is not None and row["upload_sha256"] is not None:
            result = JobResult(
                sha256=row["result_sha256"],
                width=row["result_width"],
                height=row["result_height"],
                bytes=row["result_bytes"],
                upload_sha256=row["upload_sha256"],
                upload_format=row["upload_format"],
                upload_filename=row["upload_filename"],
                input_width=row["input_width"],
                input_height=row["input_height"],
                device=row["device"],
                precision=row["precision"],
                seed=row["seed"],
            )
        return cls(
            id=row["id"],
            request=request,
            price=row["price"],
            hold_id=row["hold_id"],
            state=JobState(row["state"]),
            progress=row["progress"],
            attempts=row["attempts"],
            error_code=row["error_code"],
            error_message=row["error_message"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
            started_at=row["started_at"],
            finished_at=row["finished_at"],
            source_sha256=row["source_sha256"],
            result=result,
            error_id=row["error_id"],
        )


def request_columns(request: JobRequest) -> dict[str, Any]:
    """The ``jobs`` columns that hold a request."""
    return {
        "request_key": request.request_key,
        "guild_id": request.guild_id,
        "channel_id": request.channel_id,
        "message_id": request.message_id,
        "attachment_slot": request.attachment_slot,
        "requester_id": request.requester_id,
        "attachment_id": request.source.attachment_id,
        "source_url": request.source.url,
        "source_filename": request.source.filename,
        "source_size": request.source.size,
        "source_content_type": request.source.content_type,
        "mode": request.mode.value,
        "model": request.model,
        "scale": request.scale,
        "spoiler": int(request.spoiler),
        "upload_limit": request.upload_limit,
        "options": json.dumps(request.controls, sort_keys=True),
    }


def result_columns(result: JobResult) -> dict[str, Any]:
    """The ``jobs`` columns that hold a result."""
    return {
        "result_sha256": result.sha256,
        "result_width": result.width,
        "result_height": result.height,
        "result_bytes": result.bytes,
        "upload_sha256": result.upload_sha256,
        "upload_format": result.upload_format,
        "upload_filename": result.upload_filename,
        "input_width": result.input_width,
        "input_height": result.input_height,
        "device": result.device,
        "precision": result.precision,
        "seed": result.seed,
    }


@dataclass(frozen=True, slots=True)
class Submission:
    """The outcome of submitting a request: the job, its hold, and whether it is new."""

    job: Job
    hold: LedgerEntry
    created: bool
