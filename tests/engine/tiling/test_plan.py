"""The tile plan: even tiles that cover the image within the budget, and little waste."""

from __future__ import annotations

import itertools

import numpy as np
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.images.decode import DecodedImage
from engine.tiling.plan import SHAPE_MULTIPLE, padded_size, plan_tiles
from engine.upscaler import UpscaleOptions, Upscaler


@settings(max_examples=300, deadline=None)
@given(
    height=st.integers(1, 3000),
    width=st.integers(1, 3000),
    budget=st.integers(1, 4_000_000),
    side=st.one_of(st.none(), st.integers(64, 2048)),
    overlap_blend=st.sampled_from([(0, 0), (16, 8), (48, 16), (64, 16), (128, 44)]),
    multiple=st.sampled_from([1, 2, 4]),
)
def test_the_plan_covers_the_image_with_even_tiles_within_the_budget(
    height: int,
    width: int,
    budget: int,
    side: int | None,
    overlap_blend: tuple[int, int],
    multiple: int,
):
    """Equal tiles cover the padded image edge to edge, neighbours overlap by at least the
    overlap, no tile is nearly empty (strides differ by a few pixels at most), the budget is
    kept whenever any plan can keep it, and the blend weights add up to one everywhere."""
    overlap, blend = overlap_blend
    plan = plan_tiles(
        height,
        width,
        overlap=overlap,
        blend=blend,
        max_tile_pixels=budget,
        max_tile_side=side,
        multiple=multiple,
    )
    padded_h, padded_w = padded_size(height, width, multiple)
    assert (plan.rows.length, plan.cols.length) == (padded_h, padded_w)
    for axis in (plan.rows, plan.cols):
        step = max(SHAPE_MULTIPLE, multiple)
        assert axis.tile % step == 0 and axis.tile <= axis.length
        assert axis.starts[0] == 0 and axis.starts[-1] + axis.tile == axis.length
        assert all(start % multiple == 0 for start in axis.starts)
        strides = [b - a for a, b in itertools.pairwise(axis.starts)]
        if strides:
            assert min(strides) > 0
            assert max(strides) - min(strides) <= multiple + 1
            assert axis.min_overlap() >= overlap
        for (before, after), (begin, end) in zip(
            itertools.pairwise(axis.starts), axis.blends, strict=True
        ):
            assert after <= begin <= end <= before + axis.tile and end - begin == blend
        coverage = torch.zeros(axis.length * 2)
        for index, start in enumerate(axis.starts):
            coverage[start * 2 : (start + axis.tile) * 2] += axis.weights(
                index, 2, torch.device("cpu")
            )
        assert torch.allclose(coverage, torch.ones_like(coverage), atol=1e-6)
    fits_whole = padded_h * padded_w <= budget and (side is None or max(padded_h, padded_w) <= side)
    if fits_whole:
        assert plan.count == 1
    smallest = plan_tiles(
        height, width, overlap=overlap, blend=blend, max_tile_pixels=1, multiple=multiple
    )
    if smallest.tile_pixels <= budget and (
        side is None or max(smallest.rows.tile, smallest.cols.tile) <= side
    ):
        assert plan.tile_pixels <= budget
        assert side is None or max(plan.rows.tile, plan.cols.tile) <= side


def test_default_plans_feed_the_network_little_more_than_the_image(upscaler: Upscaler):
    """On the CPU defaults a 1024x1024 or 1344x768 image runs in one pass (ratio <= 1.15),
    and an image over the budget gets equal tiles that still waste little."""
    for model in ("x4plus", "animevideo-x4"):
        for width, height in ((1024, 1024), (1344, 768)):
            image = DecodedImage(np.zeros((height, width, 3), np.uint8), None, False, 8, None)
            # fp32, the widest format: CPUs without bf16 run it.
            options = UpscaleOptions(model=model, device="cpu", precision="fp32")
            plan = upscaler.plan(image, options)
            assert plan.count == 1
            assert plan.processed_px_ratio <= 1.15
    big = plan_tiles(2048, 2048, overlap=64, blend=16, max_tile_pixels=1024 * 1024)
    assert big.count > 1 and big.processed_px_ratio <= 1.25
