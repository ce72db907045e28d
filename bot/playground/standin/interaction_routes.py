"""Discord's interaction routes: the callback (types 4-9, 8 answering an autocomplete), @original, and followups, with the
3 s deadline, 15-minute tokens and double-response errors."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from aiohttp import web

from bot.playground.standin.limits import callback_errors
from bot.playground.standin.responses import error, ok
from bot.playground.standin.state import (
    EPHEMERAL,
    LOADING,
    Interaction,
    Message,
    snowflake,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from bot.playground.standin.limits import FormErrors
    from bot.playground.standin.world import World


class InteractionRoutes:
    """Mixed into :class:`~bot.playground.standin.rest.Rest`, which supplies the helpers."""

    world: World

    if TYPE_CHECKING:

        async def _read_body(
            self,
            request: web.Request,
            size_limit: int,
            limits: Callable[[dict[str, Any]], FormErrors] = ...,
        ) -> tuple[dict[str, Any], dict[int, tuple[str, bytes]]] | web.Response: ...

        def _apply(
            self, message: Message, payload: dict[str, Any], files: dict[int, tuple[str, bytes]]
        ) -> None: ...

    async def callback(self, request: web.Request) -> web.Response:
        interaction = self.world.interactions.get(int(request.match_info["id"]))
        if interaction is None or interaction.token != request.match_info["token"]:
            return error(404, 10062, "Unknown interaction")
        if interaction.responded:
            return error(400, 40060, "Interaction has already been acknowledged.")
        if time.monotonic() - interaction.dispatched_at > self.world.response_deadline_s:
            interaction.late_answer_at = interaction.late_answer_at or time.monotonic()
            return error(404, 10062, "Unknown interaction")
        body = await self._read_body(request, self.world.upload_limit, callback_errors)
        if isinstance(body, web.Response):
            return body  # the interaction stays unanswered, as with Discord
        payload, files = body
        kind = int(payload["type"])
        data = payload.get("data") or {}
        interaction.responded = True
        interaction.responded_at = time.monotonic()
        interaction.response_type = kind
        resource: dict[str, Any] = {"type": kind}
        loading = ephemeral = False
        if kind in (4, 5):
            flags = int(data.get("flags") or 0)
            ephemeral = bool(flags & EPHEMERAL)
            message = Message(
                id=snowflake(),
                channel_id=interaction.channel_id,
                guild_id=interaction.guild_id,
                author=self.world.bot_user,
                flags=(flags & EPHEMERAL) | (LOADING if kind == 5 else 0),
                interaction_owner=interaction.user.id,
            )
            if kind == 4:
                self._apply(message, {k: v for k, v in data.items() if k != "flags"}, files)
                message.edited, message.edits = None, 0
            loading = kind == 5
            interaction.original = message
            self.world.add_message(message)
            if kind == 4:
                resource["message"] = message.to_json()
        elif kind == 7 and interaction.message is not None:
            self._apply(interaction.message, data, files)
            resource["message"] = interaction.message.to_json()
            self.world.dispatch("MESSAGE_UPDATE", interaction.message.to_json())
        elif kind == 8:
            interaction.choices = list(data.get("choices") or [])
        elif kind == 9:
            interaction.modal = data
        self.world.changed()
        response_message = interaction.original or interaction.message
        return ok(
            {
                "interaction": {
                    "id": str(interaction.id),
                    "type": interaction.type,
                    "response_message_id": str(response_message.id) if response_message else None,
                    "response_message_loading": loading,
                    "response_message_ephemeral": ephemeral,
                },
                "resource": resource,
            }
        )

    def _interaction_by_token(self, token: str) -> Interaction | web.Response:
        interaction = self.world.interactions_by_token.get(token)
        if interaction is None:
            return error(404, 10015, "Unknown Webhook")
        if time.monotonic() - interaction.dispatched_at > self.world.token_lifetime_s:
            return error(401, 50027, "Invalid Webhook Token")
        return interaction

    async def webhook_message(self, request: web.Request) -> web.Response:
        interaction = self._interaction_by_token(request.match_info["token"])
        if isinstance(interaction, web.Response):
            return interaction
        target = request.match_info["message"]
        if target == "@original":
            message = interaction.original or (
                interaction.message if interaction.response_type in (6, 7) else None
            )
        else:
            message = next((m for m in interaction.followups if m.id == int(target)), None)
            if (
                message is None
                and interaction.original is not None
                and interaction.original.id == int(target)
            ):
                message = interaction.original
        if message is None or message.deleted:
            return error(404, 10008, "Unknown Message")
        if request.method == "GET":
            return ok(message.to_json())
        if request.method == "DELETE":
            self.world.delete_message(message)
            return web.Response(status=204)
        body = await self._read_body(request, self.world.upload_limit)
        if isinstance(body, web.Response):
            return body
        self._apply(message, *body)
        if not message.ephemeral:
            self.world.dispatch("MESSAGE_UPDATE", message.to_json())
        self.world.changed()
        return ok(message.to_json())

    async def followup(self, request: web.Request) -> web.Response:
        interaction = self._interaction_by_token(request.match_info["token"])
        if isinstance(interaction, web.Response):
            return interaction
        if not interaction.responded:
            return error(404, 10015, "Unknown Webhook")
        body = await self._read_body(request, self.world.upload_limit)
        if isinstance(body, web.Response):
            return body
        payload, files = body
        message = Message(
            id=snowflake(),
            channel_id=interaction.channel_id,
            guild_id=interaction.guild_id,
            author=self.world.bot_user,
            flags=int(payload.get("flags") or 0) & EPHEMERAL,
            interaction_owner=interaction.user.id,
            webhook_id=self.world.application_id,
        )
        self._apply(message, {k: v for k, v in payload.items() if k != "flags"}, files)
        message.edited, message.edits = None, 0
        interaction.followups.append(message)
        self.world.add_message(message)
        return ok(message.to_json())
