"""Who counts as a credits admin: Manage Server, or the role named in settings."""

from __future__ import annotations

import discord

from config import Settings


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
        and any(r.name == role for r in member.roles)
    )
