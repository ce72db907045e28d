"""The page's live view: every change in the stand-in goes out over the page's WebSockets,
to the people who may see it.

After each change (coalesced: at most one pass per loop turn) each message whose state moved
is sent to every page whose person can see it; a deleted one is sent as such. An interaction
started from a page is watched for a form (a modal, sent to that person only) and for
Discord's deadline: unanswered after 3 s, the page shows "The application did not respond".
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from bot.playground.cast import Cast
from bot.playground.standin import InteractionHandle
from bot.playground.views import commands_view, message_view

log = logging.getLogger(__name__)

NOT_ANSWERED = "The application did not respond"


@dataclass(eq=False)
class Page:
    """One open page (a browser tab) and the person it shows the server to."""

    socket: web.WebSocketResponse
    user_id: int


@dataclass
class Watched:
    handle: InteractionHandle
    modal_sent: bool = False
    failed: bool = False


@dataclass
class LiveHub:
    cast: Cast
    pages: set[Page] = field(default_factory=set)
    shown: dict[int, tuple[int, bool, int, int]] = field(default_factory=dict)
    watched: dict[int, Watched] = field(default_factory=dict)
    bot_online: bool = False
    commands_seen: str = ""
    _pending: bool = False
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)

    def __post_init__(self) -> None:
        world = self.cast.world
        self.shown = {m.id: self._state(m.id) for m in world.messages.values()}
        self.commands_seen = json.dumps(
            sorted(world.commands.items(), key=lambda kv: kv[0]), default=str
        )
        world.observers.append(self.poke)

    def _state(self, message_id: int) -> tuple[int, bool, int, int]:
        message = self.cast.world.messages[message_id]
        return (message.edits, message.deleted, message.flags, len(message.attachments))

    # -- changes -----------------------------------------------------------------------

    def poke(self) -> None:
        """Something changed: look once this loop turn is over."""
        if not self._pending:
            self._pending = True
            asyncio.get_running_loop().call_soon(self._spawn, self.flush())

    def _spawn(self, work: Any) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def flush(self) -> None:
        self._pending = False
        world = self.cast.world
        for message in list(world.messages.values()):
            state = self._state(message.id)
            if self.shown.get(message.id) == state:
                continue
            self.shown[message.id] = state
            view = message_view(self.cast, message)
            for page in list(self.pages):
                if message.deleted:
                    await self._send(page, {"type": "delete", "id": view["id"]})
                elif message.visible_to(page.user_id):
                    await self._send(page, {"type": "message", "message": view})
        for interaction_id, watched in list(self.watched.items()):
            interaction = watched.handle.interaction
            if interaction.modal is not None and not watched.modal_sent:
                watched.modal_sent = True
                await self.send_to(
                    interaction.user.id,
                    {
                        "type": "modal",
                        "interaction": str(interaction_id),
                        "modal": interaction.modal,
                    },
                )
        await self.check_bot()

    async def check_commands(self) -> None:
        """The bot registers its commands as it starts: every page gets its person's."""
        commands = self.cast.world.commands
        seen = json.dumps(sorted(commands.items(), key=lambda kv: kv[0]), default=str)
        if seen == self.commands_seen:
            return
        self.commands_seen = seen
        for page in list(self.pages):
            member = self.cast.person(page.user_id)
            if member is not None:
                await self._send(
                    page, {"type": "commands", "commands": commands_view(self.cast, member)}
                )

    async def check_bot(self) -> None:
        await self.check_commands()
        online = self.cast.world.gateway.connected
        if online != self.bot_online:
            self.bot_online = online
            for page in list(self.pages):
                await self._send(page, {"type": "bot", "online": online})

    # -- interactions the pages started --------------------------------------------------

    def watch(self, handle: InteractionHandle, what: str) -> None:
        """Tell the person if the bot misses Discord's deadline for ``handle``."""
        self.watched[handle.interaction.id] = Watched(handle)
        self._spawn(self._deadline(handle, what))

    async def _deadline(self, handle: InteractionHandle, what: str) -> None:
        world = self.cast.world
        interaction = handle.interaction
        # The stand-in refuses an answer after the deadline; a little later it is certain.
        await asyncio.sleep(world.response_deadline_s + 0.25)
        if not interaction.responded:
            log.info("interaction %s (%s) was not answered in time", interaction.id, what)
            await self.send_to(
                interaction.user.id,
                {
                    "type": "failed",
                    "interaction": str(interaction.id),
                    "what": what,
                    "text": NOT_ANSWERED if interaction.type == 2 else "This interaction failed",
                },
            )
        if interaction.modal is None:
            # A form stays open as long as the person likes; everything else is done now.
            self.watched.pop(interaction.id, None)

    def forget(self, interaction_id: int) -> None:
        self.watched.pop(interaction_id, None)

    # -- pages ---------------------------------------------------------------------------

    async def send_to(self, user_id: int, event: dict[str, Any]) -> None:
        for page in list(self.pages):
            if page.user_id == user_id:
                await self._send(page, event)

    async def _send(self, page: Page, event: dict[str, Any]) -> None:
        if page.socket.closed:
            self.pages.discard(page)
            return
        with contextlib.suppress(ConnectionError, RuntimeError):
            await page.socket.send_json(event)

    async def serve(self, request: web.Request, user_id: int) -> web.WebSocketResponse:
        """One page's socket: it only listens (actions go through the page's API)."""
        socket = web.WebSocketResponse(heartbeat=20)
        await socket.prepare(request)
        page = Page(socket, user_id)
        self.pages.add(page)
        await self._send(page, {"type": "bot", "online": self.cast.world.gateway.connected})
        try:
            async for _ in socket:
                pass
        finally:
            self.pages.discard(page)
        return socket

    async def close(self) -> None:
        for page in list(self.pages):
            await page.socket.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
