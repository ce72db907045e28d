"""What the job core needs from whoever shows jobs to people (the Discord presenter, or a test
double that records what a member would see), and the plain data it hands over.

The core never writes member-facing sentences: it says *what* happened (a :class:`JobFailure`
with a reason and the domain error's own text) and the presenter decides how to say it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Literal, Protocol

from storage.history import ImageVersion
from storage.jobs import Job


@dataclass(frozen=True, slots=True)
class ProgressUpdate:
    """Where a job stands: waiting (with its place and an estimate) or running (how far).
    ``no_worker_for`` names the job's model when no connected worker can run it: the job
    waits until one that can joins."""

    job_id: int
    stage: Literal["queued", "running"]
    fraction: float
    position: int | None = None
    eta_s: float | None = None
    no_worker_for: str | None = None


@dataclass(frozen=True, slots=True)
class FinishedImage:
    """A result ready to show: the file that fits the upload limit, and what was done."""

    path: Path
    filename: str
    format: str
    size: int
    width: int
    height: int
    input_width: int
    input_height: int
    version: ImageVersion


@dataclass(frozen=True, slots=True)
class DeliveryReceipt:
    """Where Discord now serves the result (kept in the image history)."""

    attachment_id: int | None
    url: str | None


class FailureReason(StrEnum):
    """Why a job ended without a result (or, for ``MESSAGE_GONE``, without being shown)."""

    REFUSED = "refused"  # the input was refused: not an image, too large, link expired...
    ENGINE = "engine"  # the engine failed on it
    CRASHED = "crashed"  # the engine process died on it too often
    TIMEOUT = "timeout"  # it ran past the job time limit
    CANCELLED = "cancelled"  # the member or an admin stopped it
    MESSAGE_GONE = "message_gone"  # the message was deleted; the result is in history
    UNDELIVERABLE = "undeliverable"  # Discord refused it or stayed down; it is in history
    INTERNAL = "internal"  # a fault of ours; ``error_id`` is in the log


@dataclass(frozen=True, slots=True)
class JobFailure:
    """What the presenter tells the member when a job ends badly.

    ``detail`` is the domain error's own sentence where there is one; ``refunded`` is the
    number of credits given back (0 when nothing was charged); ``limit_s`` is the time limit
    for ``TIMEOUT``; ``error_id`` names the logged traceback for ``INTERNAL``.
    """

    reason: FailureReason
    code: str
    detail: str | None = None
    refunded: int = 0
    limit_s: float | None = None
    error_id: str | None = None


class MessageGone(Exception):
    """The message to update no longer exists (deleted); retrying cannot help."""


class DeliveryRefused(Exception):
    """Discord refused the result for good (the bot lost the channel, the file is over the
    server's limit now...): retrying the same request cannot help."""

    def __init__(self, status: int, reason: str) -> None:
        self.status = status
        self.reason = reason
        super().__init__(f"Discord refused the delivery ({status}): {reason}")


class Presenter(Protocol):
    async def show_progress(self, job: Job, update: ProgressUpdate) -> None:
        """Show the job's progress on its message. Errors are logged and ignored."""

    async def deliver(self, job: Job, image: FinishedImage) -> DeliveryReceipt:
        """Replace the image on the job's message with the result.

        Raises:
            MessageGone: the message was deleted.
            DeliveryRefused: Discord's answer was final (a 4xx other than 429).
            Exception: anything else is treated as temporary and retried with backoff.
        """

    async def tell_failure(self, job: Job, failure: JobFailure) -> None:
        """Tell the requester, in one sentence, why the job did not finish."""
