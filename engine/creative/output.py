"""What the generative engines share around the model: input pixels, the seed, limits and
the result."""

from __future__ import annotations

import secrets

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

from engine.creative.tiles import Window
from engine.creative.vae_tiles import ReadPixels
from engine.errors import ImageTooLarge
from engine.images.decode import DecodedImage
from engine.images.pixels import Pixels


def choose_seed(seed: int | None) -> int:
    """The seed to run with: the member's, or a fresh one that is then reported."""
    return seed if seed is not None else secrets.randbelow(2**31)


def check_limit(image: DecodedImage, limit: int) -> None:
    """Raises: ImageTooLarge over the generative engines' own pixel limit."""
    if image.width * image.height > limit:
        raise ImageTooLarge(image.width, image.height, limit)


def to_8_bit(pixels: np.ndarray) -> np.ndarray:
    if pixels.dtype == np.uint16:
        return ((pixels.astype(np.uint32) + 128) // 257).astype(np.uint8)
    return pixels


def round_up(value: int, multiple: int) -> int:
    return -(-value // multiple) * multiple


def pixel_reader(rgb: np.ndarray) -> ReadPixels:
    """Windows of an ``H x W x 3`` uint8 image as ``1 x 3 x h x w`` floats in [-1, 1]; parts
    of a window past the image's right or bottom edge repeat the edge pixels."""
    height, width = rgb.shape[:2]

    def read(window: Window) -> torch.Tensor:
        bottom = min(height, window.top + window.height)
        right = min(width, window.left + window.width)
        crop = torch.from_numpy(np.array(rgb[window.top : bottom, window.left : right]))
        tile = crop.permute(2, 0, 1)[None].float().div_(127.5).sub_(1)
        pad = (0, window.width - tile.shape[-1], 0, window.height - tile.shape[-2])
        return F.pad(tile, pad, mode="replicate") if any(pad) else tile

    return read


def padded_canvas(rgb: np.ndarray, height: int, width: int) -> torch.Tensor:
    """The image as ``1 x 3 x height x width`` in [-1, 1], its edges repeated to that size."""
    return pixel_reader(rgb)(Window(0, 0, height, width, 0, 0))


def with_alpha(image: DecodedImage, rgb: np.ndarray) -> Pixels:
    """The generated ``rgb`` with the input's alpha (resized) and colour profile."""
    alpha = None
    if image.alpha is not None:
        mask = Image.fromarray(to_8_bit(image.alpha))
        alpha = np.asarray(mask.resize((rgb.shape[1], rgb.shape[0]), Image.Resampling.BICUBIC))
    return Pixels(rgb, alpha, image.grayscale, 8, image.icc_profile)


def guided(output: torch.Tensor, guidance: float) -> torch.Tensor:
    """Classifier-free guidance over a batch laid out as [unconditional; conditional]."""
    if guidance <= 1:
        return output.float()
    uncond, cond = output.float().chunk(2)
    return uncond + guidance * (cond - uncond)


def doubled(batch: torch.Tensor, guidance: float) -> torch.Tensor:
    """The batch twice when classifier-free guidance needs an unconditional pass."""
    return torch.cat([batch, batch]) if guidance > 1 else batch


def embeddings(
    negative: torch.Tensor, positive: torch.Tensor, tiles: int, guidance: float
) -> torch.Tensor:
    """Prompt embeddings for a batch of ``tiles``, laid out like :func:`doubled`."""
    if guidance <= 1:
        return positive.expand(tiles, *positive.shape[1:])
    return torch.cat(
        [negative.expand(tiles, *negative.shape[1:]), positive.expand(tiles, *positive.shape[1:])]
    )
