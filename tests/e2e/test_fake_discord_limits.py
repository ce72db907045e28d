"""The fake Discord holds every message body to Discord's length and count limits: each path
(interaction callbacks, followups, webhook edits, channel messages) answers 50035."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import discord
import pytest
from discord.ext import commands

from bot.playground.standin import FakeDiscord

from .conftest import Runner
from .test_fake_discord import tiny_bot


class RawView(discord.ui.View):
    """Components exactly as given, past discord.py's own checks, so the fake must judge them."""

    def __init__(self, components: list[dict[str, object]]) -> None:
        super().__init__(timeout=None)
        self.raw = components

    def to_components(self) -> list[dict[str, object]]:  # type: ignore[override]
        return self.raw


def button(custom_id: str, label: str = "press") -> dict[str, object]:
    return {"type": 2, "style": 1, "label": label, "custom_id": custom_id}


def buttons(count: int, prefix: str) -> dict[str, object]:
    return {"type": 1, "components": [button(f"{prefix}{i}") for i in range(count)]}


def string_select(options: int) -> dict[str, object]:
    choices = [{"label": f"option {i}", "value": str(i)} for i in range(options)]
    return {"type": 1, "components": [{"type": 3, "custom_id": "pick", "options": choices}]}


TOO_LONG = "x" * 2001


def refused_replies() -> dict[str, dict[str, Any]]:
    """Reply bodies over one of Discord's limits each, keyed by what is wrong with them."""
    fields = discord.Embed()
    for i in range(26):
        fields.add_field(name=str(i), value="v")
    select = string_select(2)["components"]
    return {
        "content": {"content": TOO_LONG},
        "six buttons in a row": {"view": RawView([buttons(6, "b")])},
        "26 select options": {"view": RawView([string_select(26)])},
        "six rows": {"view": RawView([buttons(1, f"r{i}-") for i in range(6)])},
        "a select beside a button": {
            "view": RawView([{"type": 1, "components": [*select, button("b")]}])
        },
        "a duplicate custom_id": {"view": RawView([buttons(1, "same"), buttons(1, "same")])},
        "an 81-character button label": {
            "view": RawView([{"type": 1, "components": [button("b", "l" * 81)]}])
        },
        "6001 embed characters": {
            "embeds": [
                discord.Embed(title="t", description="d" * 4000),
                discord.Embed(description="e" * 2000),
            ]
        },
        "a 257-character embed title": {"embed": discord.Embed(title="t" * 257)},
        "26 embed fields": {"embed": fields},
    }


class GrowView(discord.ui.View):
    """A button whose update (callback type 7) first tries content over the limit."""

    def __init__(self, refusals: dict[str, discord.HTTPException]) -> None:
        super().__init__(timeout=None)
        self.refusals = refusals

    @discord.ui.button(label="grow", custom_id="grow")
    async def grow(
        self, interaction: discord.Interaction, button: discord.ui.Button[GrowView]
    ) -> None:
        try:
            await interaction.response.edit_message(content=TOO_LONG)
        except discord.HTTPException as exc:
            self.refusals["update"] = exc
        await interaction.response.edit_message(content="grown")


def limits_bot(fake: FakeDiscord, refusals: dict[str, discord.HTTPException]) -> commands.Bot:
    """Commands that try bodies over Discord's limits on each path, keeping what was refused,
    then answer within the limits."""
    bot = tiny_bot(fake)

    @bot.tree.command(name="oversized-reply", description="tries refused replies first")
    async def oversized_reply(interaction: discord.Interaction) -> None:
        for case, body in refused_replies().items():
            try:
                await interaction.response.send_message(**body)
            except discord.HTTPException as exc:
                refusals[case] = exc
        try:
            await interaction.response.send_modal(
                discord.ui.Modal(title="m" * 46).add_item(discord.ui.TextInput(label="name"))
            )
        except discord.HTTPException as exc:
            refusals["a 46-character modal title"] = exc
        at_limits = [
            discord.Embed(title="t", description="d" * 4000),
            discord.Embed(description="e" * 1999),
        ]
        view = RawView([buttons(5, f"r{i}-") for i in range(4)] + [string_select(25)])
        await interaction.response.send_message("x" * 2000, embeds=at_limits, view=view)

    @bot.tree.command(name="oversized-edit", description="replies, then tries refused edits")
    async def oversized_edit(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("short", view=GrowView(refusals))
        six_rows = RawView([buttons(1, f"r{i}-") for i in range(6)])
        attempts: dict[str, Callable[[], Awaitable[object]]] = {
            "followup": lambda: interaction.followup.send(TOO_LONG),
            "@original edit": lambda: interaction.edit_original_response(content=TOO_LONG),
            "followup with six rows": lambda: interaction.followup.send("rows", view=six_rows),
        }
        for path, attempt in attempts.items():
            try:
                await attempt()
            except discord.HTTPException as exc:
                refusals[path] = exc
        await interaction.followup.send("done")

    return bot


async def test_replies_over_discords_limits_are_refused(fake: FakeDiscord, run_client: Runner):
    """Every reply over a limit gets 50035 naming the field and leaves the interaction
    unanswered, so a reply within the limits still lands, and alone."""
    refusals: dict[str, discord.HTTPException] = {}
    await run_client(limits_bot(fake, refusals))
    handle = await fake.run_slash("oversized-reply", fake.add_member("alice")).response()
    expected = [*refused_replies(), "a 46-character modal title"]
    assert sorted(refusals) == sorted(expected)
    assert {exc.code for exc in refusals.values()} == {50035}
    assert {exc.status for exc in refusals.values()} == {400}
    texts = {case: exc.text for case, exc in refusals.items()}
    assert "In data.content: Must be 2000 or fewer in length." in texts["content"]
    assert (
        "In data.components.0.components: Must be between 1 and 5" in texts["six buttons in a row"]
    )
    assert (
        "In data.components.0.components.0.options: Must be between 1 and 25"
        in texts["26 select options"]
    )
    assert "In data.components: Must be 5 or fewer in length." in texts["six rows"]
    assert (
        "In data.embeds: Embed size exceeds maximum size of 6000" in texts["6001 embed characters"]
    )
    assert "In data.title: Must be between 1 and 45" in texts["a 46-character modal title"]
    (reply,) = handle.shown()
    assert handle.type == 4 and reply.content == "x" * 2000 and len(reply.components) == 5
    assert handle.modal is None and len(fake.messages) == 1


async def test_followups_updates_and_edits_over_discords_limits_are_refused(
    fake: FakeDiscord, run_client: Runner
):
    """A 2001-character followup, @original edit or button update gets 50035 and changes
    nothing; the update is still unanswered and can land within the limits."""
    refusals: dict[str, discord.HTTPException] = {}
    await run_client(limits_bot(fake, refusals))
    alice = fake.add_member("alice")
    handle = fake.run_slash("oversized-edit", alice)
    await fake.wait_for(lambda: handle.followups)
    assert sorted(refusals) == ["@original edit", "followup", "followup with six rows"]
    assert "In content: Must be 2000 or fewer" in refusals["@original edit"].text
    original = handle.original
    assert original is not None and original.content == "short" and original.edits == 0
    assert [m.content for m in handle.followups] == ["done"]

    update = await fake.click(original, "grow", alice).response()
    assert "In data.content: Must be 2000 or fewer" in refusals["update"].text
    assert {exc.code for exc in refusals.values()} == {50035}
    assert update.type == 7 and original.revisions == ["short", "grown"]


async def test_channel_messages_over_discords_limits_are_refused(
    fake: FakeDiscord, run_client: Runner
):
    """Creating or editing a channel message over a limit gets 50035 and changes nothing."""
    bot = tiny_bot(fake)
    await run_client(bot)
    channel = bot.get_channel(fake.channel.id)
    assert isinstance(channel, discord.TextChannel)
    for body in refused_replies().values():
        with pytest.raises(discord.HTTPException) as refused:
            await channel.send(**body)
        assert refused.value.code == 50035
    assert not fake.messages
    message = await channel.send("kept")
    for edit in ({"content": TOO_LONG}, {"embed": discord.Embed(description="d" * 4097)}):
        with pytest.raises(discord.HTTPException) as refused:
            await message.edit(**edit)
        assert refused.value.code == 50035
    stored = fake.messages[message.id]
    assert stored.content == "kept" and stored.edits == 0 and not stored.embeds
