"""The service's :class:`~bot.delivery.Delivery`, done in Discord.

Progress and results are channel message edits with the bot token (not the 15-minute
interaction token), so a job that waits an hour in the queue still lands. Receipts and failure
notices go to the requester ephemerally while their confirm interaction is still valid, and as
a mention in the channel after that.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections import deque
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import discord

from bot.buttons import OriginalButton, UpscaleButton, VersionsButton, view_of
from bot.delivery import DeliveryReceipt, FinishedImage, MessageGone, ProgressUpdate
from bot.flow import is_image
from bot.progress import describe_progress
from storage.jobs import Job

if TYPE_CHECKING:
    from bot.app import UpscaleBot

log = logging.getLogger(__name__)

TOKEN_MARGIN = timedelta(minutes=1)
# Discord allows about 5 message edits per 5 s per channel. Progress may use 4 of them; the
# rest is left for results, which must land. A progress edit over budget is dropped: a newer
# one follows, and the member already saw their place in line on the confirmation.
PROGRESS_EDITS = 4
PROGRESS_WINDOW_S = 5.0


class EditBudget:
    """Sliding-window budget of progress edits per channel."""

    def __init__(self, edits: int = PROGRESS_EDITS, window_s: float = PROGRESS_WINDOW_S) -> None:
        self.edits, self.window_s = edits, window_s
        self._spent: dict[int, deque[float]] = {}

    def take(self, channel_id: int) -> bool:
        now = time.monotonic()
        spent = self._spent.setdefault(channel_id, deque())
        while spent and now - spent[0] >= self.window_s:
            spent.popleft()
        if len(spent) >= self.edits:
            return False
        spent.append(now)
        return True


class DiscordDelivery:
    def __init__(self, bot: UpscaleBot) -> None:
        self.bot = bot
        self.budget = EditBudget()

    def _channel(self, job: Job) -> discord.PartialMessageable:
        channel: discord.PartialMessageable = self.bot.get_partial_messageable(
            job.channel_id, guild_id=job.guild_id
        )
        return channel

    async def show_progress(self, job: Job, update: ProgressUpdate) -> None:
        if not self.budget.take(job.channel_id):
            return
        message = self._channel(job).get_partial_message(job.message_id)
        try:
            await message.edit(
                content=f"Upscaling for <@{job.requester_id}>: {describe_progress(update)}"
            )
        except discord.NotFound:
            log.info("job %s: message gone while showing progress", job.id)

    async def deliver(self, job: Job, image: FinishedImage) -> DeliveryReceipt:
        try:
            message = await self._channel(job).fetch_message(job.message_id)
        except discord.NotFound:
            raise MessageGone() from None
        filename = image.filename
        spoiler = bool(job.options.get("spoiler"))
        upload = discord.File(image.path, filename=filename, spoiler=spoiler)
        images = [a for a in message.attachments if is_image(a)]
        attachments: list[discord.Attachment | discord.File] = list(message.attachments)
        if job.attachment_slot < len(images):
            attachments[message.attachments.index(images[job.attachment_slot])] = upload
        else:  # a reply carrying buttons for another message's images gets the result added
            attachments.append(upload)
        limit = self.bot.settings.engine.max_input_pixels
        buttons: list[discord.ui.Item[Any]] = [
            OriginalButton(job.attachment_slot),
            VersionsButton(job.attachment_slot),
        ]
        if image.width * image.height <= limit:
            buttons.append(UpscaleButton(job.attachment_slot, "Upscale again"))
        content = (
            f"Upscaled x{job.scale} · {image.input_width}x{image.input_height} → "
            f"{image.width}x{image.height} · {job.price} credits"
        )
        try:
            edited = await message.edit(
                content=content, attachments=attachments, view=view_of(*buttons)
            )
        except discord.NotFound:
            raise MessageGone() from None
        delivered = next((a for a in edited.attachments if a.filename.endswith(filename)), None)
        await self._receipt(job, image)
        return DeliveryReceipt(
            delivered.id if delivered else None, delivered.url if delivered else None
        )

    async def _receipt(self, job: Job, image: FinishedImage) -> None:
        wallet = await self.bot.storage.ledger.wallet(job.guild_id, job.requester_id)
        text = (
            f"Done: upscaled x{job.scale} to {image.width}x{image.height} for {job.price} credits. "
            f"Balance: {wallet.available} credits."
        )
        await self._tell(job, text, public=False)

    async def notify_failure(self, job: Job, message: str) -> None:
        # The message may be gone; the requester still hears why below.
        with contextlib.suppress(discord.HTTPException):
            await self._channel(job).get_partial_message(job.message_id).edit(content="")
        await self._tell(job, message, public=True)

    async def _tell(self, job: Job, text: str, *, public: bool) -> None:
        """Ephemeral to the requester if their confirm token is fresh; else a mention (when
        ``public``) in the channel."""
        interaction = self.bot.flow.receipts.pop(job.id, None)
        if interaction is not None and datetime.now(UTC) < interaction.expires_at - TOKEN_MARGIN:
            try:
                await interaction.followup.send(text, ephemeral=True)
                return
            except discord.HTTPException:
                log.info("job %s: receipt by interaction failed; falling back", job.id)
        if public:
            await self._channel(job).send(
                f"<@{job.requester_id}> {text}",
                allowed_mentions=discord.AllowedMentions(users=True, roles=False, everyone=False),
            )
