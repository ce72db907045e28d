"""Tiled inference: run a super-resolution network over an image of any size.

The image is first padded by reflection (``PRE_PAD`` pixels, as the reference ncnn and PyTorch
implementations do), so border pixels see natural context. It is then cut into tiles of
``tile`` x ``tile`` input pixels (fixed shapes, so kernels and compiled graphs are reused) that
overlap by ``overlap`` pixels. Of each overlap, the outer thirds next to each tile's edge are
discarded (the network sees too little context there) and the middle third is cross-faded
linearly between the two tiles, so no seam is visible and the result stays within a few levels
of running the whole image at once (see BENCHMARKS.md for the measured difference).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol

import torch
import torch.nn.functional as F
from torch import nn

from engine.errors import Cancelled

PRE_PAD = 10
SHAPE_MULTIPLE = 8  # padded sides are whole multiples of this

ProgressCallback = Callable[[int, int], None]


class CancelToken(Protocol):
    def is_set(self) -> bool: ...


class UnstableOutput(Exception):
    """The network produced NaN/inf or black output at this precision (fp16 overflow)."""


@dataclass(frozen=True, slots=True)
class TilePlan:
    """Where tiles go along one axis of the padded image, and how each is weighted."""

    length: int  # padded axis length
    tile: int
    starts: tuple[int, ...]
    margin: int
    blend: int

    @classmethod
    def along(cls, length: int, tile: int, overlap: int, multiple: int) -> TilePlan:
        if length <= tile:
            return cls(length=length, tile=length, starts=(0,), margin=0, blend=0)
        margin = overlap // 3
        blend = overlap - 2 * margin
        stride = max(multiple, (tile - overlap) // multiple * multiple)
        count = 1 + math.ceil((length - tile) / stride)
        last = (length - tile) // multiple * multiple
        starts = sorted({min(i * stride, last) for i in range(count)} | {last})
        return cls(length=length, tile=tile, starts=tuple(starts), margin=margin, blend=blend)

    def weights(self, index: int, scale: int, device: torch.device) -> torch.Tensor:
        """1-D weights over this tile's output, zero in discarded margins, ramps in blends."""
        size = self.tile * scale
        weight = torch.ones(size, device=device)
        margin, blend = self.margin * scale, self.blend * scale
        ramp = (torch.arange(blend, device=device, dtype=torch.float32) + 0.5) / max(blend, 1)
        if index > 0:  # a neighbour before: fade in after the discarded margin
            weight[:margin] = 0
            weight[margin : margin + blend] = ramp
        if index < len(self.starts) - 1:  # a neighbour after: fade out before the margin
            weight[size - margin - blend : size - margin] = ramp.flip(0)
            weight[size - margin :] = 0
        return weight


def _round_up(value: int, multiple: int) -> int:
    return -(-value // multiple) * multiple


def _pad(image: torch.Tensor, left: int, right: int, top: int, bottom: int) -> torch.Tensor:
    """Reflect where the image is large enough, replicate otherwise (1-pixel images)."""
    height, width = image.shape[-2:]
    mode = "reflect" if max(left, right) < width and max(top, bottom) < height else "replicate"
    return F.pad(image, (left, right, top, bottom), mode=mode)


@dataclass(frozen=True, slots=True)
class Tile:
    y: int
    x: int
    iy: int
    ix: int


def _tiles(rows: TilePlan, cols: TilePlan) -> Iterator[Tile]:
    for iy, y in enumerate(rows.starts):
        for ix, x in enumerate(cols.starts):
            yield Tile(y, x, iy, ix)


def count_tiles(height: int, width: int, tile: int, overlap: int, multiple: int = 1) -> int:
    step = max(SHAPE_MULTIPLE, multiple)
    rows = TilePlan.along(_round_up(height + 2 * PRE_PAD, step), tile, overlap, multiple)
    cols = TilePlan.along(_round_up(width + 2 * PRE_PAD, step), tile, overlap, multiple)
    return len(rows.starts) * len(cols.starts)


def upscale_tiled(
    model: nn.Module,
    image: torch.Tensor,
    *,
    scale: int,
    tile: int,
    overlap: int,
    batch: int = 1,
    multiple: int = 1,
    dtype: torch.dtype = torch.float32,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    check_output: bool = False,
) -> torch.Tensor:
    """Upscale ``image`` (3 x H x W, float in [0, 1], on the model's device).

    Returns a float32 tensor of 3 x H*scale x W*scale in [0, 1], on the same device. Tiles of
    one shape run ``batch`` at a time. ``progress(done, total)`` is called after each batch;
    ``cancel.is_set()`` is checked before each batch.

    Raises:
        Cancelled: the token was set; no result.
        UnstableOutput: ``check_output`` and a tile came out NaN/inf or black.
    """
    channels, height, width = image.shape
    device = image.device
    # The far sides get a little more padding so that every tile has a fixed shape: whole
    # multiples of SHAPE_MULTIPLE (and of `multiple`, for pixel-unshuffle), and no smaller
    # than a tile. This happens once, before tiling, so tiled and untiled runs see the very
    # same padded image and differ only where tiles meet.
    step = max(SHAPE_MULTIPLE, multiple)
    padded_h = _round_up(height + 2 * PRE_PAD, step)
    padded_w = _round_up(width + 2 * PRE_PAD, step)
    padded = _pad(
        image[None],
        PRE_PAD,
        padded_w - width - PRE_PAD,
        PRE_PAD,
        padded_h - height - PRE_PAD,
    )
    rows = TilePlan.along(padded_h, tile, overlap, multiple)
    cols = TilePlan.along(padded_w, tile, overlap, multiple)
    padded = padded.to(dtype).contiguous(memory_format=torch.channels_last)

    out_h, out_w = padded_h * scale, padded_w * scale
    accumulated = torch.zeros((channels, out_h, out_w), device=device, dtype=torch.float32)
    weight_sum = torch.zeros((1, out_h, out_w), device=device, dtype=torch.float32)
    row_weights = [rows.weights(i, scale, device) for i in range(len(rows.starts))]
    col_weights = [cols.weights(i, scale, device) for i in range(len(cols.starts))]

    tiles = list(_tiles(rows, cols))
    done = 0
    for first in range(0, len(tiles), batch):
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        group = tiles[first : first + batch]
        inputs = torch.cat(
            [padded[..., t.y : t.y + rows.tile, t.x : t.x + cols.tile] for t in group]
        ).contiguous(memory_format=torch.channels_last)
        with torch.inference_mode():
            outputs = model(inputs).float()
        if check_output:
            _check(inputs, outputs)
        for t, output in zip(group, outputs, strict=True):
            y0, x0 = t.y * scale, t.x * scale
            h = min(rows.tile * scale, out_h - y0)
            w = min(cols.tile * scale, out_w - x0)
            weight = (row_weights[t.iy][:h, None] * col_weights[t.ix][None, :w])[None]
            accumulated[:, y0 : y0 + h, x0 : x0 + w] += output[:, :h, :w] * weight
            weight_sum[:, y0 : y0 + h, x0 : x0 + w] += weight
        done += len(group)
        if progress is not None:
            progress(done, len(tiles))

    crop = PRE_PAD * scale
    result = accumulated[:, crop : crop + height * scale, crop : crop + width * scale]
    weights = weight_sum[:, crop : crop + height * scale, crop : crop + width * scale]
    return (result / weights).clamp_(0, 1)


def _check(inputs: torch.Tensor, outputs: torch.Tensor) -> None:
    if not torch.isfinite(outputs).all():
        raise UnstableOutput("non-finite output")
    bright_in = inputs.float().amax(dim=(1, 2, 3)) > 0.05
    dark_out = outputs.amax(dim=(1, 2, 3)) < 1e-3
    if bool((bright_in & dark_out).any()):
        raise UnstableOutput("black output for a non-black tile")
