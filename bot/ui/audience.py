"""Who reads a line, and so in which language it is written: a reply only the clicker sees
follows the clicker's Discord language; a line on an image's message (queue place, progress,
"Upscaled x4") and an audit line follow the server's: the language an admin pinned in
``/upscale-admin settings``, else the server's own Discord language. Logs stay English."""

from __future__ import annotations

from typing import Any

import discord

from bot.ui.context import context_of
from bot.ui.wording import Wording, wording_for
from storage.store import Storage


def locale_code(locale: Any) -> str | None:
    """A discord.py locale (a :class:`discord.Locale`, or what it makes of a code it does not
    know) as Discord's code."""
    if locale is None:
        return None
    value = getattr(locale, "value", locale)
    return value if isinstance(value, str) else None


def for_member(interaction: discord.Interaction) -> Wording:
    """The clicker's language, for what only they see."""
    return wording_for(locale_code(interaction.locale))


async def for_server(storage: Storage, guild_id: int, discord_locale: str | None = None) -> Wording:
    """The server's language: the admins' pin, else ``discord_locale`` (the server's own)."""
    pinned = (await storage.servers.get(guild_id)).language
    return wording_for(pinned or discord_locale)


def guild_locale(client: discord.Client, guild_id: int) -> str | None:
    """The server's Discord language as the gateway last told it."""
    guild = client.get_guild(guild_id)
    return locale_code(guild.preferred_locale) if guild is not None else None


async def for_server_of(interaction: discord.Interaction) -> Wording:
    """The language of the clicked server, for public lines and audit lines."""
    assert interaction.guild_id is not None
    own = locale_code(interaction.guild_locale) or guild_locale(
        interaction.client, interaction.guild_id
    )
    return await for_server(context_of(interaction).storage, interaction.guild_id, own)
