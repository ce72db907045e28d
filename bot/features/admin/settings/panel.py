"""``/upscale-admin settings``: every setting of the server, changed in place.

Channel and role selects set the automatic-button channels, the admin role (by id) and the
audit channel; two buttons open forms for prices, starting balance and top-up link, and for the
allowance. Each change is saved at once, takes effect on the next click, and is one line in
the audit channel.
"""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.features.admin.settings.modals import allowance_form, credits_form
from bot.features.admin.settings.wording import LABELS, audit_line, overview, shown
from bot.ui.audit import post_audit_line
from bot.ui.components import ButtonItem, Guarded, Item, view_of
from bot.ui.context import context_of
from bot.ui.permissions import require_admin, require_guild
from storage.server_settings import ServerSettings, SettingName, SettingValue

ChannelSelectItem = discord.ui.DynamicItem[discord.ui.ChannelSelect[discord.ui.View]]
RoleSelectItem = discord.ui.DynamicItem[discord.ui.RoleSelect[discord.ui.View]]
TEXT_CHANNELS = [discord.ChannelType.text, discord.ChannelType.news]
NEEDS_INTENT = (
    "\n-# Automatic buttons read other bots' images, which needs the Message Content intent: "
    "the bot's owner enables it in the Developer Portal and sets "
    "UPSCALE_DISCORD__MESSAGE_CONTENT=true."
)


def settings_view(server: ServerSettings) -> discord.ui.View:
    return view_of(
        AutoChannelsSelect(server.auto_button_channels),
        AdminRoleSelect(server.admin_role_id),
        AuditChannelSelect(server.audit_channel_id),
        EditCreditsButton(),
        EditAllowanceButton(),
    )


async def _panel(interaction: discord.Interaction, guild_id: int) -> tuple[str, discord.ui.View]:
    context = context_of(interaction)
    server = await context.storage.servers.get(guild_id)
    engine = context.settings.engine
    text = overview(
        server,
        offers_creative=bool(engine.generative_model),
        offers_detail=bool(engine.detail_model),
    )
    return text, settings_view(server)


async def show_settings(interaction: discord.Interaction) -> None:
    content, view = await _panel(interaction, require_guild(interaction))
    await interaction.response.send_message(content, ephemeral=True, view=view)


async def apply_changes(
    interaction: discord.Interaction,
    values: dict[SettingName, SettingValue],
    *,
    update: bool = False,
) -> None:
    """Save ``values`` (None: back to the default), answer with the panel as it now is, then
    write one audit line per change.

    Raises:
        InvalidSetting: a value was refused; nothing was saved.
    """
    guild_id = require_guild(interaction)
    await require_admin(interaction)
    servers = context_of(interaction).storage.servers
    changes = await servers.update(guild_id, values, actor_id=interaction.user.id)
    content, view = await _panel(interaction, guild_id)
    if changes:
        saved = ", ".join(f"{LABELS[c.name]} {shown(c.name, c.after)}" for c in changes)
        content = f"Saved: {saved}.\n{content}"
    else:
        content = f"Nothing changed.\n{content}"
    after = await servers.get(guild_id)
    if after.auto_button_channels and not interaction.client.intents.message_content:
        content += NEEDS_INTENT
    if update:
        await interaction.response.edit_message(content=content, view=view)
    else:
        await interaction.response.send_message(content, ephemeral=True, view=view)
    if changes:
        lines = [audit_line(interaction.user.mention, change) for change in changes]
        await post_audit_line(interaction, guild_id, "\n".join(lines))


def _picked_ids(interaction: discord.Interaction) -> list[int]:
    data: dict[str, Any] = dict(interaction.data or {})
    return [int(value) for value in data.get("values", [])]


class AutoChannelsSelect(Guarded, ChannelSelectItem, template=r"ss:auto"):
    def __init__(self, current: tuple[int, ...] = ()) -> None:
        super().__init__(
            discord.ui.ChannelSelect(
                custom_id="ss:auto",
                channel_types=TEXT_CHANNELS,
                min_values=0,
                max_values=25,
                placeholder="Channels with automatic Upscale buttons",
                default_values=[discord.Object(id=channel) for channel in current],
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: Item, match: re.Match[str]
    ) -> AutoChannelsSelect:
        return cls()

    async def handle(self, interaction: discord.Interaction) -> None:
        picked = tuple(_picked_ids(interaction))
        await apply_changes(interaction, {"auto_button_channels": picked or None}, update=True)


class AdminRoleSelect(Guarded, RoleSelectItem, template=r"ss:role"):
    def __init__(self, current: int | None = None) -> None:
        super().__init__(
            discord.ui.RoleSelect(
                custom_id="ss:role",
                min_values=0,
                max_values=1,
                placeholder="Admin role (besides Manage Server)",
                default_values=[discord.Object(id=current)] if current else [],
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: Item, match: re.Match[str]
    ) -> AdminRoleSelect:
        return cls()

    async def handle(self, interaction: discord.Interaction) -> None:
        picked = _picked_ids(interaction)
        await apply_changes(
            interaction, {"admin_role_id": picked[0] if picked else None}, update=True
        )


class AuditChannelSelect(Guarded, ChannelSelectItem, template=r"ss:audit"):
    def __init__(self, current: int | None = None) -> None:
        super().__init__(
            discord.ui.ChannelSelect(
                custom_id="ss:audit",
                channel_types=TEXT_CHANNELS,
                min_values=0,
                max_values=1,
                placeholder="Audit channel",
                default_values=[discord.Object(id=current)] if current else [],
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: Item, match: re.Match[str]
    ) -> AuditChannelSelect:
        return cls()

    async def handle(self, interaction: discord.Interaction) -> None:
        picked = _picked_ids(interaction)
        await apply_changes(
            interaction, {"audit_channel_id": picked[0] if picked else None}, update=True
        )


async def _open_form(interaction: discord.Interaction, which: str) -> None:
    guild_id = require_guild(interaction)
    await require_admin(interaction)
    context = context_of(interaction)
    servers = context.storage.servers
    server = await servers.get(guild_id)
    if which == "credits":
        engine = context.settings.engine
        form = credits_form(
            server,
            servers.defaults,
            apply_changes,
            creative=bool(engine.generative_model),
            detail=bool(engine.detail_model),
        )
    else:
        form = allowance_form(server, servers.defaults, apply_changes)
    await interaction.response.send_modal(form)


class EditCreditsButton(Guarded, ButtonItem, template=r"ss:credits"):
    def __init__(self) -> None:
        super().__init__(discord.ui.Button(label="Prices and balance…", custom_id="ss:credits"))

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: Item, match: re.Match[str]
    ) -> EditCreditsButton:
        return cls()

    async def handle(self, interaction: discord.Interaction) -> None:
        await _open_form(interaction, "credits")


class EditAllowanceButton(Guarded, ButtonItem, template=r"ss:allowance"):
    def __init__(self) -> None:
        super().__init__(discord.ui.Button(label="Allowance…", custom_id="ss:allowance"))

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: Item, match: re.Match[str]
    ) -> EditAllowanceButton:
        return cls()

    async def handle(self, interaction: discord.Interaction) -> None:
        await _open_form(interaction, "allowance")


DYNAMIC_ITEMS = (
    AutoChannelsSelect,
    AdminRoleSelect,
    AuditChannelSelect,
    EditCreditsButton,
    EditAllowanceButton,
)
