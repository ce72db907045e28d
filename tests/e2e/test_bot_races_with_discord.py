"""The bot racing Discord: a cancel while Discord slows the edit, a grant repeated a second
later, a confirm after the message was deleted, a second image upscaled while the first's
result is being recorded."""

from __future__ import annotations

import asyncio
import io
import time

import pytest
from PIL import Image

from bot.playground.standin import FakeDiscord
from config import Settings
from storage.jobs import JobState
from testbed.images import encoded, photo

from .conftest import BotFactory
from .member import confirmation_of, credits_text, custom_id, post_with_button


async def test_cancelling_a_waiting_job_answers_while_discord_slows_the_message_edit(
    fake: FakeDiscord, start_bot: BotFactory, bot_settings: Settings
):
    """Cancel this upscale on a job still in line: the image's message is edited to say so,
    and Discord rate-limits that edit for 3.5 s. The member's click is still answered within
    Discord's 3 s (else they see "This interaction failed" for a cancel that happened)."""
    bot = await start_bot()
    bot.service.pause()
    alice = fake.add_member("alice")
    posted = await post_with_button(fake, alice, encoded(photo(16, 16)))
    confirmation = confirmation_of(fake, alice)
    assert confirmation is not None
    await fake.click(confirmation, custom_id(confirmation, "cf:"), alice).response()
    receipt = await fake.wait_for(
        lambda: confirmation if confirmation.content.startswith("Queued") else None
    )
    await fake.wait_for(lambda: len(bot.service.queue) == 1)
    fake.faults.rate_limit("PATCH", f"/messages/{posted.id}", times=1, retry_after=3.5)

    cancel = fake.click(receipt, custom_id(receipt, "qc:"), alice)
    await fake.wait_for(lambda: cancel.interaction.responded, within=10)

    assert cancel.interaction.responded_at is not None
    assert cancel.interaction.responded_at - cancel.interaction.dispatched_at <= 3.0
    told = await fake.wait_for(lambda: [m.content for m in cancel.shown() if m.content])
    assert told == ["Job #1 cancelled and refunded."]
    await fake.wait_for(lambda: posted.content == "Upscale cancelled.", within=10)
    assert (await bot.storage.jobs.get(1)).state is JobState.CANCELLED
    assert "Balance 10** · reserved 0" in await credits_text(fake, alice)


async def test_a_grant_run_again_a_second_later_moves_credits_once_at_any_time_of_day(
    fake: FakeDiscord, start_bot: BotFactory, monkeypatch: pytest.MonkeyPatch
):
    """The admin runs the same grant again a second later (the first reply was lost), and
    the clock happens to pass a ten-minute mark in between (10:19:59.7, then 10:20:00.3):
    still one grant, and the second reply says it was already done."""
    await start_bot()
    alice = fake.add_member("alice")
    admin = fake.add_member("mod", manage_guild=True)
    options = [
        {"name": "member", "type": 6, "value": str(alice.user.id)},
        {"name": "amount", "type": 4, "value": 25},
        {"name": "reason", "type": 3, "value": "event prize"},
    ]
    # Run the test as if the wall clock stood 0.3 s before a multiple of ten minutes.
    real_time = time.time
    mark = (real_time() // 600 + 1) * 600
    offset = mark - 0.3 - real_time()
    monkeypatch.setattr(time, "time", lambda: real_time() + offset)
    first = await fake.run_slash("credits-admin grant", admin, options).response()
    assert "Granted 25 credits" in first.shown()[0].content
    while time.time() < mark + 0.3:
        await asyncio.sleep(0.05)
    again = await fake.run_slash("credits-admin grant", admin, options).response()
    assert again.shown()[0].content.startswith("Already done")
    assert "Balance 35**" in await credits_text(fake, alice)


async def test_confirming_after_the_message_was_deleted_says_so_and_charges_nothing(
    fake: FakeDiscord, start_bot: BotFactory
):
    """The image's message is deleted while the member looks at the price; their Confirm is
    told the image is gone (not "something went wrong"), and nothing is charged."""
    bot = await start_bot()
    alice = fake.add_member("alice")
    posted = await post_with_button(fake, alice, encoded(photo(16, 16)))
    confirmation = confirmation_of(fake, alice)
    assert confirmation is not None
    fake.delete_message(posted)
    await fake.click(confirmation, custom_id(confirmation, "cf:"), alice).response()
    await fake.wait_for(lambda: confirmation.content == "That image is no longer on the message.")
    assert "Balance 10** · reserved 0" in await credits_text(fake, alice)
    assert await bot.storage.jobs.recoverable() == []


async def test_upscaling_one_image_of_a_post_while_anothers_result_is_being_recorded(
    fake: FakeDiscord, start_bot: BotFactory, bot_settings: Settings
):
    """A generator's two-image post: alice's result for image 2 has just appeared on the
    bot's reply, and Discord is slow to take her "Done" receipt, so the bot has not yet noted
    where that result is. Bob upscales image 1 at that moment: he gets image 1 upscaled, and
    alice's result stays where it is."""
    settings = bot_settings.model_copy(deep=True)
    settings.discord.auto_button_channels = [fake.channel.id]
    bot = await start_bot(settings)
    generator = fake.add_bot("generator")
    post = fake.post_message(
        generator,
        "a pair",
        [("one.png", encoded(photo(16, 12))), ("two.png", encoded(photo(12, 16)))],
    )
    reply = await fake.wait_for(
        lambda: next((m for m in fake.messages.values() if m.reference == post.id), None)
    )
    alice, bob = fake.add_member("alice"), fake.add_member("bob")
    fake.faults.delay("POST", "/webhooks/", 4.0)  # alice's "Done" receipt, held up
    await fake.click(reply, "up:1", alice).response()
    confirmation = await fake.wait_for(lambda: confirmation_of(fake, alice))
    await fake.click(confirmation, custom_id(confirmation, "cf:"), alice).response()
    await fake.wait_for(lambda: len(reply.attachments) == 1, within=60)

    await fake.click(reply, "up:0", bob).response()
    confirmation = await fake.wait_for(lambda: confirmation_of(fake, bob))
    await fake.click(confirmation, custom_id(confirmation, "cf:"), bob).response()
    await fake.wait_for(lambda: len(reply.attachments) == 2, within=60)
    await bot.service.run_until_empty()

    sizes = sorted(_size(a.data) for a in reply.attachments)
    assert sizes == [(48, 64), (64, 48)]


def _size(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as image:
        return image.size
