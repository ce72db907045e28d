"""Running a tile plan: faithful seams, batches, strips, progress, cancel, odd sizes, borders."""

from __future__ import annotations

import threading

import numpy as np
import pytest
import torch

from engine.errors import Cancelled
from engine.networks.archs import RRDBNet
from engine.networks.esrgan import STRIP_HALO
from engine.tiling.inference import upscale_tiled
from engine.tiling.plan import PRE_PAD, plan_tiles
from engine.tiling.strips import forward_in_strips
from engine.upscaler import Upscaler
from testbed.images import photo

WHOLE = 10**9  # a budget every test image fits


def _as_tensor(pixels: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(pixels.copy()).permute(2, 0, 1).float() / 255


def _levels(image: torch.Tensor) -> torch.Tensor:
    return (image * 255).round()


@pytest.mark.parametrize(
    ("model", "width", "height", "side"),
    [("x4plus", 240, 24, 200), ("animevideo-x4", 150, 130, 96)],
)
def test_tiled_equals_whole_image_within_a_few_levels(
    upscaler: Upscaler, model: str, width: int, height: int, side: int
):
    """Seams are invisible at each model's default overlap and blend: tiles (one seam for
    x4plus, to stay quick; several both ways for the compact model) match one whole-image
    pass within max 4 and mean 0.05 levels in fp32."""
    prepared = upscaler.prepare(model, "cpu", "fp32")
    strips = prepared.traits.strips
    network = strips.network(prepared.module, rows=16) if strips else prepared.module
    overlap, blend = prepared.traits.seams.overlap, prepared.traits.seams.blend
    image = _as_tensor(photo(width, height))
    whole_plan = plan_tiles(height, width, overlap=overlap, blend=blend, max_tile_pixels=WHOLE)
    tiled_plan = plan_tiles(
        height, width, overlap=overlap, blend=blend, max_tile_pixels=WHOLE, max_tile_side=side
    )
    assert whole_plan.count == 1 and tiled_plan.count > 1
    whole = upscale_tiled(network, image, scale=4, plan=whole_plan)
    tiled = upscale_tiled(network, image, scale=4, plan=tiled_plan)
    difference = (_levels(whole) - _levels(tiled)).abs()
    assert tiled.shape == (3, height * 4, width * 4)
    assert difference.max().item() <= 4
    assert difference.mean().item() <= 0.05


def test_batched_tiles_give_the_same_pixels(upscaler: Upscaler):
    """Tiles run three at a time give exactly the pixels of tiles run one by one."""
    module = upscaler.prepare("animevideo-x4", "cpu", "fp32").module
    image = _as_tensor(photo(150, 130))
    plan = plan_tiles(130, 150, overlap=32, blend=8, max_tile_pixels=WHOLE, max_tile_side=72)
    assert plan.count >= 6
    one = upscale_tiled(module, image, scale=4, plan=plan, batch=1)
    three = upscale_tiled(module, image, scale=4, plan=plan, batch=3)
    assert torch.equal(_levels(one), _levels(three))


def test_upsampling_in_strips_equals_one_pass():
    """RRDBNet's upsampling stage in strips (one or several images at once) gives the pixels
    of a plain forward pass, for x4 and for pixel-unshuffle x2."""
    torch.manual_seed(0)
    for scale, size in ((4, (2, 3, 37, 29)), (2, (1, 3, 42, 30))):
        model = RRDBNet(scale=scale, num_block=1).eval()
        batch = torch.rand(size)
        with torch.inference_mode():
            plain = model(batch)
            strips = forward_in_strips(model, batch, rows=5, halo=STRIP_HALO)
        assert strips.shape == plain.shape
        assert torch.equal(_levels(strips.clamp(0, 1)), _levels(plain.clamp(0, 1)))


def test_progress_is_reported_per_tile_and_cancel_stops(upscaler: Upscaler):
    """The meter moves tile by tile, and a cancelled job stops between tiles."""
    model = upscaler.prepare("animevideo-x4", "cpu", "fp32").module
    image = _as_tensor(photo(180, 180))
    plan = plan_tiles(180, 180, overlap=32, blend=8, max_tile_pixels=WHOLE, max_tile_side=96)
    seen: list[tuple[int, int]] = []
    upscale_tiled(model, image, scale=4, plan=plan, progress=lambda d, t: seen.append((d, t)))
    assert plan.count > 2
    assert seen == [(i, plan.count) for i in range(1, plan.count + 1)]

    cancel = threading.Event()

    def cancel_after_two(done: int, _total: int) -> None:
        if done == 2:
            cancel.set()

    with pytest.raises(Cancelled):
        upscale_tiled(model, image, scale=4, plan=plan, progress=cancel_after_two, cancel=cancel)


@pytest.mark.parametrize(("height", "width"), [(1, 1), (3, 500), (500, 3), (17, 9)])
def test_tiny_and_thin_images_work(upscaler: Upscaler, height: int, width: int):
    """A 1x1 or 3x500 image upscales to exactly 4x without errors, tiled or not."""
    model = upscaler.prepare("animevideo-x4", "cpu", "fp32").module
    rng = np.random.default_rng(0)
    image = _as_tensor(rng.integers(0, 255, (height, width, 3), dtype=np.uint8))
    for side in (None, 128):
        plan = plan_tiles(
            height, width, overlap=32, blend=8, max_tile_pixels=WHOLE, max_tile_side=side
        )
        out = upscale_tiled(model, image, scale=4, plan=plan)
        assert out.shape == (3, height * 4, width * 4)
        assert torch.isfinite(out).all()


def test_pixel_unshuffle_models_tile_odd_sizes():
    """x2plus-style networks (pixel-unshuffle) handle odd sizes and tiles."""
    torch.manual_seed(0)
    model = RRDBNet(scale=2, num_block=1).eval()
    image = torch.rand(3, 61, 203)
    tiled_plan = plan_tiles(
        61, 203, overlap=48, blend=16, max_tile_pixels=WHOLE, max_tile_side=128, multiple=2
    )
    assert tiled_plan.count > 1
    out = upscale_tiled(model, image, scale=2, plan=tiled_plan)
    assert out.shape == (3, 122, 406)
    whole_plan = plan_tiles(61, 203, overlap=48, blend=16, max_tile_pixels=WHOLE, multiple=2)
    whole = upscale_tiled(model, image, scale=2, plan=whole_plan)
    assert (_levels(out) - _levels(whole)).abs().max().item() <= 4


class _BlurThenDouble(torch.nn.Module):
    """A network that sees its neighbours (a 3x3 box blur with zero padding, as Real-ESRGAN's
    convolutions pad) and doubles the size."""

    def __init__(self) -> None:
        super().__init__()
        self.blur = torch.nn.Conv2d(3, 3, 3, padding=1, bias=False, groups=3)
        torch.nn.init.constant_(self.blur.weight, 1 / 9)

    def forward(self, image: torch.Tensor) -> torch.Tensor:
        blurred: torch.Tensor = self.blur(image)
        return torch.nn.functional.interpolate(blurred, scale_factor=2, mode="nearest")


@pytest.mark.parametrize("tiled", [False, True])
def test_borders_are_padded_by_reflection_before_the_network(tiled: bool):
    """As the ncnn and PyTorch Real-ESRGAN do: the network sees mirrored content past the
    edges (PRE_PAD pixels of it), never the zeros its own convolutions would pad with, so a
    flat image stays flat up to its last pixel, whole or tiled."""
    assert PRE_PAD >= 1
    image = torch.full((3, 40, 56), 0.5)
    side = 32 if tiled else None
    plan = plan_tiles(40, 56, overlap=8, blend=4, max_tile_pixels=WHOLE, max_tile_side=side)
    assert (plan.count > 1) is tiled
    with torch.no_grad():
        out = upscale_tiled(_BlurThenDouble(), image, scale=2, plan=plan)
    assert out.shape == (3, 80, 112)
    assert torch.allclose(out, torch.full_like(out, 0.5), atol=1e-6)
