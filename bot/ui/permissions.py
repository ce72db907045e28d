"""Who may do what: the allow list guards every interaction; admin rights are one check
(Manage Server, the server's admin role from its settings, or the configured role name)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import discord
from discord import app_commands

from bot.ui.context import context_of
from bot.ui.errors import GuildNotAllowed, NotAdmin, ServersOnly
from config import Settings

T = TypeVar("T")


async def is_admin(interaction: discord.Interaction, settings: Settings) -> bool:
    # The interaction carries the member's permissions as Discord computed them for this
    # channel (roles, overwrites, owner), which is what Discord itself enforces.
    permissions = interaction.permissions
    if permissions.manage_guild or permissions.administrator:
        return True
    member = interaction.user
    if not isinstance(member, discord.Member):
        return False
    if interaction.guild_id is not None:
        server = await context_of(interaction).storage.servers.get(interaction.guild_id)
        # By id: anyone who may create roles could make one with the right name.
        if server.admin_role_id is not None and member.get_role(server.admin_role_id):
            return True
    role = settings.discord.admin_role
    return role is not None and member.get_role(role) is not None


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


async def require_admin(interaction: discord.Interaction) -> None:
    """Raises: NotAdmin, unless the member is an admin of the interaction's server."""
    if not await is_admin(interaction, context_of(interaction).settings):
        raise NotAdmin()


def admin_only() -> Callable[[T], T]:
    """An app command check: only admins (the error path tells everyone else)."""

    async def predicate(interaction: discord.Interaction) -> bool:
        await require_admin(interaction)
        return True

    return app_commands.check(predicate)
