"""Tiles of the bundled SPAN and Real-CUGAN models join without visible seams.

Through the Upscaler as a member's job runs: one whole-image pass against tiles planned with
the descriptor's seams (SPAN 24/8, Real-CUGAN 32/8 input pixels of overlap/blend).
"""

from __future__ import annotations

import numpy as np
import pytest

from engine.upscaler import UpscaleOptions, Upscaler
from testbed.images import encoded, photo


def _difference(upscaler: Upscaler, model: str, tile: int) -> np.ndarray:
    source = encoded(photo(150, 130))
    whole = upscaler.upscale_bytes(source, UpscaleOptions(model=model, precision="fp32"))
    tiled = upscaler.upscale_bytes(
        source, UpscaleOptions(model=model, precision="fp32", tile_size=tile)
    )
    assert tiled.tiles > 1 and whole.tiles == 1
    return np.abs(whole.image.rgb.astype(int) - tiled.image.rgb.astype(int))


@pytest.mark.parametrize("model", ["span-x4", "clearreality-x4", "cugan-nose-x2"])
def test_tiled_equals_whole_image_within_a_few_levels(upscaler: Upscaler, model: str):
    """Within max 4 and mean 0.05 levels of one whole-image pass in fp32."""
    difference = _difference(upscaler, model, tile=96)
    assert difference.max() <= 4
    assert difference.mean() <= 0.05


def test_cugan_tiles_share_their_squeeze_excitation_means(upscaler: Upscaler):
    """Real-CUGAN's tiles are gated by means shared across the image (as its reference's
    tile mode): no tile stands out. Each tile's own means would leave seams of 15-25
    levels; shared, tiles stay within a few levels of the whole pass, with a small overall
    shift (the shared means are the tiles' average, not the whole image's)."""
    difference = _difference(upscaler, "cugan-x2", tile=96)
    assert difference.max() <= 8
    assert difference.mean() <= 0.35
