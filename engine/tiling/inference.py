"""Running a tile plan: pad once, feed the network equal tiles (a batch at a time), blend the
overlaps, report progress per batch and stop between batches when cancelled.

A tiled result equals one whole-image pass to within a few levels when the seams are the
network's own (its descriptor's); the plan itself is :mod:`engine.tiling.plan`.
"""

from __future__ import annotations

from collections.abc import Callable

import torch
import torch.nn.functional as F

from engine.errors import Cancelled
from engine.progress import CancelToken, ProgressCallback
from engine.tiling.plan import TilePlan

Network = Callable[[torch.Tensor], torch.Tensor]


class UnstableOutput(Exception):
    """The network produced NaN/inf or black output at this precision (fp16 overflow)."""


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
    pad = plan.pad
    padded = _pad(image[None], pad, cols.length - width - pad, pad, rows.length - height - pad)
    padded = padded.to(dtype).contiguous(memory_format=torch.channels_last)
    crop_y = slice(pad * scale, (pad + height) * scale)
    crop_x = slice(pad * scale, (pad + width) * scale)

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
