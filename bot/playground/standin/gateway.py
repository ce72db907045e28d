"""The gateway WebSocket: HELLO, IDENTIFY, heartbeats, READY, GUILD_CREATE, RESUME, dispatches.

Every payload goes out as a TEXT frame of plain JSON, so discord.py's zlib/zstd stream
decompression (applied to binary frames only) never comes into play.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

from bot.playground.standin.state import snowflake

if TYPE_CHECKING:
    from bot.playground.standin.world import World

HEARTBEAT_INTERVAL_MS = 41250


@dataclass
class Session:
    id: str
    socket: web.WebSocketResponse
    sequence: int = 0
    ready: bool = False
    backlog: list[dict[str, Any]] = field(default_factory=list)


class Gateway:
    def __init__(self, world: World) -> None:
        self.world = world
        self.sessions: dict[str, Session] = {}
        self.connections = 0
        self.resumes = 0
        self.identifies = 0
        self.ready = asyncio.Event()
        self.refusing = False

    async def handle(self, request: web.Request) -> web.StreamResponse:
        if self.refusing:
            return web.Response(status=503, text="gateway unavailable")
        socket = web.WebSocketResponse(autoping=True)
        await socket.prepare(request)
        self.connections += 1
        await self._send(
            socket,
            {"op": 10, "d": {"heartbeat_interval": HEARTBEAT_INTERVAL_MS}, "s": None, "t": None},
        )
        session: Session | None = None
        async for frame in socket:
            if frame.type != WSMsgType.TEXT:
                continue
            payload = json.loads(frame.data)
            op = payload.get("op")
            if op == 1:
                await self._send(socket, {"op": 11, "d": None, "s": None, "t": None})
            elif op == 2:
                if payload["d"].get("token") != self.world.token:
                    await socket.close(code=4004, message=b"Authentication failed.")
                    break
                session = Session(id=f"session-{snowflake()}", socket=socket)
                self.sessions[session.id] = session
                await self._identify(session)
            elif op == 6:
                resumed = self.sessions.get(payload["d"].get("session_id", ""))
                if resumed is None:
                    await self._send(socket, {"op": 9, "d": False, "s": None, "t": None})
                    continue
                resumed.socket = socket
                resumed.ready = True
                session = resumed
                self.resumes += 1
                backlog, resumed.backlog = resumed.backlog, []
                for event in backlog:
                    await self._send(socket, event)
                await self._dispatch_to(session, "RESUMED", {})
        if session is not None and session.socket is socket:
            session.ready = False
        return socket

    async def _identify(self, session: Session) -> None:
        world = self.world
        await self._dispatch_to(
            session,
            "READY",
            {
                "v": 10,
                "user": world.bot_user.to_json(),
                "guilds": [{"id": str(g), "unavailable": True} for g in world.guilds],
                "session_id": session.id,
                "resume_gateway_url": world.gateway_url,
                "application": {"id": str(world.application_id), "flags": 0},
                "private_channels": [],
                "relationships": [],
            },
        )
        for guild in list(world.guilds.values()):
            await self._dispatch_to(session, "GUILD_CREATE", guild.to_json())
        session.ready = True
        self.identifies += 1
        self.ready.set()

    async def _send(self, socket: web.WebSocketResponse, payload: dict[str, Any]) -> None:
        with contextlib.suppress(ConnectionResetError, RuntimeError):
            await socket.send_str(json.dumps(payload))

    async def _dispatch_to(self, session: Session, event: str, data: dict[str, Any]) -> None:
        session.sequence += 1
        payload = {"op": 0, "t": event, "s": session.sequence, "d": data}
        if session.socket.closed:
            session.backlog.append(payload)  # replayed on RESUME, as Discord does
            return
        await self._send(session.socket, payload)

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        for session in list(self.sessions.values()):
            await self._dispatch_to(session, event, data)

    async def outage(self) -> None:
        """Drop every connection and refuse new ones until :meth:`recover`: an outage long
        enough to be seen."""
        self.refusing = True
        await self.drop()

    def recover(self) -> None:
        """Accept connections again; the bot RESUMEs its session."""
        self.refusing = False

    async def drop(self, *, resume: bool = True) -> None:
        """Close every connection as a network failure would; the bot must RESUME. With
        ``resume=False`` the sessions are invalidated first, as when Discord has lost them:
        the RESUME is refused (op 9) and the bot must IDENTIFY afresh, missing whatever was
        dispatched in between."""
        sessions = list(self.sessions.values())
        if not resume:
            self.sessions.clear()
        for session in sessions:
            if not session.socket.closed:
                await session.socket.close(code=4000, message=b"Unknown error")

    def forget_closed(self) -> None:
        """Discard sessions whose connection is closed (their client is gone for good), so
        nothing is kept for a RESUME that will never come."""
        for session_id, session in list(self.sessions.items()):
            if session.socket.closed:
                del self.sessions[session_id]

    @property
    def connected(self) -> bool:
        """Whether some client holds an open, identified (or resumed) session."""
        return any(s.ready and not s.socket.closed for s in self.sessions.values())
