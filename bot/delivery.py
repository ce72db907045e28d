"""What the upscale service needs from whoever shows jobs to people (the Discord bot, or a
test double that records what a member would see)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

from storage.history import ImageVersion
from storage.jobs import Job


@dataclass(frozen=True, slots=True)
class ProgressUpdate:
    """Where a job stands: waiting (with its place and an estimate) or running (how far)."""

    job_id: int
    stage: Literal["queued", "running"]
    fraction: float
    position: int | None = None
    eta_s: float | None = None


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


class MessageGone(Exception):
    """The message to update no longer exists (deleted); retrying cannot help."""


class Delivery(Protocol):
    async def show_progress(self, job: Job, update: ProgressUpdate) -> None:
        """Show the job's progress on its message. Errors are logged and ignored."""

    async def deliver(self, job: Job, image: FinishedImage) -> DeliveryReceipt:
        """Replace the image on the job's message with the result.

        Raises:
            MessageGone: the message was deleted.
            Exception: anything else is treated as temporary and retried with backoff.
        """

    async def notify_failure(self, job: Job, message: str) -> None:
        """Tell the requester, in one sentence, why the job did not finish."""
