"""The job core's :class:`~bot.jobs.ports.Presenter`, done in Discord.

Progress and results are channel message edits with the bot token (not the 15-minute
interaction token), so a job that waits an hour in the queue still lands. Receipts and failure
notices go to the requester ephemerally while their confirm interaction is still valid, and as
a mention in the channel after that.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Protocol

import discord

from bot.jobs.ports import (
    DeliveryReceipt,
    DeliveryRefused,
    FailureReason,
    FinishedImage,
    JobFailure,
    MessageGone,
    ProgressUpdate,
)
from bot.ui.attachments import images_of
from bot.ui.audience import for_server, guild_locale, locale_code
from bot.ui.errors import describe_failure
from bot.ui.wording import Wording, size, wording_for
from config import Settings
from storage.history import ImageVersion
from storage.jobs import Job
from storage.store import Storage

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


class ImageButtons(Protocol):
    """How an image message's buttons are built: given by the app (the image message
    feature), so the presenter never imports a feature."""

    def slot_count(self, message: discord.Message, images: int) -> int: ...

    def view(
        self,
        slots: int,
        shown: dict[int, ImageVersion],
        pixel_limit: int,
        generative: frozenset[int],
        say: Wording,
    ) -> discord.ui.View: ...


class DiscordPresenter:
    def __init__(
        self, client: discord.Client, settings: Settings, storage: Storage, buttons: ImageButtons
    ) -> None:
        self.client = client
        self.buttons = buttons
        self.settings = settings
        self.storage = storage
        self.budget = EditBudget()
        # Confirm interactions by job, for the ephemeral receipt (their tokens live 15 minutes).
        self._receipts: dict[int, discord.Interaction] = {}
        self._message_locks: dict[int, asyncio.Lock] = {}

    def remember_confirmation(self, job_id: int, interaction: discord.Interaction) -> None:
        """The member's Confirm click: the receipt and failure notices answer it privately."""
        self._receipts[job_id] = interaction

    def _channel(self, job: Job) -> discord.PartialMessageable:
        return self.client.get_partial_messageable(
            job.request.channel_id, guild_id=job.request.guild_id
        )

    async def _server_wording(self, guild_id: int) -> Wording:
        """Lines on an image's message and in the channel read in the server's language."""
        return await for_server(self.storage, guild_id, guild_locale(self.client, guild_id))

    async def show_progress(self, job: Job, update: ProgressUpdate) -> None:
        if not self.budget.take(job.request.channel_id):
            return
        message = self._channel(job).get_partial_message(job.request.message_id)
        say = await self._server_wording(job.request.guild_id)
        line = say(
            "progress-line", member=f"<@{job.request.requester_id}>", progress=say.progress(update)
        )
        try:
            await message.edit(content=line)
        except discord.NotFound:
            log.info("job %s: message gone while showing progress", job.id)

    def _lock_for(self, message_id: int) -> asyncio.Lock:
        """Deliveries to one message take turns: each fetches, then edits, and an edit made
        from a stale fetch would drop another slot's result."""
        lock = self._message_locks.get(message_id)
        if lock is None:
            lock = self._message_locks[message_id] = asyncio.Lock()
        return lock

    async def deliver(self, job: Job, image: FinishedImage) -> DeliveryReceipt:
        request = job.request
        say = await self._server_wording(request.guild_id)
        facts: dict[str, str | int] = {
            "scale": request.scale,
            "input": size(image.input_width, image.input_height),
            "output": size(image.width, image.height),
            "price": job.price,
        }
        if request.mode.generative:
            content = say("delivered-made", **facts, made=self._made_with(job, say))
        else:
            content = say("delivered", **facts)
        receipt = await self.show_on_message(
            request.channel_id,
            request.guild_id,
            image.version,
            lambda: discord.File(image.path, filename=image.filename, spoiler=request.spoiler),
            content,
        )
        await self._receipt(job, image)
        return receipt

    async def show_on_message(
        self,
        channel_id: int,
        guild_id: int,
        version: ImageVersion,
        open_upload: Callable[[], discord.File],
        content: str,
    ) -> DeliveryReceipt:
        """Put ``upload`` in the place of the image its slot shows now (the version's parent),
        and rebuild every slot's buttons.

        Raises:
            MessageGone: the message was deleted.
        """
        channel = self.client.get_partial_messageable(channel_id, guild_id=guild_id)
        async with self._lock_for(version.message_id):
            try:
                message = await channel.fetch_message(version.message_id)
            except discord.NotFound:
                raise MessageGone() from None
            previous = await self.storage.history.parent_of(version)
            shown = await self.storage.history.latest_by_slot(message.id)
            slots = self.buttons.slot_count(message, len(images_of(message)))
            generative = frozenset(
                [slot for slot, v in shown.items() if await self._is_generative(v)]
            )
            limit = self.settings.engine.max_input_pixels
            say = await self._server_wording(guild_id)
            view = self.buttons.view(slots, shown, limit, generative, say)
            attachments: list[discord.Attachment | discord.File] = list(message.attachments)
            index = self._slot_index(message, version.attachment_slot, previous)
            upload = open_upload()
            if index is None:
                index = len(attachments)
                attachments.append(upload)
            else:
                attachments[index] = upload
            try:
                edited = await message.edit(content=content, attachments=attachments, view=view)
            except discord.NotFound:
                raise MessageGone() from None
            except discord.HTTPException as exc:
                # A 4xx other than 429 is final (403 lost the channel, 413 over the limit);
                # a 429 or a 5xx is Discord's passing trouble: retried.
                if 400 <= exc.status < 500 and exc.status != 429:
                    raise DeliveryRefused(exc.status, exc.text[:200]) from None
                raise
            finally:
                upload.close()
        delivered = edited.attachments[index] if index < len(edited.attachments) else None
        return DeliveryReceipt(
            delivered.id if delivered else None, delivered.url if delivered else None
        )

    async def _is_generative(self, version: ImageVersion) -> bool:
        """Whether the version is a creative or detail upscale (it may be run again)."""
        if version.job_id is None:
            return False
        return (await self.storage.jobs.get(version.job_id)).request.mode.generative

    @staticmethod
    def _made_with(job: Job, say: Wording) -> str:
        seed = job.result.seed if job.result is not None else None
        return say.generative(job.request.mode, job.request.controls, seed)

    @staticmethod
    def _slot_index(
        message: discord.Message, slot: int, previous: ImageVersion | None
    ) -> int | None:
        """Where the slot's current image sits among the message's attachments, or None when
        it is not on this message (a reply whose buttons point at a generator's images)."""
        ids = [a.id for a in message.attachments]
        if previous is not None and previous.discord_attachment_id in ids:
            return ids.index(previous.discord_attachment_id)
        images = images_of(message)
        if message.reference is None and slot < len(images):
            return message.attachments.index(images[slot])
        return None

    async def _receipt(self, job: Job, image: FinishedImage) -> None:
        request = job.request
        wallet = await self.storage.ledger.wallet(request.guild_id, request.requester_id)

        def text(say: Wording) -> str:
            facts: dict[str, str | int] = {
                "scale": request.scale,
                "size": size(image.width, image.height),
                "price": job.price,
                "balance": wallet.available,
            }
            if request.mode.generative:
                return say("receipt-made", **facts, made=self._made_with(job, say))
            return say("receipt", **facts)

        await self._tell(job, text, public=False)

    async def tell_failure(self, job: Job, failure: JobFailure) -> None:
        # The message may be gone; the requester still hears why below.
        cancelled = failure.reason is FailureReason.CANCELLED
        say = await self._server_wording(job.request.guild_id)
        shown = say("progress-cancelled") if cancelled else ""
        with contextlib.suppress(discord.HTTPException):
            await self._channel(job).get_partial_message(job.request.message_id).edit(content=shown)
        await self._tell(job, lambda say: describe_failure(failure, say), public=True)

    async def _tell(self, job: Job, text: Callable[[Wording], str], *, public: bool) -> None:
        """Ephemeral to the requester, in their language, if their confirm token is fresh;
        else a mention (when ``public``) in the channel, in the server's."""
        interaction = self._receipts.pop(job.id, None)
        if interaction is not None and datetime.now(UTC) < interaction.expires_at - TOKEN_MARGIN:
            member = wording_for(locale_code(interaction.locale))
            try:
                await interaction.followup.send(text(member), ephemeral=True)
                return
            except discord.HTTPException:
                log.info("job %s: receipt by interaction failed; falling back", job.id)
        if public:
            say = await self._server_wording(job.request.guild_id)
            await self._channel(job).send(
                f"<@{job.request.requester_id}> {text(say)}",
                allowed_mentions=discord.AllowedMentions(users=True, roles=False, everyone=False),
            )
