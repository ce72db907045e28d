"""The one error path: every exception from a command, a button, a select or a job becomes one
plain sentence for the member. Unknown errors are logged with an error id that the sentence
repeats, so an admin can find the traceback."""

from __future__ import annotations

import logging
import secrets

import discord
from discord import app_commands

from bot.jobs.download import DownloadError
from bot.jobs.fair_queue import QueueFull
from bot.jobs.modes import ModeUnavailable, PriceChanged
from bot.jobs.ports import FailureReason, JobFailure
from engine.errors import EngineError, ImageTooLarge, WeightsNotFound
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


def describe(exc: BaseException) -> str:
    """The sentence a member sees for ``exc``."""
    if isinstance(exc, app_commands.CommandInvokeError):
        exc = exc.original
    if isinstance(exc, NotAdmin):
        return "Only server admins can do that."
    if isinstance(exc, ServersOnly):
        return "This works in servers only."
    if isinstance(exc, GuildNotAllowed):
        return "This bot is not enabled in this server."
    if isinstance(exc, JobNotHere):
        return f"There is no job #{exc.job_id} in this server."
    if isinstance(exc, NotYourImage):
        return "Only members who upscaled this image, or admins, can change which version it shows."
    if isinstance(exc, ModelNotOffered):
        return f"The model {exc.model} is not installed on this bot; pick one from the list."
    if isinstance(exc, WeightsNotFound):
        return f"The model {exc.model} is not installed on this bot."
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
    if isinstance(exc, InvalidSetting):
        text = str(exc)
        return text[:1].upper() + text[1:] + "."
    if isinstance(exc, ImageTooLarge):
        return f"{exc} Try a smaller image."
    if isinstance(exc, EngineError | DownloadError | ModeUnavailable | PriceChanged):
        return str(exc)
    if isinstance(exc, EngineFailure):
        return exc.message if not exc.retryable else "The upscaler failed on this image."
    if isinstance(exc, WorkerCrashed):
        return "The upscaler stopped unexpectedly."
    if isinstance(exc, StorageError):
        return str(exc)
    error_id = secrets.token_hex(4)
    log.error("unexpected error %s", error_id, exc_info=exc, extra={"error_id": error_id})
    return f"Something went wrong on our side (error id {error_id})."


def describe_failure(failure: JobFailure) -> str:
    """The sentence a member sees when their job ends without a result."""
    match failure.reason:
        case FailureReason.REFUSED | FailureReason.ENGINE:
            text = failure.detail or "The upscaler failed on this image."
        case FailureReason.CRASHED:
            text = "The upscaler stopped repeatedly on this image and the job was stopped."
        case FailureReason.TIMEOUT:
            text = f"The upscale took longer than {failure.limit_s or 0:.0f} s and was stopped."
        case FailureReason.CANCELLED:
            text = "The upscale was cancelled."
        case FailureReason.MESSAGE_GONE:
            text = (
                "The message was deleted before the upscale finished; "
                "the result is saved in /history."
            )
        case FailureReason.INTERNAL:
            text = f"Something went wrong on our side (error id {failure.error_id})."
    if failure.refunded:
        text += f" Your {failure.refunded} credits were refunded."
    return text


async def report(interaction: discord.Interaction, exc: BaseException) -> None:
    """Tell the member what went wrong, ephemerally, whether or not the interaction was
    answered already."""
    text = describe(exc)
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True)
        else:
            await interaction.response.send_message(text, ephemeral=True)
    except discord.HTTPException:
        log.warning("could not tell the member: %s", text, exc_info=True)
