"""Images on Discord messages: which attachments are images, and which image a button means."""

from __future__ import annotations

from dataclasses import dataclass

import discord

IMAGE_EXTENSIONS = ("png", "jpg", "jpeg", "webp", "gif", "bmp", "tif", "tiff")


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
    return attachment.filename.lower().rsplit(".", 1)[-1] in IMAGE_EXTENSIONS


def images_of(message: discord.Message) -> list[discord.Attachment]:
    return [a for a in message.attachments if is_image(a)]


async def find_image(
    message: discord.Message,
    slot: int,
    shown_attachment_id: int | None = None,
    result_attachment_ids: frozenset[int] = frozenset(),
) -> ImageRef | None:
    """The image ``slot`` of ``message`` shows now: the attachment of its current version
    when that is on the message (so "Upscale again" upscales the result, also on a reply);
    else the slot's original on the message, or on the message it replies to (the bot's
    button replies under a generator's post); None when it is gone.

    ``result_attachment_ids`` are attachments known to show results. On a reply, an
    attachment counts as the slot's original only when it is the copy of the replied-to
    post's image (same name, same size: the context menu's reply carries such copies); a
    result whose delivery is not recorded yet is never taken for an original."""
    for attachment in message.attachments:
        if shown_attachment_id is not None and attachment.id == shown_attachment_id:
            return ImageRef(message, slot, attachment)
    images = images_of(message)
    source = await _replied_to(message)
    originals = images_of(source) if source is not None else []
    if slot < len(images) and images[slot].id not in result_attachment_ids:
        own = images[slot]
        if source is None or (slot < len(originals) and _is_copy(own, originals[slot])):
            return ImageRef(message, slot, own)
    if slot < len(originals):
        return ImageRef(message, slot, originals[slot])
    return None


async def _replied_to(message: discord.Message) -> discord.Message | None:
    """The message ``message`` replies to; None when it is no reply or that message is gone."""
    if message.reference is None or message.reference.message_id is None:
        return None
    source = message.reference.resolved
    if isinstance(source, discord.Message):
        return source
    try:
        return await message.channel.fetch_message(message.reference.message_id)
    except discord.NotFound:
        return None


def _is_copy(attachment: discord.Attachment, original: discord.Attachment) -> bool:
    # A copy re-posted as a spoiler gains Discord's name prefix, nothing else.
    def name(a: discord.Attachment) -> str:
        return a.filename.removeprefix("SPOILER_")

    return name(attachment) == name(original) and attachment.size == original.size
