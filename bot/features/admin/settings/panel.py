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
from bot.features.admin.settings.wording import audit_line, label, overview, shown
from bot.ui.audience import for_member, for_server_of
from bot.ui.audit import post_audit_line
from bot.ui.catalogs import LANGUAGES, NATIVE_NAMES
from bot.ui.components import ButtonItem, Guarded, Item, SelectItem, view_of
from bot.ui.context import context_of
from bot.ui.permissions import require_admin, require_guild
from bot.ui.wording import Wording
from storage.server_settings import ServerSettings, SettingName, SettingValue

ChannelSelectItem = discord.ui.DynamicItem[discord.ui.ChannelSelect[discord.ui.View]]
RoleSelectItem = discord.ui.DynamicItem[discord.ui.RoleSelect[discord.ui.View]]
TEXT_CHANNELS = [discord.ChannelType.text, discord.ChannelType.news]
# The language select's value for "no pin: the server's Discord language".
DISCORD_LANGUAGE = "discord"


def settings_view(server: ServerSettings, say: Wording) -> discord.ui.View:
    return view_of(
        AutoChannelsSelect(server.auto_button_channels, say("select-auto-channels")),
        AdminRoleSelect(server.admin_role_id, say("select-admin-role")),
        AuditChannelSelect(server.audit_channel_id, say("select-audit-channel")),
        LanguageSelect(server.language, say),
        EditCreditsButton(say("button-edit-credits")),
        EditAllowanceButton(say("button-edit-allowance")),
    )


async def _panel(interaction: discord.Interaction, guild_id: int) -> tuple[str, discord.ui.View]:
    context = context_of(interaction)
    server = await context.storage.servers.get(guild_id)
    engine = context.settings.engine
    say = for_member(interaction)
    text = overview(
        server,
        say,
        offers_creative=bool(engine.generative_model),
        offers_detail=bool(engine.detail_model),
    )
    return text, settings_view(server, say)


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
    say = for_member(interaction)
    if changes:
        saved = ", ".join(f"{label(c.name, say)} {shown(c.name, c.after, say)}" for c in changes)
        content = say("settings-saved", changes=saved) + "\n" + content
    else:
        content = say("settings-unchanged") + "\n" + content
    after = await servers.get(guild_id)
    if after.auto_button_channels and not interaction.client.intents.message_content:
        content += "\n" + say("settings-needs-intent")
    if update:
        await interaction.response.edit_message(content=content, view=view)
    else:
        await interaction.response.send_message(content, ephemeral=True, view=view)
    if changes:
        public = await for_server_of(interaction)  # after the change: a new pin applies
        lines = [audit_line(interaction.user.mention, change, public) for change in changes]
        await post_audit_line(interaction, guild_id, "\n".join(lines))


def _picked_ids(interaction: discord.Interaction) -> list[int]:
    data: dict[str, Any] = dict(interaction.data or {})
    return [int(value) for value in data.get("values", [])]


class AutoChannelsSelect(Guarded, ChannelSelectItem, template=r"ss:auto"):
    def __init__(self, current: tuple[int, ...] = (), placeholder: str | None = None) -> None:
        super().__init__(
            discord.ui.ChannelSelect(
                custom_id="ss:auto",
                channel_types=TEXT_CHANNELS,
                min_values=0,
                max_values=25,
                placeholder=placeholder,
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
    def __init__(self, current: int | None = None, placeholder: str | None = None) -> None:
        super().__init__(
            discord.ui.RoleSelect(
                custom_id="ss:role",
                min_values=0,
                max_values=1,
                placeholder=placeholder,
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
    def __init__(self, current: int | None = None, placeholder: str | None = None) -> None:
        super().__init__(
            discord.ui.ChannelSelect(
                custom_id="ss:audit",
                channel_types=TEXT_CHANNELS,
                min_values=0,
                max_values=1,
                placeholder=placeholder,
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


class LanguageSelect(Guarded, SelectItem, template=r"ss:language"):
    """Pins the language of the server's public lines (progress, results) and audit lines;
    the first option goes back to the server's own Discord language."""

    def __init__(self, current: str | None = None, say: Wording | None = None) -> None:
        options = [
            discord.SelectOption(
                label=say("option-language-discord") if say else DISCORD_LANGUAGE,
                value=DISCORD_LANGUAGE,
                default=current is None,
            ),
            *(
                discord.SelectOption(label=NATIVE_NAMES[code], value=code, default=code == current)
                for code in LANGUAGES
            ),
        ]
        super().__init__(
            discord.ui.Select(
                custom_id="ss:language",
                options=options,
                placeholder=say("select-language") if say else None,
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: Item, match: re.Match[str]
    ) -> LanguageSelect:
        return cls()

    async def handle(self, interaction: discord.Interaction) -> None:
        data: dict[str, Any] = dict(interaction.data or {})
        values: list[str] = data.get("values", [])
        picked = values[0] if values else DISCORD_LANGUAGE
        language = picked if picked in LANGUAGES else None
        await apply_changes(interaction, {"language": language}, update=True)


async def _open_form(interaction: discord.Interaction, which: str) -> None:
    guild_id = require_guild(interaction)
    await require_admin(interaction)
    context = context_of(interaction)
    servers = context.storage.servers
    server = await servers.get(guild_id)
    say = for_member(interaction)
    if which == "credits":
        engine = context.settings.engine
        form = credits_form(
            server,
            servers.defaults,
            apply_changes,
            say,
            creative=bool(engine.generative_model),
            detail=bool(engine.detail_model),
        )
    else:
        form = allowance_form(server, servers.defaults, apply_changes, say)
    await interaction.response.send_modal(form)


class EditCreditsButton(Guarded, ButtonItem, template=r"ss:credits"):
    def __init__(self, label: str | None = None) -> None:
        super().__init__(discord.ui.Button(label=label, custom_id="ss:credits"))

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: Item, match: re.Match[str]
    ) -> EditCreditsButton:
        return cls()

    async def handle(self, interaction: discord.Interaction) -> None:
        await _open_form(interaction, "credits")


class EditAllowanceButton(Guarded, ButtonItem, template=r"ss:allowance"):
    def __init__(self, label: str | None = None) -> None:
        super().__init__(discord.ui.Button(label=label, custom_id="ss:allowance"))

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
    LanguageSelect,
    EditCreditsButton,
    EditAllowanceButton,
)
