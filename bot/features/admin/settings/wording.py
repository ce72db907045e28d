"""How per-server settings read: the overview an admin sees and the audit lines of changes."""

from __future__ import annotations

from storage.server_settings import ServerSettings, SettingChange, SettingName, SettingValue

LABELS: dict[SettingName, str] = {
    "upscale_price": "Upscale price",
    "creative_price": "Creative upscale price",
    "detail_price": "Detail upscale price",
    "starting_balance": "Starting balance",
    "allowance_amount": "Allowance amount",
    "allowance_every_hours": "Allowance period",
    "allowance_cap": "Allowance cap",
    "auto_button_channels": "Automatic buttons in",
    "admin_role_id": "Admin role",
    "audit_channel_id": "Audit channel",
    "top_up_url": "Top-up link",
}
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
)


def shown(name: SettingName, value: SettingValue) -> str:
    """One setting's value as an admin reads it."""
    if name in CREDIT_AMOUNTS:
        return f"{value} credits"
    if name == "allowance_every_hours":
        return f"every {value} h"
    if name == "auto_button_channels":
        assert isinstance(value, tuple)
        return ", ".join(f"<#{channel}>" for channel in value) or "none"
    if name == "admin_role_id":
        return f"<@&{value}>" if value is not None else "none (Manage Server only)"
    if name == "audit_channel_id":
        return f"<#{value}>" if value is not None else "none"
    return str(value) if value else "none"


def _default_mark(server: ServerSettings, *names: SettingName) -> str:
    return "" if any(name in server.customised for name in names) else " · default"


def overview(server: ServerSettings, *, offers_creative: bool, offers_detail: bool = False) -> str:
    """Every setting of the server, marking those that are the bot's defaults."""
    lines = ["**Settings for this server**"]
    for name in PRICES:
        if (name == "creative_price" and not offers_creative) or (
            name == "detail_price" and not offers_detail
        ):
            continue
        lines.append(
            f"{LABELS[name]}: {shown(name, server.value(name))}{_default_mark(server, name)}"
        )
    allowance = server.allowance
    described = (
        f"{allowance.amount} credits every {allowance.every_hours} h, up to {allowance.cap}"
        if allowance is not None
        else "off"
    )
    lines.append(f"Allowance: {described}{_default_mark(server, *ALLOWANCE)}")
    for name in PLACES:
        lines.append(
            f"{LABELS[name]}: {shown(name, server.value(name))}{_default_mark(server, name)}"
        )
    lines.append("-# Blank fields and empty selections go back to the default.")
    return "\n".join(lines)


def audit_line(actor_mention: str, change: SettingChange) -> str:
    """``@admin set Upscale price to 5 credits (was 3 credits).``"""
    after = shown(change.name, change.after)
    default = ", the default" if change.default else ""
    before = shown(change.name, change.before)
    return f"{actor_mention} set {LABELS[change.name]} to {after}{default} (was {before})."
