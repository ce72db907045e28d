"""Downloaded models dropped into the weights folder, used by a member through Discord."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from bot.playground.standin import FakeDiscord
from config import Settings
from testbed.images import encoded, photo
from tests.engine.networks.community_files import (
    old_esrgan_layout,
    save,
    tiny_dat,
    tiny_plksr,
    tiny_rrdbnet,
)

from .conftest import BotFactory
from .member import confirmation_of, custom_id


@pytest.mark.parametrize(
    ("model", "scale"), [("4x-UltraSharp", 4), ("4xNomos8k_DAT2", 4), ("2x-RealPLKSR", 2)]
)
async def test_downloaded_models_upscale_by_their_file_names(
    fake: FakeDiscord, start_bot: BotFactory, bot_settings: Settings, model: str, scale: int
):
    """An old-layout ESRGAN, a DAT-2 and a RealPLKSR file in the weights folder are chosen by
    their file names in /upscale and deliver an image at their own scale."""
    weights = bot_settings.storage.data_dir.parent / "weights"
    save(old_esrgan_layout(tiny_rrdbnet(4).state_dict(), 2), weights / "4x-UltraSharp.pth")
    save(tiny_dat(4, "DAT-2").state_dict(), weights / "4xNomos8k_DAT2.safetensors")
    save(tiny_plksr(2, real=True).state_dict(), weights / "2x-RealPLKSR.pth", "params_ema")
    bot_settings.engine.weights_dir = weights
    await start_bot()
    alice = fake.add_member("alice")
    handle = fake.run_slash(
        "upscale",
        alice,
        options=[{"name": "model", "type": 3, "value": model}],
        attachments={"image": ("a.png", encoded(photo(20, 16)))},
    )
    confirmation = await fake.wait_for(lambda: confirmation_of(fake, alice))
    posted = handle.original
    assert posted is not None
    assert confirmation.content.startswith(f"**Upscale x{scale}**")
    fake.click(confirmation, custom_id(confirmation, "cf:"), alice)
    await fake.wait_for(lambda: posted.content.startswith(f"Upscaled x{scale}"), within=60)
    with Image.open(io.BytesIO(posted.attachments[0].data)) as image:
        assert image.size == (20 * scale, 16 * scale)
