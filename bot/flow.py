"""What happens when members click: confirmation with the price, confirm, versions, history.

Thin Discord glue over :class:`bot.service.UpscaleService`: it reads the interaction, asks the
service or storage, and formats the answer. Every failure becomes one ephemeral sentence via
:func:`bot.messages.describe`.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any

import discord

from bot.buttons import (
    CancelButton,
    ConfirmButton,
    FactorSelect,
    HistoryPageButton,
    UpscaleButton,
    view_of,
)
from bot.messages import describe
from bot.progress import format_duration
from bot.service import UpscaleService
from bot.upscale_request import SourceImage, UpscaleRequest
from config import Settings
from engine.registry import model_info
from storage.errors import IllegalTransition
from storage.store import Storage

log = logging.getLogger(__name__)

IMAGE_TYPES = ("image/png", "image/jpeg", "image/webp", "image/gif", "image/bmp", "image/tiff")
SCALES = (2, 4)
CREATIVE = "creative"  # the "model" a creative upscale carries in its buttons


@dataclass(frozen=True, slots=True)
class ImageRef:
    """Which image a button is about: the message that will show the result, the slot on it,
    and the attachment to read (on that message, or on the message it replies to)."""

    message: discord.Message
    slot: int
    attachment: discord.Attachment


def is_image(attachment: discord.Attachment) -> bool:
    content_type = (attachment.content_type or "").split(";")[0]
    if content_type:
        return content_type.startswith("image/")
    return attachment.filename.lower().rsplit(".", 1)[-1] in (
        "png",
        "jpg",
        "jpeg",
        "webp",
        "gif",
        "bmp",
    )


async def reply_error(interaction: discord.Interaction, exc: BaseException) -> None:
    """The one place component and command failures are told to the member (ephemeral)."""
    text = describe(exc)
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True)
        else:
            await interaction.response.send_message(text, ephemeral=True)
    except discord.HTTPException:
        log.warning("could not tell the member: %s", text, exc_info=True)


class UpscaleFlow:
    def __init__(self, settings: Settings, storage: Storage, service: UpscaleService) -> None:
        self.settings = settings
        self.storage = storage
        self.service = service
        # Confirm interactions by job, for the ephemeral receipt (their tokens live 15 minutes).
        self.receipts: dict[int, discord.Interaction] = {}

    async def guarded(self, interaction: discord.Interaction, work: Awaitable[None]) -> None:
        try:
            await work
        except Exception as exc:
            await reply_error(interaction, exc)

    # -- finding the image -------------------------------------------------------------

    async def image_ref(self, message: discord.Message, slot: int) -> ImageRef | None:
        images = [a for a in message.attachments if is_image(a)]
        if slot < len(images):
            return ImageRef(message, slot, images[slot])
        if message.reference is not None and message.reference.message_id is not None:
            source = message.reference.resolved
            if not isinstance(source, discord.Message):
                try:
                    source = await message.channel.fetch_message(message.reference.message_id)
                except discord.NotFound:
                    return None
            originals = [a for a in source.attachments if is_image(a)]
            if slot < len(originals):
                return ImageRef(message, slot, originals[slot])
        return None

    # -- confirmation ------------------------------------------------------------------

    def price(self, mode: str = "fast") -> int:
        credits = self.settings.credits
        return credits.creative_price if mode == "creative" else credits.upscale_price

    async def open_confirmation(
        self,
        interaction: discord.Interaction,
        slot: int,
        *,
        scale: int | None = None,
        message_id: int | None = None,
        update: bool = False,
        target: discord.Message | None = None,
        model: str | None = None,
    ) -> None:
        """Show the price, the balance before and after, and Confirm/Cancel (ephemeral)."""
        await self.guarded(
            interaction,
            self._open_confirmation(interaction, slot, scale, message_id, update, target, model),
        )

    async def _open_confirmation(
        self,
        interaction: discord.Interaction,
        slot: int,
        scale: int | None,
        message_id: int | None,
        update: bool,
        target: discord.Message | None,
        model: str | None,
    ) -> None:
        assert interaction.guild_id is not None and interaction.channel is not None
        message = target or interaction.message
        if message_id is not None and (message is None or message.id != message_id):
            message = await interaction.channel.fetch_message(message_id)  # type: ignore[union-attr]
        assert message is not None
        ref = await self.image_ref(message, slot)
        send = interaction.response.edit_message if update else self._ephemeral(interaction)
        if ref is None:
            await send(content="That image is no longer on the message.", view=None)
            return
        model = model or self.settings.engine.model
        creative = model == CREATIVE
        scale = 4 if creative else scale or model_info(model).scale
        price = self.price("creative" if creative else "fast")
        wallet = await self.storage.ledger.wallet(interaction.guild_id, interaction.user.id)
        estimate = self.service.estimate_seconds(
            model, ref.attachment.width or 512, ref.attachment.height or 512
        )
        kind = "Creative upscale" if creative else "Upscale"
        header = f"**{kind} x{scale}** · about {format_duration(estimate)}"
        if wallet.available < price:
            top_up = self.settings.credits.top_up_url
            how = f"Get more credits: {top_up}" if top_up else "Ask an admin for more credits."
            await send(
                content=f"{header}\nPrice: {price} credits · you have {wallet.available} available.\n{how}",
                view=None,
            )
            return
        fast_price = self.price("fast")
        options = [
            discord.SelectOption(
                label=f"x{s} · {fast_price} credits",
                value=str(s),
                default=not creative and s == scale,
            )
            for s in SCALES
        ]
        if self.settings.engine.generative_model:
            options.append(
                discord.SelectOption(
                    label=f"Creative x4 · {self.price('creative')} credits",
                    value=CREATIVE,
                    default=creative,
                )
            )
        fast_model = self.settings.engine.model if creative else model
        view = view_of(
            FactorSelect(message.id, slot, fast_model, options),
            ConfirmButton(message.id, slot, model, scale),
            CancelButton(),
        )
        await send(
            content=f"{header}\nPrice: {price} credits · balance {wallet.available} → {wallet.available - price}",
            view=view,
        )

    def _ephemeral(self, interaction: discord.Interaction) -> Any:
        async def send(*, content: str, view: discord.ui.View | None) -> None:
            extra: dict[str, Any] = {"view": view} if view is not None else {}
            if interaction.response.is_done():
                await interaction.followup.send(content, ephemeral=True, **extra)
            else:
                await interaction.response.send_message(content, ephemeral=True, **extra)

        return send

    # -- confirm -----------------------------------------------------------------------

    async def confirm(
        self, interaction: discord.Interaction, message_id: int, slot: int, model: str, scale: int
    ) -> None:
        await self.guarded(interaction, self._confirm(interaction, message_id, slot, model, scale))

    async def _confirm(
        self, interaction: discord.Interaction, message_id: int, slot: int, model: str, scale: int
    ) -> None:
        assert interaction.guild_id is not None and interaction.channel is not None
        # Answer within Discord's 3 seconds; the work below (a fetch, a transaction) may not.
        await interaction.response.defer()
        message = await interaction.channel.fetch_message(message_id)  # type: ignore[union-attr]
        ref = await self.image_ref(message, slot)
        if ref is None:
            await interaction.edit_original_response(
                content="That image is no longer on the message.", view=None
            )
            return
        # The confirmation message's id is the click's key: a second click on the same
        # Confirm (or a retry after a restart) finds the same job and charges nothing.
        key = f"confirm:{interaction.message.id if interaction.message else interaction.id}"
        accepted = await self.service.request_upscale(
            UpscaleRequest(
                request_key=key,
                guild_id=interaction.guild_id,
                channel_id=message.channel.id,
                message_id=message.id,
                attachment_slot=slot,
                source=SourceImage(
                    attachment_id=ref.attachment.id,
                    url=ref.attachment.url,
                    filename=ref.attachment.filename,
                    size=ref.attachment.size,
                    content_type=ref.attachment.content_type,
                ),
                requester_id=interaction.user.id,
                model=model,
                scale=scale,
                mode="creative" if model == CREATIVE else "fast",
                price=self.price("creative" if model == CREATIVE else "fast"),
                upload_limit=interaction.filesize_limit,
                options={"spoiler": ref.attachment.is_spoiler()},
            )
        )
        if not accepted.created:
            await interaction.edit_original_response(
                content="Already in progress: this upscale was confirmed once and is charged once.",
                view=None,
            )
            return
        self.receipts[accepted.job.id] = interaction
        position, eta = self.service.position(accepted.job.id)
        where = f"#{position} in queue" if position else "starting"
        eta_text = f", about {format_duration(eta)}" if eta else ""
        await interaction.edit_original_response(
            content=(
                f"Queued: {where}{eta_text}. {accepted.job.price} credits reserved; "
                f"available {accepted.hold.available_after}."
            ),
            view=None,
        )

    # -- versions, history, admin ------------------------------------------------------

    async def show_original(self, interaction: discord.Interaction, slot: int) -> None:
        async def work() -> None:
            assert interaction.message is not None
            versions = await self.storage.history.versions(interaction.message.id, slot)
            if len(versions) < 2:
                await interaction.response.send_message(
                    "There is no earlier version.", ephemeral=True
                )
                return
            previous = versions[-2]
            data = await self.storage.blobs.read(previous.blob_sha256)
            await interaction.response.send_message(
                f"Version {previous.version} · {previous.width}x{previous.height}",
                file=discord.File(io.BytesIO(data), previous.filename),
                ephemeral=True,
            )

        await self.guarded(interaction, work())

    async def show_versions(self, interaction: discord.Interaction, slot: int) -> None:
        async def work() -> None:
            assert interaction.message is not None
            versions = await self.storage.history.versions(interaction.message.id, slot)
            if not versions:
                await interaction.response.send_message("No versions recorded yet.", ephemeral=True)
                return
            lines = []
            for version in versions:
                what = "original" if version.version == 0 else f"upscale {version.version}"
                link = f" · [open]({version.discord_url})" if version.discord_url else ""
                lines.append(f"v{version.version} {what} · {version.width}x{version.height}{link}")
            await interaction.response.send_message("\n".join(lines), ephemeral=True)

        await self.guarded(interaction, work())

    async def show_history(
        self, interaction: discord.Interaction, page: int, *, update: bool = False
    ) -> None:
        async def work() -> None:
            assert interaction.guild_id is not None
            result = await self.storage.history.for_member(
                interaction.guild_id, interaction.user.id, page=page
            )
            if not result.entries:
                content = "You have no upscales yet."
            else:
                lines = [
                    f"**Your upscales** (page {result.page}/{result.pages}, {result.total} in all)"
                ]
                for entry in result.entries:
                    v = entry.version
                    link = (
                        f"https://discord.com/channels/{v.guild_id}/{v.channel_id}/{v.message_id}"
                    )
                    size = (
                        f"{entry.source_width}x{entry.source_height} → "
                        if entry.source_width
                        else ""
                    )
                    lines.append(
                        f"{v.created_at[:16].replace('T', ' ')} · {size}{v.width}x{v.height} · "
                        f"{entry.price} credits · {link}"
                    )
                content = "\n".join(lines)
            items = []
            if result.page > 1:
                items.append(HistoryPageButton(result.page - 1, "prev"))
            if result.page < result.pages:
                items.append(HistoryPageButton(result.page + 1, "next"))
            view = view_of(*items) if items else None
            extra: dict[str, Any] = {"view": view} if view else {}
            if update:
                await interaction.response.edit_message(content=content, view=view)
            else:
                await interaction.response.send_message(content, ephemeral=True, **extra)

        await self.guarded(interaction, work())

    async def cancel_job(self, interaction: discord.Interaction, job_id: int) -> None:
        async def work() -> None:
            from bot.permissions import is_admin

            job = await self.storage.jobs.get(job_id)
            if not (
                is_admin(interaction, self.settings) or job.requester_id == interaction.user.id
            ):
                await interaction.response.send_message(
                    "Only an admin or the requester can cancel it.", ephemeral=True
                )
                return
            try:
                await self.service.cancel(job_id)
            except IllegalTransition:
                await interaction.response.send_message(
                    f"Job #{job_id} already finished.", ephemeral=True
                )
                return
            await interaction.response.send_message(
                f"Job #{job_id} cancelled and refunded.", ephemeral=True
            )

        await self.guarded(interaction, work())

    def upscale_view(self, count: int) -> discord.ui.View:
        """The Upscale button(s) under a message with ``count`` images."""
        if count == 1:
            return view_of(UpscaleButton(0))
        return view_of(*(UpscaleButton(i, f"Upscale {i + 1}") for i in range(min(count, 5))))
