"""The audit channel: one line per admin action (grants, revokes, settings changes), posted to
the channel the server chose (or the configured default). A line that cannot be posted is
logged; it never undoes or fails the action it reports."""

from __future__ import annotations

import logging

import discord

from bot.ui.context import context_of

log = logging.getLogger(__name__)


async def post_audit_line(interaction: discord.Interaction, guild_id: int, text: str) -> bool:
    """Post ``text`` to the server's audit channel; False when there is none or it failed."""
    server = await context_of(interaction).storage.servers.get(guild_id)
    if server.audit_channel_id is None:
        return False
    channel = interaction.client.get_partial_messageable(server.audit_channel_id, guild_id=guild_id)
    try:
        await channel.send(text[:2000], allowed_mentions=discord.AllowedMentions.none())
    except discord.HTTPException:
        log.warning(
            "could not post to the audit channel %s", server.audit_channel_id, exc_info=True
        )
        return False
    return True
