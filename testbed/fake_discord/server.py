"""The fake Discord a test starts, and the API it offers: what a person does in Discord."""

from __future__ import annotations

import asyncio
import contextlib
import mimetypes
import secrets
import time
from collections.abc import Callable
from typing import Any

from aiohttp import web

from testbed.fake_discord.gateway import Gateway
from testbed.fake_discord.handles import Faults, InteractionHandle
from testbed.fake_discord.rest import Rest
from testbed.fake_discord.state import (
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

DEFAULT_UPLOAD_LIMIT = 10 * 1024 * 1024


class FakeDiscord:
    """One guild with one text channel, a bot user, and members the test adds; more guilds
    (each with one text channel) with :meth:`add_guild`. A member acts in the first guild
    they belong to.

    ``response_deadline_s`` (3 s) and ``token_lifetime_s`` (15 min) are Discord's; tests may
    shorten them. ``upload_limit`` is the per-file limit interactions report.
    """

    def __init__(self, token: str = "test-token") -> None:
        self.token = token
        self.application_id = snowflake()
        self.bot_user = User(snowflake(), "upscale-bot", bot=True)
        owner = Member(
            User(snowflake(), "owner"),
            permissions=ADMINISTRATOR | MANAGE_GUILD | EVERYONE_PERMISSIONS,
        )
        self.owner = owner
        guild_id = snowflake()
        self.channel = Channel(snowflake(), "general", guild_id)
        self.guild = Guild(guild_id, "Test Server", owner.user.id, [self.channel])
        self.guild.members[owner.user.id] = owner
        self.guild.members[self.bot_user.id] = Member(self.bot_user)
        self.guilds = [self.guild]
        self.channels = {self.channel.id: self.channel}
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
        self.gateway = Gateway(self)
        self._changed = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.base_url = ""
        self._pending_dispatches: set[asyncio.Task[None]] = set()

    # -- lifecycle ---------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application(middlewares=[self.rest.middleware], client_max_size=64 * 1024 * 1024)
        self.rest.routes(app)
        app.router.add_get("/gateway", self.gateway.handle)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://127.0.0.1:{port}"

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

    # -- people ------------------------------------------------------------------------

    def add_member(
        self,
        name: str,
        *,
        manage_guild: bool = False,
        roles: list[int] | None = None,
        guild: Guild | None = None,
    ) -> Member:
        permissions = EVERYONE_PERMISSIONS | (MANAGE_GUILD if manage_guild else 0)
        member = Member(User(snowflake(), name), permissions=permissions, roles=roles or [])
        (guild or self.guild).members[member.user.id] = member
        return member

    def add_guild(self, name: str) -> Guild:
        """Another server the bot is in, with its own #general; the owner owns it too."""
        guild_id = snowflake()
        channel = Channel(snowflake(), "general", guild_id)
        guild = Guild(guild_id, name, self.owner.user.id, [channel])
        guild.members[self.owner.user.id] = self.owner
        guild.members[self.bot_user.id] = Member(self.bot_user)
        self.guilds.append(guild)
        self.channels[channel.id] = channel
        if self.gateway.sessions:
            self.dispatch("GUILD_CREATE", guild.to_json())
        return guild

    def guild_of(self, person: Member | User) -> Guild:
        """The first guild ``person`` is a member of (the first guild if none)."""
        user = person.user if isinstance(person, Member) else person
        return next((g for g in self.guilds if user.id in g.members), self.guild)

    def add_role(self, name: str) -> int:
        role_id = snowflake()
        self.guild.roles.append(
            {
                "id": str(role_id),
                "name": name,
                "permissions": "0",
                "position": len(self.guild.roles) + 1,
                "color": 0,
                "hoist": False,
                "managed": False,
                "mentionable": False,
            }
        )
        return role_id

    def add_bot(self, name: str) -> User:
        user = User(snowflake(), name, bot=True)
        self.guild.members[user.id] = Member(user)
        return user

    # -- state changes -----------------------------------------------------------------

    def changed(self) -> None:
        self._changed.set()

    def dispatch(self, event: str, data: dict[str, Any]) -> None:
        task = asyncio.get_running_loop().create_task(self.gateway.dispatch(event, data))
        self._pending_dispatches.add(task)
        task.add_done_callback(self._pending_dispatches.discard)

    def add_message(self, message: Message) -> None:
        self.messages[message.id] = message
        if not message.ephemeral:
            member = self._member_json(message.author, message.guild_id)
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

    def _member_json(self, user: User, guild_id: int | None = None) -> dict[str, Any]:
        guild = next((g for g in self.guilds if g.id == guild_id), self.guild)
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

    # -- what people do ----------------------------------------------------------------

    def post_message(
        self,
        author: Member | User,
        content: str = "",
        files: list[tuple[str, bytes]] | None = None,
        *,
        webhook: bool = False,
    ) -> Message:
        """Someone (a member, a bot, or a webhook) posts in #general of their guild."""
        user = author.user if isinstance(author, Member) else author
        channel = self.guild_of(author).channels[0]
        message = Message(
            id=snowflake(),
            channel_id=channel.id,
            guild_id=channel.guild_id,
            author=user,
            content=content,
            attachments=[self.attachment(name, data) for name, data in files or []],
            webhook_id=snowflake() if webhook else None,
        )
        self.add_message(message)
        return message

    def _interaction(
        self, kind: int, user: Member, data: dict[str, Any], message: Message | None = None
    ) -> InteractionHandle:
        interaction_id = snowflake()
        token = secrets.token_urlsafe(24)
        if message is not None:
            channel = self.channels[message.channel_id]
        else:
            channel = self.guild_of(user).channels[0]
        guild = next(g for g in self.guilds if g.id == channel.guild_id)
        interaction = Interaction(
            id=interaction_id,
            token=token,
            type=kind,
            channel_id=channel.id,
            user=user.user,
            data=data,
            message=message,
            dispatched_at=time.monotonic(),
        )
        self.interactions[interaction_id] = interaction
        self.interactions_by_token[token] = interaction
        payload: dict[str, Any] = {
            "id": str(interaction_id),
            "application_id": str(self.application_id),
            "type": kind,
            "token": token,
            "version": 1,
            "attachment_size_limit": self.upload_limit,
            "guild_id": str(guild.id),
            "channel_id": str(channel.id),
            "channel": channel.to_json(),
            "member": user.to_json(with_permissions=True),
            "app_permissions": str(EVERYONE_PERMISSIONS | (1 << 14)),
            "locale": "en-US",
            "guild_locale": "en-US",
            "entitlements": [],
            "context": 0,
            "authorizing_integration_owners": {"0": str(guild.id)},
            "data": data,
        }
        if message is not None:
            payload["message"] = message.to_json()
        self.dispatch("INTERACTION_CREATE", payload)
        return InteractionHandle(self, interaction)

    def click(self, message: Message, custom_id: str, user: Member) -> InteractionHandle:
        """Press a button (or pick in a select: pass ``values`` via :meth:`select`)."""
        return self._interaction(3, user, {"custom_id": custom_id, "component_type": 2}, message)

    def select(
        self, message: Message, custom_id: str, values: list[str], user: Member, *, kind: int = 3
    ) -> InteractionHandle:
        """Pick ``values`` in a select; ``kind`` is its component type (3 text, 6 role,
        8 channel)."""
        return self._interaction(
            3, user, {"custom_id": custom_id, "component_type": kind, "values": values}, message
        )

    def command_id(self, name: str, kind: int = 1) -> str:
        command = self.commands.get((name, kind))
        if command is None:
            raise AssertionError(f"the bot did not register the command {name!r}")
        return str(command["id"])

    def run_slash(
        self,
        name: str,
        user: Member,
        options: list[dict[str, Any]] | None = None,
        attachments: dict[str, tuple[str, bytes]] | None = None,
    ) -> InteractionHandle:
        """Run ``/name``; ``attachments`` maps an option name to a file the user picked."""
        options = list(options or [])
        resolved: dict[str, Any] = {}
        for option_name, (filename, data) in (attachments or {}).items():
            attachment = self.attachment(filename, data)
            resolved.setdefault("attachments", {})[str(attachment.id)] = attachment.to_json()
            options.append({"name": option_name, "type": 11, "value": str(attachment.id)})
        for option in options:
            if option.get("type") == 6:  # USER: discord.py wants it resolved
                member = self.guild_of(user).members[int(option["value"])]
                resolved.setdefault("users", {})[str(member.user.id)] = member.user.to_json()
                member_json = member.to_json(with_permissions=True)
                member_json.pop("user")
                resolved.setdefault("members", {})[str(member.user.id)] = member_json
        data = {
            "id": self.command_id(name.split()[0]),
            "name": name.split()[0],
            "type": 1,
            "options": self._nest(name, options),
            "resolved": resolved,
            "guild_id": str(self.guild_of(user).id),
        }
        return self._interaction(2, user, data)

    @staticmethod
    def _nest(name: str, options: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """``/credits grant`` sends ``grant`` as a sub-command option holding the options."""
        parts = name.split()
        for sub in reversed(parts[1:]):
            options = [{"name": sub, "type": 1, "options": options}]
        return options

    def run_message_command(self, name: str, message: Message, user: Member) -> InteractionHandle:
        """Right-click a message -> Apps -> ``name``."""
        data = {
            "id": self.command_id(name, 3),
            "name": name,
            "type": 3,
            "target_id": str(message.id),
            "resolved": {"messages": {str(message.id): message.to_json()}},
            "guild_id": str(self.guild.id),
        }
        return self._interaction(2, user, data)

    def submit_modal(
        self, handle: InteractionHandle, values: dict[str, str], user: Member
    ) -> InteractionHandle:
        modal = handle.modal
        if modal is None:
            raise AssertionError("the bot did not open a modal")
        rows = [
            {"type": 1, "components": [{"type": 4, "custom_id": key, "value": value}]}
            for key, value in values.items()
        ]
        return self._interaction(5, user, {"custom_id": modal["custom_id"], "components": rows})

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
