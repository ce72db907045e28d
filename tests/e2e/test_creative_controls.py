"""The creative and detail controls as a member uses them, through the fake Discord with the
real bot and tiny diffusion models: the confirmation's mode, preset and **Prompt & seed...**
form, the prompt read from the image, the seed shown and reused, and per-megapixel prices."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from bot.app import UpscaleBot
from bot.playground.standin import FakeDiscord, Member, Message
from config import Settings
from storage.jobs import Job
from testbed.images import encoded, photo

from .conftest import BotFactory
from .member import answer_text, confirmation_of, credits_text, custom_id, post_with_button

A1111_PARAMETERS = (
    "a cat in a hat, detailed\nNegative prompt: blurry, lowres\n"
    "Steps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1, Size: 24x16, Model: tiny"
)
COMFYUI_GRAPH = {
    "3": {
        "class_type": "KSampler",
        "inputs": {"positive": ["6", 0], "negative": ["7", 0], "seed": 5, "steps": 20},
    },
    "6": {"class_type": "CLIPTextEncode", "inputs": {"text": "a lighthouse at dusk", "clip": ["4", 1]}},
    "7": {"class_type": "CLIPTextEncode", "inputs": {"text": "watermark", "clip": ["4", 1]}},
}  # fmt: skip


@pytest.fixture(scope="session")
def tiny_sd15(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from testbed.tiny_diffusion import save_tiny_sd15

    return save_tiny_sd15(tmp_path_factory.mktemp("tiny-sd15") / "sd15")


@pytest.fixture
def detail_settings(bot_settings: Settings, tiny_sd15: Path) -> Settings:
    settings = bot_settings.model_copy(deep=True)
    settings.engine.detail_model = str(tiny_sd15)
    settings.engine.detail_upscale_model = "animevideo-x2"
    settings.credits.starting_balance = 50
    return settings


def png_with(texts: dict[str, str], width: int = 24, height: int = 16) -> bytes:
    """A PNG with text chunks, as the generators write them."""
    info = PngInfo()
    for key, value in texts.items():
        info.add_text(key, value)
    out = io.BytesIO()
    Image.fromarray(photo(width, height)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


async def pick(fake: FakeDiscord, confirmation: Message, prefix: str, value: str, member: Member):
    """Choose ``value`` in a select of the confirmation and wait for the confirmation to change."""
    before = confirmation.content, custom_id(confirmation, "cf:")
    fake.select(confirmation, custom_id(confirmation, prefix), [value], member)
    await fake.wait_for(
        lambda: (confirmation.content, custom_id(confirmation, "cf:")) != before, within=30
    )


async def confirm_and_run(
    fake: FakeDiscord, bot: UpscaleBot, confirmation: Message, member: Member
):
    fake.click(confirmation, custom_id(confirmation, "cf:"), member)
    await fake.wait_for(lambda: confirmation.content.startswith("Queued"), within=30)
    await bot.service.run_until_empty()


async def job_shown(bot: UpscaleBot, posted: Message) -> Job:
    shown = (await bot.storage.history.latest_by_slot(posted.id))[0]
    assert shown.job_id is not None
    return await bot.storage.jobs.get(shown.job_id)


async def pixels(bot: UpscaleBot, job: Job) -> np.ndarray:
    assert job.result is not None
    data = await bot.storage.blobs.read(job.result.sha256)
    with Image.open(io.BytesIO(data)) as image:
        return np.asarray(image.convert("RGB"))


async def test_detail_x2_with_preset_prompt_and_seed_then_again(
    fake: FakeDiscord, start_bot: BotFactory, detail_settings: Settings
):
    """Detail x2, Subtle, a prompt from the form: 2x, the seed in the receipt and /history;
    Again (same seed) repeats the pixels, Again (new seed) does not."""
    bot = await start_bot(detail_settings)
    alice = fake.add_member("alice")
    posted = await post_with_button(fake, alice, encoded(photo(24, 16)))
    confirmation = confirmation_of(fake, alice)
    assert confirmation is not None
    await pick(fake, confirmation, "fs:", "detail-2", alice)
    assert confirmation.content.startswith("**Detail upscale x2**")
    assert "preset Balanced · new seed" in confirmation.content
    assert "No prompt found in the image" in confirmation.content
    assert "Price: 5 credits · balance 50 → 45" in confirmation.content
    await pick(fake, confirmation, "cp:", "subtle", alice)
    assert "preset Subtle" in confirmation.content

    form = await fake.click(confirmation, custom_id(confirmation, "ps:"), alice).response()
    assert form.modal is not None and form.modal["title"] == "Prompt & seed"
    refused = fake.submit_modal(form, {"prompt": "x", "seed": "twelve"}, alice)
    assert "seed must be a whole number" in await answer_text(fake, refused)
    assert "preset Subtle" in confirmation.content and "“x”" not in confirmation.content
    values = {"prompt": "a sharp photo of a cat", "negative_prompt": "blurry", "seed": ""}
    await fake.submit_modal(form, values, alice).response()
    await fake.wait_for(lambda: "a sharp photo" in confirmation.content)
    assert "Prompt (yours): “a sharp photo of a cat”" in confirmation.content
    assert "Negative: “blurry”" in confirmation.content and "new seed" in confirmation.content

    await confirm_and_run(fake, bot, confirmation, alice)
    first = await job_shown(bot, posted)
    assert first.request.mode == "detail" and first.result is not None
    assert first.request.controls["prompt"] == "a sharp photo of a cat"
    assert first.request.controls["preset"] == "subtle"
    seed = first.result.seed
    assert isinstance(seed, int)
    with Image.open(io.BytesIO(posted.attachments[0].data)) as image:
        assert image.size == (48, 32)
    assert f"Detail · preset Subtle · seed {seed}" in posted.content
    receipt = await fake.wait_for(
        lambda: [m for m in fake.visible_messages(alice) if m.content.startswith("Done")]
    )
    assert f"seed {seed}" in receipt[-1].content
    history = await fake.run_slash("history", alice).response()
    assert f"Detail · preset Subtle · seed {seed}" in history.shown()[0].content
    buttons = [c["custom_id"] for row in posted.components for c in row["components"]]
    assert "ag:0:same" in buttons and "ag:0:new" in buttons

    await fake.click(posted, "ag:0:same", alice).response()
    await fake.wait_for(lambda: confirmation_of(fake, alice) not in (None, confirmation))
    again = confirmation_of(fake, alice)
    assert again is not None and f"seed {seed}" in again.content
    assert "Prompt (as before): “a sharp photo of a cat”" in again.content
    await confirm_and_run(fake, bot, again, alice)
    same = await job_shown(bot, posted)
    assert same.id != first.id and same.result is not None and same.result.seed == seed
    assert np.array_equal(await pixels(bot, same), await pixels(bot, first))

    await fake.click(posted, "ag:0:new", alice).response()
    await fake.wait_for(lambda: confirmation_of(fake, alice) not in (None, again))
    fresh_confirmation = confirmation_of(fake, alice)
    assert fresh_confirmation is not None and "new seed" in fresh_confirmation.content
    await confirm_and_run(fake, bot, fresh_confirmation, alice)
    fresh = await job_shown(bot, posted)
    assert fresh.result is not None and fresh.result.seed != seed
    assert (await pixels(bot, fresh)).shape == (32, 48, 3)
    assert not np.array_equal(await pixels(bot, fresh), await pixels(bot, first))
    assert "Balance 35" in await credits_text(fake, alice)


@pytest.mark.parametrize(
    ("texts", "shown", "prompt", "negative"),
    [
        (
            {"parameters": A1111_PARAMETERS},
            "Prompt (from the image's AUTOMATIC1111 metadata): “a cat in a hat, detailed”",
            "a cat in a hat, detailed",
            "blurry, lowres",
        ),
        (
            {"prompt": json.dumps(COMFYUI_GRAPH), "workflow": "{}"},
            "Prompt (from the image's ComfyUI metadata): “a lighthouse at dusk”",
            "a lighthouse at dusk",
            "watermark",
        ),
        (
            {"prompt": '{"3": {"class_type": "KSampler", "inputs": {"positive": ["6'},
            None,
            None,
            None,
        ),
    ],
    ids=["a1111", "comfyui", "broken"],
)
async def test_the_prompt_comes_with_the_image(
    fake: FakeDiscord,
    start_bot: BotFactory,
    detail_settings: Settings,
    texts: dict[str, str],
    shown: str | None,
    prompt: str | None,
    negative: str | None,
):
    """The generator's prompt is shown and passed to the engine; broken metadata: no prompt,
    and the upscale still runs. The stored original keeps its metadata."""
    bot = await start_bot(detail_settings)
    alice = fake.add_member("alice")
    data = png_with(texts)
    posted = await post_with_button(fake, alice, data)
    confirmation = confirmation_of(fake, alice)
    assert confirmation is not None
    await pick(fake, confirmation, "fs:", "detail-2", alice)
    if shown is None:
        assert "No prompt found in the image" in confirmation.content
    else:
        assert shown in confirmation.content
        assert f"Negative: “{negative}”" in confirmation.content
    await confirm_and_run(fake, bot, confirmation, alice)
    job = await job_shown(bot, posted)
    assert job.request.controls.get("prompt") == prompt
    assert job.request.controls.get("negative_prompt") == negative
    with Image.open(io.BytesIO(posted.attachments[0].data)) as image:
        assert image.size == (48, 32)
    assert job.source_sha256 is not None
    assert await bot.storage.blobs.read(job.source_sha256) == data


async def test_per_megapixel_price_is_what_is_charged(
    fake: FakeDiscord, start_bot: BotFactory, bot_settings: Settings
):
    """1 credit + 2 per started megapixel: x4 of 300x300 (1.44 MP) shows 5 credits; a price
    changed after it was shown is refused, not charged; the new price shown is charged."""
    settings = bot_settings.model_copy(deep=True)
    settings.credits.upscale_price = 1
    settings.credits.upscale_price_per_megapixel = 2
    bot = await start_bot(settings)
    alice = fake.add_member("alice")
    posted = await post_with_button(fake, alice, encoded(photo(300, 300)))
    confirmation = confirmation_of(fake, alice)
    assert confirmation is not None
    labels = [o["label"] for row in confirmation.components for c in row["components"]
              for o in c.get("options", [])]  # fmt: skip
    assert labels == ["x2 · 3 credits", "x3 · 3 credits", "x4 · 5 credits"]
    assert "Price: 5 credits · balance 10 → 5" in confirmation.content

    assert posted.guild_id is not None
    await bot.storage.servers.update(posted.guild_id, {"upscale_price": 2}, actor_id=1)
    fake.click(confirmation, custom_id(confirmation, "cf:"), alice)
    await fake.wait_for(lambda: "price changed" in confirmation.content or [
        m for m in fake.visible_messages(alice) if "price changed" in m.content
    ])  # fmt: skip
    assert "Balance 10** · reserved 0" in await credits_text(fake, alice)

    await fake.click(posted, "up:0", alice).response()
    await fake.wait_for(lambda: confirmation_of(fake, alice) not in (None, confirmation))
    again = confirmation_of(fake, alice)
    assert again is not None and "Price: 6 credits · balance 10 → 4" in again.content
    await confirm_and_run(fake, bot, again, alice)
    with Image.open(io.BytesIO(posted.attachments[0].data)) as image:
        assert image.size == (1200, 1200)
    assert "Balance 4** · reserved 0" in await credits_text(fake, alice)
