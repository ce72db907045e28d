"""Natural test photos (scikit-image's bundled samples) and in-memory encoding."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image
from skimage import data as samples


def photo(width: int, height: int, name: str = "astronaut") -> np.ndarray:
    """A natural photo, resized (H x W x 3 uint8)."""
    image = Image.fromarray(getattr(samples, name)())
    return np.asarray(image.resize((width, height), Image.Resampling.LANCZOS))


def encoded(pixels: np.ndarray | Image.Image, fmt: str = "PNG", **options: object) -> bytes:
    image = pixels if isinstance(pixels, Image.Image) else Image.fromarray(pixels)
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()
