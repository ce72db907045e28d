"""The buttons under an image message, built from what each slot shows now.

A message with one image keeps the compact row (Original, History, Upscale again); a
multi-image post gets a row per image, so upscaling one image never takes another's buttons
away. Everything is derived from the image history, so any delivery can rebuild the whole set.
"""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.features.upscale.again import AgainButton
from bot.features.upscale.buttons import MAX_BUTTONS, UpscaleButton
from bot.features.versions.buttons import OriginalButton, VersionsButton
from bot.ui.components import view_of
from bot.ui.wording import ENGLISH, Wording
from storage.history import ImageVersion

_SLOT_ID = re.compile(r"(?:up|og|vh):(\d+)")


def slot_count(message: discord.Message, images: int) -> int:
    """How many image slots the message offers buttons for (at least the images it has,
    at most one row each)."""
    slots = {
        int(match.group(1))
        for row in message.components
        for child in getattr(row, "children", [])
        if (match := _SLOT_ID.fullmatch(getattr(child, "custom_id", None) or ""))
    }
    return min(MAX_BUTTONS, max([images, *(s + 1 for s in slots)]))


def image_buttons(
    slots: int,
    shown: dict[int, ImageVersion],
    pixel_limit: int,
    generative: frozenset[int] = frozenset(),
    say: Wording = ENGLISH,
) -> discord.ui.View:
    """Each slot's buttons: Upscale before any upscale; Original, History and (while the
    current image is small enough to upscale again) Upscale again after; and Again (same
    seed) / Again (new seed) on the slots in ``generative`` (their current version is a
    creative or detail upscale). Labels are in ``say``'s language (the server's: everyone
    sees these buttons)."""
    items: list[discord.ui.Item[Any]] = []
    for slot in range(slots):
        current = shown.get(slot)
        row = None if slots == 1 else slot

        def label(message_id: str, slot: int = slot) -> str:
            text = say(message_id)
            return text if slots == 1 else say("button-numbered", label=text, number=slot + 1)

        if current is None or current.version == 0:
            items.append(UpscaleButton(slot, label("button-upscale")))
            items[-1].row = row
            continue
        slot_items: list[discord.ui.Item[Any]] = [
            OriginalButton(slot, label("button-original")),
            VersionsButton(slot, label("button-history")),
        ]
        if current.width * current.height <= pixel_limit:
            slot_items.append(UpscaleButton(slot, label("button-upscale-again")))
        if slot in generative:
            slot_items += [
                AgainButton(slot, "same", label("button-again-same")),
                AgainButton(slot, "new", label("button-again-new")),
            ]
        for item in slot_items:
            item.row = row
        items.extend(slot_items)
    return view_of(*items)


class ImageMessageButtons:
    """The presenter's way to build these buttons (``bot.presenter.ImageButtons``)."""

    def slot_count(self, message: discord.Message, images: int) -> int:
        return slot_count(message, images)

    def view(
        self,
        slots: int,
        shown: dict[int, ImageVersion],
        pixel_limit: int,
        generative: frozenset[int],
        say: Wording,
    ) -> discord.ui.View:
        return image_buttons(slots, shown, pixel_limit, generative, say)
