"""Tiled inference: run a super-resolution network over an image of any size, wasting little.

The image is first padded by reflection (``PRE_PAD`` pixels, as the reference ncnn and PyTorch
implementations do), so border pixels see natural context, and its far sides are rounded up
to whole multiples of ``SHAPE_MULTIPLE``. The whole padded image runs in one pass when it fits
the memory budget. Otherwise the plan chooses the number of tiles first and then sizes them
evenly: every tile has the same shape (kernels, compiled graphs and batches are reused) and
none is nearly empty. Neighbours overlap by at least ``overlap`` pixels; in each overlap a
band of ``blend`` pixels in the middle is cross-faded linearly and the rest, next to each
tile's edge where the network saw too little context, is discarded. The weights along each
axis add up to one everywhere, so the blend needs no normalisation pass.

RRDBNet's upsampling stage holds most of its memory but needs only two pixels of context, so
it runs over the trunk's features in strips (:func:`forward_in_strips`): a whole 1024x1024
image then needs a quarter to a fifth of the memory of a plain forward pass, and runs
untiled.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol

import torch
import torch.nn.functional as F
from torch import nn

from engine.archs.rrdbnet import ResidualDenseBlock, RRDBNet
from engine.archs.srvgg import SRVGGNetCompact
from engine.errors import Cancelled

PRE_PAD = 10
SHAPE_MULTIPLE = 8  # padded sides and tile sides are whole multiples of this
STRIP_HALO = 2  # feature rows of context RRDBNet's upsampling stage needs on each side
MEMORY_SAFETY = 1.25  # the per-pixel estimates below, measured on the CPU, plus headroom

ProgressCallback = Callable[[int, int], None]
Network = Callable[[torch.Tensor], torch.Tensor]


class CancelToken(Protocol):
    def is_set(self) -> bool: ...


class UnstableOutput(Exception):
    """The network produced NaN/inf or black output at this precision (fp16 overflow)."""


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


def padded_size(height: int, width: int, multiple: int = 1) -> tuple[int, int]:
    step = max(SHAPE_MULTIPLE, multiple)
    return _round_up(height + 2 * PRE_PAD, step), _round_up(width + 2 * PRE_PAD, step)


def plan_tiles(
    height: int,
    width: int,
    *,
    overlap: int,
    blend: int,
    max_tile_pixels: int,
    max_tile_side: int | None = None,
    multiple: int = 1,
) -> TilePlan:
    """The plan that feeds the network the fewest pixels with tiles within the limits.

    One tile (the whole padded image) when it fits. Otherwise, for each number of tile rows,
    the fewest columns whose tiles fit; the plan with the fewest processed pixels wins (then
    the fewest tiles). When even the smallest tiles the overlap allows are over
    ``max_tile_pixels``, those are used.
    """
    padded_h, padded_w = padded_size(height, width, multiple)
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
    return TilePlan(height, width, rows, cols)


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


# The smallest (overlap, blend) per network that keeps a tiled result within max 4 and mean
# 0.05 levels of one whole-image pass in fp32 (BENCHMARKS.md, "Tiled vs whole image"). The
# compact networks see 18 pixels around each output pixel; RRDBNet's 23 dense blocks far more.
SEAMS_COMPACT = (32, 8)
SEAMS_RRDB = (96, 32)  # 80/24 reached max 4, the limit itself; 96/32 keeps 2x headroom


def seam_defaults(module: nn.Module) -> tuple[int, int]:
    """``(overlap, blend)`` that keep tiles faithful to one pass for this network."""
    return SEAMS_COMPACT if isinstance(module, SRVGGNetCompact) else SEAMS_RRDB


def network_bytes_per_pixel(module: nn.Module, dtype: torch.dtype, *, in_strips: bool) -> int:
    """Memory one input pixel of a tile costs while the network runs (an estimate).

    Counted from the widest activations alive at once; RRDBNet's figure with ``in_strips`` is
    its trunk's (the strips are budgeted separately), without it the 16x upsampled tail's.
    Measured on the CPU (torch 2.13, channels_last) the estimates below sit within 25%.
    """
    size = torch.empty((), dtype=dtype).element_size()
    if isinstance(module, RRDBNet):
        feat = module.conv_first.out_channels
        block = next((m for m in module.modules() if isinstance(m, ResidualDenseBlock)), None)
        grow = block.conv1.out_channels if block is not None else feat
        unshuffle = module.unshuffle
        trunk = (7 * feat + 4 * grow) / unshuffle**2  # dense block: inputs, growth, concat
        tail = 2 * feat * 16 / unshuffle**2  # two 64-channel maps at 4x the features' size
        values = trunk + (0 if in_strips else tail) + 3 * module.scale**2
    elif isinstance(module, SRVGGNetCompact):
        first = module.body[0]
        feat = first.out_channels if isinstance(first, nn.Conv2d) else 64
        values = 2 * feat + 3 * 3 * module.scale**2  # conv in/out; shuffle, nearest, sum
    else:
        values = 2048  # an unknown network: assume a wide one
    return int(values * size * MEMORY_SAFETY)


def strip_rows(module: nn.Module, dtype: torch.dtype, width: int, budget_bytes: int) -> int:
    """Feature rows per strip of RRDBNet's upsampling stage within ``budget_bytes``."""
    if not isinstance(module, RRDBNet):
        return 0
    size = torch.empty((), dtype=dtype).element_size()
    feat = module.conv_first.out_channels
    per_row = 2 * feat * 16 * size * (width // module.unshuffle) * MEMORY_SAFETY
    return max(8, int(budget_bytes // per_row))


def forward_in_strips(model: RRDBNet, x: torch.Tensor, rows: int) -> torch.Tensor:
    """``model(x)``, with the upsampling stage run over ``rows`` feature rows at a time.

    Each strip takes ``STRIP_HALO`` rows of context on each side, enough for the stage's 3x3
    convolutions, so the result equals one pass (to float rounding).
    """
    features = model.trunk(x)
    height = features.shape[-2]
    if rows <= 0 or rows >= height:
        return model.upsample(features)
    out: torch.Tensor | None = None
    for top in range(0, height, rows):
        bottom = min(height, top + rows)
        above, below = max(0, top - STRIP_HALO), min(height, bottom + STRIP_HALO)
        strip = model.upsample(features[..., above:below, :])
        factor = strip.shape[-2] // (below - above)
        if out is None:
            shape = (*strip.shape[:-2], height * factor, strip.shape[-1])
            out = strip.new_empty(shape).contiguous(memory_format=torch.channels_last)
        skip = (top - above) * factor
        out[..., top * factor : bottom * factor, :] = strip[
            ..., skip : skip + (bottom - top) * factor, :
        ]
    assert out is not None
    return out


def _pad(image: torch.Tensor, left: int, right: int, top: int, bottom: int) -> torch.Tensor:
    """Reflect where the image is large enough, replicate otherwise (1-pixel images)."""
    height, width = image.shape[-2:]
    mode = "reflect" if max(left, right) < width and max(top, bottom) < height else "replicate"
    return F.pad(image, (left, right, top, bottom), mode=mode)


def upscale_tiled(
    network: Network,
    image: torch.Tensor,
    *,
    scale: int,
    plan: TilePlan,
    batch: int = 1,
    dtype: torch.dtype = torch.float32,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    check_output: bool = False,
) -> torch.Tensor:
    """Upscale ``image`` (3 x H x W, float in [0, 1], on the network's device) by ``plan``.

    Returns a float32 tensor of 3 x H*scale x W*scale in [0, 1], on the same device. Tiles
    run ``batch`` at a time (all have one shape). ``progress(done, total)`` is called after
    each batch; ``cancel.is_set()`` is checked before each batch.

    Raises:
        Cancelled: the token was set; no result.
        UnstableOutput: ``check_output`` and a tile came out NaN/inf or black.
    """
    channels, height, width = image.shape
    assert (height, width) == (plan.height, plan.width), "the plan is for another image"
    device = image.device
    rows, cols = plan.rows, plan.cols
    # The far sides get a little more padding so that every tile has a fixed shape. This
    # happens once, before tiling, so tiled and untiled runs see the very same padded image
    # and differ only where tiles meet.
    padded = _pad(
        image[None], PRE_PAD, cols.length - width - PRE_PAD, PRE_PAD, rows.length - height - PRE_PAD
    )
    padded = padded.to(dtype).contiguous(memory_format=torch.channels_last)
    crop_y = slice(PRE_PAD * scale, (PRE_PAD + height) * scale)
    crop_x = slice(PRE_PAD * scale, (PRE_PAD + width) * scale)

    if plan.count == 1:
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        with torch.inference_mode():
            output = network(padded)
        if check_output:
            _check(padded, output)
        if progress is not None:
            progress(1, 1)
        # A copy: the network output is an inference tensor, read-only outside that mode.
        return output[0, :, crop_y, crop_x].to(torch.float32, copy=True).clamp_(0, 1)

    accumulated = torch.zeros(
        (channels, rows.length * scale, cols.length * scale), device=device, dtype=torch.float32
    )
    row_weights = [rows.weights(i, scale, device) for i in range(rows.count)]
    col_weights = [cols.weights(i, scale, device) for i in range(cols.count)]
    tiles = list(plan.tiles())
    done = 0
    for first in range(0, len(tiles), batch):
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        group = tiles[first : first + batch]
        inputs = torch.cat(
            [padded[..., y : y + rows.tile, x : x + cols.tile] for _, _, y, x in group]
        ).contiguous(memory_format=torch.channels_last)
        with torch.inference_mode():
            outputs = network(inputs)
        if check_output:
            _check(inputs, outputs)
        for (iy, ix, y, x), output in zip(group, outputs, strict=True):
            weight = row_weights[iy][:, None] * col_weights[ix][None, :]
            region = accumulated[
                :, y * scale : (y + rows.tile) * scale, x * scale : (x + cols.tile) * scale
            ]
            region.addcmul_(output.float(), weight[None])
        done += len(group)
        if progress is not None:
            progress(done, len(tiles))
    return accumulated[:, crop_y, crop_x].clamp_(0, 1)


def _check(inputs: torch.Tensor, outputs: torch.Tensor) -> None:
    outputs = outputs.float()
    if not torch.isfinite(outputs).all():
        raise UnstableOutput("non-finite output")
    bright_in = inputs.float().amax(dim=(1, 2, 3)) > 0.05
    dark_out = outputs.amax(dim=(1, 2, 3)) < 1e-3
    if bool((bright_in & dark_out).any()):
        raise UnstableOutput("black output for a non-black tile")
