"""An image's versions: **Original** (version 0, only to the clicker), **History** (every
version, with **Use this version** to show an earlier one again, free)."""

from __future__ import annotations

import io
import re
from typing import Any

import discord

from bot.ui.audience import for_member, for_server_of
from bot.ui.components import ButtonItem, Guarded, Item, SelectItem, view_of
from bot.ui.context import context_of
from bot.ui.errors import NotYourImage
from bot.ui.permissions import is_admin, require_guild
from bot.ui.wording import Wording, size, when
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
        say = for_member(interaction)
        if len(versions) < 2:
            await interaction.response.send_message(say("versions-no-earlier"), ephemeral=True)
            return
        original = versions[0]
        data = await storage.blobs.read(original.blob_sha256)
        await interaction.response.send_message(
            say("versions-original", size=size(original.width, original.height)),
            file=discord.File(io.BytesIO(data), original.filename),
            ephemeral=True,
        )


def version_line(version: ImageVersion, current: bool, say: Wording) -> str:
    facts = {"version": str(version.version), "size": size(version.width, version.height)}
    if version.version == 0:
        parts = [say("version-original", **facts)]
    elif version.restored_from is not None:
        parts = [say("version-restored", **facts, **{"from": str(version.restored_from)})]
    else:
        parts = [say("version-upscale", **facts, number=str(version.version))]
    if version.discord_url:
        parts.append(say("version-open", url=version.discord_url))
    if current:
        parts.append(say("version-shown-now"))
    return " · ".join(parts)


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
        say = for_member(interaction)
        if not versions:
            await interaction.response.send_message(say("versions-none"), ephemeral=True)
            return
        # Newest first, so the list (and the select) stays within Discord's limits.
        recent = versions[::-1][:MAX_OPTIONS]
        lines = [version_line(v, v is versions[-1], say) for v in recent]
        if len(versions) > len(recent):
            lines.append(say("versions-older", count=len(versions) - len(recent)))
        options = [
            discord.SelectOption(
                label=say("version-option", version=str(v.version), size=size(v.width, v.height)),
                value=str(v.version),
                description=say("version-option-original") if v.version == 0 else None,
            )
            for v in recent
            if v is not versions[-1]
        ]
        extra: dict[str, Any] = {}
        if options:
            select = UseVersionSelect(
                interaction.message.id, self.slot, options, say("select-use-version")
            )
            extra["view"] = view_of(select)
        await interaction.response.send_message("\n".join(lines), ephemeral=True, **extra)


class UseVersionSelect(Guarded, SelectItem, template=r"uv:(?P<message>\d+):(?P<slot>\d+)"):
    """Show an earlier version on the message again: free, no new compute, recorded as the
    newest version."""

    def __init__(
        self,
        message_id: int,
        slot: int,
        options: list[discord.SelectOption] | None = None,
        placeholder: str | None = None,
    ) -> None:
        super().__init__(
            discord.ui.Select(
                custom_id=f"uv:{message_id}:{slot}",
                options=options or [discord.SelectOption(label="v0", value="0")],
                placeholder=placeholder,
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
        public = await for_server_of(interaction)
        receipt = await context.presenter.show_on_message(
            interaction.channel_id,
            guild_id,
            restored,
            lambda: discord.File(io.BytesIO(data), restored.filename),
            public(
                "version-shown-again",
                version=str(version),
                member=interaction.user.mention,
                size=size(restored.width, restored.height),
                when=when(restored.created_at),
            ),
        )
        if receipt.attachment_id is not None and receipt.url is not None:
            await storage.history.set_discord_attachment(
                restored.id, receipt.attachment_id, receipt.url
            )
        reply = for_member(interaction)(
            "version-restored-reply", version=str(version), recorded=str(restored.version)
        )
        await interaction.edit_original_response(content=reply, view=None)
