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

    ``result_attachment_ids`` are attachments that show results: on a reply they were added
    after the originals and belong to other slots, so they never count as an original."""
    for attachment in message.attachments:
        if shown_attachment_id is not None and attachment.id == shown_attachment_id:
            return ImageRef(message, slot, attachment)
    images = images_of(message)
    if slot < len(images) and images[slot].id not in result_attachment_ids:
        return ImageRef(message, slot, images[slot])
    if message.reference is not None and message.reference.message_id is not None:
        source = message.reference.resolved
        if not isinstance(source, discord.Message):
            try:
                source = await message.channel.fetch_message(message.reference.message_id)
            except discord.NotFound:
                return None
        originals = images_of(source)
        if slot < len(originals):
            return ImageRef(message, slot, originals[slot])
    return None
