"""The fake Discord behaves like Discord towards an unmodified discord.py client."""

from __future__ import annotations

import asyncio
import re

import aiohttp
import discord
import pytest
from discord import app_commands
from discord.ext import commands

from bot.playground.standin import FakeDiscord
from bot.playground.standin.rest import EDIT_WINDOW_S
from bot.playground.standin.state import EPHEMERAL

from .conftest import Runner


class CounterButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=r"count:(?P<n>\d+)"
):
    """A stateless button: its count lives in its custom_id, so it survives restarts."""

    def __init__(self, n: int) -> None:
        super().__init__(discord.ui.Button(label=f"Count {n}", custom_id=f"count:{n}"))
        self.n = n

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction,
        item: discord.ui.Item[discord.ui.View],
        match: re.Match[str],
    ) -> CounterButton:
        return cls(int(match["n"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        view = discord.ui.View(timeout=None).add_item(CounterButton(self.n + 1))
        await interaction.response.edit_message(content=f"count is {self.n + 1}", view=view)


def tiny_bot(fake: FakeDiscord, *, late: float = 0.0) -> commands.Bot:
    bot = commands.Bot(
        command_prefix="!", intents=discord.Intents.default(), guild_ready_timeout=0.1
    )

    @bot.tree.command(name="hello", description="say hello")
    async def hello(interaction: discord.Interaction) -> None:
        await asyncio.sleep(late)
        await interaction.response.send_message("hello there", ephemeral=True)

    @bot.tree.command(name="slow", description="defers, then edits")
    async def slow(interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        await interaction.edit_original_response(content="done thinking")
        await interaction.followup.send("and a followup", ephemeral=True)

    @bot.tree.command(name="counter", description="post a counter")
    async def counter(interaction: discord.Interaction) -> None:
        view = discord.ui.View(timeout=None).add_item(CounterButton(0))
        await interaction.response.send_message("count is 0", view=view)

    @bot.tree.command(name="picture", description="post a picture")
    @app_commands.describe(image="the picture")
    async def picture(interaction: discord.Interaction, image: discord.Attachment) -> None:
        data = await image.read()
        await interaction.response.send_message(
            f"got {len(data)} bytes", file=discord.File(__import__("io").BytesIO(data), "first.png")
        )
        message = await interaction.original_response()
        channel_message = await interaction.channel.fetch_message(message.id)  # type: ignore[union-attr]
        await channel_message.edit(
            attachments=[discord.File(__import__("io").BytesIO(data[::-1]), "second.png")]
        )

    async def setup_hook() -> None:
        bot.add_dynamic_items(CounterButton)
        await bot.tree.sync()

    bot.setup_hook = setup_hook  # type: ignore[method-assign]
    return bot


async def test_login_ready_and_guild(fake: FakeDiscord, run_client: Runner):
    """The client logs in over HTTP, identifies over the gateway, and sees the guild."""
    bot = tiny_bot(fake)
    await run_client(bot)
    assert bot.user is not None and bot.user.id == fake.bot_user.id
    guild = bot.get_guild(fake.guild.id)
    assert guild is not None and guild.get_channel(fake.channel.id) is not None
    assert {name for name, _ in fake.commands} >= {"hello", "slow", "counter", "picture"}


async def test_a_bad_token_is_refused(fake: FakeDiscord, point_discord_at_fake: None):
    """A wrong token fails at login, as with Discord."""
    bot = tiny_bot(fake)
    with pytest.raises(discord.LoginFailure):
        await bot.login("wrong-token")
    await bot.close()


async def test_slash_command_with_ephemeral_reply(fake: FakeDiscord, run_client: Runner):
    """Only the member who ran it sees the ephemeral reply."""
    await run_client(tiny_bot(fake))
    alice, bob = fake.add_member("alice"), fake.add_member("bob")
    handle = await fake.run_slash("hello", alice).response()
    (reply,) = handle.shown()
    assert reply.content == "hello there" and reply.flags & EPHEMERAL
    assert reply in fake.visible_messages(alice) and reply not in fake.visible_messages(bob)


async def test_deferred_response_then_edits_and_followup(fake: FakeDiscord, run_client: Runner):
    """defer(thinking) shows a loading message that the edit fills in; followups arrive."""
    await run_client(tiny_bot(fake))
    alice = fake.add_member("alice")
    handle = fake.run_slash("slow", alice)
    await fake.wait_for(lambda: handle.original and handle.original.content == "done thinking")
    await fake.wait_for(lambda: len(handle.followups) == 1)
    assert handle.type == 5 and handle.followups[0].content == "and a followup"


async def test_dynamic_button_works_after_a_restart(fake: FakeDiscord, run_client: Runner):
    """A button posted before a restart is still handled by the new process."""
    first = tiny_bot(fake)
    await run_client(first)
    alice = fake.add_member("alice")
    posted = (await fake.run_slash("counter", alice).response()).original
    assert posted is not None and posted.content == "count is 0"
    await first.close()

    await run_client(tiny_bot(fake))
    await fake.click(posted, "count:0", alice).response()
    assert posted.content == "count is 1"
    assert posted.components[0]["components"][0]["custom_id"] == "count:1"


async def test_replacing_an_image_attachment(fake: FakeDiscord, run_client: Runner):
    """The bot reads an uploaded file, posts it, then replaces it; the CDN serves new bytes."""
    await run_client(tiny_bot(fake))
    alice = fake.add_member("alice")
    handle = fake.run_slash("picture", alice, attachments={"image": ("in.png", b"0123456789")})
    message = await fake.wait_for(
        lambda: handle.original if handle.original and handle.original.edits else None
    )
    (attachment,) = message.attachments
    assert attachment.filename == "second.png" and attachment.data == b"9876543210"
    assert message.content == "got 10 bytes"


async def test_a_429_on_an_edit_is_retried(fake: FakeDiscord, run_client: Runner):
    """discord.py waits out a rate limit and retries; the edit still lands."""
    bot = tiny_bot(fake)
    await run_client(bot)
    channel = bot.get_channel(fake.channel.id)
    assert isinstance(channel, discord.TextChannel)
    message = await channel.send("before")
    fake.faults.rate_limit("PATCH", f"/messages/{message.id}", times=2)
    await message.edit(content="after")
    assert fake.messages[message.id].content == "after"
    patches = [path for method, path in fake.requests if method == "PATCH"]
    assert len(patches) == 3


async def test_edit_rate_limit_is_enforced_per_channel(fake: FakeDiscord, run_client: Runner):
    """Seven quick edits: the fake throttles after five, discord.py waits, all land."""
    bot = tiny_bot(fake)
    await run_client(bot)
    channel = bot.get_channel(fake.channel.id)
    assert isinstance(channel, discord.TextChannel)
    message = await channel.send("0")
    for i in range(1, 8):
        await message.edit(content=str(i))
    stored = fake.messages[message.id]
    assert stored.content == "7"
    assert stored.revisions == [str(i) for i in range(8)]
    # Edits 1-5 fill the window; the 6th could only land once the first left it.
    assert stored.revised_at[6] - stored.revised_at[1] >= EDIT_WINDOW_S - 0.1


async def test_the_sixth_edit_in_a_window_is_answered_429(fake: FakeDiscord):
    """Without discord.py's own pacing, the fake answers the sixth quick edit with a 429
    carrying Discord's headers, and counts it."""
    message = fake.post_message(fake.bot_user, "0")
    url = f"{fake.api_base}/channels/{fake.channel.id}/messages/{message.id}"
    headers = {"Authorization": f"Bot {fake.token}"}
    async with aiohttp.ClientSession() as http:
        statuses = []
        for i in range(6):
            async with http.patch(url, json={"content": str(i)}, headers=headers) as response:
                statuses.append(response.status)
                last = response
        assert statuses == [200] * 5 + [429]
        assert last.headers["X-RateLimit-Remaining"] == "0"
    assert fake.rate_limited == 1
    assert fake.messages[message.id].content == "4"


async def test_a_late_response_gets_unknown_interaction(fake: FakeDiscord, run_client: Runner):
    """Answering after the deadline fails with 10062, as Discord does after 3 s."""
    fake.response_deadline_s = 0.2
    errors: list[BaseException] = []
    bot = tiny_bot(fake, late=0.5)

    async def on_error(
        interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        errors.append(error)

    bot.tree.on_error = on_error  # type: ignore[method-assign]
    await run_client(bot)
    handle = fake.run_slash("hello", fake.add_member("alice"))
    await fake.wait_for(lambda: errors, within=5)
    original = errors[0].__cause__ if errors[0].__cause__ else errors[0]
    assert isinstance(original, discord.NotFound) and original.code == 10062
    assert not handle.interaction.responded


async def test_a_second_response_is_refused(fake: FakeDiscord, run_client: Runner):
    """Responding twice to one interaction fails with 40060, like Discord."""
    await run_client(tiny_bot(fake))
    handle = await fake.run_slash("hello", fake.add_member("alice")).response()
    interaction = handle.interaction
    url = f"{fake.api_base}/interactions/{interaction.id}/{interaction.token}/callback"
    body = {"type": 4, "data": {"content": "again"}}
    async with aiohttp.ClientSession() as session, session.post(url, json=body) as response:
        assert response.status == 400
        assert (await response.json())["code"] == 40060


async def test_gateway_drop_resumes(fake: FakeDiscord, run_client: Runner):
    """After the connection drops, the client resumes and still receives interactions."""
    await run_client(tiny_bot(fake))
    await fake.gateway.drop()
    await fake.wait_for(lambda: fake.gateway.resumes >= 1, within=15)
    handle = await fake.run_slash("hello", fake.add_member("alice")).response()
    assert handle.shown()[0].content == "hello there"


async def test_upload_limit_and_content_length(fake: FakeDiscord, run_client: Runner):
    """Files over the upload limit get 40005; content over 2000 characters gets 50035."""
    bot = tiny_bot(fake)
    await run_client(bot)
    channel = bot.get_channel(fake.channel.id)
    assert isinstance(channel, discord.TextChannel)
    fake.upload_limit = 100
    with pytest.raises(discord.HTTPException) as too_big:
        await channel.send(file=discord.File(__import__("io").BytesIO(b"x" * 200), "big.png"))
    assert too_big.value.code == 40005
    with pytest.raises(discord.HTTPException) as too_long:
        await channel.send("x" * 2001)
    assert too_long.value.code == 50035


async def test_interaction_tokens_expire(fake: FakeDiscord, run_client: Runner):
    """Editing a reply after the token's lifetime fails with 50027, as after 15 minutes."""
    errors: list[discord.HTTPException] = []
    bot = tiny_bot(fake)

    @bot.tree.command(name="late-edit", description="edits after a while")
    async def late_edit(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("first")
        await asyncio.sleep(0.3)
        try:
            await interaction.edit_original_response(content="second")
        except discord.HTTPException as exc:
            errors.append(exc)

    fake.token_lifetime_s = 0.2
    await run_client(bot)
    fake.run_slash("late-edit", fake.add_member("alice"))
    await fake.wait_for(lambda: errors)
    assert errors[0].status == 401 and errors[0].code == 50027


async def test_a_transient_server_error_is_retried(fake: FakeDiscord, run_client: Runner):
    """One injected 500 on a message post: discord.py retries and the message arrives once."""
    bot = tiny_bot(fake)
    await run_client(bot)
    channel = bot.get_channel(fake.channel.id)
    assert isinstance(channel, discord.TextChannel)
    path = f"/channels/{fake.channel.id}/messages"
    fake.faults.fail("POST", path, times=1, status=500)
    sent = await channel.send("arrives")
    assert fake.messages[sent.id].content == "arrives"
    assert sum(1 for method, p in fake.requests if method == "POST" and p.endswith(path)) == 2


# -- several guilds -------------------------------------------------------------------------


def recording_bot(fake: FakeDiscord, seen: list[discord.Interaction]) -> commands.Bot:
    """The tiny bot, also keeping every interaction it receives."""
    bot = tiny_bot(fake)

    async def on_interaction(interaction: discord.Interaction) -> None:
        seen.append(interaction)

    bot.add_listener(on_interaction)
    return bot


async def test_every_guild_gets_a_guild_create(fake: FakeDiscord, run_client: Runner):
    """Two guilds at login and a third joined later: the bot gets a GUILD_CREATE for each and
    sees each guild with its own #general."""
    second = fake.add_guild("Second Server")
    events: list[str] = []
    joined: list[discord.Guild] = []
    bot = tiny_bot(fake)

    async def on_socket_event_type(event: str) -> None:
        events.append(event)

    async def on_guild_join(guild: discord.Guild) -> None:
        joined.append(guild)

    bot.add_listener(on_socket_event_type)
    bot.add_listener(on_guild_join)
    await run_client(bot)
    assert events.count("GUILD_CREATE") == 2
    for guild in (fake.guild, second):
        seen = bot.get_guild(guild.id)
        assert seen is not None and seen.name == guild.name
        assert seen.get_channel(guild.general.id) is not None
        assert seen.owner_id == guild.owner.user.id
    assert fake.guild.owner.user.id != second.owner.user.id

    third = fake.add_guild("Third Server")
    await fake.wait_for(lambda: joined, within=5)
    assert [g.id for g in joined] == [third.id] and events.count("GUILD_CREATE") == 3
    assert {g.id for g in bot.guilds} == {fake.guild.id, second.id, third.id}


async def test_a_click_comes_from_the_guild_of_the_message(fake: FakeDiscord, run_client: Runner):
    """One person in two guilds, managing only B: their click in B's channel reaches the bot
    with B's guild, channel and permissions; in A it carries A's."""
    seen: list[discord.Interaction] = []
    await run_client(recording_bot(fake, seen))
    b = fake.add_guild("Server B")
    bob_in_b = fake.add_member("bob", guild=b, manage_guild=True)
    bob_in_a = fake.add_member("bob", user=bob_in_b.user)

    posted = (await fake.run_slash("counter", bob_in_b).response()).original
    assert posted is not None and (posted.guild_id, posted.channel_id) == (b.id, b.general.id)
    await fake.click(posted, "count:0", bob_in_b).response()
    in_b = seen[-1]
    assert in_b.guild_id == b.id and in_b.channel_id == b.general.id
    assert isinstance(in_b.user, discord.Member) and in_b.permissions.manage_guild
    assert posted.content == "count is 1"

    in_a_message = (await fake.run_slash("counter", bob_in_a).response()).original
    assert in_a_message is not None and in_a_message.guild_id == fake.guild.id
    await fake.click(in_a_message, "count:0", bob_in_a).response()
    in_a = seen[-1]
    assert in_a.guild_id == fake.guild.id and in_a.channel_id == fake.channel.id
    assert isinstance(in_a.user, discord.Member) and not in_a.permissions.manage_guild

    with pytest.raises(AssertionError, match="not a member"):
        fake.click(posted, "count:1", fake.add_member("alice"))


async def test_an_nsfw_channel_is_nsfw_to_discord_py(fake: FakeDiscord, run_client: Runner):
    """NSFW channels, one known at login and one created later in another guild, show as NSFW,
    also on an interaction run there."""
    art = fake.add_channel("art", nsfw=True)
    seen: list[discord.Interaction] = []
    bot = recording_bot(fake, seen)
    await run_client(bot)
    channel = bot.get_channel(art.id)
    assert isinstance(channel, discord.TextChannel) and channel.is_nsfw()
    general = bot.get_channel(fake.channel.id)
    assert isinstance(general, discord.TextChannel) and not general.is_nsfw()

    b = fake.add_guild("Server B")
    late = fake.add_channel("late-art", guild=b, nsfw=True)
    await fake.wait_for(lambda: bot.get_channel(late.id), within=5)
    late_channel = bot.get_channel(late.id)
    assert isinstance(late_channel, discord.TextChannel) and late_channel.is_nsfw()
    assert late_channel.guild.id == b.id

    handle = await fake.run_slash(
        "hello", fake.add_member("carol", guild=b), channel=late
    ).response()
    channel_seen = seen[-1].channel
    assert isinstance(channel_seen, discord.TextChannel) and channel_seen.is_nsfw()
    assert handle.shown()[0].channel_id == late.id and handle.shown()[0].guild_id == b.id
