"""The tile plan: where equal tiles go over an image of any size, and where they blend.

The image is first padded by reflection (``PRE_PAD`` pixels by default, as the reference ncnn
and PyTorch implementations do; a network may ask for more), so border pixels see natural
context, and its far sides are rounded up to whole multiples of ``SHAPE_MULTIPLE``. The whole
padded image runs in one pass when it fits the memory budget. Otherwise the plan chooses the
number of tiles first and then sizes them evenly: every tile has the same shape (kernels,
compiled graphs and batches are reused) and none is nearly empty. Neighbours overlap by at
least ``overlap`` pixels; in each overlap a band of ``blend`` pixels in the middle is
cross-faded linearly and the rest, next to each tile's edge where the network saw too little
context, is discarded. The weights along each axis add up to one everywhere, so the blend
needs no normalisation pass. Running a plan is :mod:`engine.tiling.inference`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

import torch

PRE_PAD = 10
SHAPE_MULTIPLE = 8  # padded sides and tile sides are whole multiples of this


def _round_up(value: int, multiple: int) -> int:
    return -(-value // multiple) * multiple


@dataclass(frozen=True, slots=True)
class AxisPlan:
    """Where equal tiles go along one axis of the padded image, and where they blend."""

    length: int  # padded axis length
    tile: int
    starts: tuple[int, ...]
    blends: tuple[tuple[int, int], ...]  # per seam: [begin, end) of the cross-fade

    @classmethod
    def split(cls, length: int, count: int, overlap: int, blend: int, multiple: int) -> AxisPlan:
        """``count`` equal tiles over ``length`` overlapping by at least ``overlap``.

        ``length`` is a multiple of ``max(SHAPE_MULTIPLE, multiple)``; starts are multiples of
        ``multiple`` (pixel-unshuffle groups must line up with the whole image's).
        """
        if count <= 1:
            return cls(length, length, (0,), ())
        step = max(SHAPE_MULTIPLE, multiple)
        # Equal tiles whose overlaps are at least `overlap` even after the starts are rounded
        # down to `multiple`.
        tile = min(
            length, _round_up(-(-(length + (count - 1) * overlap) // count) + multiple, step)
        )
        span = length - tile
        starts = [(i * span // (count - 1)) // multiple * multiple for i in range(count)]
        starts[-1] = span
        blends = []
        for before, after in itertools.pairwise(starts):
            shared = before + tile - after
            begin = after + (shared - blend) // 2
            blends.append((begin, begin + blend))
        return cls(length, tile, tuple(starts), tuple(blends))

    @property
    def count(self) -> int:
        return len(self.starts)

    def min_overlap(self) -> int:
        if self.count == 1:
            return self.length
        return min(a + self.tile - b for a, b in itertools.pairwise(self.starts))

    def weights(self, index: int, scale: int, device: torch.device) -> torch.Tensor:
        """1-D weights over one tile's output: 0 where discarded, ramps where blended, else 1.

        Summed over the tiles of the axis they are 1 at every output position.
        """
        size = self.tile * scale
        start = self.starts[index]
        weight = torch.ones(size, device=device)
        if index > 0:  # a neighbour before: fade in over the seam's band
            begin, end = ((b - start) * scale for b in self.blends[index - 1])
            weight[:begin] = 0
            weight[begin:end] = _ramp(end - begin, device)
        if index < self.count - 1:  # a neighbour after: fade out over the seam's band
            begin, end = ((b - start) * scale for b in self.blends[index])
            weight[begin:end] = 1 - _ramp(end - begin, device)
            weight[end:] = 0
        return weight


def _ramp(size: int, device: torch.device) -> torch.Tensor:
    return (torch.arange(size, device=device, dtype=torch.float32) + 0.5) / max(size, 1)


@dataclass(frozen=True, slots=True)
class TilePlan:
    """The tiles of one image: ``rows.count`` x ``cols.count`` tiles of one shape."""

    height: int  # the image's own size, before padding
    width: int
    rows: AxisPlan
    cols: AxisPlan
    pad: int = PRE_PAD  # reflected context before the image's top and left edges

    @property
    def count(self) -> int:
        return self.rows.count * self.cols.count

    @property
    def tile_pixels(self) -> int:
        return self.rows.tile * self.cols.tile

    @property
    def processed_px_ratio(self) -> float:
        """Pixels the network is fed over the image's own pixels (1.0 would be no waste)."""
        return self.count * self.tile_pixels / (self.height * self.width)

    def tiles(self) -> Iterator[tuple[int, int, int, int]]:
        """``(iy, ix, y, x)`` of every tile, row by row."""
        for iy, y in enumerate(self.rows.starts):
            for ix, x in enumerate(self.cols.starts):
                yield iy, ix, y, x


def padded_size(height: int, width: int, multiple: int = 1, pad: int = PRE_PAD) -> tuple[int, int]:
    """The padded image's size: ``pad`` on every side, far sides rounded up to the step."""
    step = max(SHAPE_MULTIPLE, multiple)
    return _round_up(height + 2 * pad, step), _round_up(width + 2 * pad, step)


def plan_tiles(
    height: int,
    width: int,
    *,
    overlap: int,
    blend: int,
    max_tile_pixels: int,
    max_tile_side: int | None = None,
    multiple: int = 1,
    pad: int = PRE_PAD,
) -> TilePlan:
    """The plan that feeds the network the fewest pixels with tiles within the limits.

    One tile (the whole padded image) when it fits. Otherwise, for each number of tile rows,
    the fewest columns whose tiles fit; the plan with the fewest processed pixels wins (then
    the fewest tiles). When even the smallest tiles the overlap allows are over
    ``max_tile_pixels``, those are used.
    """
    padded_h, padded_w = padded_size(height, width, multiple, pad)
    side = max_tile_side if max_tile_side is not None else max(padded_h, padded_w)
    # Every option of the shorter axis, and of the longer only as many as a fit needs: a
    # hostile 1x4,000,000 image must not make the plan itself expensive.
    transposed = padded_h > padded_w
    short_length, long_length = sorted((padded_h, padded_w))
    shorts = list(_axis_options(short_length, overlap, blend, multiple))
    longs = _axis_options(long_length, overlap, blend, multiple)
    seen: list[AxisPlan] = []
    best: tuple[tuple[int, int], AxisPlan, AxisPlan] | None = None
    for short in shorts:
        if short.tile > side:
            continue
        index = 0
        while (long := _nth(longs, seen, index)) is not None:
            index += 1
            # More tiles only add overlap: the first that fits is this row count's best.
            if long.tile <= side and short.tile * long.tile <= max_tile_pixels:
                count = short.count * long.count
                key = (count * short.tile * long.tile, count)
                if best is None or key < best[0]:
                    best = (key, short, long)
                break
    if best is None:  # nothing fits: the smallest tiles the overlap allows
        while _nth(longs, seen, len(seen)) is not None:
            pass
        best = ((0, 0), shorts[-1], seen[-1])
    _, short, long = best
    rows, cols = (long, short) if transposed else (short, long)
    return TilePlan(height, width, rows, cols, pad)


def _nth(options: Iterator[AxisPlan], seen: list[AxisPlan], index: int) -> AxisPlan | None:
    """Option ``index`` of a lazily made sequence (``seen`` keeps those made so far)."""
    while len(seen) <= index:
        made = next(options, None)
        if made is None:
            return None
        seen.append(made)
    return seen[index]


def _axis_options(length: int, overlap: int, blend: int, multiple: int) -> Iterator[AxisPlan]:
    """Plans with 1, 2, ... tiles while more tiles still make them smaller, each tile still
    advances a full step past the overlap, and every blend band fits between its tile's
    neighbours' (strides wider than the blend)."""
    step = max(SHAPE_MULTIPLE, multiple)
    previous = AxisPlan.split(length, 1, overlap, blend, multiple)
    yield previous
    count = 2
    while True:
        plan = AxisPlan.split(length, count, overlap, blend, multiple)
        strides = [b - a for a, b in itertools.pairwise(plan.starts)]
        if (
            plan.tile >= previous.tile
            or plan.tile < overlap + 2 * step
            or (count > 2 and min(strides) < blend + 2)
        ):
            return
        yield plan
        previous = plan
        count += 1
