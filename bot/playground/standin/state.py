"""Discord's objects as the fake keeps them, and their JSON as the API sends it."""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

DISCORD_EPOCH_MS = 1_420_070_400_000
_counter = itertools.count()

# Permission bits the tests use (https://discord.com/developers/docs/topics/permissions).
ADMINISTRATOR = 1 << 3
MANAGE_GUILD = 1 << 5
EVERYONE_PERMISSIONS = (
    (1 << 10) | (1 << 11) | (1 << 15) | (1 << 16) | (1 << 31)
)  # view, send, attach, history, use commands

EPHEMERAL = 1 << 6
LOADING = 1 << 7


def snowflake(at: float | None = None) -> int:
    """A new id whose timestamp is ``at`` (default now); discord.py derives expiry from it."""
    ms = int((time.time() if at is None else at) * 1000)
    return ((ms - DISCORD_EPOCH_MS) << 22) | (next(_counter) & 0x3FFFFF)


def iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat()


@dataclass
class User:
    id: int
    username: str
    bot: bool = False
    locale: str = "en-US"  # the language the user chose in their Discord client

    def to_json(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "username": self.username,
            "discriminator": "0",
            "global_name": self.username,
            "avatar": None,
            "bot": self.bot,
        }


@dataclass
class Member:
    """A user's membership of one guild: the same user has one Member per guild they are in."""

    user: User
    permissions: int = EVERYONE_PERMISSIONS
    roles: list[int] = field(default_factory=list)
    joined_at: float = field(default_factory=time.time)
    guild_id: int = 0

    def to_json(self, *, with_permissions: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "user": self.user.to_json(),
            "roles": [str(r) for r in self.roles],
            "joined_at": iso(self.joined_at),
            "flags": 0,
            "deaf": False,
            "mute": False,
        }
        if with_permissions:
            data["permissions"] = str(self.permissions)
        return data


@dataclass
class Attachment:
    id: int
    filename: str
    data: bytes
    content_type: str
    url: str
    spoiler: bool = False
    # An attachment's bytes never change: its header is read once.
    _size: tuple[tuple[int, int] | None] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "id": str(self.id),
            "filename": self.filename,
            "size": len(self.data),
            "content_type": self.content_type,
            "url": self.url,
            "proxy_url": self.url,
        }
        size = self.image_size()
        if size is not None:  # Discord states the size of the images it can read
            body["width"], body["height"] = size
        return body

    def image_size(self) -> tuple[int, int] | None:
        """The image's size from its header (nothing is decoded), or None."""
        if self._size is None:
            self._size = (self._read_size(),)
        return self._size[0]

    def _read_size(self) -> tuple[int, int] | None:
        import io

        from PIL import Image

        try:
            with Image.open(io.BytesIO(self.data)) as image:
                return image.size
        except Exception:
            return None


@dataclass
class Message:
    id: int
    channel_id: int
    guild_id: int
    author: User
    content: str = ""
    attachments: list[Attachment] = field(default_factory=list)
    embeds: list[dict[str, Any]] = field(default_factory=list)
    components: list[dict[str, Any]] = field(default_factory=list)
    flags: int = 0
    created: float = field(default_factory=time.time)
    edited: float | None = None
    webhook_id: int | None = None
    interaction_owner: int | None = None  # who may see it, for ephemeral messages
    reference: int | None = None
    deleted: bool = False
    edits: int = 0
    revisions: list[str] = field(default_factory=list)  # every content it has shown, in order
    revised_at: list[float] = field(default_factory=list)  # time.monotonic() of each revision

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & EPHEMERAL)

    def visible_to(self, user_id: int) -> bool:
        return not self.deleted and (not self.ephemeral or self.interaction_owner == user_id)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "channel_id": str(self.channel_id),
            "guild_id": str(self.guild_id),
            "type": 19 if self.reference else 0,
            "content": self.content,
            "author": self.author.to_json(),
            "timestamp": iso(self.created),
            "edited_timestamp": iso(self.edited) if self.edited else None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "pinned": False,
            "flags": self.flags,
            "embeds": self.embeds,
            "components": self.components,
            "attachments": [a.to_json() for a in self.attachments],
        }
        if self.webhook_id:
            data["webhook_id"] = str(self.webhook_id)
        if self.reference:
            data["message_reference"] = {
                "message_id": str(self.reference),
                "channel_id": str(self.channel_id),
                "guild_id": str(self.guild_id),
            }
        return data


@dataclass
class Channel:
    id: int
    name: str
    guild_id: int
    position: int = 0
    nsfw: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "type": 0,
            "name": self.name,
            "position": self.position,
            "guild_id": str(self.guild_id),
            "permission_overwrites": [],
            "nsfw": self.nsfw,
        }


@dataclass
class Guild:
    id: int
    name: str
    owner_id: int
    channels: list[Channel] = field(default_factory=list)
    members: dict[int, Member] = field(default_factory=dict)
    roles: list[dict[str, Any]] = field(default_factory=list)
    locale: str = "en-US"  # the server's language (Server Settings > Community)

    @property
    def general(self) -> Channel:
        """The default text channel every guild starts with."""
        return self.channels[0]

    @property
    def owner(self) -> Member:
        return self.members[self.owner_id]

    def to_json(self) -> dict[str, Any]:
        everyone = {
            "id": str(self.id),
            "name": "@everyone",
            "permissions": str(EVERYONE_PERMISSIONS),
            "position": 0,
            "color": 0,
            "hoist": False,
            "managed": False,
            "mentionable": False,
        }
        return {
            "id": str(self.id),
            "name": self.name,
            "owner_id": str(self.owner_id),
            "icon": None,
            "features": [],
            "roles": [everyone, *self.roles],
            "channels": [c.to_json() for c in self.channels],
            "members": [m.to_json() for m in self.members.values()],
            "member_count": len(self.members),
            "threads": [],
            "emojis": [],
            "stickers": [],
            "presences": [],
            "voice_states": [],
            "large": False,
            "unavailable": False,
            "premium_tier": 0,
            "preferred_locale": self.locale,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "system_channel_flags": 0,
        }


@dataclass
class Interaction:
    """One INTERACTION_CREATE and what the bot answered."""

    id: int
    token: str
    type: int
    channel_id: int
    guild_id: int
    user: User
    data: dict[str, Any]
    message: Message | None
    dispatched_at: float
    responded: bool = False
    responded_at: float | None = None  # time.monotonic() of the first response
    late_answer_at: float | None = None  # when an answer came after the deadline (refused)
    response_type: int | None = None
    original: Message | None = None  # the message a type 4/5 response created
    followups: list[Message] = field(default_factory=list)
    modal: dict[str, Any] | None = None
    choices: list[dict[str, Any]] | None = None  # an autocomplete's answer (type 8)
