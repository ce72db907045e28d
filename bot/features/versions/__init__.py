"""An image's versions: **Original** and **History** under an upscaled image."""

from __future__ import annotations

import io
import re

import discord

from bot.components import ButtonItem, Guarded, Item
from bot.context import context_of


class OriginalButton(Guarded, ButtonItem, template=r"og:(?P<slot>\d+)"):
    """After an upscale: shows the previous version, only to the clicker."""

    def __init__(self, slot: int) -> None:
        super().__init__(discord.ui.Button(label="Original", custom_id=f"og:{slot}"))
        self.slot = slot

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: Item, match: re.Match[str]
    ) -> OriginalButton:
        return cls(int(match["slot"]))

    async def handle(self, interaction: discord.Interaction) -> None:
        assert interaction.message is not None
        storage = context_of(interaction).storage
        versions = await storage.history.versions(interaction.message.id, self.slot)
        if len(versions) < 2:
            await interaction.response.send_message("There is no earlier version.", ephemeral=True)
            return
        previous = versions[-2]
        data = await storage.blobs.read(previous.blob_sha256)
        await interaction.response.send_message(
            f"Version {previous.version} · {previous.width}x{previous.height}",
            file=discord.File(io.BytesIO(data), previous.filename),
            ephemeral=True,
        )


class VersionsButton(Guarded, ButtonItem, template=r"vh:(?P<slot>\d+)"):
    """After an upscale: lists this image's versions, only to the clicker."""

    def __init__(self, slot: int) -> None:
        super().__init__(discord.ui.Button(label="History", custom_id=f"vh:{slot}"))
        self.slot = slot

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: Item, match: re.Match[str]
    ) -> VersionsButton:
        return cls(int(match["slot"]))

    async def handle(self, interaction: discord.Interaction) -> None:
        assert interaction.message is not None
        storage = context_of(interaction).storage
        versions = await storage.history.versions(interaction.message.id, self.slot)
        if not versions:
            await interaction.response.send_message("No versions recorded yet.", ephemeral=True)
            return
        lines = []
        for version in versions:
            what = "original" if version.version == 0 else f"upscale {version.version}"
            link = f" · [open]({version.discord_url})" if version.discord_url else ""
            lines.append(f"v{version.version} {what} · {version.width}x{version.height}{link}")
        await interaction.response.send_message("\n".join(lines), ephemeral=True)


DYNAMIC_ITEMS = (OriginalButton, VersionsButton)
