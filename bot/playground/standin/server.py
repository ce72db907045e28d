"""The stand-in Discord a test or the playground starts, and the API it offers: what a person
does in Discord."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import mimetypes
import time
from collections.abc import Callable
from typing import Any

from aiohttp import web

from bot.playground.standin.actions import PersonActions
from bot.playground.standin.faults import Faults
from bot.playground.standin.gateway import Gateway
from bot.playground.standin.handles import InteractionHandle
from bot.playground.standin.rest import Rest
from bot.playground.standin.shop import Shop
from bot.playground.standin.shop_actions import ShopActions
from bot.playground.standin.shop_routes import ShopRoutes
from bot.playground.standin.state import (
    ADMINISTRATOR,
    EVERYONE_PERMISSIONS,
    MANAGE_GUILD,
    Attachment,
    Channel,
    Guild,
    Interaction,
    Member,
    Message,
    User,
    snowflake,
)

__all__ = ["FakeDiscord", "Faults", "InteractionHandle"]

log = logging.getLogger(__name__)

DEFAULT_UPLOAD_LIMIT = 10 * 1024 * 1024


class FakeDiscord(PersonActions, ShopActions):
    """Guilds with text channels, a bot user in each, and members the test (or the playground)
    adds.

    It starts with one guild ("Test Server", with #general and an owner); :meth:`add_guild`
    adds more. ``guild``, ``channel`` and ``owner`` are the first guild's, and every method
    that takes ``guild=None`` means that one. ``shop`` holds the application's SKUs and
    entitlements (``shop_actions``: people buy packs and get refunds).

    ``response_deadline_s`` (3 s) and ``token_lifetime_s`` (15 min) are Discord's; tests may
    shorten them. ``upload_limit`` is the per-file limit interactions report. ``observers``
    are called (synchronously, on the loop) after every change anyone could see.
    """

    def __init__(self, token: str = "test-token") -> None:
        self.token = token
        self.application_id = snowflake()
        self.bot_user = User(snowflake(), "upscale-bot", bot=True)
        self.guilds: dict[int, Guild] = {}
        self.channels: dict[int, Channel] = {}
        self.messages: dict[int, Message] = {}
        self.attachments: dict[int, Attachment] = {}
        self.expired_attachments: set[int] = set()
        self.interactions: dict[int, Interaction] = {}
        self.interactions_by_token: dict[str, Interaction] = {}
        self.commands: dict[tuple[str, int], dict[str, Any]] = {}
        self.requests: list[tuple[str, str]] = []
        self.rate_limited = 0
        self.faults = Faults()
        self.response_deadline_s = 3.0
        self.token_lifetime_s = 15 * 60.0
        self.upload_limit = DEFAULT_UPLOAD_LIMIT
        self.rest = Rest(self)
        self.shop = Shop(self)
        self.gateway = Gateway(self)
        self._changed = asyncio.Event()
        self.observers: list[Callable[[], None]] = []
        self._runner: web.AppRunner | None = None
        self.base_url = ""
        self._pending_dispatches: set[asyncio.Task[None]] = set()
        self._new_guild("Test Server", "owner")

    # -- lifecycle ---------------------------------------------------------------------

    async def start(self, port: int = 0) -> None:
        """Listen on 127.0.0.1 only (``port`` 0: any free one); nothing off this machine can
        reach it."""
        app = web.Application(middlewares=[self.rest.middleware], client_max_size=64 * 1024 * 1024)
        self.rest.routes(app)
        ShopRoutes(self, self.shop).routes(app)
        app.router.add_get("/gateway", self.gateway.handle)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://127.0.0.1:{port}"
        log.info("Discord stand-in listening on %s (127.0.0.1: this machine only)", self.base_url)

    async def stop(self) -> None:
        for session in self.gateway.sessions.values():
            if not session.socket.closed:
                await session.socket.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_base(self) -> str:
        return f"{self.base_url}/api/v10"

    @property
    def gateway_url(self) -> str:
        return self.base_url.replace("http://", "ws://") + "/gateway"

    async def wait_ready(self, within: float = 10.0) -> None:
        await asyncio.wait_for(self.gateway.ready.wait(), within)

    @property
    def guild(self) -> Guild:
        """The first guild."""
        return next(iter(self.guilds.values()))

    @property
    def channel(self) -> Channel:
        """The first guild's #general."""
        return self.guild.general

    @property
    def owner(self) -> Member:
        """The first guild's owner, who also owns the application."""
        return self.guild.owner

    # -- guilds, channels, people --------------------------------------------------------

    def add_guild(self, name: str) -> Guild:
        """Another guild the bot is in, with its own #general and owner; a connected bot
        receives its GUILD_CREATE now, as when the bot is invited."""
        guild = self._new_guild(name, f"{name} owner")
        if self.gateway.sessions:
            data = guild.to_json()
            del data["unavailable"]  # absent, not false: discord.py then sees a join
            self.dispatch("GUILD_CREATE", data)
        return guild

    def set_guild_locale(self, guild: Guild, locale: str) -> None:
        """The server's admins change its language: a connected bot hears GUILD_UPDATE."""
        guild.locale = locale
        if self.gateway.sessions:
            data = guild.to_json()
            for key in ("channels", "members", "threads", "presences", "voice_states"):
                data.pop(key, None)  # GUILD_UPDATE carries the guild, not its lists
            self.dispatch("GUILD_UPDATE", data)

    def _new_guild(self, name: str, owner_name: str) -> Guild:
        guild_id = snowflake()
        owner = Member(
            User(snowflake(), owner_name),
            permissions=ADMINISTRATOR | MANAGE_GUILD | EVERYONE_PERMISSIONS,
            guild_id=guild_id,
        )
        general = Channel(snowflake(), "general", guild_id)
        guild = Guild(guild_id, name, owner.user.id, [general])
        guild.members[owner.user.id] = owner
        guild.members[self.bot_user.id] = Member(self.bot_user, guild_id=guild_id)
        self.guilds[guild_id] = guild
        self.channels[general.id] = general
        return guild

    def add_channel(self, name: str, *, guild: Guild | None = None, nsfw: bool = False) -> Channel:
        guild = guild or self.guild
        channel = Channel(snowflake(), name, guild.id, position=len(guild.channels), nsfw=nsfw)
        guild.channels.append(channel)
        self.channels[channel.id] = channel
        if self.gateway.sessions:
            self.dispatch("CHANNEL_CREATE", channel.to_json())
        return channel

    def add_member(
        self,
        name: str,
        *,
        manage_guild: bool = False,
        roles: list[int] | None = None,
        guild: Guild | None = None,
        user: User | None = None,
        locale: str = "en-US",
    ) -> Member:
        """A member of ``guild``; pass ``user`` to have someone already in another guild join
        this one too (each membership has its own permissions and roles)."""
        guild = guild or self.guild
        permissions = EVERYONE_PERMISSIONS | (MANAGE_GUILD if manage_guild else 0)
        member = Member(
            user or User(snowflake(), name, locale=locale),
            permissions=permissions,
            roles=roles or [],
            guild_id=guild.id,
        )
        guild.members[member.user.id] = member
        return member

    def add_role(self, name: str, guild: Guild | None = None) -> int:
        guild = guild or self.guild
        role_id = snowflake()
        role = {
            "id": str(role_id),
            "name": name,
            "permissions": "0",
            "position": len(guild.roles) + 1,
            "color": 0,
            "hoist": False,
            "managed": False,
            "mentionable": False,
        }
        guild.roles.append(role)
        if self.gateway.sessions:
            self.dispatch("GUILD_ROLE_CREATE", {"guild_id": str(guild.id), "role": role})
        return role_id

    def add_bot(self, name: str, guild: Guild | None = None) -> User:
        guild = guild or self.guild
        user = User(snowflake(), name, bot=True)
        guild.members[user.id] = Member(user, guild_id=guild.id)
        return user

    # -- state changes -----------------------------------------------------------------

    def changed(self) -> None:
        self._changed.set()
        for observer in list(self.observers):
            observer()

    def dispatch(self, event: str, data: dict[str, Any]) -> None:
        task = asyncio.get_running_loop().create_task(self.gateway.dispatch(event, data))
        self._pending_dispatches.add(task)
        task.add_done_callback(self._pending_dispatches.discard)

    def add_message(self, message: Message) -> None:
        self.messages[message.id] = message
        if not message.ephemeral:
            member = self._member_json(message.author, self.guilds[message.guild_id])
            self.dispatch("MESSAGE_CREATE", {**message.to_json(), "member": member})
        self.changed()

    def delete_message(self, message: Message) -> None:
        """Delete a message (as its author or a moderator would)."""
        message.deleted = True
        self.dispatch(
            "MESSAGE_DELETE",
            {
                "id": str(message.id),
                "channel_id": str(message.channel_id),
                "guild_id": str(message.guild_id),
            },
        )
        self.changed()

    def expire_attachment(self, attachment: Attachment) -> None:
        """Make the CDN answer 404 for it, like an expired signed URL."""
        self.expired_attachments.add(attachment.id)

    @staticmethod
    def _member_json(user: User, guild: Guild) -> dict[str, Any]:
        member = guild.members.get(user.id)
        data = member.to_json() if member else Member(user).to_json()
        data.pop("user", None)
        return data

    def attachment(self, filename: str, data: bytes) -> Attachment:
        attachment_id = snowflake()
        attachment = Attachment(
            id=attachment_id,
            filename=filename,
            data=data,
            content_type=mimetypes.guess_type(filename)[0] or "application/octet-stream",
            url=f"{self.base_url}/attachments/{attachment_id}/{filename}",
            spoiler=filename.startswith("SPOILER_"),
        )
        self.attachments[attachment_id] = attachment
        return attachment

    # -- what people see ---------------------------------------------------------------

    def visible_messages(self, viewer: Member | User) -> list[Message]:
        user = viewer.user if isinstance(viewer, Member) else viewer
        return [m for m in self.messages.values() if m.visible_to(user.id)]

    async def wait_for(self, predicate: Callable[[], Any], within: float = 10.0) -> Any:
        """Wait until ``predicate()`` is truthy (re-checked on every change); returns it."""
        deadline = time.monotonic() + within
        while True:
            result = predicate()
            if result:
                return result
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("condition not met in time")
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), min(remaining, 0.2))
