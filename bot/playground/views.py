"""What the page draws: messages, people and the server, as the page's JSON.

Mentions (``<@id>``, ``<@&id>``, ``<#id>``) are resolved here to names, so the page shows
"@alice" where Discord would; everything else is the message as Discord sends it.
"""

from __future__ import annotations

import re
from typing import Any

from bot.playground.cast import Cast
from bot.playground.standin import Member, Message
from bot.playground.standin.state import ADMINISTRATOR, EPHEMERAL, LOADING

MENTION = re.compile(r"<(@&|@!?|#)(\d+)>")
SNIPPET = 80


def names(cast: Cast) -> dict[str, str]:
    """Every id a message may mention, with the name the page shows for it."""
    guild = cast.guild
    found = {str(m.user.id): m.user.username for m in guild.members.values()}
    found |= {str(c.id): c.name for c in guild.channels}
    found |= {str(r["id"]): str(r["name"]) for r in guild.roles}
    return found


def message_view(cast: Cast, message: Message) -> dict[str, Any]:
    """One message as the page draws it."""
    data = message.to_json()
    world = cast.world
    mentioned = {m.group(2) for m in MENTION.finditer(message.content)}
    for embed in message.embeds:
        for text in (
            embed.get("description") or "",
            *(f.get("value", "") for f in embed.get("fields") or []),
        ):
            mentioned |= {m.group(2) for m in MENTION.finditer(str(text))}
    directory = names(cast)
    reference = world.messages.get(message.reference) if message.reference else None
    return {
        "id": data["id"],
        "channel_id": data["channel_id"],
        "author": {
            "id": str(message.author.id),
            "name": message.author.username,
            "bot": message.author.bot,
            "app": message.author.id == world.bot_user.id,
        },
        "content": message.content,
        "timestamp": data["timestamp"],
        "edited": message.edited is not None,
        "ephemeral": bool(message.flags & EPHEMERAL),
        "loading": bool(message.flags & LOADING),
        "deleted": message.deleted,
        "attachments": data["attachments"],
        "embeds": message.embeds,
        "components": message.components,
        "mentions": {i: directory[i] for i in mentioned if i in directory},
        "reference": None
        if reference is None
        else {
            "id": str(reference.id),
            "author": reference.author.username,
            "snippet": reference.content[:SNIPPET],
        },
    }


def server_view(cast: Cast) -> dict[str, Any]:
    """The server: channels (the watched one marked), people to be, and everyone in it."""
    guild = cast.guild
    return {
        "name": guild.name,
        "channels": [
            {
                "id": str(c.id),
                "name": c.name,
                "watched": c.id == cast.gallery.id,
            }
            for c in guild.channels
        ],
        "people": [
            {"id": str(m.user.id), "name": m.user.username, "role": cast.role_of(m)}
            for m in cast.people.values()
        ],
        "members": [
            {"id": str(m.user.id), "name": m.user.username, "bot": m.user.bot}
            for m in guild.members.values()
        ],
        "roles": [{"id": str(r["id"]), "name": r["name"]} for r in guild.roles],
        "bot": {"id": str(cast.world.bot_user.id), "name": cast.world.bot_user.username},
        "generator": {"id": str(cast.generator.id), "name": cast.generator.username},
    }


def may_use(command: dict[str, Any], member: Member) -> bool:
    """Discord shows a command only to members with its default permissions (admins: all)."""
    needed = int(command.get("default_member_permissions") or 0)
    return member.permissions & ADMINISTRATOR != 0 or member.permissions & needed == needed


def commands_view(cast: Cast, member: Member) -> list[dict[str, Any]]:
    """The commands the bot registered that ``member`` sees: slash commands (type 1) and
    message commands (type 3)."""
    return sorted(
        (
            {
                "name": c["name"],
                "type": int(c.get("type", 1)),
                "description": c.get("description", ""),
                "options": c.get("options") or [],
            }
            for c in cast.world.commands.values()
            if may_use(c, member)
        ),
        key=lambda c: (c["type"], c["name"]),
    )
