"""The stand-in's world kept on disk, so that it outlives a restart as Discord outlives a bot's.

A folder holds ``world.json`` (guilds, channels, members, roles, messages, the registered
commands, the interactions whose tokens still live, and ``labels`` the caller names things by) and ``attachments/<id>``
(each file's bytes, written once). Attachment URLs are kept as paths and rebuilt on the
stand-in's current address. Writing is atomic (a temporary file, then a rename): a crash
leaves the previous snapshot.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from bot.playground.standin.server import FakeDiscord
from bot.playground.standin.state import (
    Attachment,
    Channel,
    Guild,
    Interaction,
    Member,
    Message,
    User,
)

VERSION = 1
WORLD_FILE = "world.json"


def _user(data: dict[str, Any]) -> User:
    return User(int(data["id"]), str(data["username"]), bot=bool(data.get("bot")))


def _user_json(user: User) -> dict[str, Any]:
    return {"id": user.id, "username": user.username, "bot": user.bot}


def capture(world: FakeDiscord, labels: dict[str, int]) -> dict[str, Any]:
    """Everything a restart needs, as plain data; quick, so it runs on the loop."""
    now_wall, now_mono = time.time(), time.monotonic()
    live = [
        i
        for i in world.interactions.values()
        if now_mono - i.dispatched_at < world.token_lifetime_s
    ]
    return {
        "version": VERSION,
        "labels": labels,
        "token": world.token,
        "application_id": world.application_id,
        "bot_user": _user_json(world.bot_user),
        "commands": list(world.commands.values()),  # Discord keeps them while a bot is away
        "guilds": [
            {
                "id": g.id,
                "name": g.name,
                "owner_id": g.owner_id,
                "roles": g.roles,
                "channels": [
                    {"id": c.id, "name": c.name, "position": c.position, "nsfw": c.nsfw}
                    for c in g.channels
                ],
                "members": [
                    {
                        "user": _user_json(m.user),
                        "permissions": m.permissions,
                        "roles": m.roles,
                        "joined_at": m.joined_at,
                    }
                    for m in g.members.values()
                ],
            }
            for g in world.guilds.values()
        ],
        "attachments": [
            {
                "id": a.id,
                "filename": a.filename,
                "content_type": a.content_type,
                "spoiler": a.spoiler,
            }
            for a in world.attachments.values()
        ],
        "messages": [_message_json(m) for m in world.messages.values()],
        "interactions": [
            {
                "id": i.id,
                "token": i.token,
                "type": i.type,
                "channel_id": i.channel_id,
                "guild_id": i.guild_id,
                "user": _user_json(i.user),
                "data": i.data,
                "message": i.message.id if i.message else None,
                "dispatched_wall": now_wall - (now_mono - i.dispatched_at),
                "responded": i.responded,
                "response_type": i.response_type,
                "original": i.original.id if i.original else None,
                "followups": [m.id for m in i.followups],
                "modal": i.modal,
            }
            for i in live
        ],
    }


def _message_json(message: Message) -> dict[str, Any]:
    return {
        "id": message.id,
        "channel_id": message.channel_id,
        "guild_id": message.guild_id,
        "author": _user_json(message.author),
        "content": message.content,
        "attachments": [a.id for a in message.attachments],
        "embeds": message.embeds,
        "components": message.components,
        "flags": message.flags,
        "created": message.created,
        "edited": message.edited,
        "webhook_id": message.webhook_id,
        "interaction_owner": message.interaction_owner,
        "reference": message.reference,
        "deleted": message.deleted,
        "edits": message.edits,
    }


def write(snapshot: dict[str, Any], world: FakeDiscord, folder: Path) -> None:
    """Blocking: the attachments not yet on disk, then ``world.json`` atomically."""
    files = folder / "attachments"
    files.mkdir(parents=True, exist_ok=True)
    for item in snapshot["attachments"]:
        path = files / str(item["id"])
        attachment = world.attachments.get(item["id"])
        if attachment is not None and not path.exists():
            part = path.with_suffix(".part")
            part.write_bytes(attachment.data)
            part.replace(path)
    target = folder / WORLD_FILE
    part = target.with_suffix(".part")
    with part.open("w", encoding="utf-8") as out:
        json.dump(snapshot, out)
        out.flush()
        os.fsync(out.fileno())
    part.replace(target)


def load(folder: Path) -> tuple[FakeDiscord, dict[str, int]] | None:
    """The world saved in ``folder`` and its labels, or None when there is none (or it is of
    another version). Blocking; call before :meth:`FakeDiscord.start`, then
    :func:`rebase` once the address is known."""
    path = folder / WORLD_FILE
    if not path.exists():
        return None
    snapshot = json.loads(path.read_text(encoding="utf-8"))
    if snapshot.get("version") != VERSION:
        return None
    world = FakeDiscord(token=str(snapshot["token"]))
    world.guilds.clear()
    world.channels.clear()
    world.application_id = int(snapshot["application_id"])
    world.bot_user = _user(snapshot["bot_user"])
    for command in snapshot["commands"]:
        world.commands[(str(command["name"]), int(command.get("type", 1)))] = command
    for g in snapshot["guilds"]:
        channels = [
            Channel(int(c["id"]), c["name"], int(g["id"]), c["position"], bool(c["nsfw"]))
            for c in g["channels"]
        ]
        guild = Guild(int(g["id"]), g["name"], int(g["owner_id"]), channels, roles=g["roles"])
        for m in g["members"]:
            user = _user(m["user"])
            guild.members[user.id] = Member(
                user, int(m["permissions"]), list(m["roles"]), float(m["joined_at"]), guild.id
            )
        world.guilds[guild.id] = guild
        world.channels.update({c.id: c for c in channels})
    for a in snapshot["attachments"]:
        data_path = folder / "attachments" / str(a["id"])
        if data_path.exists():
            world.attachments[int(a["id"])] = Attachment(
                int(a["id"]),
                a["filename"],
                data_path.read_bytes(),
                a["content_type"],
                url="",
                spoiler=bool(a["spoiler"]),
            )
    for m in snapshot["messages"]:
        message = Message(
            id=int(m["id"]),
            channel_id=int(m["channel_id"]),
            guild_id=int(m["guild_id"]),
            author=_user(m["author"]),
            content=m["content"],
            attachments=[world.attachments[i] for i in m["attachments"] if i in world.attachments],
            embeds=m["embeds"],
            components=m["components"],
            flags=int(m["flags"]),
            created=float(m["created"]),
            edited=m["edited"],
            webhook_id=m["webhook_id"],
            interaction_owner=m["interaction_owner"],
            reference=m["reference"],
            deleted=bool(m["deleted"]),
            edits=int(m["edits"]),
        )
        world.messages[message.id] = message
    now_wall, now_mono = time.time(), time.monotonic()
    for i in snapshot["interactions"]:
        interaction = Interaction(
            id=int(i["id"]),
            token=i["token"],
            type=int(i["type"]),
            channel_id=int(i["channel_id"]),
            guild_id=int(i["guild_id"]),
            user=_user(i["user"]),
            data=i["data"],
            message=world.messages.get(i["message"]) if i["message"] else None,
            dispatched_at=now_mono - (now_wall - float(i["dispatched_wall"])),
            responded=bool(i["responded"]),
            response_type=i["response_type"],
            original=world.messages.get(i["original"]) if i["original"] else None,
            followups=[world.messages[f] for f in i["followups"] if f in world.messages],
            modal=i["modal"],
        )
        world.interactions[interaction.id] = interaction
        world.interactions_by_token[interaction.token] = interaction
    return world, {str(k): int(v) for k, v in snapshot["labels"].items()}


def rebase(world: FakeDiscord) -> None:
    """Point every restored attachment at the stand-in's current address."""
    for attachment in world.attachments.values():
        attachment.url = f"{world.base_url}/attachments/{attachment.id}/{attachment.filename}"
