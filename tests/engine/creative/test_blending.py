"""The tiling itself, with stand-in models that act pixel by pixel: anything a seam did would
show as a difference from the untiled result (a step where tiles meet)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from types import SimpleNamespace

import numpy as np
import pytest
import torch

from engine.creative.meter import Meter
from engine.creative.multidiffusion import (
    Schedule,
    TilePlan,
    blended_prediction,
    denoise,
    low_pass,
)
from engine.creative.noise import positional_noise
from engine.creative.tiles import TileLayout, Window
from engine.creative.vae_tiles import decode_tiled, encode_tiled
from engine.errors import ModelFailure

SIZES = [(64, 64, 16, 4), (70, 90, 32, 8), (33, 200, 24, 12), (16, 16, 64, 16), (100, 37, 20, 10)]


@pytest.mark.parametrize(("height", "width", "tile", "overlap"), SIZES)
def test_tiles_cover_every_pixel_with_weights_summing_to_one(
    height: int, width: int, tile: int, overlap: int
):
    layout = TileLayout.cover(height, width, tile, overlap)
    normaliser = layout.normaliser()
    total = torch.zeros(height, width)
    covered = torch.zeros(height, width)
    for window in layout.windows():
        assert window.top >= 0 and window.top + window.height <= height
        assert window.left >= 0 and window.left + window.width <= width
        weights = layout.weights(window)
        assert bool((weights > 0).all())
        window.of(total).add_(weights * window.of(normaliser))
        window.of(covered).add_(1)
    assert bool((covered >= 1).all())
    assert torch.allclose(total, torch.ones_like(total), atol=1e-6)
    if height > tile and width > tile:
        assert layout.count > 1 and bool((covered >= 2).any())  # the case has real overlaps


@pytest.mark.parametrize(("height", "width", "tile", "overlap"), SIZES)
def test_a_denoiser_that_returns_its_input_gives_back_the_canvas(
    height: int, width: int, tile: int, overlap: int
):
    canvas = torch.randn(1, 4, height, width)
    layout = TileLayout.cover(height, width, tile, overlap)
    blended = blended_prediction(canvas, 0, _identity, layout, 3, Meter(layout.count, None, None))
    assert torch.allclose(blended, canvas, atol=1e-5)


def test_tiled_denoising_equals_untiled_for_a_pixelwise_model():
    """The whole loop (blend, DDIM step, resemblance pull) does not depend on the tiling."""
    from diffusers import DDIMScheduler

    schedule = Schedule.ddim(DDIMScheduler(clip_sample=False).config, 10, run=6)
    start = positional_noise(4, 48, 80, seed=5, stream=0)
    anchor = torch.randn(1, 4, 48, 80)
    results = []
    for tile in (16, 24, 512):
        plan = TilePlan(tile, tile // 4, 2, 8, 8)
        meter = Meter(6 * plan.layout(48, 80).count, None, None)
        results.append(
            denoise(start, schedule, _pixelwise, plan, meter, anchor=anchor, resemblance=0.5)
        )
    assert torch.allclose(results[0], results[2], atol=1e-5)
    assert torch.allclose(results[1], results[2], atol=1e-5)


def test_resemblance_pulls_colours_and_shapes_toward_the_input():
    """A model that drifts (adds a tint) moves the picture away from the input; resemblance
    holds the coarse picture (above the low-pass scale) to the input, leaving fine detail."""
    from diffusers import DDIMScheduler

    schedule = Schedule.ddim(DDIMScheduler(clip_sample=False).config, 10, run=8)
    anchor = low_pass(torch.randn(1, 4, 64, 64) * 3)
    start = schedule.add_noise(anchor, positional_noise(4, 64, 64, seed=2, stream=0))

    def drifting(tiles: torch.Tensor, timestep: int, windows: Sequence[Window]) -> torch.Tensor:
        return tiles * 0.5 - 0.4  # epsilon: the predicted image comes out brighter

    coarse, fine = [], []
    for resemblance in (0.0, 0.5, 1.0):
        plan = TilePlan(32, 8, 1, 8, 8)
        result = denoise(
            start,
            schedule,
            drifting,
            plan,
            Meter(99, None, None),
            anchor=anchor,
            resemblance=resemblance,
        )
        coarse.append(float(low_pass(result - anchor).abs().mean()))
        fine.append(float((result - low_pass(result)).abs().mean()))
    assert coarse[2] < coarse[1] < coarse[0] and coarse[2] < 0.2 * coarse[0]
    assert fine[2] > 0.5 * fine[0]  # the detail is still the model's


def test_tiled_decoding_equals_untiled_for_a_pixelwise_decoder():
    """Rows stream into the 8-bit output; every pixel is written and none shows a seam."""
    vae = _StandInVae(factor=4)
    latents = torch.randn(1, 4, 30, 52) * 0.6
    outputs = []
    for tile in (8, 12, 1000):
        out = np.zeros((117, 205, 3), dtype=np.uint8)  # smaller than 120x208: padding dropped
        layout = TileLayout.cover(30, 52, tile, tile // 4)
        decode_tiled(
            vae, latents, out, tile=tile, overlap=tile // 4, meter=Meter(layout.count, None, None)
        )
        outputs.append(out.astype(int))
    expected = (vae.pixels(latents)[0].permute(1, 2, 0)[:117, :205] + 1) * 127.5
    expected_8 = expected.round().clamp(0, 255).numpy().astype(int)
    for out in outputs:
        assert np.abs(out - expected_8).max() <= 1
        assert np.abs(out - expected_8).mean() < 0.01


def test_tiled_encoding_equals_untiled_for_a_blockwise_encoder():
    vae = _StandInVae(factor=4)
    image = torch.rand(1, 3, 96, 160) * 2 - 1

    def read(window: Window) -> torch.Tensor:
        return image[
            ..., window.top : window.top + window.height, window.left : window.left + window.width
        ]

    results = [
        encode_tiled(vae, read, 24, 40, tile=tile, overlap=tile // 4, meter=Meter(99, None, None))
        for tile in (8, 16, 1000)
    ]
    assert torch.allclose(results[0], results[2], atol=1e-5)
    assert torch.allclose(results[1], results[2], atol=1e-5)


def test_running_out_of_gpu_memory_shrinks_the_tiles_and_carries_on():
    """Big tiles fail as a GPU out of memory would; the run finishes with smaller tiles, the
    result is the same, and the meter still ends at 100 % exactly once."""
    from diffusers import DDIMScheduler

    schedule = Schedule.ddim(DDIMScheduler(clip_sample=False).config, 4)

    def small_tiles_only(
        tiles: torch.Tensor, timestep: int, windows: Sequence[Window]
    ) -> torch.Tensor:
        if tiles.shape[0] * tiles.shape[-1] * tiles.shape[-2] > 16 * 16:
            raise torch.cuda.OutOfMemoryError("CUDA out of memory (stand-in)")
        return _pixelwise(tiles, timestep, windows)

    start = positional_noise(4, 64, 64, seed=1, stream=0)
    events: list[tuple[int, int]] = []
    plan = TilePlan(64, 16, 4, 8, 8)
    meter = Meter(4 * plan.layout(64, 64).count, lambda d, t: events.append((d, t)), None)
    result = denoise(start, schedule, small_tiles_only, plan, meter)
    meter.finish()
    assert (plan.batch, plan.tile) == (1, 16)
    untiled = denoise(start, schedule, _pixelwise, TilePlan(64, 16, 1, 8, 8), Meter(4, None, None))
    assert torch.allclose(result, untiled, atol=1e-5)
    assert [d for d, t in events if d == t] == [events[-1][0]]
    assert all(b[0] >= a[0] for a, b in itertools.pairwise(events))

    def never(tiles: torch.Tensor, timestep: int, windows: Sequence[Window]) -> torch.Tensor:
        raise torch.cuda.OutOfMemoryError("CUDA out of memory (stand-in)")

    with pytest.raises(ModelFailure, match="out of GPU memory"):
        denoise(start, schedule, never, TilePlan(32, 8, 1, 8, 16), Meter(10, None, None))


def test_noise_depends_on_the_seed_and_the_position_only():
    small = positional_noise(4, 40, 70, seed=9, stream=0)
    large = positional_noise(4, 100, 96, seed=9, stream=0)
    assert torch.equal(small[..., :40, :70], large[..., :40, :70])
    assert not torch.equal(small, positional_noise(4, 40, 70, seed=10, stream=0))
    assert not torch.equal(small, positional_noise(4, 40, 70, seed=9, stream=1))
    assert abs(float(large.std()) - 1) < 0.05


def _identity(tiles: torch.Tensor, timestep: int, windows: Sequence[Window]) -> torch.Tensor:
    return tiles


def _pixelwise(tiles: torch.Tensor, timestep: int, windows: Sequence[Window]) -> torch.Tensor:
    """A 'model' whose output at a pixel depends on that pixel alone."""
    return torch.tanh(tiles) * (0.2 + timestep / 2000)


class _StandInVae:
    """Decodes each latent pixel to a ``factor`` x ``factor`` block of its first three
    channels, and encodes a block back to its mean: no pixel sees its neighbours."""

    def __init__(self, factor: int) -> None:
        self.factor = factor
        self.device = torch.device("cpu")
        self.dtype = torch.float32
        self.config = SimpleNamespace(
            block_out_channels=[1] * (factor.bit_length()), latent_channels=4, scaling_factor=0.5
        )

    def pixels(self, latents: torch.Tensor) -> torch.Tensor:
        scaled = latents[:, :3] / self.config.scaling_factor
        return (
            torch.tanh(scaled).repeat_interleave(self.factor, -2).repeat_interleave(self.factor, -1)
        )

    def decode(self, z: torch.Tensor) -> SimpleNamespace:
        return SimpleNamespace(sample=self.pixels(z * self.config.scaling_factor))

    def encode(self, x: torch.Tensor) -> SimpleNamespace:
        mean = torch.nn.functional.avg_pool2d(x, self.factor)
        latent = torch.cat([mean, mean[:, :1]], dim=1)
        return SimpleNamespace(latent_dist=SimpleNamespace(mode=lambda: latent))
