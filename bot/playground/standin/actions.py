"""What people do in the fake Discord: post, click, pick, run commands, submit modals.

Each action happens in one channel of one guild, and everything the bot receives follows from
it: the guild id, the channel, the member as that guild knows them (with that guild's
permissions), and the guild that authorised the integration.
"""

from __future__ import annotations

import secrets
import time
from typing import TYPE_CHECKING, Any, cast

from bot.playground.standin.handles import InteractionHandle
from bot.playground.standin.state import (
    EVERYONE_PERMISSIONS,
    Attachment,
    Channel,
    Guild,
    Interaction,
    Member,
    Message,
    User,
    snowflake,
)

if TYPE_CHECKING:
    from bot.playground.standin.world import World


class PersonActions:
    """Mixed into :class:`~bot.playground.standin.server.FakeDiscord`, which supplies these."""

    application_id: int
    upload_limit: int
    guilds: dict[int, Guild]
    channels: dict[int, Channel]
    interactions: dict[int, Interaction]
    interactions_by_token: dict[str, Interaction]
    commands: dict[tuple[str, int], dict[str, Any]]

    if TYPE_CHECKING:

        @property
        def guild(self) -> Guild: ...

        def attachment(self, filename: str, data: bytes) -> Attachment: ...

        def add_message(self, message: Message) -> None: ...

        def dispatch(self, event: str, data: dict[str, Any]) -> None: ...

    def post_message(
        self,
        author: Member | User,
        content: str = "",
        files: list[tuple[str, bytes]] | None = None,
        *,
        webhook: bool = False,
        channel: Channel | None = None,
    ) -> Message:
        """Someone (a member, a bot, or a webhook) posts in ``channel`` (default: the
        #general of the author's guild)."""
        user = author.user if isinstance(author, Member) else author
        channel = channel or self.home_guild(author).general
        if isinstance(author, Member):
            self.member_in(self.guild_of(channel), author)
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
        self,
        kind: int,
        user: Member,
        data: dict[str, Any],
        channel: Channel,
        message: Message | None = None,
    ) -> InteractionHandle:
        guild = self.guild_of(channel)
        member = self.member_in(guild, user)
        interaction_id = snowflake()
        token = secrets.token_urlsafe(24)
        interaction = Interaction(
            id=interaction_id,
            token=token,
            type=kind,
            channel_id=channel.id,
            guild_id=guild.id,
            user=member.user,
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
            "member": member.to_json(with_permissions=True),
            "app_permissions": str(EVERYONE_PERMISSIONS | (1 << 14)),
            "locale": member.user.locale,
            "guild_locale": guild.locale,
            "entitlements": [],
            "context": 0,
            "authorizing_integration_owners": {"0": str(guild.id)},
            "data": data,
        }
        if message is not None:
            payload["message"] = message.to_json()
        self.dispatch("INTERACTION_CREATE", payload)
        return InteractionHandle(cast("World", self), interaction)

    def click(self, message: Message, custom_id: str, user: Member) -> InteractionHandle:
        """Press a button on ``message``, in that message's channel and guild."""
        data = {"custom_id": custom_id, "component_type": 2}
        return self._interaction(3, user, data, self.channels[message.channel_id], message)

    def select(
        self, message: Message, custom_id: str, values: list[str], user: Member, *, kind: int = 3
    ) -> InteractionHandle:
        """Pick ``values`` in a select on ``message``; ``kind`` is its component type (3 text,
        6 role, 8 channel)."""
        data = {"custom_id": custom_id, "component_type": kind, "values": values}
        return self._interaction(3, user, data, self.channels[message.channel_id], message)

    def command_id(self, name: str, kind: int = 1) -> str:
        return str(self._command(name, kind)["id"])

    def _command(self, name: str, kind: int) -> dict[str, Any]:
        command = self.commands.get((name, kind))
        if command is None:
            raise AssertionError(f"the bot did not register the command {name!r}")
        return command

    def _command_data(self, name: str, kind: int) -> dict[str, Any]:
        command = self._command(name, kind)
        data: dict[str, Any] = {"id": str(command["id"]), "name": name, "type": kind}
        if "guild_id" in command:  # only guild commands carry it, as with Discord
            data["guild_id"] = command["guild_id"]
        return data

    def run_slash(
        self,
        name: str,
        user: Member,
        options: list[dict[str, Any]] | None = None,
        attachments: dict[str, tuple[str, bytes]] | None = None,
        *,
        channel: Channel | None = None,
    ) -> InteractionHandle:
        """Run ``/name`` in ``channel`` (default: #general of the member's guild);
        ``attachments`` maps an option name to a file the user picked."""
        channel = channel or self.home_guild(user).general
        guild = self.guild_of(channel)
        options = list(options or [])
        resolved: dict[str, Any] = {}
        for option_name, (filename, content) in (attachments or {}).items():
            attachment = self.attachment(filename, content)
            resolved.setdefault("attachments", {})[str(attachment.id)] = attachment.to_json()
            options.append({"name": option_name, "type": 11, "value": str(attachment.id)})
        for option in options:
            if option.get("type") == 6:  # USER: discord.py wants it resolved, in this guild
                member = guild.members[int(option["value"])]
                resolved.setdefault("users", {})[str(member.user.id)] = member.user.to_json()
                member_json = member.to_json(with_permissions=True)
                member_json.pop("user")
                resolved.setdefault("members", {})[str(member.user.id)] = member_json
        data = {
            **self._command_data(name.split()[0], 1),
            "options": self._nest(name, options),
            "resolved": resolved,
        }
        return self._interaction(2, user, data, channel)

    @staticmethod
    def _nest(name: str, options: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """``/credits grant`` sends ``grant`` as a sub-command option holding the options."""
        parts = name.split()
        for sub in reversed(parts[1:]):
            options = [{"name": sub, "type": 1, "options": options}]
        return options

    def autocomplete(
        self,
        name: str,
        user: Member,
        options: list[dict[str, Any]],
        focused: str,
        *,
        channel: Channel | None = None,
    ) -> InteractionHandle:
        """Type into option ``focused`` of ``/name`` (the other options as filled so far); the
        bot answers with up to 25 choices (callback type 8, kept as ``handle.choices``)."""
        channel = channel or self.home_guild(user).general
        typed = [{**o, "focused": True} if o["name"] == focused else o for o in options]
        if not any(o["name"] == focused for o in options):
            typed.append({"name": focused, "type": 3, "value": "", "focused": True})
        data = {**self._command_data(name.split()[0], 1), "options": self._nest(name, typed)}
        return self._interaction(4, user, data, channel)

    def run_message_command(self, name: str, message: Message, user: Member) -> InteractionHandle:
        """Right-click a message -> Apps -> ``name``."""
        data = {
            **self._command_data(name, 3),
            "target_id": str(message.id),
            "resolved": {"messages": {str(message.id): message.to_json()}},
        }
        return self._interaction(2, user, data, self.channels[message.channel_id])

    def submit_modal(
        self, handle: InteractionHandle, values: dict[str, str], user: Member
    ) -> InteractionHandle:
        """Fill in and submit the modal the bot opened in answer to ``handle``."""
        modal = handle.modal
        if modal is None:
            raise AssertionError("the bot did not open a modal")
        rows = [
            {"type": 1, "components": [{"type": 4, "custom_id": key, "value": value}]}
            for key, value in values.items()
        ]
        data = {"custom_id": modal["custom_id"], "components": rows}
        # Like Discord, a form opened from a message's component arrives with that message.
        channel = self.channels[handle.interaction.channel_id]
        return self._interaction(5, user, data, channel, handle.interaction.message)

    # -- where a person is ---------------------------------------------------------------

    def guild_of(self, channel: Channel) -> Guild:
        return self.guilds[channel.guild_id]

    def home_guild(self, person: Member | User) -> Guild:
        """A member's guild; for a plain user, the first guild they are in."""
        if isinstance(person, Member) and person.guild_id in self.guilds:
            return self.guilds[person.guild_id]
        user = person.user if isinstance(person, Member) else person
        in_guilds = [g for g in self.guilds.values() if user.id in g.members]
        return in_guilds[0] if in_guilds else self.guild

    @staticmethod
    def member_in(guild: Guild, person: Member | User) -> Member:
        """How ``guild`` knows this person; a person acts only where they are a member."""
        user = person.user if isinstance(person, Member) else person
        member = guild.members.get(user.id)
        if member is None:
            raise AssertionError(f"{user.username} is not a member of {guild.name}")
        return member
