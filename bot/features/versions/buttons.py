"""An image's versions: **Original** (version 0, only to the clicker), **History** (every
version, with **Use this version** to show an earlier one again, free)."""

from __future__ import annotations

import io
import re
from typing import Any

import discord

from bot.ui.components import ButtonItem, Guarded, Item, SelectItem, view_of
from bot.ui.context import context_of
from bot.ui.errors import NotYourImage
from bot.ui.permissions import is_admin, require_guild
from bot.ui.wording import when
from storage.history import ImageVersion

MAX_OPTIONS = 25


class OriginalButton(Guarded, ButtonItem, template=r"og:(?P<slot>\d+)"):
    """After an upscale: shows version 0, the image as first posted, only to the clicker."""

    def __init__(self, slot: int, label: str = "Original") -> None:
        super().__init__(discord.ui.Button(label=label, custom_id=f"og:{slot}"))
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
        original = versions[0]
        data = await storage.blobs.read(original.blob_sha256)
        await interaction.response.send_message(
            f"Original · {original.width}x{original.height}",
            file=discord.File(io.BytesIO(data), original.filename),
            ephemeral=True,
        )


def version_line(version: ImageVersion, current: bool) -> str:
    if version.version == 0:
        what = "original"
    elif version.restored_from is not None:
        what = f"v{version.restored_from} shown again"
    else:
        what = f"upscale {version.version}"
    link = f" · [open]({version.discord_url})" if version.discord_url else ""
    now = " · **shown now**" if current else ""
    return f"v{version.version} {what} · {version.width}x{version.height}{link}{now}"


class VersionsButton(Guarded, ButtonItem, template=r"vh:(?P<slot>\d+)"):
    """After an upscale: lists this image's versions, only to the clicker, with a select to
    show an earlier one again."""

    def __init__(self, slot: int, label: str = "History") -> None:
        super().__init__(discord.ui.Button(label=label, custom_id=f"vh:{slot}"))
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
        # Newest first, so the list (and the select) stays within Discord's limits.
        recent = versions[::-1][:MAX_OPTIONS]
        lines = [version_line(v, v is versions[-1]) for v in recent]
        if len(versions) > len(recent):
            lines.append(f"… and {len(versions) - len(recent)} older")
        options = [
            discord.SelectOption(
                label=f"v{v.version} · {v.width}x{v.height}",
                value=str(v.version),
                description="the original" if v.version == 0 else None,
            )
            for v in recent
            if v is not versions[-1]
        ]
        extra: dict[str, Any] = {}
        if options:
            extra["view"] = view_of(UseVersionSelect(interaction.message.id, self.slot, options))
        await interaction.response.send_message("\n".join(lines), ephemeral=True, **extra)


class UseVersionSelect(Guarded, SelectItem, template=r"uv:(?P<message>\d+):(?P<slot>\d+)"):
    """Show an earlier version on the message again: free, no new compute, recorded as the
    newest version."""

    def __init__(
        self, message_id: int, slot: int, options: list[discord.SelectOption] | None = None
    ) -> None:
        super().__init__(
            discord.ui.Select(
                custom_id=f"uv:{message_id}:{slot}",
                options=options or [discord.SelectOption(label="v0", value="0")],
                placeholder="Use this version",
            )
        )
        self.message_id, self.slot = message_id, slot

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: Item, match: re.Match[str]
    ) -> UseVersionSelect:
        return cls(int(match["message"]), int(match["slot"]))

    async def handle(self, interaction: discord.Interaction) -> None:
        guild_id = require_guild(interaction)
        context = context_of(interaction)
        storage = context.storage
        payload: dict[str, Any] = dict(interaction.data or {})
        values: list[str] = payload.get("values", [])
        version = int(values[0]) if values else 0
        upscalers = await storage.history.upscalers(self.message_id, self.slot)
        if interaction.user.id not in upscalers and not await is_admin(
            interaction, context.settings
        ):
            raise NotYourImage()
        await interaction.response.defer()
        restored = await storage.history.restore(self.message_id, self.slot, version)
        data = await storage.blobs.read(restored.blob_sha256)
        assert interaction.channel_id is not None
        receipt = await context.presenter.show_on_message(
            interaction.channel_id,
            guild_id,
            restored,
            lambda: discord.File(io.BytesIO(data), restored.filename),
            f"Version {version} shown again by {interaction.user.mention} · "
            f"{restored.width}x{restored.height} · {when(restored.created_at)}",
        )
        if receipt.attachment_id is not None and receipt.url is not None:
            await storage.history.set_discord_attachment(
                restored.id, receipt.attachment_id, receipt.url
            )
        await interaction.edit_original_response(
            content=f"The image shows version {version} again (recorded as v{restored.version}).",
            view=None,
        )
