"""Noise that depends on the seed and on where it lands, never on how the canvas is tiled.

The canvas is cut into fixed cells of ``CELL`` x ``CELL`` latent pixels; each cell draws its
noise from its own generator, seeded from the job's seed, the noise stream (initial latents,
conditioning noise) and the cell's row and column. A tile therefore sees the same noise
whatever the tile size or the image around it, so tiled and untiled runs start alike, and
the noise is drawn on the CPU so it does not depend on the device either.
"""

from __future__ import annotations

import hashlib

import torch

CELL = 32

LATENTS = 0  # the stream of the initial latents
CONDITIONING = 1  # the stream of the x4 upscaler's low-resolution conditioning noise


def cell_seed(seed: int, stream: int, row: int, col: int) -> int:
    digest = hashlib.blake2b(f"{seed}:{stream}:{row}:{col}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little") & (2**63 - 1)


def positional_noise(
    channels: int, height: int, width: int, seed: int, stream: int
) -> torch.Tensor:
    """Standard normal noise, ``1 x channels x height x width`` float32 on the CPU."""
    noise = torch.empty((1, channels, height, width), dtype=torch.float32)
    generator = torch.Generator(device="cpu")
    for top in range(0, height, CELL):
        for left in range(0, width, CELL):
            generator.manual_seed(cell_seed(seed, stream, top // CELL, left // CELL))
            cell = torch.randn((channels, CELL, CELL), generator=generator)
            rows, cols = min(CELL, height - top), min(CELL, width - left)
            noise[0, :, top : top + rows, left : left + cols] = cell[:, :rows, :cols]
    return noise
