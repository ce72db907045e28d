"""Tiled inference: seamless, faithful to the whole-image result, reports progress, cancels."""

from __future__ import annotations

import threading

import numpy as np
import pytest
import torch

from config import EngineSettings
from engine.archs import RRDBNet
from engine.errors import Cancelled
from engine.tiling import PRE_PAD, count_tiles, upscale_tiled
from engine.upscaler import Upscaler
from testbed.images import photo


def _as_tensor(pixels: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(pixels.copy()).permute(2, 0, 1).float() / 255


def _levels(image: torch.Tensor) -> torch.Tensor:
    return (image * 255).round()


def test_tiled_equals_whole_image_within_a_few_levels(
    upscaler: Upscaler, engine_settings: EngineSettings
):
    """Seams are invisible: tiles at the default overlap match one whole-image pass (x4plus)."""
    model = upscaler.prepare("x4plus", "cpu", "fp32").module
    image = _as_tensor(photo(200, 120))
    overlap = engine_settings.tile_overlap
    whole = upscale_tiled(model, image, scale=4, tile=1024, overlap=overlap)
    tiles = count_tiles(120, 200, 160, overlap)
    assert tiles > 1
    tiled = upscale_tiled(model, image, scale=4, tile=160, overlap=overlap)
    difference = (_levels(whole) - _levels(tiled)).abs()
    assert tiled.shape == (3, 480, 800)
    assert difference.max().item() <= 4
    assert difference.mean().item() <= 0.05


def test_progress_is_reported_per_tile_and_cancel_stops(upscaler: Upscaler):
    """The meter moves tile by tile, and a cancelled job stops between tiles."""
    model = upscaler.prepare("animevideo-x4", "cpu", "fp32").module
    image = _as_tensor(photo(180, 180))
    seen: list[tuple[int, int]] = []
    upscale_tiled(
        model, image, scale=4, tile=128, overlap=96, progress=lambda d, t: seen.append((d, t))
    )
    total = count_tiles(180, 180, 128, 96)
    assert seen == [(i, total) for i in range(1, total + 1)]

    cancel = threading.Event()

    def cancel_after_two(done: int, _total: int) -> None:
        if done == 2:
            cancel.set()

    with pytest.raises(Cancelled):
        upscale_tiled(
            model, image, scale=4, tile=128, overlap=96, progress=cancel_after_two, cancel=cancel
        )


@pytest.mark.parametrize(("height", "width"), [(1, 1), (3, 500), (500, 3), (17, 9)])
def test_tiny_and_thin_images_work(upscaler: Upscaler, height: int, width: int):
    """A 1x1 or 3x500 image upscales to exactly 4x without errors."""
    model = upscaler.prepare("animevideo-x4", "cpu", "fp32").module
    rng = np.random.default_rng(0)
    image = _as_tensor(rng.integers(0, 255, (height, width, 3), dtype=np.uint8))
    out = upscale_tiled(model, image, scale=4, tile=128, overlap=96)
    assert out.shape == (3, height * 4, width * 4)
    assert torch.isfinite(out).all()


def test_pixel_unshuffle_models_tile_odd_sizes():
    """x2plus-style networks (pixel-unshuffle) handle odd sizes and tiles."""
    torch.manual_seed(0)
    model = RRDBNet(scale=2, num_block=1).eval()
    image = torch.rand(3, 61, 203)
    out = upscale_tiled(model, image, scale=2, tile=128, overlap=48, multiple=2)
    assert out.shape == (3, 122, 406)
    whole = upscale_tiled(model, image, scale=2, tile=1024, overlap=48, multiple=2)
    assert (_levels(out) - _levels(whole)).abs().max().item() <= 4


def test_the_pre_pad_matches_the_reference_implementations():
    """Borders are padded by reflection, as the ncnn and PyTorch Real-ESRGAN do."""
    assert PRE_PAD == 10
