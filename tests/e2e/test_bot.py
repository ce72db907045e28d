"""The real bot, through the fake Discord, with real SQLite and the real engine worker."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
from PIL import Image

from bot.app import UpscaleBot
from config import Settings, load_settings
from storage.jobs import JobState
from testbed.fake_discord import FakeDiscord, Member, Message
from testbed.images import encoded, photo

from .conftest import Runner

BotFactory = Callable[..., Awaitable[UpscaleBot]]


@pytest.fixture
def bot_settings(tmp_path: Path, fake: FakeDiscord) -> Settings:
    return load_settings(
        storage={"data_dir": tmp_path / "data"},
        discord={"api_base_url": fake.api_base, "gateway_url": fake.gateway_url},
        engine={"model": "animevideo-x4"},
        queue={"progress_interval_s": 0.05, "delivery_backoff_s": 0.05},
    )


@pytest.fixture
async def start_bot(
    bot_settings: Settings, run_client: Runner, model_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[BotFactory]:
    """Start the product's bot; the model cache is shared so weights convert once."""
    bot_settings.storage.data_dir.mkdir(parents=True, exist_ok=True)
    models = bot_settings.storage.model_cache_dir
    if not models.exists():
        models.symlink_to(model_cache, target_is_directory=True)

    async def start(settings: Settings | None = None) -> UpscaleBot:
        bot = UpscaleBot(settings or bot_settings, guild_ready_timeout=0.1)
        await run_client(bot)
        return bot

    yield start


def _confirmation(fake: FakeDiscord, member: Member) -> Message | None:
    for message in reversed(fake.visible_messages(member)):
        if message.ephemeral and any(
            c.get("custom_id", "").startswith("cf:")
            for row in message.components
            for c in row["components"]
        ):
            return message
    return None


def _custom_id(message: Message, prefix: str) -> str:
    for row in message.components:
        for component in row["components"]:
            if component.get("custom_id", "").startswith(prefix):
                return str(component["custom_id"])
    raise AssertionError(f"no {prefix} component on {message.content!r}")


async def _post_with_button(
    fake: FakeDiscord, member: Member, data: bytes, name: str = "art.png"
) -> Message:
    """/upscale posts the image with an Upscale button and opens the confirmation."""
    handle = fake.run_slash("upscale", member, attachments={"image": (name, data)})
    posted: Message = await fake.wait_for(
        lambda: handle.original if handle.original and handle.original.attachments else None
    )
    await fake.wait_for(lambda: _confirmation(fake, member))
    return posted


async def _credits_text(fake: FakeDiscord, member: Member) -> str:
    handle = await fake.run_slash("credits", member).response()
    return handle.shown()[0].content


async def test_click_confirm_progress_and_the_image_is_replaced(
    fake: FakeDiscord, start_bot: BotFactory
):
    """Upscale -> Confirm -> progress edits -> the image becomes 4x; 10 -> 7 credits; a version."""
    bot = await start_bot()
    alice = fake.add_member("alice")
    posted = await _post_with_button(fake, alice, encoded(photo(48, 32)))
    confirmation = _confirmation(fake, alice)
    assert confirmation is not None
    assert "**Upscale x4**" in confirmation.content and "balance 10 → 7" in confirmation.content

    fake.click(confirmation, _custom_id(confirmation, "cf:"), alice)
    await fake.wait_for(lambda: posted.content.startswith("Upscaled x4"), within=60)
    assert posted.content == "Upscaled x4 · 48x32 → 192x128 · 3 credits"
    assert any(text.startswith(f"Upscaling for <@{alice.user.id}>") for text in posted.revisions)
    (attachment,) = posted.attachments
    with Image.open(io.BytesIO(attachment.data)) as image:
        assert image.size == (192, 128)
    assert {_custom_id(posted, p) for p in ("og:", "vh:", "up:")} == {"og:0", "vh:0", "up:0"}
    assert "Balance 7" in await _credits_text(fake, alice)
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
    assert shown.ephemeral and shown.content.startswith("Version 0 · 48x32")
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
            m for m in fake.visible_messages(alice) if m.ephemeral and "available" in m.content
        ]
    )
    assert "Price: 3 credits · you have 1 available" in notice[0].content
    assert "https://example.com/buy" in notice[0].content
    assert not notice[0].components
    assert handle.original is not None


async def test_cancel_charges_nothing(fake: FakeDiscord, start_bot: BotFactory):
    """Cancel on the confirmation: nothing is reserved."""
    await start_bot()
    alice = fake.add_member("alice")
    await _post_with_button(fake, alice, encoded(photo(16, 16)))
    confirmation = _confirmation(fake, alice)
    assert confirmation is not None
    await fake.click(confirmation, "cx", alice).response()
    assert confirmation.content == "Cancelled. You were not charged."
    assert "Balance 10** · reserved 0" in await _credits_text(fake, alice)


async def test_double_confirm_charges_once(fake: FakeDiscord, start_bot: BotFactory):
    """Two clicks on Confirm: one job, one charge, and the second click says so."""
    bot = await start_bot()
    alice = fake.add_member("alice")
    posted = await _post_with_button(fake, alice, encoded(photo(32, 32)))
    confirmation = _confirmation(fake, alice)
    assert confirmation is not None
    custom_id = _custom_id(confirmation, "cf:")
    first = fake.click(confirmation, custom_id, alice)
    second = fake.click(confirmation, custom_id, alice)
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
    assert "Balance 7** · reserved 0" in await _credits_text(fake, alice)


async def test_a_restart_between_click_and_confirm(fake: FakeDiscord, start_bot: BotFactory):
    """The Confirm button still works after the bot restarted."""
    first = await start_bot()
    alice = fake.add_member("alice")
    posted = await _post_with_button(fake, alice, encoded(photo(24, 24)))
    confirmation = _confirmation(fake, alice)
    assert confirmation is not None
    await first.close()
    await start_bot()
    fake.click(confirmation, _custom_id(confirmation, "cf:"), alice)
    await fake.wait_for(lambda: posted.content.startswith("Upscaled x4"), within=60)
    assert "Balance 7" in await _credits_text(fake, alice)


async def test_a_restart_mid_job_finishes_and_charges_once(
    fake: FakeDiscord, start_bot: BotFactory, bot_settings: Settings
):
    """The bot going down while upscaling: after restart the job completes, charged once."""
    settings = bot_settings.model_copy(deep=True)
    settings.engine.model = "x4plus"
    first = await start_bot(settings)
    alice = fake.add_member("alice")
    posted = await _post_with_button(fake, alice, encoded(photo(160, 160)))
    confirmation = _confirmation(fake, alice)
    assert confirmation is not None
    fake.click(confirmation, _custom_id(confirmation, "cf:"), alice)
    await fake.wait_for(lambda: any("Upscaling for" in t for t in posted.revisions), within=60)
    jobs = await first.storage.jobs.recoverable()
    assert jobs and jobs[0].state in (JobState.QUEUED, JobState.RUNNING)
    await first.close()

    second = await start_bot(settings)
    await fake.wait_for(lambda: posted.content.startswith("Upscaled x4"), within=120)
    with Image.open(io.BytesIO(posted.attachments[0].data)) as image:
        assert image.size == (640, 640)
    assert "Balance 7** · reserved 0" in await _credits_text(fake, alice)
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
    await _post_with_button(fake, alice, payload, name)
    confirmation = _confirmation(fake, alice)
    assert confirmation is not None
    fake.click(confirmation, _custom_id(confirmation, "cf:"), alice)
    notice = await fake.wait_for(
        lambda: [m for m in fake.visible_messages(alice) if "refunded" in m.content], within=60
    )
    assert expected in notice[0].content and "3 credits were refunded" in notice[0].content
    assert "Balance 10** · reserved 0" in await _credits_text(fake, alice)


async def test_grants_are_for_admins_and_show_up_in_credits_and_audit(
    fake: FakeDiscord, start_bot: BotFactory
):
    """A member cannot grant; an admin can, and it shows in /credits and the audit."""
    await start_bot()
    alice = fake.add_member("alice")
    admin = fake.add_member("mod", manage_guild=True)
    options = [
        {"name": "member", "type": 6, "value": str(alice.user.id)},
        {"name": "amount", "type": 4, "value": 5},
        {"name": "reason", "type": 3, "value": "contest winner"},
    ]
    refused = await fake.run_slash("credits-admin grant", alice, options).response()
    assert refused.shown()[0].content == "Only server admins can do that."
    granted = await fake.run_slash("credits-admin grant", admin, options).response()
    assert "Granted 5 credits" in granted.shown()[0].content
    credits = await _credits_text(fake, alice)
    assert "Balance 15" in credits and "granted +5 · contest winner" in credits
    audit = await fake.run_slash("credits-admin audit", admin).response()
    assert (
        f"<@{admin.user.id}> +5 → <@{alice.user.id}> · contest winner" in audit.shown()[0].content
    )
    assert int(fake.commands[("credits-admin", 1)]["default_member_permissions"]) == 1 << 5


async def test_a_429_storm_on_edits_does_not_lose_the_result(
    fake: FakeDiscord, start_bot: BotFactory
):
    """Discord rate-limits the message edits; the final replacement still lands."""
    await start_bot()
    alice = fake.add_member("alice")
    posted = await _post_with_button(fake, alice, encoded(photo(32, 32)))
    confirmation = _confirmation(fake, alice)
    assert confirmation is not None
    fake.faults.rate_limit("PATCH", f"/messages/{posted.id}", times=6, retry_after=0.2)
    fake.click(confirmation, _custom_id(confirmation, "cf:"), alice)
    await fake.wait_for(lambda: posted.content.startswith("Upscaled x4"), within=60)
    with Image.open(io.BytesIO(posted.attachments[0].data)) as image:
        assert image.size == (128, 128)
    assert not fake.faults.pending


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
    confirmation = await fake.wait_for(lambda: _confirmation(fake, bob))
    fake.click(confirmation, _custom_id(confirmation, "cf:"), bob)
    await fake.wait_for(lambda: reply.content.startswith("Upscaled x4"), within=60)
    with Image.open(io.BytesIO(reply.attachments[0].data)) as image:
        assert image.size == (160, 160)
    assert original.attachments[0].data == encoded(photo(40, 40, "chelsea"))
    assert "Balance 7" in await _credits_text(fake, bob)


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
    assert _custom_id(reply, "up:") == "up:0" and not reply.attachments
    fake.click(reply, "up:0", alice)
    confirmation = await fake.wait_for(lambda: _confirmation(fake, alice))
    fake.click(confirmation, _custom_id(confirmation, "cf:"), alice)
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
    posted = await _post_with_button(fake, alice, encoded(photo(16, 16)), "SPOILER_secret.png")
    assert posted.attachments[0].spoiler
    confirmation = _confirmation(fake, alice)
    assert confirmation is not None
    fake.click(confirmation, _custom_id(confirmation, "cf:"), alice)
    await fake.wait_for(lambda: posted.content.startswith("Upscaled"), within=60)
    assert posted.attachments[0].spoiler and posted.attachments[0].filename.startswith("SPOILER_")


async def test_message_deleted_mid_job_keeps_the_result_in_history(
    fake: FakeDiscord, start_bot: BotFactory, bot_settings: Settings
):
    """Deleting the message while it upscales: charged once, told so, result in /history."""
    settings = bot_settings.model_copy(deep=True)
    settings.engine.model = "x4plus"
    bot = await start_bot(settings)
    alice = fake.add_member("alice")
    posted = await _post_with_button(fake, alice, encoded(photo(96, 96)))
    confirmation = _confirmation(fake, alice)
    assert confirmation is not None
    fake.click(confirmation, _custom_id(confirmation, "cf:"), alice)
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
    assert "Balance 7** · reserved 0" in await _credits_text(fake, alice)


async def test_admin_queue_lists_jobs_and_cancels_with_a_refund(
    fake: FakeDiscord, start_bot: BotFactory
):
    """/upscale-admin queue shows waiting jobs; Cancel refunds the member."""
    bot = await start_bot()
    bot.service.pause()
    alice, admin = fake.add_member("alice"), fake.add_member("mod", manage_guild=True)
    await _post_with_button(fake, alice, encoded(photo(16, 16)))
    confirmation = _confirmation(fake, alice)
    assert confirmation is not None
    await fake.click(confirmation, _custom_id(confirmation, "cf:"), alice).response()
    await fake.wait_for(lambda: len(bot.service.queue) == 1)
    queue = (await fake.run_slash("upscale-admin queue", admin).response()).shown()[0]
    assert f"1. job #1 for <@{alice.user.id}>" in queue.content
    cancelled = await fake.click(queue, _custom_id(queue, "qc:"), admin).response()
    assert cancelled.shown()[0].content == "Job #1 cancelled and refunded."
    assert "Balance 10** · reserved 0" in await _credits_text(fake, alice)
    refused = await fake.run_slash("upscale-admin queue", alice).response()
    assert refused.shown()[0].content == "Only server admins can do that."


async def test_choosing_x2_in_the_confirmation_gives_a_2x_image(
    fake: FakeDiscord, start_bot: BotFactory
):
    """The factor select re-prices and re-labels the confirmation; the result is 2x."""
    await start_bot()
    alice = fake.add_member("alice")
    posted = await _post_with_button(fake, alice, encoded(photo(40, 30)))
    confirmation = _confirmation(fake, alice)
    assert confirmation is not None
    await fake.select(confirmation, _custom_id(confirmation, "fs:"), ["2"], alice).response()
    assert confirmation.content.startswith("**Upscale x2**")
    fake.click(confirmation, _custom_id(confirmation, "cf:"), alice)
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
    confirmation = await fake.wait_for(lambda: _confirmation(fake, alice))
    posted = handle.original
    assert posted is not None
    assert confirmation.content.startswith("**Upscale x3**")
    assert _custom_id(confirmation, "cf:").endswith(":animevideo-x3:3")
    fake.click(confirmation, _custom_id(confirmation, "cf:"), alice)
    await fake.wait_for(lambda: posted.content.startswith("Upscaled x3"), within=60)
    with Image.open(io.BytesIO(posted.attachments[0].data)) as image:
        assert image.size == (60, 60)
    await bot.service.run_until_empty()
    assert "Balance 7** · reserved 0" in await _credits_text(fake, alice)


async def test_creative_mode_from_the_confirmation(
    fake: FakeDiscord, start_bot: BotFactory, bot_settings: Settings, tiny_pipeline: Path
):
    """With a diffusion model configured, 'Creative x4 · 5 credits' upscales and records a seed."""
    settings = bot_settings.model_copy(deep=True)
    settings.engine.generative_model = str(tiny_pipeline)
    bot = await start_bot(settings)
    alice = fake.add_member("alice")
    posted = await _post_with_button(fake, alice, encoded(photo(12, 12)))
    confirmation = _confirmation(fake, alice)
    assert confirmation is not None
    labels = [
        o["label"]
        for row in confirmation.components
        for c in row["components"]
        for o in c.get("options", [])
    ]
    assert "Creative x4 · 5 credits" in labels
    await fake.select(confirmation, _custom_id(confirmation, "fs:"), ["creative"], alice).response()
    assert confirmation.content.startswith("**Creative upscale x4**")
    assert "Price: 5 credits · balance 10 → 5" in confirmation.content
    fake.click(confirmation, _custom_id(confirmation, "cf:"), alice)
    await fake.wait_for(lambda: posted.content.startswith("Upscaled x4"), within=120)
    with Image.open(io.BytesIO(posted.attachments[0].data)) as image:
        assert image.size == (48, 48)
    (job,) = [j for j in await bot.storage.history.versions(posted.id, 0) if j.job_id]
    recorded = await bot.storage.jobs.get(job.job_id)  # type: ignore[arg-type]
    assert recorded.request.mode == "creative"
    assert recorded.result is not None and isinstance(recorded.result.seed, int)
    assert "Balance 5" in await _credits_text(fake, alice)


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
    confirmation = await fake.wait_for(lambda: _confirmation(fake, alice))
    assert _custom_id(confirmation, "cf:") == f"cf:{posted.id}:0:animevideo-x4:4"
    assert _custom_id(confirmation, "fs:") == f"fs:{posted.id}:0:animevideo-x4"
    assert _custom_id(confirmation, "cx") == "cx"
    fake.click(confirmation, f"cf:{posted.id}:0:animevideo-x4:4", alice)
    await fake.wait_for(lambda: posted.content.startswith("Upscaled x4"), within=60)
    with Image.open(io.BytesIO(posted.attachments[0].data)) as image:
        assert image.size == (80, 64)
    ids = [c["custom_id"] for row in posted.components for c in row["components"]]
    assert ids == ["og:0", "vh:0", "up:0"]
    versions = await fake.click(posted, "vh:0", alice).response()
    assert versions.shown()[0].content.startswith("v0 original · 20x16")
    await bot.service.run_until_empty()
    assert "Balance 7** · reserved 0" in await _credits_text(fake, alice)
