"""What the page sends is held to Discord's limits for people, before the bot hears of it,
and what the bot answers through the page is held to Discord's limits for bots."""

from __future__ import annotations

import json

import aiohttp
import pytest

from bot.playground.person_limits import ACTIONS_PER_WINDOW
from bot.playground.standin.limits import callback_errors
from bot.playground.standin.shop_actions import premium_buttons
from config import Settings

from .conftest import PlaygroundFactory

pytestmark = pytest.mark.e2e


def _form(person: int, **fields: str) -> aiohttp.FormData:
    # The page's composer always sends multipart (it may carry files); so does this.
    form = aiohttp.FormData(default_to_multipart=True)
    form.add_field("as", str(person))
    for name, value in fields.items():
        form.add_field(name, value)
    return form


async def test_the_page_refuses_what_discord_refuses_a_person(start_playground: PlaygroundFactory):
    """Too long, too big, hidden commands, bad options, unknown choices and too many actions
    are refused with the client's words; nothing reaches the bot."""
    playground = await start_playground()
    world, cast = playground.world, playground.cast
    assert world is not None and cast is not None
    alice, admin = cast.people["alice"].user.id, cast.people["admin"].user.id
    general = str(cast.general.id)
    world.upload_limit = 1024
    messages_before = len(world.messages)
    async with aiohttp.ClientSession(playground.url) as http:

        async def post(path: str, data: aiohttp.FormData) -> tuple[int, dict[str, object]]:
            async with http.post(path, data=data) as response:
                return response.status, await response.json()

        status, body = await post(
            "/api/messages", _form(alice, channel=general, content="x" * 2001)
        )
        assert (status, body["error"]) == (
            400,
            "Your message is 2,001 characters long; the limit is 2,000.",
        )
        big = _form(alice, channel=general, content="")
        big.add_field("files", b"\0" * 2048, filename="big.png")
        status, body = await post("/api/messages", big)
        assert status == 413 and "too powerful" in str(body["error"])

        grant = _form(alice, channel=general, command="credits-admin grant", options="{}")
        status, body = await post("/api/slash", grant)
        assert (status, body["error"]) == (400, "There is no command /credits-admin grant here.")
        options = json.dumps({"member": str(alice), "amount": "five", "reason": "x"})
        status, body = await post(
            "/api/slash",
            _form(admin, channel=general, command="credits-admin grant", options=options),
        )
        assert (status, body["error"]) == (400, "amount must be a whole number.")
        status, body = await post(
            "/api/slash", _form(alice, channel=general, command="upscale", options="{}")
        )
        assert (status, body["error"]) == (400, "Pick a file for image.")
        assert len(world.messages) == messages_before
        assert not world.interactions

        for _ in range(ACTIONS_PER_WINDOW):
            status, _ = await post("/api/messages", _form(alice, channel=general, content="hi"))
            assert status == 200
        status, body = await post("/api/messages", _form(alice, channel=general, content="hi"))
        assert status == 429 and float(str(body["retry_after"])) > 0


async def test_suggestions_come_from_the_bot_within_discords_limits(
    start_playground: PlaygroundFactory,
):
    """/upscale's model option lists the bot's installed models (at most 25), as the bot
    answers Discord's autocomplete."""
    playground = await start_playground()
    assert playground.cast is not None
    bob = playground.cast.people["bob"].user.id
    async with aiohttp.ClientSession(playground.url) as http:
        body = {
            "as": str(bob),
            "channel": str(playground.cast.general.id),
            "command": "upscale",
            "focused": "model",
            "value": "anime",
        }
        async with http.post("/api/autocomplete", json=body) as response:
            choices = (await response.json())["choices"]
    assert "animevideo-x4" in {c["value"] for c in choices}
    assert 0 < len(choices) <= 25
    assert all("anime" in c["name"].lower() for c in choices)


def test_an_autocomplete_answer_of_26_choices_is_refused_like_discord():
    """A bot that offers more than 25 suggestions gets Discord's 50035, naming the field."""
    choices = [{"name": f"model {i}", "value": f"m{i}"} for i in range(26)]
    errors = callback_errors({"type": 8, "data": {"choices": choices}})
    assert errors.tree == {
        "data": {
            "choices": {
                "_errors": [
                    {"code": "BASE_TYPE_MAX_LENGTH", "message": "Must be 25 or fewer in length."}
                ]
            }
        }
    }
    assert not callback_errors({"type": 8, "data": {"choices": choices[:25]}})


async def test_a_member_buys_the_playgrounds_pack_from_the_page(
    start_playground: PlaygroundFactory, playground_settings: Settings
):
    """/credits on the page shows the playground's pack; buying it (free) adds its 100 credits
    to the wallet once, even with an owner's packs for SKUs the stand-in does not have."""
    playground_settings.credits.packs = {4242: 50}  # the owner's real SKU: not in the stand-in
    playground = await start_playground()
    world, cast, bot = playground.world, playground.cast, playground.bot
    assert world is not None and cast is not None and bot is not None
    alice = cast.people["alice"]
    wallet = (cast.guild.id, alice.user.id)
    before = (await bot.storage.ledger.wallet(*wallet)).balance
    async with aiohttp.ClientSession(playground.url) as http:
        command = _form(
            alice.user.id, channel=str(cast.general.id), command="credits", options="{}"
        )
        async with http.post("/api/slash", data=command) as response:
            assert response.status == 200
        shown = await world.wait_for(
            lambda: [
                m
                for m in world.visible_messages(alice)
                if m.ephemeral and premium_buttons(m.components)
            ]
        )
        (button,) = premium_buttons(shown[-1].components)
        async with http.get(f"/api/state?as={alice.user.id}") as response:
            state = await response.json()
        assert state["skus"][button["sku_id"]] == "100 credits"
        body = {"as": str(alice.user.id), "message": str(shown[-1].id), "sku_id": button["sku_id"]}
        async with http.post("/api/buy", json=body) as response:
            assert response.status == 200
    (bought,) = world.shop.entitlements.values()
    await world.wait_for(lambda: bought.consumed)
    await bot.context.shop.consumer.wait_idle()
    assert (await bot.storage.ledger.wallet(*wallet)).balance == before + 100
