"""How per-server settings read: the overview an admin sees and the audit lines of changes,
in the language of whoever reads them."""

from __future__ import annotations

from bot.ui.catalogs import NATIVE_NAMES
from bot.ui.wording import Wording
from storage.server_settings import ServerSettings, SettingChange, SettingName, SettingValue

CREDIT_AMOUNTS: frozenset[SettingName] = frozenset(
    {
        "upscale_price",
        "creative_price",
        "detail_price",
        "starting_balance",
        "allowance_amount",
        "allowance_cap",
    }
)
ALLOWANCE: tuple[SettingName, ...] = ("allowance_amount", "allowance_every_hours", "allowance_cap")
PRICES: tuple[SettingName, ...] = (
    "upscale_price",
    "creative_price",
    "detail_price",
    "starting_balance",
)
PLACES: tuple[SettingName, ...] = (
    "auto_button_channels",
    "admin_role_id",
    "audit_channel_id",
    "top_up_url",
    "language",
)


def label(name: SettingName, say: Wording) -> str:
    return say(f"setting-{name}")


def shown(name: SettingName, value: SettingValue, say: Wording) -> str:
    """One setting's value as an admin reads it."""
    if name in CREDIT_AMOUNTS:
        assert isinstance(value, int)
        return say("value-credits", amount=value)
    if name == "allowance_every_hours":
        assert isinstance(value, int)
        return say("value-every-hours", hours=value)
    if name == "auto_button_channels":
        assert isinstance(value, tuple)
        return ", ".join(f"<#{channel}>" for channel in value) or say("value-none")
    if name == "admin_role_id":
        return f"<@&{value}>" if value is not None else say("value-role-none")
    if name == "audit_channel_id":
        return f"<#{value}>" if value is not None else say("value-none")
    if name == "language":
        if value is None:
            return say("value-language-discord")
        return NATIVE_NAMES.get(str(value), str(value))
    return str(value) if value else say("value-none")


def _line(server: ServerSettings, text: str, value: str, say: Wording, *names: SettingName) -> str:
    customised = any(name in server.customised for name in names)
    return say("settings-line" if customised else "settings-line-default", label=text, value=value)


def overview(
    server: ServerSettings, say: Wording, *, offers_creative: bool, offers_detail: bool = False
) -> str:
    """Every setting of the server, marking those that are the bot's defaults."""
    lines = [say("settings-title")]
    for name in PRICES:
        if (name == "creative_price" and not offers_creative) or (
            name == "detail_price" and not offers_detail
        ):
            continue
        lines.append(
            _line(server, label(name, say), shown(name, server.value(name), say), say, name)
        )
    allowance = server.allowance
    described = (
        say("value-allowance", amount=allowance.amount, hours=allowance.every_hours,
            cap=allowance.cap)
        if allowance is not None
        else say("value-allowance-off")
    )  # fmt: skip
    lines.append(_line(server, say("setting-allowance"), described, say, *ALLOWANCE))
    for name in PLACES:
        lines.append(
            _line(server, label(name, say), shown(name, server.value(name), say), say, name)
        )
    lines.append(say("settings-hint"))
    return "\n".join(lines)


def audit_line(actor_mention: str, change: SettingChange, say: Wording) -> str:
    """``@admin set Upscale price to 5 credits (was 3 credits).``"""
    return say(
        "audit-setting-default" if change.default else "audit-setting",
        actor=actor_mention,
        setting=label(change.name, say),
        value=shown(change.name, change.after, say),
        before=shown(change.name, change.before, say),
    )
