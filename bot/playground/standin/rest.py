"""Discord's REST API as discord.py uses it, with Discord's limits and error codes."""

from __future__ import annotations

import asyncio
import json
import mimetypes
import re
import time
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from aiohttp import web

from bot.playground.standin.interaction_routes import InteractionRoutes
from bot.playground.standin.limits import FormErrors, message_errors
from bot.playground.standin.responses import error, invalid_form_body, ok
from bot.playground.standin.state import (
    EPHEMERAL,
    LOADING,
    Attachment,
    Message,
    snowflake,
)

if TYPE_CHECKING:
    from bot.playground.standin.world import World

MAX_FILES = 10
EDITS_PER_WINDOW = 5
EDIT_WINDOW_S = 5.0


class Rest(InteractionRoutes):
    """Route handlers; every piece of state lives on the :class:`FakeDiscord`."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.edits: dict[int, deque[float]] = {}

    def routes(self, app: web.Application) -> None:
        api = "/api/v10"
        r = app.router
        r.add_get(f"{api}/users/@me", self.me)
        r.add_get(f"{api}/oauth2/applications/@me", self.application)
        r.add_get(f"{api}/applications/@me", self.application)
        r.add_put(f"{api}/applications/{{app}}/commands", self.bulk_commands)
        r.add_put(f"{api}/applications/{{app}}/guilds/{{guild}}/commands", self.bulk_commands)
        r.add_get(f"{api}/applications/{{app}}/commands", self.list_commands)
        r.add_get(f"{api}/applications/{{app}}/guilds/{{guild}}/commands", self.list_commands)
        r.add_post(f"{api}/interactions/{{id}}/{{token}}/callback", self.callback)
        r.add_route(
            "*", f"{api}/webhooks/{{app}}/{{token}}/messages/{{message}}", self.webhook_message
        )
        r.add_post(f"{api}/webhooks/{{app}}/{{token}}", self.followup)
        r.add_get(f"{api}/channels/{{channel}}", self.channel)
        r.add_post(f"{api}/channels/{{channel}}/messages", self.create_message)
        r.add_route("*", f"{api}/channels/{{channel}}/messages/{{message}}", self.channel_message)
        r.add_get("/attachments/{id}/{filename}", self.cdn)

    # -- middleware: authentication, injected faults -----------------------------------

    @web.middleware
    async def middleware(self, request: web.Request, handler: Any) -> web.StreamResponse:
        self.world.requests.append((request.method, request.path))
        fault = self.world.faults.take(request.method, request.path)
        if fault is not None:
            if fault.delay_s:
                await asyncio.sleep(fault.delay_s)
            if fault.status == 429:
                retry = fault.retry_after
                return ok(
                    {
                        "message": "You are being rate limited.",
                        "retry_after": retry,
                        "global": False,
                    },
                    headers={"Via": "1.1 google", "Retry-After": str(retry)},
                    status=429,
                )
            if fault.status:
                return error(fault.status, 0, "injected failure")
        needs_token = request.path.startswith("/api/") and not (
            "/webhooks/" in request.path or "/interactions/" in request.path
        )
        if needs_token and request.headers.get("Authorization") != f"Bot {self.world.token}":
            return error(401, 0, "401: Unauthorized")
        response: web.StreamResponse = await handler(request)
        return response

    # -- identity and commands ---------------------------------------------------------

    async def me(self, request: web.Request) -> web.Response:
        return ok(self.world.bot_user.to_json())

    async def application(self, request: web.Request) -> web.Response:
        owner = self.world.owner.user.to_json()
        return ok(
            {
                "id": str(self.world.application_id),
                "name": "upscale-bot",
                "description": "",
                "icon": None,
                "bot_public": True,
                "bot_require_code_grant": False,
                "owner": owner,
                "verify_key": "0" * 64,
                "flags": 0,
                "summary": "",
                "team": None,
            }
        )

    async def bulk_commands(self, request: web.Request) -> web.Response:
        commands = await request.json()
        registered = []
        for command in commands:
            command = {
                "description": "",
                **command,
                "id": str(snowflake()),
                "application_id": str(self.world.application_id),
                "version": str(snowflake()),
            }
            if "guild" in request.match_info:
                command["guild_id"] = request.match_info["guild"]
            registered.append(command)
            self.world.commands[(command["name"], int(command.get("type", 1)))] = command
        return ok(registered)

    async def list_commands(self, request: web.Request) -> web.Response:
        return ok(list(self.world.commands.values()))

    async def channel(self, request: web.Request) -> web.Response:
        channel = self.world.channels.get(int(request.match_info["channel"]))
        if channel is None:
            return error(404, 10003, "Unknown Channel")
        return ok(channel.to_json())

    # -- message bodies ----------------------------------------------------------------

    async def _read_body(
        self,
        request: web.Request,
        size_limit: int,
        limits: Callable[[dict[str, Any]], FormErrors] = message_errors,
    ) -> tuple[dict[str, Any], dict[int, tuple[str, bytes]]] | web.Response:
        """The JSON body (or multipart ``payload_json``) and files, or Discord's refusal.

        ``limits`` checks the body against Discord's length and count limits; a refused body
        changes nothing.
        """
        files: dict[int, tuple[str, bytes]] = {}
        if request.content_type.startswith("multipart/"):
            payload: dict[str, Any] = {}
            reader = await request.multipart()
            while (part := await reader.next()) is not None:
                name = part.name or ""  # type: ignore[union-attr]
                data = await part.read()  # type: ignore[union-attr]
                if name == "payload_json":
                    payload = json.loads(data)
                elif match := re.fullmatch(r"files\[(\d+)\]", name):
                    files[int(match.group(1))] = (part.filename or "file", bytes(data))  # type: ignore[union-attr]
        elif request.can_read_body:
            payload = await request.json()
        else:
            payload = {}
        errors = limits(payload)
        if errors:
            return invalid_form_body(errors.tree)
        if len(files) > MAX_FILES:
            return error(400, 50035, "Invalid Form Body: too many files.")
        for _, data in files.values():
            if len(data) > size_limit:
                return error(413, 40005, "Request entity too large")
        return payload, files

    def _attachments(
        self,
        payload: dict[str, Any],
        files: dict[int, tuple[str, bytes]],
        existing: list[Attachment],
    ) -> list[Attachment]:
        """API v10 semantics: ``attachments`` lists exactly what the message ends with."""
        if "attachments" not in payload:
            return [*existing, *(self._upload(name, data) for name, data in files.values())]
        result: list[Attachment] = []
        by_id = {a.id: a for a in existing}
        for item in payload["attachments"]:
            item_id = int(item["id"])
            if item_id in by_id:
                result.append(by_id[item_id])
            elif item_id in files:
                name, data = files[item_id]
                result.append(self._upload(item.get("filename") or name, data))
        return result

    def _upload(self, filename: str, data: bytes) -> Attachment:
        attachment_id = snowflake()
        content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        attachment = Attachment(
            id=attachment_id,
            filename=filename,
            data=data,
            content_type=content_type,
            url=f"{self.world.base_url}/attachments/{attachment_id}/{filename}",
            spoiler=filename.startswith("SPOILER_"),
        )
        self.world.attachments[attachment_id] = attachment
        return attachment

    def _apply(
        self, message: Message, payload: dict[str, Any], files: dict[int, tuple[str, bytes]]
    ) -> None:
        for key in ("content", "embeds", "components"):
            if key in payload and payload[key] is not None:
                setattr(message, key, payload[key])
        if "flags" in payload and payload["flags"] is not None:
            message.flags = (message.flags & EPHEMERAL) | (int(payload["flags"]) & ~LOADING)
        message.attachments = self._attachments(payload, files, message.attachments)
        message.flags &= ~LOADING
        message.revisions.append(message.content)
        message.revised_at.append(time.monotonic())
        message.edited = time.time()
        message.edits += 1

    # -- channel messages --------------------------------------------------------------

    async def create_message(self, request: web.Request) -> web.Response:
        channel = self.world.channels.get(int(request.match_info["channel"]))
        if channel is None:
            return error(404, 10003, "Unknown Channel")
        body = await self._read_body(request, self.world.upload_limit)
        if isinstance(body, web.Response):
            return body
        payload, files = body
        reference = payload.get("message_reference") or {}
        message = Message(
            id=snowflake(),
            channel_id=channel.id,
            guild_id=channel.guild_id,
            author=self.world.bot_user,
            reference=int(reference["message_id"]) if reference.get("message_id") else None,
        )
        self._apply(message, payload, files)
        message.edited, message.edits = None, 0
        self.world.add_message(message)
        return ok(message.to_json())

    async def channel_message(self, request: web.Request) -> web.Response:
        message = self.world.messages.get(int(request.match_info["message"]))
        if message is None or message.deleted or message.ephemeral:
            return error(404, 10008, "Unknown Message")
        if request.method == "GET":
            return ok(message.to_json())
        if request.method == "DELETE":
            self.world.delete_message(message)
            return web.Response(status=204)
        if request.method != "PATCH":
            return error(405, 0, "405: Method Not Allowed")
        if message.author.id != self.world.bot_user.id:
            return error(403, 50005, "Cannot edit a message authored by another user")
        limited = self._edit_rate_limit(message.channel_id)
        if isinstance(limited, web.Response):
            return limited
        body = await self._read_body(request, self.world.upload_limit)
        if isinstance(body, web.Response):
            return body
        self._apply(message, *body)
        self.world.dispatch("MESSAGE_UPDATE", message.to_json())
        self.world.changed()
        return ok(message.to_json(), headers=limited)

    def _edit_rate_limit(self, channel_id: int) -> dict[str, str] | web.Response:
        """About five edits per five seconds per channel, with the headers discord.py reads."""
        now = time.monotonic()
        window = self.edits.setdefault(channel_id, deque())
        while window and now - window[0] >= EDIT_WINDOW_S:
            window.popleft()
        bucket = f"channel-edit-{channel_id}"
        if len(window) >= EDITS_PER_WINDOW:
            retry = round(EDIT_WINDOW_S - (now - window[0]), 3)
            self.world.rate_limited += 1
            return ok(
                {"message": "You are being rate limited.", "retry_after": retry, "global": False},
                headers={
                    "Via": "1.1 google",
                    "X-RateLimit-Limit": str(EDITS_PER_WINDOW),
                    "X-RateLimit-Remaining": "0",
                    "X-RateLimit-Reset-After": str(retry),
                    "X-RateLimit-Bucket": bucket,
                    "X-RateLimit-Scope": "user",
                },
                status=429,
            )
        window.append(now)
        reset_after = EDIT_WINDOW_S - (now - window[0])
        return {
            "X-RateLimit-Limit": str(EDITS_PER_WINDOW),
            "X-RateLimit-Remaining": str(EDITS_PER_WINDOW - len(window)),
            "X-RateLimit-Reset-After": f"{reset_after:.3f}",
            "X-RateLimit-Bucket": bucket,
        }

    # -- interactions ------------------------------------------------------------------

    async def cdn(self, request: web.Request) -> web.Response:
        attachment = self.world.attachments.get(int(request.match_info["id"]))
        if attachment is None or attachment.id in self.world.expired_attachments:
            return web.Response(status=404, text="Not Found")
        return web.Response(body=attachment.data, content_type=attachment.content_type)
