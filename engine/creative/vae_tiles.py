"""The VAE over images of any size: tiled encoding into a latent canvas, and tiled decoding
that streams finished rows straight into the 8-bit output.

Decoding goes one row of tiles at a time. Decoded tiles are blended in a float band only as
tall as the rows not yet final; once the next row of tiles starts below a pixel row, that row
is divided by its weights, rounded to 8 bits and written to the output, and the band drops
it. Memory is the output image plus one band (the width of the image, one tile high),
however many tiles there are.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import numpy as np
import torch

from engine.creative.meter import Meter
from engine.creative.tiles import TileLayout, Window
from engine.errors import ModelFailure

log = logging.getLogger(__name__)

ReadPixels = Callable[[Window], torch.Tensor]
"""A pixel window (which may reach past the image: pad it) -> ``1 x 3 x h x w`` in [-1, 1]."""


def shrink_tile(tile: int, minimum: int, what: str) -> int:
    """Half the tile after running out of GPU memory. Raises: ModelFailure below ``minimum``."""
    torch.cuda.empty_cache()
    if tile // 2 < minimum:
        raise ModelFailure(f"out of GPU memory even with {tile}-latent-pixel {what} tiles")
    log.warning("out of GPU memory; %s tiles of %d latent pixels now", what, tile // 2)
    return tile // 2


def vae_tiles(device: torch.device, factor: int) -> tuple[int, int]:
    """(tile, overlap) in latent pixels: about 1024 output pixels a tile on a GPU, 512 on the
    CPU; an eighth of that overlaps, which the VAE's short reach needs to hide tile edges."""
    tile = (1024 if device.type == "cuda" else 512) // factor
    return tile, max(2, tile // 8)


def vae_units(height: int, width: int, tiles: tuple[int, int]) -> int:
    """Tiles one pass of the VAE over a ``height x width`` latent canvas takes."""
    return TileLayout.cover(height, width, *tiles).count


def vae_scale(vae: Any) -> int:
    """Image pixels per latent pixel."""
    return int(2 ** (len(vae.config.block_out_channels) - 1))


def encode_tiled(
    vae: Any,
    read: ReadPixels,
    height: int,
    width: int,
    *,
    tile: int,
    overlap: int,
    meter: Meter,
    min_tile: int = 16,
) -> torch.Tensor:
    """The ``1 x C x height x width`` latent canvas (float32, scaled like the UNet's input) of
    the image ``read`` serves, its means blended across tile overlaps."""
    factor = vae_scale(vae)
    device, dtype = vae.device, vae.dtype
    while True:
        layout = TileLayout.cover(height, width, tile, overlap)
        try:
            canvas = torch.zeros((1, vae.config.latent_channels, height, width), device=device)
            for window in layout.windows():
                meter.check()
                pixels = read(window.scaled(factor)).to(device=device, dtype=dtype)
                pixels = pixels.contiguous(memory_format=_memory_format(vae))
                with torch.inference_mode():
                    latent = vae.encode(pixels).latent_dist.mode().float()
                window.of(canvas).add_(latent * layout.weights(window, device))
                meter.advance()
            return canvas.mul_(layout.normaliser(device)).mul_(vae.config.scaling_factor)
        except torch.cuda.OutOfMemoryError:
            tile = shrink_tile(tile, min_tile, "encoding")
            overlap = min(overlap, tile // 8)
            meter.replan(TileLayout.cover(height, width, tile, overlap).count)


def decode_tiled(
    vae: Any,
    latents: torch.Tensor,
    out: np.ndarray,
    *,
    tile: int,
    overlap: int,
    meter: Meter,
    min_tile: int = 16,
) -> None:
    """Decode the ``1 x C x h x w`` canvas into ``out`` (H x W x 3 uint8, at most the decoded
    size; what lies beyond it is padding and is dropped)."""
    height, width = latents.shape[-2:]
    while True:
        layout = TileLayout.cover(height, width, tile, overlap)
        try:
            _decode_rows(vae, latents, out, layout, meter)
            return
        except torch.cuda.OutOfMemoryError:
            tile = shrink_tile(tile, min_tile, "decoding")
            overlap = min(overlap, tile // 8)
            meter.replan(TileLayout.cover(height, width, tile, overlap).count)


def _decode_rows(
    vae: Any, latents: torch.Tensor, out: np.ndarray, layout: TileLayout, meter: Meter
) -> None:
    factor = vae_scale(vae)
    pixels = layout.scaled(factor)
    scaling = vae.config.scaling_factor
    band_top = 0
    band = torch.zeros((3, 0, pixels.width))
    weights = torch.zeros((0, pixels.width))
    for row, top in enumerate(pixels.rows):
        bottom = top + pixels.tile_height
        grow = bottom - band_top - band.shape[1]
        if grow > 0:
            band = torch.cat([band, torch.zeros((3, grow, pixels.width))], dim=1)
            weights = torch.cat([weights, torch.zeros((grow, pixels.width))], dim=0)
        for col in range(len(pixels.cols)):
            meter.check()
            window = layout.window(row, col)
            z = window.of(latents).to(device=vae.device, dtype=vae.dtype) / scaling
            z = z.contiguous(memory_format=_memory_format(vae))
            with torch.inference_mode():
                decoded = vae.decode(z).sample[0].float().cpu()
            weight = pixels.weights(pixels.window(row, col))
            left, rows = pixels.cols[col], slice(top - band_top, bottom - band_top)
            band[:, rows, left : left + pixels.tile_width].add_(decoded * weight)
            weights[rows, left : left + pixels.tile_width].add_(weight)
            meter.advance()
        final = pixels.rows[row + 1] if row + 1 < len(pixels.rows) else bottom
        _write_rows(band[:, : final - band_top], weights[: final - band_top], out, band_top)
        band, weights = band[:, final - band_top :].clone(), weights[final - band_top :].clone()
        band_top = final


def _write_rows(band: torch.Tensor, weights: torch.Tensor, out: np.ndarray, top: int) -> None:
    """Finished rows (``3 x rows x W`` blended sums in [-1, 1] units) into ``out`` as 8 bits."""
    rows = min(band.shape[1], out.shape[0] - top)
    if rows <= 0:
        return
    cols = out.shape[1]
    values = band[:, :rows, :cols] / weights[None, :rows, :cols]
    values = values.add_(1).mul_(127.5).round_().clamp_(0, 255).to(torch.uint8)
    out[top : top + rows] = values.permute(1, 2, 0).numpy()


def _memory_format(vae: Any) -> torch.memory_format:
    return torch.channels_last if vae.device.type == "cuda" else torch.contiguous_format
