"""The real bot, through the fake Discord, with real SQLite and the real engine worker:
the upscale flow as members see it."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from bot.playground.standin import FakeDiscord
from config import Settings
from testbed.images import encoded, photo

from .conftest import BotFactory
from .member import confirmation_of, credits_text, custom_id, post_with_button


async def test_click_confirm_progress_and_the_image_is_replaced(
    fake: FakeDiscord, start_bot: BotFactory
):
    """Upscale -> Confirm -> progress edits -> the image becomes 4x; 10 -> 7 credits; a version."""
    bot = await start_bot()
    alice = fake.add_member("alice")
    posted = await post_with_button(fake, alice, encoded(photo(48, 32)))
    confirmation = confirmation_of(fake, alice)
    assert confirmation is not None
    assert "**Upscale x4**" in confirmation.content and "balance 10 → 7" in confirmation.content

    fake.click(confirmation, custom_id(confirmation, "cf:"), alice)
    await fake.wait_for(lambda: posted.content.startswith("Upscaled x4"), within=60)
    assert posted.content == "Upscaled x4 · 48x32 → 192x128 · 3 credits"
    assert any(text.startswith(f"Upscaling for <@{alice.user.id}>") for text in posted.revisions)
    (attachment,) = posted.attachments
    with Image.open(io.BytesIO(attachment.data)) as image:
        assert image.size == (192, 128)
    assert {custom_id(posted, p) for p in ("og:", "vh:", "up:")} == {"og:0", "vh:0", "up:0"}
    assert "Balance 7" in await credits_text(fake, alice)
    versions = await bot.storage.history.versions(posted.id, 0)
    assert [(v.version, v.width) for v in versions] == [(0, 48), (1, 192)]
    receipt = await fake.wait_for(
        lambda: [
            m for m in fake.visible_messages(alice) if m.ephemeral and m.content.startswith("Done")
        ]
    )
    assert "Balance: 7 credits" in receipt[0].content

    original = await fake.click(posted, "og:0", alice).response()
    shown = original.shown()[0]
    assert shown.ephemeral and shown.content.startswith("Original · 48x32")
    history = await fake.run_slash("history", alice).response()
    assert "48x32 → 192x128 · 3 credits" in history.shown()[0].content


async def test_too_few_credits_shows_price_and_how_to_get_more(
    fake: FakeDiscord, start_bot: BotFactory, bot_settings: Settings
):
    """With 1 credit the confirmation has no Confirm, and says how to top up."""
    settings = bot_settings.model_copy(deep=True)
    settings.credits.starting_balance = 1
    settings.credits.top_up_url = "https://example.com/buy"
    await start_bot(settings)
    alice = fake.add_member("alice")
    handle = fake.run_slash(
        "upscale", alice, attachments={"image": ("a.png", encoded(photo(16, 16)))}
    )
    notice = await fake.wait_for(
        lambda: [
            m for m in fake.visible_messages(alice) if m.ephemeral and "Not enough" in m.content
        ]
    )
    assert "Not enough credits: 1 of 3." in notice[0].content
    assert "https://example.com/buy" in notice[0].content
    assert not notice[0].components
    assert handle.original is not None


async def test_cancel_charges_nothing(fake: FakeDiscord, start_bot: BotFactory):
    """Cancel on the confirmation: nothing is reserved."""
    await start_bot()
    alice = fake.add_member("alice")
    await post_with_button(fake, alice, encoded(photo(16, 16)))
    confirmation = confirmation_of(fake, alice)
    assert confirmation is not None
    await fake.click(confirmation, "cx", alice).response()
    assert confirmation.content == "Cancelled. You were not charged."
    assert "Balance 10** · reserved 0" in await credits_text(fake, alice)


async def test_double_confirm_charges_once(fake: FakeDiscord, start_bot: BotFactory):
    """Two clicks on Confirm: one job, one charge, and the second click says so."""
    bot = await start_bot()
    alice = fake.add_member("alice")
    posted = await post_with_button(fake, alice, encoded(photo(32, 32)))
    confirmation = confirmation_of(fake, alice)
    assert confirmation is not None
    confirm_id = custom_id(confirmation, "cf:")
    first = fake.click(confirmation, confirm_id, alice)
    second = fake.click(confirmation, confirm_id, alice)
    await first.response()
    await second.response()
    await fake.wait_for(
        lambda: any(
            "Already in progress: this upscale was confirmed once and is charged once." in text
            for text in confirmation.revisions
        ),
        within=30,
    )
    await fake.wait_for(lambda: posted.content.startswith("Upscaled"), within=60)
    await bot.service.run_until_empty()
    assert "Balance 7** · reserved 0" in await credits_text(fake, alice)


async def test_context_menu_on_another_members_image(fake: FakeDiscord, start_bot: BotFactory):
    """Right-click -> Upscale image on someone's post: the bot replies with it, then upscales."""
    await start_bot()
    alice, bob = fake.add_member("alice"), fake.add_member("bob")
    original = fake.post_message(
        alice, "look at this", files=[("cat.png", encoded(photo(40, 40, "chelsea")))]
    )
    fake.run_message_command("Upscale image", original, bob)
    reply = await fake.wait_for(
        lambda: next((m for m in fake.messages.values() if m.reference == original.id), None)
    )
    confirmation = await fake.wait_for(lambda: confirmation_of(fake, bob))
    fake.click(confirmation, custom_id(confirmation, "cf:"), bob)
    await fake.wait_for(lambda: reply.content.startswith("Upscaled x4"), within=60)
    with Image.open(io.BytesIO(reply.attachments[0].data)) as image:
        assert image.size == (160, 160)
    assert original.attachments[0].data == encoded(photo(40, 40, "chelsea"))
    assert "Balance 7" in await credits_text(fake, bob)


async def test_generated_images_get_a_button_and_the_reply_carries_the_result(
    fake: FakeDiscord, start_bot: BotFactory, bot_settings: Settings
):
    """A generator bot posts in a configured channel: a compact reply with Upscale appears."""
    settings = bot_settings.model_copy(deep=True)
    settings.discord.auto_button_channels = [fake.channel.id]
    await start_bot(settings)
    generator, alice = fake.add_bot("imagine-bot"), fake.add_member("alice")
    generated = fake.post_message(
        generator, "a cat", files=[("cat.png", encoded(photo(24, 24, "chelsea")))]
    )
    reply = await fake.wait_for(
        lambda: next((m for m in fake.messages.values() if m.reference == generated.id), None)
    )
    assert custom_id(reply, "up:") == "up:0" and not reply.attachments
    fake.click(reply, "up:0", alice)
    confirmation = await fake.wait_for(lambda: confirmation_of(fake, alice))
    fake.click(confirmation, custom_id(confirmation, "cf:"), alice)
    await fake.wait_for(lambda: reply.content.startswith("Upscaled x4"), within=60)
    with Image.open(io.BytesIO(reply.attachments[0].data)) as image:
        assert image.size == (96, 96)
    # Members' images get no button by default. Events arrive in order, so once the later
    # generator post has its reply, the member's post before it was seen and passed over.
    member_post = fake.post_message(alice, "mine", files=[("me.png", encoded(photo(8, 8)))])
    later = fake.post_message(generator, "a dog", files=[("dog.png", encoded(photo(8, 8)))])
    await fake.wait_for(lambda: any(m.reference == later.id for m in fake.messages.values()))
    assert not any(m.reference == member_post.id for m in fake.messages.values())


async def test_a_spoilered_image_stays_spoilered(fake: FakeDiscord, start_bot: BotFactory):
    """SPOILER_ images are replaced by a SPOILER_ image."""
    await start_bot()
    alice = fake.add_member("alice")
    posted = await post_with_button(fake, alice, encoded(photo(16, 16)), "SPOILER_secret.png")
    assert posted.attachments[0].spoiler
    confirmation = confirmation_of(fake, alice)
    assert confirmation is not None
    fake.click(confirmation, custom_id(confirmation, "cf:"), alice)
    await fake.wait_for(lambda: posted.content.startswith("Upscaled"), within=60)
    assert posted.attachments[0].spoiler and posted.attachments[0].filename.startswith("SPOILER_")


async def test_choosing_x2_in_the_confirmation_gives_a_2x_image(
    fake: FakeDiscord, start_bot: BotFactory
):
    """The factor select re-prices and re-labels the confirmation; the result is 2x."""
    await start_bot()
    alice = fake.add_member("alice")
    posted = await post_with_button(fake, alice, encoded(photo(40, 30)))
    confirmation = confirmation_of(fake, alice)
    assert confirmation is not None
    await fake.select(confirmation, custom_id(confirmation, "fs:"), ["2"], alice).response()
    assert confirmation.content.startswith("**Upscale x2**")
    fake.click(confirmation, custom_id(confirmation, "cf:"), alice)
    await fake.wait_for(lambda: posted.content.startswith("Upscaled x2"), within=60)
    with Image.open(io.BytesIO(posted.attachments[0].data)) as image:
        assert image.size == (80, 60)


async def test_the_model_option_of_upscale(fake: FakeDiscord, start_bot: BotFactory):
    """/upscale model:animevideo-x3 confirms and delivers a 3x image."""
    bot = await start_bot()
    alice = fake.add_member("alice")
    handle = fake.run_slash(
        "upscale",
        alice,
        options=[{"name": "model", "type": 3, "value": "animevideo-x3"}],
        attachments={"image": ("a.png", encoded(photo(20, 20)))},
    )
    confirmation = await fake.wait_for(lambda: confirmation_of(fake, alice))
    posted = handle.original
    assert posted is not None
    assert confirmation.content.startswith("**Upscale x3**")
    fake.click(confirmation, custom_id(confirmation, "cf:"), alice)
    await fake.wait_for(lambda: posted.content.startswith("Upscaled x3"), within=60)
    with Image.open(io.BytesIO(posted.attachments[0].data)) as image:
        assert image.size == (60, 60)
    await bot.service.run_until_empty()
    assert "Balance 7** · reserved 0" in await credits_text(fake, alice)


async def test_creative_mode_from_theconfirmation_of(
    fake: FakeDiscord, start_bot: BotFactory, bot_settings: Settings, tiny_pipeline: Path
):
    """With a diffusion model configured, 'Creative x4 · 5 credits' upscales and records a seed."""
    settings = bot_settings.model_copy(deep=True)
    settings.engine.generative_model = str(tiny_pipeline)
    bot = await start_bot(settings)
    alice = fake.add_member("alice")
    posted = await post_with_button(fake, alice, encoded(photo(12, 12)))
    confirmation = confirmation_of(fake, alice)
    assert confirmation is not None
    labels = [
        o["label"]
        for row in confirmation.components
        for c in row["components"]
        for o in c.get("options", [])
    ]
    assert "Creative x4 · 5 credits" in labels
    # The image is read for its prompt first: the confirmation changes once that is done.
    fake.select(confirmation, custom_id(confirmation, "fs:"), ["creative"], alice)
    await fake.wait_for(lambda: confirmation.content.startswith("**Creative upscale x4**"))
    assert "Price: 5 credits · balance 10 → 5" in confirmation.content
    fake.click(confirmation, custom_id(confirmation, "cf:"), alice)
    await fake.wait_for(lambda: posted.content.startswith("Upscaled x4"), within=120)
    with Image.open(io.BytesIO(posted.attachments[0].data)) as image:
        assert image.size == (48, 48)
    (job,) = [j for j in await bot.storage.history.versions(posted.id, 0) if j.job_id]
    recorded = await bot.storage.jobs.get(job.job_id)  # type: ignore[arg-type]
    assert recorded.request.mode == "creative"
    assert recorded.result is not None and isinstance(recorded.result.seed, int)
    assert "Balance 5" in await credits_text(fake, alice)
