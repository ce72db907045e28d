"""The detail engine's Real-ESRGAN pass, tile by tile into the output."""

from __future__ import annotations

import numpy as np

from engine.creative.first_pass import tile_count, upscale_in_tiles
from engine.creative.meter import Meter
from engine.upscaler import UpscaleOptions, Upscaler
from tests.engine.creative.conftest import image


def test_tiles_match_one_whole_image_pass(upscaler: Upscaler):
    """Cut into 2x3 tiles, each upscaled with its surroundings: no seam, the same pixels."""
    source = image(150, 110)
    whole = upscaler.upscale_image(source, UpscaleOptions(model="animevideo-x2", scale=2))
    out = np.zeros_like(whole.image.rgb)
    assert tile_count(110, 150, 2, output_tile=128) == 6
    upscale_in_tiles(
        upscaler, source.rgb, False, "animevideo-x2", 2, out, Meter(6, None, None), output_tile=128
    )
    assert np.array_equal(out, whole.image.rgb)
