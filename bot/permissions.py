"""Who may do what: the allow list guards every interaction; admin rights are one check."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import discord
from discord import app_commands

from bot.context import context_of
from bot.errors import GuildNotAllowed, NotAdmin, ServersOnly
from config import Settings

T = TypeVar("T")


def is_admin(interaction: discord.Interaction, settings: Settings) -> bool:
    # The interaction carries the member's permissions as Discord computed them for this
    # channel (roles, overwrites, owner), which is what Discord itself enforces.
    permissions = interaction.permissions
    if permissions.manage_guild or permissions.administrator:
        return True
    role = settings.discord.admin_role
    member = interaction.user
    return (
        role is not None
        and isinstance(member, discord.Member)
        and any(r.id == role for r in member.roles)
    )


def require_guild(interaction: discord.Interaction) -> int:
    """The interaction's server id.

    Raises:
        ServersOnly: it came from a DM.
        GuildNotAllowed: the server is not on the allow list.
    """
    if interaction.guild_id is None:
        raise ServersOnly()
    allowed = context_of(interaction).settings.discord.guild_allow_list
    if allowed and interaction.guild_id not in allowed:
        raise GuildNotAllowed()
    return interaction.guild_id


def require_admin(interaction: discord.Interaction) -> None:
    """Raises: NotAdmin, unless the member is an admin of the interaction's server."""
    if not is_admin(interaction, context_of(interaction).settings):
        raise NotAdmin()


def admin_only() -> Callable[[T], T]:
    """An app command check: only admins (the error path tells everyone else)."""

    def predicate(interaction: discord.Interaction) -> bool:
        require_admin(interaction)
        return True

    return app_commands.check(predicate)
