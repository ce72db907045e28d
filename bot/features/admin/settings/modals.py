"""The forms behind the settings buttons: prices and balance, and the allowance.

A blank field puts the setting back to the bot's default; a field an admin leaves as it was
changes nothing. Numbers are checked by the settings store, which refuses the whole form if one
is out of range, so nothing is half-saved.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import discord

from bot.jobs.log_context import bind
from bot.ui.errors import report
from bot.ui.paging import clip
from bot.ui.permissions import require_admin, require_guild
from bot.ui.wording import Wording
from storage.errors import InvalidSetting
from storage.server_settings import ServerSettings, SettingName, SettingValue

# A default shown in a field's placeholder (a top-up link may be 200 characters) is cut to
# this, so the placeholder stays within Discord's 100 in every language.
DEFAULT_SHOWN = 60

Apply = Callable[[discord.Interaction, dict[SettingName, SettingValue]], Awaitable[None]]


def _number(name: SettingName, text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise InvalidSetting(name, text, "must be a whole number") from None


class SettingsForm(discord.ui.Modal):
    """One text field per setting (``fields``: name and label, in order); ``apply`` saves
    what the admin changed."""

    def __init__(
        self,
        title: str,
        server: ServerSettings,
        defaults: ServerSettings,
        fields: list[SettingName],
        apply: Apply,
        say: Wording,
    ) -> None:
        super().__init__(title=title, timeout=15 * 60)
        self.server = server
        self.apply = apply
        self.inputs: dict[SettingName, discord.ui.TextInput[Any]] = {}
        for name in fields:
            is_url = name == "top_up_url"
            default = defaults.value(name)
            text_input: discord.ui.TextInput[Any] = discord.ui.TextInput(
                label=say(f"field-{name}"),
                custom_id=name,
                required=False,
                max_length=200 if is_url else 9,
                default=str(server.value(name)) if name in server.customised else None,
                placeholder=say(
                    "field-default", value=clip(str(default or say("value-none")), DEFAULT_SHOWN)
                ),
            )
            self.inputs[name] = text_input
            self.add_item(text_input)

    def values(self) -> dict[SettingName, SettingValue]:
        """What the form asks to change (fields left as they were are not changes)."""
        values: dict[SettingName, SettingValue] = {}
        for name, text_input in self.inputs.items():
            text = text_input.value or ""
            value: SettingValue = (
                (text.strip() or None) if name == "top_up_url" else _number(name, text)
            )
            unchanged = (
                value == self.server.value(name)
                if name in self.server.customised
                else value is None
            )
            if not unchanged:
                values[name] = value
        return values

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        bind(guild_id=interaction.guild_id, member_id=interaction.user.id)
        require_guild(interaction)
        await require_admin(interaction)  # rights may have changed since the form opened
        return True

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await self.apply(interaction, self.values())

    # Modal.on_error takes no item, unlike the View method it overrides.
    async def on_error(  # type: ignore[override]
        self, interaction: discord.Interaction, error: Exception, /
    ) -> None:
        await report(interaction, error)


def credits_form(
    server: ServerSettings,
    defaults: ServerSettings,
    apply: Apply,
    say: Wording,
    *,
    creative: bool,
    detail: bool = False,
) -> SettingsForm:
    # Five fields at most: Discord's limit for a modal.
    fields: list[SettingName] = ["upscale_price"]
    if creative:
        fields.append("creative_price")
    if detail:
        fields.append("detail_price")
    fields += ["starting_balance", "top_up_url"]
    return SettingsForm(say("form-credits-title"), server, defaults, fields, apply, say)


def allowance_form(
    server: ServerSettings, defaults: ServerSettings, apply: Apply, say: Wording
) -> SettingsForm:
    fields: list[SettingName] = ["allowance_amount", "allowance_every_hours", "allowance_cap"]
    return SettingsForm(say("form-allowance-title"), server, defaults, fields, apply, say)
