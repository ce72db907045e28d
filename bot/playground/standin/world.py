"""What the stand-in's parts (routes, gateway, shop, handles) need of the whole: a Protocol
:class:`~bot.playground.standin.server.FakeDiscord` satisfies. The parts name this, never the
server, so the server sits above them and no import goes round in a circle."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from bot.playground.standin.faults import Faults
from bot.playground.standin.state import (
    Attachment,
    Channel,
    Guild,
    Interaction,
    Member,
    Message,
    User,
)


class World(Protocol):
    token: str
    application_id: int
    bot_user: User
    guilds: dict[int, Guild]
    channels: dict[int, Channel]
    messages: dict[int, Message]
    attachments: dict[int, Attachment]
    expired_attachments: set[int]
    interactions: dict[int, Interaction]
    interactions_by_token: dict[str, Interaction]
    commands: dict[tuple[str, int], dict[str, Any]]
    requests: list[tuple[str, str]]
    rate_limited: int
    faults: Faults
    response_deadline_s: float
    token_lifetime_s: float
    upload_limit: int
    base_url: str

    @property
    def gateway_url(self) -> str: ...

    @property
    def owner(self) -> Member: ...

    def changed(self) -> None:
        """Something anyone could see changed: wake waiters and observers."""

    def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send a gateway event to the connected bot."""

    def add_message(self, message: Message) -> None: ...

    def delete_message(self, message: Message) -> None: ...

    async def wait_for(self, predicate: Callable[[], Any], within: float = 10.0) -> Any: ...
