"""The page's HTTP API: what a person does, turned into what Discord would send the bot.

Every action names the person (``as``, one of the playground's people) and goes through the
stand-in exactly as a Discord client's would: the bot receives an INTERACTION_CREATE or a
MESSAGE_CREATE and answers over the stand-in's REST API, with all of its limits and
deadlines. Before that, what Discord refuses a person is refused here with Discord's words
(see :mod:`bot.playground.person_limits`): 400 with ``{"error": ...}``, or 429 with
``retry_after`` when a person acts too fast.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from aiohttp import web

from bot.playground.cast import FOUR_IMAGES, ONE_IMAGE, Cast
from bot.playground.live import LiveHub
from bot.playground.page_requests import read_form, read_json, refused
from bot.playground.person_limits import (
    MAX_FILES,
    ActionRate,
    Refused,
    leaf_options,
    message_refusal,
    modal_refusal,
    option_values,
    select_refusal,
)
from bot.playground.standin import Channel, InteractionHandle, Member, Message
from bot.playground.standin.limits import CONTENT
from bot.playground.standin.shop import PurchaseBlocked
from bot.playground.views import commands_view, may_use, message_view, server_view

PAGE_FILES = {
    "/": ("index.html", "text/html"),
    "/playground.css": ("playground.css", "text/css"),
    **{
        f"/{name}": (name, "text/javascript")
        for name in ("app.js", "composer.js", "markdown.js", "render.js")
    },
}


class PageApi:
    def __init__(self, cast: Cast, hub: LiveHub) -> None:
        self.cast = cast
        self.hub = hub
        self.world = cast.world
        self.rate = ActionRate()

    def routes(self, app: web.Application) -> None:
        r = app.router
        for path in PAGE_FILES:
            r.add_get(path, self.page_file)
        r.add_get("/api/people", self.people)
        r.add_get("/api/state", self.state)
        r.add_get("/api/live", self.live)
        r.add_post("/api/messages", self.post_message)
        r.add_post("/api/click", self.click)
        r.add_post("/api/buy", self.buy)
        r.add_post("/api/select", self.select)
        r.add_post("/api/slash", self.slash)
        r.add_post("/api/autocomplete", self.autocomplete)
        r.add_post("/api/message-command", self.message_command)
        r.add_post("/api/modal", self.modal)
        r.add_post("/api/generator", self.generator)

    @property
    def body_limit(self) -> int:
        """The largest request a page may send: ten files at the upload limit."""
        return MAX_FILES * self.world.upload_limit + 4 * CONTENT + 64 * 1024

    # -- reading -----------------------------------------------------------------------

    async def page_file(self, request: web.Request) -> web.Response:
        name, content_type = PAGE_FILES[request.path]
        text = (resources.files("bot.playground") / "page" / name).read_text(encoding="utf-8")
        return web.Response(
            text=text, content_type=content_type, headers={"Cache-Control": "no-store"}
        )

    async def _acting(self, request: web.Request) -> tuple[dict[str, Any], Member] | web.Response:
        """A JSON request and the person it acts as (its ``as`` field), or the refusal."""
        body = await read_json(request)
        if isinstance(body, web.Response):
            return body
        member = self._person(body.get("as"))
        if isinstance(member, web.Response):
            return member
        return body, member

    def _person(self, raw: Any) -> Member | web.Response:
        try:
            member = self.cast.person(int(str(raw)))
        except ValueError:
            member = None
        return member if member is not None else refused("Pick who you are first.")

    async def people(self, request: web.Request) -> web.Response:
        """Who the page may act as (the first is where a new tab starts)."""
        return web.json_response({"people": server_view(self.cast)["people"]})

    async def state(self, request: web.Request) -> web.Response:
        member = self._person(request.query.get("as"))
        if isinstance(member, web.Response):
            return member
        messages = [
            message_view(self.cast, m)
            for m in sorted(self.world.messages.values(), key=lambda m: m.id)
            if m.guild_id == self.cast.guild.id and m.visible_to(member.user.id)
        ]
        return web.json_response(
            {
                "me": str(member.user.id),
                "server": server_view(self.cast),
                "commands": commands_view(self.cast, member),
                "messages": messages,
                "online": self.world.gateway.connected,
                "skus": {str(sku.id): sku.name for sku in self.world.shop.skus.values()},
                "limits": {
                    "content": CONTENT,
                    "files": MAX_FILES,
                    "upload": self.world.upload_limit,
                },
            }
        )

    async def live(self, request: web.Request) -> web.StreamResponse:
        member = self._person(request.query.get("as"))
        if isinstance(member, web.Response):
            return member
        return await self.hub.serve(request, member.user.id)

    # -- helpers ---------------------------------------------------------------------------

    def _slow_down(self, member: Member) -> web.Response | None:
        wait = self.rate.retry_after(member.user.id)
        if not wait:
            return None
        return web.json_response(
            {
                "error": f"You are doing that too fast: try again in {wait:.1f} s.",
                "retry_after": wait,
            },
            status=429,
        )

    def _channel(self, raw: Any) -> Channel | None:
        try:
            channel = self.world.channels.get(int(str(raw)))
        except ValueError:
            return None
        return channel if channel is not None and channel.guild_id == self.cast.guild.id else None

    def _message(self, raw: Any, member: Member) -> Message | None:
        try:
            message = self.world.messages.get(int(str(raw)))
        except ValueError:
            return None
        if message is None or message.guild_id != self.cast.guild.id:
            return None
        return message if message.visible_to(member.user.id) else None

    def _known_ids(self) -> set[int]:
        guild = self.cast.guild
        return (
            set(guild.members)
            | {c.id for c in guild.channels}
            | {int(r["id"]) for r in guild.roles}
            | {guild.id}
        )

    def _started(self, handle: InteractionHandle, what: str) -> web.Response:
        self.hub.watch(handle, what)
        return web.json_response({"interaction": str(handle.interaction.id)})

    # -- actions ---------------------------------------------------------------------------

    async def post_message(self, request: web.Request) -> web.Response:
        form = await read_form(request)
        if isinstance(form, web.Response):
            return form
        fields, uploads = form
        member = self._person(fields.get("as"))
        if isinstance(member, web.Response):
            return member
        channel = self._channel(fields.get("channel"))
        if channel is None:
            return refused("That channel is not in this server.")
        content = fields.get("content", "")
        files = [(name, data) for _, name, data in uploads]
        problem = message_refusal(content, files, self.world.upload_limit)
        if problem:
            return refused(problem, 413 if "too powerful" in problem else 400)
        if slow := self._slow_down(member):
            return slow
        message = self.world.post_message(member, content, files, channel=channel)
        return web.json_response({"message": str(message.id)})

    def _component(self, message: Message, custom_id: str) -> dict[str, Any] | None:
        for row in message.components:
            for component in row.get("components") or []:
                if component.get("custom_id") == custom_id:
                    return dict(component)
        return None

    async def click(self, request: web.Request) -> web.Response:
        acting = await self._acting(request)
        if isinstance(acting, web.Response):
            return acting
        body, member = acting
        message = self._message(body.get("message"), member)
        custom_id = str(body.get("custom_id", ""))
        component = self._component(message, custom_id) if message else None
        if message is None or component is None or component.get("type") != 2:
            return refused("That button is not there any more.")
        if component.get("disabled"):
            return refused("That button is disabled.")
        if slow := self._slow_down(member):
            return slow
        return self._started(self.world.click(message, custom_id, member), "button")

    async def buy(self, request: web.Request) -> web.Response:
        """A premium button: Discord's checkout, here free and at once (the bot hears of the
        purchase on the gateway, as on Discord)."""
        acting = await self._acting(request)
        if isinstance(acting, web.Response):
            return acting
        body, member = acting
        message = self._message(body.get("message"), member)
        sku = str(body.get("sku_id", ""))
        if message is None or not sku.isdigit():
            return refused("That button is not there any more.")
        try:
            bought = self.world.buy(member, message, int(sku))
        except PurchaseBlocked as blocked:
            return refused(f"Discord would not sell this now: {blocked}")
        return web.json_response({"entitlement": str(bought.id)})

    async def select(self, request: web.Request) -> web.Response:
        acting = await self._acting(request)
        if isinstance(acting, web.Response):
            return acting
        body, member = acting
        message = self._message(body.get("message"), member)
        custom_id = str(body.get("custom_id", ""))
        component = self._component(message, custom_id) if message else None
        values = body.get("values")
        if message is None or component is None or component.get("type") == 2:
            return refused("That menu is not there any more.")
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            return refused("Pick from the menu.")
        problem = select_refusal(component, values, self._known_ids())
        if problem:
            return refused(problem)
        if slow := self._slow_down(member):
            return slow
        kind = int(component["type"])
        return self._started(
            self.world.select(message, custom_id, values, member, kind=kind), "select"
        )

    def _command(self, name: str, kind: int, member: Member) -> dict[str, Any] | None:
        # A slash command's sub-commands follow its name; a message command's name has spaces.
        key = name.split(" ")[0] if kind == 1 else name
        command = self.world.commands.get((key, kind))
        return command if command is not None and may_use(command, member) else None

    async def slash(self, request: web.Request) -> web.Response:
        form = await read_form(request)
        if isinstance(form, web.Response):
            return form
        fields, uploads = form
        member = self._person(fields.get("as"))
        if isinstance(member, web.Response):
            return member
        channel = self._channel(fields.get("channel"))
        name = " ".join(fields.get("command", "").split())
        command = self._command(name, 1, member)
        declared = leaf_options(command, name.split(" ")[1:]) if command else None
        if channel is None or declared is None:
            return refused(f"There is no command /{name} here.")
        try:
            given = json.loads(fields.get("options") or "{}")
        except json.JSONDecodeError:
            return refused("Those options are not readable.")
        if not isinstance(given, dict):
            return refused("Those options are not readable.")
        files = {
            field.removeprefix("file:"): (filename, data)
            for field, filename, data in uploads
            if field.startswith("file:")
        }
        try:
            options = option_values(
                declared, given, files, self.world.upload_limit, self._known_ids()
            )
        except Refused as exc:
            return refused(str(exc))
        if slow := self._slow_down(member):
            return slow
        handle = self.world.run_slash(
            name,
            member,
            [o for o in options if "file" not in o],
            {o["name"]: o["file"] for o in options if "file" in o},
            channel=channel,
        )
        return self._started(handle, f"/{name}")

    async def autocomplete(self, request: web.Request) -> web.Response:
        acting = await self._acting(request)
        if isinstance(acting, web.Response):
            return acting
        body, member = acting
        channel = self._channel(body.get("channel"))
        name = " ".join(str(body.get("command", "")).split())
        command = self._command(name, 1, member)
        declared = leaf_options(command, name.split(" ")[1:]) if command else None
        focused = str(body.get("focused", ""))
        option = next((o for o in declared or [] if o["name"] == focused), None)
        if channel is None or option is None or not option.get("autocomplete"):
            return refused("That option has no suggestions.")
        typed = str(body.get("value", ""))[:100]
        handle = self.world.autocomplete(
            name,
            member,
            [{"name": focused, "type": int(option["type"]), "value": typed}],
            focused,
            channel=channel,
        )
        deadline = self.world.response_deadline_s
        try:
            await self.world.wait_for(lambda: handle.choices is not None, within=deadline)
        except TimeoutError:
            return web.json_response({"choices": [], "error": "No suggestions came in time."})
        return web.json_response({"choices": handle.choices})

    async def message_command(self, request: web.Request) -> web.Response:
        acting = await self._acting(request)
        if isinstance(acting, web.Response):
            return acting
        body, member = acting
        name = str(body.get("name", ""))
        message = self._message(body.get("message"), member)
        if self._command(name, 3, member) is None or message is None:
            return refused("That app command is not available on this message.")
        if slow := self._slow_down(member):
            return slow
        return self._started(self.world.run_message_command(name, message, member), name)

    async def modal(self, request: web.Request) -> web.Response:
        acting = await self._acting(request)
        if isinstance(acting, web.Response):
            return acting
        body, member = acting
        try:
            watched = self.hub.watched.get(int(str(body.get("interaction"))))
        except ValueError:
            watched = None
        values = body.get("values")
        if (
            watched is None
            or watched.handle.modal is None
            or watched.handle.interaction.user.id != member.user.id
        ):
            return refused("That form is closed.")
        if not isinstance(values, dict) or not all(isinstance(v, str) for v in values.values()):
            return refused("Fill in the form.")
        problem = modal_refusal(watched.handle.modal, values)
        if problem:
            return refused(problem)
        if slow := self._slow_down(member):
            return slow
        self.hub.forget(watched.handle.interaction.id)
        return self._started(self.world.submit_modal(watched.handle, values, member), "form")

    async def generator(self, request: web.Request) -> web.Response:
        acting = await self._acting(request)
        if isinstance(acting, web.Response):
            return acting
        body, member = acting
        if slow := self._slow_down(member):
            return slow
        images = FOUR_IMAGES if body.get("images") == "four" else ONE_IMAGE
        message = self.cast.generator_posts(images)
        return web.json_response({"message": str(message.id)})
