"""One voice for everything that goes wrong: each known error becomes one plain sentence."""

from __future__ import annotations

import logging
import secrets

from bot.download import DownloadError
from engine.errors import EngineError, ImageTooLarge
from engine.queue import QueueFull
from engine.worker import EngineFailure, WorkerCrashed
from storage.errors import (
    AmountOutOfRange,
    ImageBusy,
    InsufficientCredits,
    QueueLimitReached,
    StorageError,
)

log = logging.getLogger(__name__)


def describe(exc: BaseException) -> str:
    """The sentence a member sees for ``exc``. Unknown errors are logged with an error id
    that the sentence repeats, so an admin can find the traceback."""
    if isinstance(exc, InsufficientCredits):
        return f"You need {exc.needed} credits but have {exc.available} available."
    if isinstance(exc, ImageBusy):
        return "This image is already being upscaled; it will update when done."
    if isinstance(exc, QueueLimitReached):
        return f"You already have {exc.limit} upscales waiting; try again when one finishes."
    if isinstance(exc, QueueFull):
        return "The queue is full; try again in a few minutes. You were not charged."
    if isinstance(exc, AmountOutOfRange):
        return str(exc).capitalize() + "."
    if isinstance(exc, ImageTooLarge):
        return f"{exc} Try a smaller image."
    if isinstance(exc, EngineError | DownloadError):
        return str(exc)
    if isinstance(exc, EngineFailure):
        return exc.message if not exc.retryable else "The upscaler failed on this image."
    if isinstance(exc, WorkerCrashed):
        return "The upscaler stopped unexpectedly."
    if isinstance(exc, StorageError):
        return str(exc)
    error_id = secrets.token_hex(4)
    log.error("unexpected error %s", error_id, exc_info=exc)
    return f"Something went wrong on our side (error id {error_id})."
