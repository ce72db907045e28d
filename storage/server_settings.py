"""Per-server settings: what a server's admins changed, over the bot's defaults (from ``.env``).

A server's row has a column per setting; NULL means "the default". :class:`ServerSettings` is
the effective set for one server. The ledger reads it inside its own transactions
(:meth:`ServerSettingsStore.settings_in`) for the starting balance and the allowance, so a
wallet is always created and topped up with the values of the moment.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Literal, get_args
from urllib.parse import urlsplit

from config import Settings
from storage.database import Database, utc_now
from storage.errors import InvalidSetting

SettingName = Literal[
    "upscale_price",
    "creative_price",
    "detail_price",
    "starting_balance",
    "allowance_amount",
    "allowance_every_hours",
    "allowance_cap",
    "auto_button_channels",
    "admin_role_id",
    "audit_channel_id",
    "top_up_url",
    "language",
]
SETTING_NAMES: tuple[SettingName, ...] = get_args(SettingName)
SettingValue = int | str | tuple[int, ...] | None

# Whole-number settings and the range each accepts.
NUMBER_RANGES: dict[SettingName, tuple[int, int]] = {
    "upscale_price": (0, 1_000_000),
    "creative_price": (0, 1_000_000),
    "detail_price": (0, 1_000_000),
    "starting_balance": (0, 1_000_000),
    "allowance_amount": (0, 1_000_000),
    "allowance_every_hours": (1, 24 * 365),
    "allowance_cap": (0, 1_000_000),
}
ID_SETTINGS: frozenset[SettingName] = frozenset({"admin_role_id", "audit_channel_id"})
MAX_URL_LENGTH = 200
# A Discord locale code ("de", "pt-BR"); which ones have a catalog is the bot's business.
LANGUAGE_CODE = re.compile(r"[a-z]{2}(-[A-Z]{2})?")
MAX_CHANNELS = 25


@dataclass(frozen=True, slots=True)
class Allowance:
    """``amount`` credits every ``every_hours`` (counted from midnight UTC), up to ``cap``."""

    amount: int
    every_hours: int
    cap: int

    @property
    def period_s(self) -> int:
        return self.every_hours * 3600


@dataclass(frozen=True, slots=True)
class ServerSettings:
    """One server's effective settings; ``customised`` names those it set itself."""

    guild_id: int
    upscale_price: int
    creative_price: int
    detail_price: int
    starting_balance: int
    allowance_amount: int
    allowance_every_hours: int
    allowance_cap: int
    auto_button_channels: tuple[int, ...]
    admin_role_id: int | None
    audit_channel_id: int | None
    top_up_url: str | None
    language: str | None = None  # pinned by the admins; None: the server's Discord language
    customised: frozenset[str] = frozenset()

    @property
    def allowance(self) -> Allowance | None:
        if self.allowance_amount <= 0:
            return None
        return Allowance(self.allowance_amount, self.allowance_every_hours, self.allowance_cap)

    def value(self, name: SettingName) -> SettingValue:
        value: SettingValue = getattr(self, name)
        return value


@dataclass(frozen=True, slots=True)
class SettingChange:
    """One setting as it was and as it is now; ``default`` says the new value is the bot's."""

    name: SettingName
    before: SettingValue
    after: SettingValue
    default: bool


def defaults_from(settings: Settings) -> ServerSettings:
    """The settings of a server that changed nothing: the bot's configuration."""
    credits, discord = settings.credits, settings.discord
    return ServerSettings(
        guild_id=0,
        upscale_price=credits.upscale_price,
        creative_price=credits.creative_price,
        detail_price=credits.detail_price,
        starting_balance=credits.starting_balance,
        allowance_amount=credits.allowance_amount,
        allowance_every_hours=credits.allowance_every_hours,
        allowance_cap=credits.allowance_cap,
        auto_button_channels=tuple(discord.auto_button_channels),
        admin_role_id=None,
        audit_channel_id=discord.audit_channel,
        top_up_url=credits.top_up_url,
    )


def checked(name: SettingName, value: SettingValue) -> SettingValue:
    """``value`` as stored for ``name`` (None: back to the default).

    Raises:
        InvalidSetting: out of range, not a link, too many channels.
    """
    if value is None:
        return None
    if name in NUMBER_RANGES:
        low, high = NUMBER_RANGES[name]
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise InvalidSetting(name, value, f"must be a whole number from {low} to {high}")
        return value
    if name in ID_SETTINGS:
        if not isinstance(value, int) or value <= 0:
            raise InvalidSetting(name, value, "must be an id")
        return value
    if name == "auto_button_channels":
        if not isinstance(value, tuple) or not all(isinstance(v, int) and v > 0 for v in value):
            raise InvalidSetting(name, value, "must be channel ids")
        if len(value) > MAX_CHANNELS:
            raise InvalidSetting(name, value, f"at most {MAX_CHANNELS} channels")
        return tuple(sorted(set(value)))
    if name == "language":
        if not isinstance(value, str) or not LANGUAGE_CODE.fullmatch(value):
            raise InvalidSetting(name, value, "must be a language code such as de or pt-BR")
        return value
    assert name == "top_up_url"
    text = str(value).strip()
    parts = urlsplit(text)
    if len(text) > MAX_URL_LENGTH or parts.scheme not in ("http", "https") or not parts.netloc:
        raise InvalidSetting(
            name, text, f"must be an http(s) link of at most {MAX_URL_LENGTH} characters"
        )
    return text


def _stored(name: SettingName, value: SettingValue) -> object:
    if name == "auto_button_channels" and value is not None:
        assert isinstance(value, tuple)
        return json.dumps(list(value))
    return value


def _loaded(name: SettingName, raw: object) -> SettingValue:
    if name == "auto_button_channels":
        assert isinstance(raw, str)
        return tuple(int(v) for v in json.loads(raw))
    assert raw is None or isinstance(raw, int | str)
    return raw


class ServerSettingsStore:
    """Every server's settings. ``get`` is served from memory after the first read (this
    process is the only writer); ``update`` writes through."""

    def __init__(self, database: Database, defaults: ServerSettings) -> None:
        self.database = database
        self.defaults = defaults
        self._cache: dict[int, ServerSettings] = {}

    def settings_in(self, conn: sqlite3.Connection, guild_id: int) -> ServerSettings:
        """The server's effective settings, read in the caller's transaction."""
        row = conn.execute(
            "SELECT * FROM server_settings WHERE guild_id = ?", (guild_id,)
        ).fetchone()
        effective = replace(self.defaults, guild_id=guild_id)
        if row is None:
            return effective
        values = {name: _loaded(name, row[name]) for name in SETTING_NAMES if row[name] is not None}
        return replace(effective, **values, customised=frozenset(values))  # type: ignore[arg-type]

    async def get(self, guild_id: int) -> ServerSettings:
        cached = self._cache.get(guild_id)
        if cached is None:
            cached = await self.database.read(lambda conn: self.settings_in(conn, guild_id))
            self._cache[guild_id] = cached
        return cached

    async def update(
        self, guild_id: int, values: Mapping[SettingName, SettingValue], *, actor_id: int
    ) -> list[SettingChange]:
        """Set (or, with None, reset to the default) some settings in one transaction;
        returns those that changed.

        Raises:
            InvalidSetting: a value is refused; nothing is written.
        """
        stored = {name: _stored(name, checked(name, value)) for name, value in values.items()}

        def work(conn: sqlite3.Connection) -> tuple[ServerSettings, ServerSettings]:
            before = self.settings_in(conn, guild_id)
            if stored:
                columns = ", ".join(stored)
                marks = ", ".join("?" for _ in stored)
                updates = ", ".join(f"{c} = excluded.{c}" for c in stored)
                conn.execute(
                    f"INSERT INTO server_settings (guild_id, {columns}, updated_at, updated_by)"
                    f" VALUES (?, {marks}, ?, ?) ON CONFLICT (guild_id) DO UPDATE SET {updates},"
                    " updated_at = excluded.updated_at, updated_by = excluded.updated_by",
                    (guild_id, *stored.values(), utc_now(), actor_id),
                )
            return before, self.settings_in(conn, guild_id)

        before, after = await self.database.write(work)
        self._cache[guild_id] = after
        return [
            SettingChange(name, before.value(name), after.value(name), name not in after.customised)
            for name in SETTING_NAMES
            if (before.value(name), name in before.customised)
            != (after.value(name), name in after.customised)
        ]

    async def any_auto_button_channels(self) -> bool:
        """Whether any server (or the defaults) asks for automatic buttons."""
        if self.defaults.auto_button_channels:
            return True
        row = await self.database.read(
            lambda conn: conn.execute(
                "SELECT 1 FROM server_settings WHERE auto_button_channels IS NOT NULL"
                " AND auto_button_channels != '[]' LIMIT 1"
            ).fetchone()
        )
        return row is not None
