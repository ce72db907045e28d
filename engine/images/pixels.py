"""Pixels as the engine passes them around, between decoding, the network and encoding."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class Pixels:
    """``rgb`` is H x W x 3 and ``alpha`` H x W (or None), both uint8, or uint16 when
    ``bit_depth`` is 16. ``grayscale`` remembers single-channel sources so results are written
    back as grayscale; ``icc_profile`` travels from input to output."""

    rgb: np.ndarray
    alpha: np.ndarray | None
    grayscale: bool
    bit_depth: int
    icc_profile: bytes | None

    @property
    def width(self) -> int:
        return int(self.rgb.shape[1])

    @property
    def height(self) -> int:
        return int(self.rgb.shape[0])
