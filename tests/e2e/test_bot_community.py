"""Where real communities use the bot: multi-image posts, member cancel, versions, and admin
listings at their maximums, through the fake Discord with the real bot."""

from __future__ import annotations

import asyncio
import io

from PIL import Image

from bot.playground.standin import FakeDiscord, Message
from config import Mode, Settings
from storage.jobs import JobRequest, JobState, SourceImage
from testbed.images import encoded, photo

from .conftest import BotFactory
from .member import answer_text, confirmation_of, credits_text, custom_id, post_with_button


def _ids(message: Message) -> list[list[str]]:
    return [[c["custom_id"] for c in row["components"]] for row in message.components]


def _size(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as image:
        return image.size


async def test_four_members_upscale_four_images_of_one_post_at_once(
    fake: FakeDiscord, start_bot: BotFactory, bot_settings: Settings
):
    """A generator's four-image post: four members each upscale a different image at the same
    moment. The reply ends with four 4x results and every image's buttons; each member paid
    once for their own image."""
    settings = bot_settings.model_copy(deep=True)
    settings.discord.auto_button_channels = [fake.channel.id]
    bot = await start_bot(settings)
    generator = fake.add_bot("generator")
    sizes = [(16, 12), (12, 16), (20, 10), (14, 14)]
    post = fake.post_message(
        generator, "a grid", [(f"image{i}.png", encoded(photo(*s))) for i, s in enumerate(sizes)]
    )
    reply = await fake.wait_for(
        lambda: next((m for m in fake.messages.values() if m.reference == post.id), None)
    )
    assert _ids(reply) == [["up:0", "up:1", "up:2", "up:3"]]
    members = [fake.add_member(f"member{i}") for i in range(4)]
    clicks = [fake.click(reply, f"up:{i}", m) for i, m in enumerate(members)]
    await asyncio.gather(*(c.response() for c in clicks))
    confirmations = [await fake.wait_for(lambda m=m: confirmation_of(fake, m)) for m in members]
    confirms = [
        fake.click(c, custom_id(c, "cf:"), m) for c, m in zip(confirmations, members, strict=True)
    ]
    await asyncio.gather(*(c.response() for c in confirms))
    await fake.wait_for(lambda: len(reply.attachments) == 4, within=120)
    await bot.service.run_until_empty()

    assert sorted(_size(a.data) for a in reply.attachments) == sorted(
        (w * 4, h * 4) for w, h in sizes
    )
    assert _ids(reply) == [[f"og:{i}", f"vh:{i}", f"up:{i}"] for i in range(4)]
    for member in members:
        assert "Balance 7** · reserved 0" in await credits_text(fake, member)
    # Every image's buttons work: image 3's Original is image 3 as posted.
    original = await fake.click(reply, "og:2", members[0]).response()
    assert _size(original.shown()[0].attachments[0].data) == sizes[2]
    # "Upscale again" on image 2 upscales the result, not the generator's original.
    await fake.click(reply, "up:1", members[1]).response()
    again = await fake.wait_for(lambda: confirmation_of(fake, members[1]))
    assert again.id != confirmations[1].id
    fake.click(again, custom_id(again, "cf:"), members[1])
    await fake.wait_for(
        lambda: any(_size(a.data) == (12 * 16, 16 * 16) for a in reply.attachments), within=120
    )
    assert len(reply.attachments) == 4
    await bot.service.run_until_empty()
    assert "Balance 4** · reserved 0" in await credits_text(fake, members[1])


async def test_a_member_cancels_their_running_job_from_the_receipt(
    fake: FakeDiscord, start_bot: BotFactory, bot_settings: Settings
):
    """Cancel on the receipt stops the running job at the next tile; the refund shows in
    /credits and the message says it was cancelled."""
    settings = bot_settings.model_copy(deep=True)
    settings.engine.model = "x4plus"
    settings.engine.tile_size = 64
    settings.engine.tile_overlap = 16
    bot = await start_bot(settings)
    alice = fake.add_member("alice")
    posted = await post_with_button(fake, alice, encoded(photo(256, 256)))
    confirmation = confirmation_of(fake, alice)
    assert confirmation is not None
    await fake.click(confirmation, custom_id(confirmation, "cf:"), alice).response()
    receipt = await fake.wait_for(
        lambda: confirmation if confirmation.content.startswith("Queued") else None
    )
    assert "3 credits reserved" in receipt.content
    await fake.wait_for(
        lambda: any("Upscaling for" in t and "%" in t for t in posted.revisions), within=120
    )
    cancelled = await fake.click(receipt, custom_id(receipt, "qc:"), alice).response()
    assert "cancelled and refunded" in await answer_text(fake, cancelled)
    await bot.service.run_until_empty(timeout_s=120)
    job = await bot.storage.jobs.get(1)
    assert job.state is JobState.CANCELLED
    assert posted.content == "Upscale cancelled."
    assert "Balance 10** · reserved 0" in await credits_text(fake, alice)


async def test_use_this_version_puts_the_original_back(fake: FakeDiscord, start_bot: BotFactory):
    """After two upscales, History -> Use this version -> v0 shows the original again, free,
    recorded as a new version."""
    bot = await start_bot()
    alice = fake.add_member("alice")
    posted = await post_with_button(fake, alice, encoded(photo(12, 10)))
    first = confirmation_of(fake, alice)
    assert first is not None
    fake.click(first, custom_id(first, "cf:"), alice)
    await fake.wait_for(lambda: posted.content.startswith("Upscaled x4"), within=60)
    await bot.service.run_until_empty()
    await fake.click(posted, "up:0", alice).response()
    second = await fake.wait_for(lambda: confirmation_of(fake, alice))
    assert second.id != first.id
    fake.click(second, custom_id(second, "cf:"), alice)
    await fake.wait_for(lambda: _size(posted.attachments[0].data) == (192, 160), within=60)
    await bot.service.run_until_empty()

    versions = (await fake.click(posted, "vh:0", alice).response()).shown()[0]
    assert versions.content.splitlines()[0].startswith("v2 upscale 2 · 192x160")
    await fake.select(versions, custom_id(versions, "uv:"), ["0"], alice).response()
    await fake.wait_for(lambda: _size(posted.attachments[0].data) == (12, 10))
    assert posted.content.startswith("Version 0 shown again")
    listed = (await fake.click(posted, "vh:0", alice).response()).shown()[0]
    assert listed.content.splitlines()[0].startswith("v3 v0 shown again · 12x10")
    assert "shown now" in listed.content.splitlines()[0]
    assert "Balance 4** · reserved 0" in await credits_text(fake, alice)  # two upscales only
    history = (await fake.run_slash("history", alice).response()).shown()[0]
    assert "2 in all" in history.content


async def test_admin_listings_at_their_maximums_page_within_discords_limits(
    fake: FakeDiscord, start_bot: BotFactory, bot_settings: Settings
):
    """100 waiting jobs and 200 audit rows with 200-character reasons: every page fits a
    message, and the page buttons walk through them."""
    settings = bot_settings.model_copy(deep=True)
    settings.credits.max_queued_per_user = 100
    bot = await start_bot(settings)
    bot.service.pause()
    admin = fake.add_member("mod", manage_guild=True)
    alice = fake.add_member("alice")
    await bot.storage.ledger.grant(
        fake.guild.id, alice.user.id, 1000, actor_id=1, reason="seed", key="seed"
    )
    image = fake.attachment("a.png", encoded(photo(8, 8)))
    for i in range(100):
        await bot.service.request_upscale(
            JobRequest(
                request_key=f"k{i}",
                guild_id=fake.guild.id,
                channel_id=fake.channel.id,
                message_id=10_000 + i,
                attachment_slot=0,
                requester_id=alice.user.id,
                source=SourceImage(image.id, image.url, "a.png", len(image.data), "image/png"),
                mode=Mode.FAST,
                model="animevideo-x4",
                scale=4,
            )
        )
    await fake.wait_for(lambda: len(bot.service.queue) == 100, within=60)
    queue = (await fake.run_slash("upscale-admin queue", admin).response()).shown()[0]
    assert len(queue.content) <= 2000 and "page 1/10" in queue.content
    assert len([c for row in _ids(queue) for c in row if c.startswith("qc:")]) == 10
    await fake.click(queue, custom_id(queue, "qp:"), admin).response()
    assert "page 2/10" in queue.content and "11. job #11" in queue.content

    reason = "r" * 200
    for i in range(200):
        await bot.storage.ledger.grant(
            fake.guild.id, alice.user.id, 1, actor_id=admin.user.id, reason=reason, key=f"a{i}"
        )
    audit = (await fake.run_slash("credits-admin audit", admin).response()).shown()[0]
    assert len(audit.content) <= 2000 and "201 in all" in audit.content
    pages = int(audit.content.split("page 1/")[1].split(")")[0])
    await fake.click(audit, custom_id(audit, "ap:"), admin).response()
    assert f"page 2/{pages}" in audit.content


async def test_a_retried_grant_moves_credits_once(fake: FakeDiscord, start_bot: BotFactory):
    """The admin runs the same grant again (the first reply was lost): nothing changes twice;
    a reason longer than 200 characters is refused by Discord's own option limit."""
    await start_bot()
    alice = fake.add_member("alice")
    admin = fake.add_member("mod", manage_guild=True)
    options = [
        {"name": "member", "type": 6, "value": str(alice.user.id)},
        {"name": "amount", "type": 4, "value": 1000},
        {"name": "reason", "type": 3, "value": "event prize"},
    ]
    first = await fake.run_slash("credits-admin grant", admin, options).response()
    assert "Granted 1,000 credits" in first.shown()[0].content
    again = await fake.run_slash("credits-admin grant", admin, options).response()
    assert again.shown()[0].content.startswith("Already done")
    assert "Balance 1,010**" in await credits_text(fake, alice)
    grant = fake.commands[("credits-admin", 1)]
    reason_option = next(
        o
        for sub in grant["options"]
        if sub["name"] == "grant"
        for o in sub["options"]
        if o["name"] == "reason"
    )
    assert reason_option["max_length"] == 200


async def test_a_button_from_a_server_not_on_the_allow_list_is_refused_before_any_charge(
    fake: FakeDiscord, start_bot: BotFactory, bot_settings: Settings
):
    settings = bot_settings.model_copy(deep=True)
    settings.discord.guild_allow_list = [fake.guild.id + 1]
    bot = await start_bot(settings)
    alice = fake.add_member("alice")
    posted = fake.post_message(fake.bot_user, "old", [("a.png", encoded(photo(8, 8)))])
    posted.components = [{"type": 1, "components": [{"type": 2, "style": 1, "custom_id": "up:0"}]}]
    refused = await fake.click(posted, "up:0", alice).response()
    assert refused.shown()[0].content == "This bot is not enabled in this server."
    assert confirmation_of(fake, alice) is None
    assert await bot.storage.jobs.recoverable() == []


async def test_the_receipt_shows_the_true_place_in_line(fake: FakeDiscord, start_bot: BotFactory):
    """The second job confirmed while the line is held says #2, as the public message does."""
    bot = await start_bot()
    bot.service.pause()
    receipts = []
    for name in ("alice", "bob"):
        member = fake.add_member(name)
        await post_with_button(fake, member, encoded(photo(8, 8)))
        confirmation = confirmation_of(fake, member)
        assert confirmation is not None
        await fake.click(confirmation, custom_id(confirmation, "cf:"), member).response()
        receipts.append(
            await fake.wait_for(
                lambda c=confirmation: c if c.content.startswith("Queued") else None
            )
        )
        waiting = len(receipts)
        await fake.wait_for(lambda n=waiting: len(bot.service.queue) == n)
    assert receipts[0].content.startswith("Queued: #1 in queue")
    assert receipts[1].content.startswith("Queued: #2 in queue")
    bot.service.resume()
    await bot.service.run_until_empty()
