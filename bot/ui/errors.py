"""The one error path: every exception from a command, a button, a select or a job becomes one
plain sentence for the member. Unknown errors are logged with an error id that the sentence
repeats, so an admin can find the traceback."""

from __future__ import annotations

import logging
import secrets

import discord
from discord import app_commands

from bot.jobs.download import DownloadError
from bot.jobs.drafting import UnknownFactor
from bot.jobs.fair_queue import QueueFull
from bot.jobs.modes import ModeUnavailable, PriceChanged
from bot.jobs.ports import FailureReason, JobFailure
from bot.ui.audience import for_member
from bot.ui.wording import ENGLISH, Wording, size
from engine.errors import EngineError, FileTooLarge, ImageTooLarge, WeightsNotFound
from engine.process.protocol import EngineFailure, WorkerCrashed
from storage.errors import (
    AmountOutOfRange,
    ImageBusy,
    InsufficientCredits,
    InvalidSetting,
    QueueLimitReached,
    StorageError,
)

log = logging.getLogger(__name__)


class NotAdmin(app_commands.CheckFailure):
    """The member may not use an admin command or button."""


class ServersOnly(app_commands.CheckFailure):
    """The command was used outside a server (a DM)."""


class GuildNotAllowed(app_commands.CheckFailure):
    """The server is not on the bot's allow list."""


class JobNotHere(Exception):
    """No such job in this server (another server's jobs are not even named)."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        super().__init__(job_id)


class NotYourImage(Exception):
    """Only members who upscaled an image (or admins) may change which version it shows."""


class ModelNotOffered(Exception):
    """A member named a model whose weights are not installed here."""

    def __init__(self, model: str) -> None:
        self.model = model
        super().__init__(model)


def _bytes(count: int, say: Wording) -> str:
    if count < 1024 * 1024:
        return say("size-kib", count=max(1, round(count / 1024)))
    return say("size-mib", count=say.number(count / 1048576, digits=1))


def describe(exc: BaseException, say: Wording = ENGLISH) -> str:
    """The sentence a member sees for ``exc``, in ``say``'s language. Errors whose text
    comes from the engine or storage (a refused file, a setting out of range) keep it."""
    if isinstance(exc, app_commands.CommandInvokeError):
        exc = exc.original
    if isinstance(exc, NotAdmin):
        return say("error-not-admin")
    if isinstance(exc, ServersOnly):
        return say("error-servers-only")
    if isinstance(exc, GuildNotAllowed):
        return say("error-guild-not-allowed")
    if isinstance(exc, JobNotHere):
        return say("error-no-such-job", job=str(exc.job_id))
    if isinstance(exc, NotYourImage):
        return say("error-not-your-image")
    if isinstance(exc, ModelNotOffered):
        return say("error-model-not-offered", model=exc.model)
    if isinstance(exc, WeightsNotFound):
        return say("error-model-not-installed", model=exc.model)
    if isinstance(exc, InsufficientCredits):
        return say("error-insufficient-credits", needed=exc.needed, available=exc.available)
    if isinstance(exc, ImageBusy):
        return say("error-image-busy")
    if isinstance(exc, QueueLimitReached):
        return say("error-queue-limit", limit=exc.limit)
    if isinstance(exc, QueueFull):
        return say("error-queue-full")
    if isinstance(exc, AmountOutOfRange):
        return str(exc).capitalize() + "."
    if isinstance(exc, InvalidSetting):
        text = str(exc)
        return text[:1].upper() + text[1:] + "."
    if isinstance(exc, FileTooLarge):
        return say("error-file-too-large", size=_bytes(exc.size, say), limit=_bytes(exc.limit, say))
    if isinstance(exc, ImageTooLarge):
        return say(
            "error-image-too-large",
            size=size(exc.width, exc.height),
            pixels=exc.width * exc.height,
            limit=exc.limit,
        )
    if isinstance(
        exc, EngineError | DownloadError | ModeUnavailable | PriceChanged | UnknownFactor
    ):
        return str(exc)
    if isinstance(exc, EngineFailure):
        return exc.message if not exc.retryable else say("error-upscaler-failed")
    if isinstance(exc, WorkerCrashed):
        return say("error-upscaler-stopped")
    if isinstance(exc, StorageError):
        return str(exc)
    error_id = secrets.token_hex(4)
    log.error("unexpected error %s", error_id, exc_info=exc, extra={"error_id": error_id})
    return say("error-internal", error_id=error_id)


def describe_failure(failure: JobFailure, say: Wording = ENGLISH) -> str:
    """The sentence a member sees when their job ends without a result."""
    match failure.reason:
        case FailureReason.REFUSED | FailureReason.ENGINE:
            text = failure.detail or say("error-upscaler-failed")
        case FailureReason.CRASHED:
            text = say("failure-crashed")
        case FailureReason.TIMEOUT:
            text = say("failure-timeout", limit=round(failure.limit_s or 0))
        case FailureReason.CANCELLED:
            text = say("failure-cancelled")
        case FailureReason.MESSAGE_GONE:
            text = say("failure-message-gone")
        case FailureReason.UNDELIVERABLE:
            text = say("failure-undeliverable")
        case FailureReason.INTERNAL:
            text = say("error-internal", error_id=failure.error_id or "")
    if failure.refunded:
        text += " " + say("failure-refunded", credits=failure.refunded)
    return text


async def report(interaction: discord.Interaction, exc: BaseException) -> None:
    """Tell the member what went wrong, ephemerally, whether or not the interaction was
    answered already."""
    text = describe(exc, for_member(interaction))
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True)
        else:
            await interaction.response.send_message(text, ephemeral=True)
    except discord.HTTPException:
        log.warning("could not tell the member: %s", text, exc_info=True)
