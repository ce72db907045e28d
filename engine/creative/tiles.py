"""Where tiles go on a canvas, and the weights that blend them without seams.

Along each axis tiles are spread evenly (the last one ends at the canvas edge), so
neighbours overlap by at least the asked overlap. In an overlap the earlier tile fades out
linearly while the later one fades in; weights are never zero, and each point's weights are
divided by their sum (:meth:`TileLayout.normaliser`), so they add up to exactly one wherever
tiles meet. A tiled pass of a denoiser that returned its input therefore gives back the
canvas unchanged, with no step where tiles meet (tests check this).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch


@dataclass(frozen=True, slots=True)
class Window:
    """One tile: rows ``top:top+height`` and columns ``left:left+width`` of the canvas."""

    top: int
    left: int
    height: int
    width: int
    row: int  # index among the rows of tiles
    col: int

    def of(self, canvas: torch.Tensor) -> torch.Tensor:
        """This tile's view of a ``... x H x W`` canvas."""
        return canvas[..., self.top : self.top + self.height, self.left : self.left + self.width]

    def scaled(self, factor: int) -> Window:
        return Window(
            self.top * factor,
            self.left * factor,
            self.height * factor,
            self.width * factor,
            self.row,
            self.col,
        )


def starts_along(length: int, tile: int, overlap: int) -> list[int]:
    """Tile starts covering ``0..length``: evenly spread, neighbours overlapping by at least
    ``overlap``."""
    if length <= tile:
        return [0]
    stride = max(1, tile - overlap)
    count = 1 + math.ceil((length - tile) / stride)
    last = length - tile
    return [round(i * last / (count - 1)) for i in range(count)]


@dataclass(frozen=True, slots=True)
class TileLayout:
    """Tiles over a ``height x width`` canvas (rows of tiles top to bottom)."""

    height: int
    width: int
    rows: tuple[int, ...]
    cols: tuple[int, ...]
    tile_height: int
    tile_width: int

    @classmethod
    def cover(cls, height: int, width: int, tile: int, overlap: int) -> TileLayout:
        """Tiles of ``tile`` (or the canvas side, where smaller) overlapping by ``overlap``
        (at most half a tile)."""
        overlap = min(overlap, tile // 2)
        return cls(
            height=height,
            width=width,
            rows=tuple(starts_along(height, tile, overlap)),
            cols=tuple(starts_along(width, tile, overlap)),
            tile_height=min(tile, height),
            tile_width=min(tile, width),
        )

    @property
    def count(self) -> int:
        return len(self.rows) * len(self.cols)

    def windows(self) -> list[Window]:
        """Row by row, left to right."""
        return [self.window(r, c) for r in range(len(self.rows)) for c in range(len(self.cols))]

    def window(self, row: int, col: int) -> Window:
        return Window(self.rows[row], self.cols[col], self.tile_height, self.tile_width, row, col)

    def weights(self, window: Window, device: torch.device | None = None) -> torch.Tensor:
        """``tile_height x tile_width`` float32 raw weights of ``window`` (before dividing by
        the :meth:`normaliser`)."""
        along_y = _ramps(self.rows, window.row, self.tile_height, device)
        along_x = _ramps(self.cols, window.col, self.tile_width, device)
        return along_y[:, None] * along_x[None, :]

    def weight_sum(
        self, device: torch.device | None = None, rows: tuple[int, int] | None = None
    ) -> torch.Tensor:
        """The raw weights of all tiles added up over the canvas (or over ``rows`` = (first,
        end) of it): what each point's weights are divided by."""
        first, end = rows or (0, self.height)
        total = torch.zeros((end - first, self.width), device=device)
        for window in self.windows():
            top, bottom = max(first, window.top), min(end, window.top + window.height)
            if top >= bottom:
                continue
            weight = self.weights(window, device)[top - window.top : bottom - window.top]
            total[top - first : bottom - first, window.left : window.left + window.width] += weight
        return total

    def normaliser(self, device: torch.device | None = None) -> torch.Tensor:
        """``1 / weight_sum``: multiply blended sums by it to get weighted averages."""
        return self.weight_sum(device).reciprocal_()

    def scaled(self, factor: int) -> TileLayout:
        """The same tiles in a canvas ``factor`` times larger (latent -> pixels)."""
        return TileLayout(
            self.height * factor,
            self.width * factor,
            tuple(r * factor for r in self.rows),
            tuple(c * factor for c in self.cols),
            self.tile_height * factor,
            self.tile_width * factor,
        )


def _ramps(
    starts: tuple[int, ...], index: int, size: int, device: torch.device | None
) -> torch.Tensor:
    weight = torch.ones(size, device=device)
    if index > 0:
        shared = starts[index - 1] + size - starts[index]
        if shared > 0:
            weight[:shared] = _ramp(shared, device)
    if index < len(starts) - 1:
        shared = starts[index] + size - starts[index + 1]
        if shared > 0:
            weight[size - shared :] = 1 - _ramp(shared, device)
    return weight


def _ramp(length: int, device: torch.device | None) -> torch.Tensor:
    """Rises from just above 0 to just below 1; ``1 - ramp`` is its mirror."""
    return (torch.arange(length, device=device, dtype=torch.float32) + 0.5) / length
