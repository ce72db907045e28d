"""The Upscale button under an image (or under a reply pointing at a generator's images)."""

from __future__ import annotations

import re

import discord

from bot.features.upscale.confirmation import open_confirmation
from bot.ui.components import ButtonItem, Guarded, Item, view_of
from bot.ui.wording import ENGLISH, Wording

MAX_BUTTONS = 5  # one row


class UpscaleButton(Guarded, ButtonItem, template=r"up:(?P<slot>\d+)"):
    """Opens the priced confirmation for the image in ``slot``."""

    def __init__(self, slot: int, label: str = "Upscale") -> None:
        super().__init__(
            discord.ui.Button(
                label=label, style=discord.ButtonStyle.primary, emoji="🔍", custom_id=f"up:{slot}"
            )
        )
        self.slot = slot

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: Item, match: re.Match[str]
    ) -> UpscaleButton:
        return cls(int(match["slot"]))

    async def handle(self, interaction: discord.Interaction) -> None:
        await open_confirmation(interaction, self.slot)


def upscale_view(count: int, say: Wording = ENGLISH) -> discord.ui.View:
    """The Upscale button(s) under a message with ``count`` images, in the server's
    language ``say``."""
    label = say("button-upscale")
    if count == 1:
        return view_of(UpscaleButton(0, label))
    return view_of(
        *(
            UpscaleButton(i, say("button-numbered", label=label, number=i + 1))
            for i in range(min(count, MAX_BUTTONS))
        )
    )
