"""The Confirm click: the draft the member saw becomes a job, its price held, exactly as shown
(the service refuses when the price is no longer the one on the confirmation)."""

from __future__ import annotations

import discord

from bot.features.upscale.cancel_job import CancelJobButton
from bot.ui.attachments import ImageRef, find_image
from bot.ui.audience import for_member
from bot.ui.components import view_of
from bot.ui.context import BotContext, context_of
from bot.ui.permissions import require_guild
from config import Mode
from storage.drafts import UpscaleDraft
from storage.jobs import JobRequest, SourceImage
from storage.store import Storage

GONE = "confirm-gone"
EXPIRED = "confirm-expired"


async def current_image(storage: Storage, message: discord.Message, slot: int) -> ImageRef | None:
    """What the slot shows now: after an upscale, the result (never the original again)."""
    shown = (await storage.history.latest_by_slot(message.id)).get(slot)
    results = await storage.history.result_attachment_ids(message.id)
    return await find_image(message, slot, shown.discord_attachment_id if shown else None, results)


async def locate(
    interaction: discord.Interaction, message_id: int, slot: int
) -> tuple[discord.Message, ImageRef] | None:
    """The message and the slot's current image, or None when either is gone."""
    assert isinstance(interaction.channel, discord.abc.Messageable)
    message = interaction.message
    if message is None or message.id != message_id:
        try:
            message = await interaction.channel.fetch_message(message_id)
        except discord.NotFound:  # deleted while the member looked at the price
            return None
    ref = await current_image(context_of(interaction).storage, message, slot)
    return None if ref is None else (message, ref)


async def _source_of(
    context: BotContext, draft: UpscaleDraft, ref: ImageRef
) -> tuple[SourceImage, tuple[int, int] | None, str | None]:
    """What the job reads: the slot's image, or for an Again the earlier job's kept input."""
    if draft.again_of is not None:
        earlier = await context.storage.jobs.get(draft.again_of)
        result = earlier.result
        size = (result.input_width, result.input_height) if result else None
        return earlier.request.source, size, earlier.source_sha256
    attachment = ref.attachment
    source = SourceImage(
        attachment_id=attachment.id,
        url=attachment.url,
        filename=attachment.filename,
        size=attachment.size,
        content_type=attachment.content_type,
    )
    size = (attachment.width, attachment.height) if attachment.width and attachment.height else None
    return source, size, None


async def confirm(interaction: discord.Interaction, token: str) -> None:
    guild_id = require_guild(interaction)
    context = context_of(interaction)
    # Answer within Discord's 3 seconds; the work below (a fetch, a transaction) may not.
    await interaction.response.defer()
    say = for_member(interaction)
    draft = await context.storage.drafts.get(token)
    if draft is None or draft.member_id != interaction.user.id or draft.guild_id != guild_id:
        await interaction.edit_original_response(content=say(EXPIRED), view=None)
        return
    located = await locate(interaction, draft.message_id, draft.attachment_slot)
    if located is None:
        await interaction.edit_original_response(content=say(GONE), view=None)
        return
    message, ref = located
    source, size, kept = await _source_of(context, draft, ref)
    # The confirmation message's id is the click's key: a second click on the same
    # Confirm (or a retry after a restart) finds the same job and charges nothing.
    key = f"confirm:{interaction.message.id if interaction.message else interaction.id}"
    controls = dict(draft.controls) if draft.mode.generative else {}
    if draft.mode is Mode.DETAIL:
        controls["scale"] = draft.scale  # the detail engine's output scale (x4 is fixed)
    submission = await context.service.request_upscale(
        JobRequest(
            request_key=key,
            guild_id=guild_id,
            channel_id=message.channel.id,
            message_id=message.id,
            attachment_slot=draft.attachment_slot,
            requester_id=interaction.user.id,
            source=source,
            mode=draft.mode,
            model=draft.model,
            scale=draft.scale,
            spoiler=ref.attachment.is_spoiler(),
            upload_limit=interaction.filesize_limit,
            controls=controls,
        ),
        shown_price=draft.price,
        input_size=size,
        kept_source=kept,
    )
    if not submission.created:
        await interaction.edit_original_response(content=say("confirm-again"), view=None)
        return
    job = submission.job
    context.presenter.remember_confirmation(job.id, interaction)
    place = context.service.board.place(job.id)
    money: dict[str, int] = {"price": job.price, "available": submission.hold.available_after}
    if place:
        queued = say(
            "confirm-queued",
            position=str(place.position),
            duration=say.duration(place.eta_s),
            **money,
        )
    else:
        queued = say("confirm-starting", **money)
    await interaction.edit_original_response(
        content=queued,
        view=view_of(CancelJobButton(job.id, say("button-cancel-upscale"))),
    )
