"""The bot when things go wrong: restarts, bad files, rate limits, deleted messages, and
buttons from earlier versions."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from bot.playground.standin import FakeDiscord
from config import Settings
from storage.jobs import JobState
from testbed.images import encoded, photo

from .conftest import BotFactory
from .member import confirmation_of, credits_text, custom_id, post_with_button


async def test_a_restart_between_click_and_confirm(fake: FakeDiscord, start_bot: BotFactory):
    """The Confirm button still works after the bot restarted."""
    first = await start_bot()
    alice = fake.add_member("alice")
    posted = await post_with_button(fake, alice, encoded(photo(24, 24)))
    confirmation = confirmation_of(fake, alice)
    assert confirmation is not None
    await first.close()
    await start_bot()
    fake.click(confirmation, custom_id(confirmation, "cf:"), alice)
    await fake.wait_for(lambda: posted.content.startswith("Upscaled x4"), within=60)
    assert "Balance 7" in await credits_text(fake, alice)


async def test_a_restart_mid_job_finishes_and_charges_once(
    fake: FakeDiscord, start_bot: BotFactory, bot_settings: Settings
):
    """The bot going down while upscaling: after restart the job completes, charged once."""
    settings = bot_settings.model_copy(deep=True)
    settings.engine.model = "x4plus"
    first = await start_bot(settings)
    alice = fake.add_member("alice")
    posted = await post_with_button(fake, alice, encoded(photo(160, 160)))
    confirmation = confirmation_of(fake, alice)
    assert confirmation is not None
    fake.click(confirmation, custom_id(confirmation, "cf:"), alice)
    await fake.wait_for(lambda: any("Upscaling for" in t for t in posted.revisions), within=60)
    jobs = await first.storage.jobs.recoverable()
    assert jobs and jobs[0].state in (JobState.QUEUED, JobState.RUNNING)
    await first.close()

    second = await start_bot(settings)
    await fake.wait_for(lambda: posted.content.startswith("Upscaled x4"), within=120)
    with Image.open(io.BytesIO(posted.attachments[0].data)) as image:
        assert image.size == (640, 640)
    assert "Balance 7** · reserved 0" in await credits_text(fake, alice)
    await second.storage.ledger.verify()


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "broken.png", "damaged or incomplete"),
        (None, "huge.png", "the limit is 1,024 pixels"),
    ],
)
async def test_bad_attachments_are_refunded_with_a_clear_message(
    fake: FakeDiscord,
    start_bot: BotFactory,
    bot_settings: Settings,
    data: bytes | None,
    name: str,
    expected: str,
):
    """A corrupt or oversized image: one clear sentence, and the credits come back."""
    settings = bot_settings.model_copy(deep=True)
    settings.engine.max_input_pixels = 1024
    await start_bot(settings)
    alice = fake.add_member("alice")
    payload = data if data is not None else encoded(photo(64, 64))
    await post_with_button(fake, alice, payload, name)
    confirmation = confirmation_of(fake, alice)
    assert confirmation is not None
    fake.click(confirmation, custom_id(confirmation, "cf:"), alice)
    notice = await fake.wait_for(
        lambda: [m for m in fake.visible_messages(alice) if "refunded" in m.content], within=60
    )
    assert expected in notice[0].content and "3 credits were refunded" in notice[0].content
    assert "Balance 10** · reserved 0" in await credits_text(fake, alice)


async def test_a_429_storm_on_edits_does_not_lose_the_result(
    fake: FakeDiscord, start_bot: BotFactory
):
    """Discord rate-limits the message edits; the final replacement still lands."""
    await start_bot()
    alice = fake.add_member("alice")
    posted = await post_with_button(fake, alice, encoded(photo(32, 32)))
    confirmation = confirmation_of(fake, alice)
    assert confirmation is not None
    fake.faults.rate_limit("PATCH", f"/messages/{posted.id}", times=6, retry_after=0.2)
    fake.click(confirmation, custom_id(confirmation, "cf:"), alice)
    await fake.wait_for(lambda: posted.content.startswith("Upscaled x4"), within=60)
    with Image.open(io.BytesIO(posted.attachments[0].data)) as image:
        assert image.size == (128, 128)
    assert not fake.faults.pending


async def test_message_deleted_mid_job_keeps_the_result_in_history(
    fake: FakeDiscord, start_bot: BotFactory, bot_settings: Settings
):
    """Deleting the message while it upscales: charged once, told so, result in /history."""
    settings = bot_settings.model_copy(deep=True)
    settings.engine.model = "x4plus"
    bot = await start_bot(settings)
    alice = fake.add_member("alice")
    posted = await post_with_button(fake, alice, encoded(photo(96, 96)))
    confirmation = confirmation_of(fake, alice)
    assert confirmation is not None
    fake.click(confirmation, custom_id(confirmation, "cf:"), alice)
    await fake.wait_for(lambda: any("Upscaling for" in t for t in posted.revisions), within=60)
    fake.delete_message(posted)
    notice = await fake.wait_for(
        lambda: [m for m in fake.visible_messages(alice) if "saved in /history" in m.content],
        within=120,
    )
    assert "deleted" in notice[0].content
    await bot.service.run_until_empty()
    history = await fake.run_slash("history", alice).response()
    assert "96x96 → 384x384 · 3 credits" in history.shown()[0].content
    assert "Balance 7** · reserved 0" in await credits_text(fake, alice)


async def test_buttons_posted_by_earlier_versions_keep_working(
    fake: FakeDiscord, start_bot: BotFactory
):
    """A message posted long ago carries custom ids in the formats servers already have; they
    open the confirmation, confirm and deliver, and the new buttons keep those formats."""
    bot = await start_bot()
    alice = fake.add_member("alice")
    posted = fake.post_message(
        fake.bot_user, "Image from alice", [("old.png", encoded(photo(20, 16)))]
    )
    posted.components = [
        {
            "type": 1,
            "components": [
                {"type": 2, "style": 1, "label": "Upscale", "custom_id": "up:0"},
            ],
        }
    ]
    await fake.click(posted, "up:0", alice).response()
    confirmation = await fake.wait_for(lambda: confirmation_of(fake, alice))
    assert custom_id(confirmation, "fs:").removeprefix("fs:") == custom_id(
        confirmation, "cf:"
    ).removeprefix("cf:")
    assert custom_id(confirmation, "cx") == "cx"
    fake.click(confirmation, custom_id(confirmation, "cf:"), alice)
    await fake.wait_for(lambda: posted.content.startswith("Upscaled x4"), within=60)
    with Image.open(io.BytesIO(posted.attachments[0].data)) as image:
        assert image.size == (80, 64)
    ids = [c["custom_id"] for row in posted.components for c in row["components"]]
    assert ids == ["og:0", "vh:0", "up:0"]
    versions = await fake.click(posted, "vh:0", alice).response()
    assert "v0 original · 20x16" in versions.shown()[0].content
    await bot.service.run_until_empty()
    assert "Balance 7** · reserved 0" in await credits_text(fake, alice)


async def test_an_oversized_attachment_is_refused_from_its_size_before_it_is_read(
    fake: FakeDiscord, start_bot: BotFactory, bot_settings: Settings
):
    """/upscale with a file over the byte limit: refused from Discord's metadata, the file is
    never downloaded, nothing is posted or charged. A model whose weights are not installed
    is refused by name, without showing where the bot looked for them."""
    settings = bot_settings.model_copy(deep=True)
    settings.engine.max_input_bytes = 2000
    bot = await start_bot(settings)
    alice = fake.add_member("alice")
    big = encoded(photo(64, 64))
    assert len(big) > 2000
    refused = await fake.run_slash(
        "upscale", alice, attachments={"image": ("big.png", big)}
    ).response()
    assert "larger than" in refused.shown()[0].content
    assert not any(path.startswith("/attachments/") for _, path in fake.requests)
    missing = await fake.run_slash(
        "upscale",
        alice,
        options=[{"name": "model", "type": 3, "value": "general-x4"}],
        attachments={"image": ("a.png", encoded(photo(8, 8)))},
    ).response()
    text = missing.shown()[0].content
    assert text == "The model general-x4 is not installed on this bot; pick one from the list."
    assert await bot.storage.jobs.recoverable() == []
    assert "Balance 10** · reserved 0" in await credits_text(fake, alice)


async def test_a_result_discord_refuses_for_good_is_left_in_history_not_retried(
    fake: FakeDiscord, start_bot: BotFactory
):
    """The server's upload limit drops (a lost boost) while the job runs: Discord answers
    the delivery 413, once; the member is told the result is in /history, charged once, and
    the image is free again instead of locked for ever."""
    bot = await start_bot()
    alice = fake.add_member("alice")
    posted = await post_with_button(fake, alice, encoded(photo(32, 32)))
    confirmation = confirmation_of(fake, alice)
    assert confirmation is not None
    fake.click(confirmation, custom_id(confirmation, "cf:"), alice)
    fake.upload_limit = 100
    notice = await fake.wait_for(
        lambda: [m for m in fake.visible_messages(alice) if "could not be posted" in m.content],
        within=60,
    )
    assert "saved in /history" in notice[0].content
    await bot.service.run_until_empty()
    job = await bot.service.storage.jobs.get(1)
    assert job.state is JobState.DELIVERED and job.error_code == "refused_413"
    assert not posted.content.startswith("Upscaled x4")
    history = await fake.run_slash("history", alice).response()
    assert "32x32 → 128x128 · 3 credits" in history.shown()[0].content
    assert "Balance 7** · reserved 0" in await credits_text(fake, alice)
