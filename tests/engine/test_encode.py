"""Output that fits the upload limit, at the best quality that fits."""

from __future__ import annotations

import io

import numpy as np
import png
from PIL import Image

from engine.encode import UpscaledImage, encode_png, encode_to_fit
from testbed.images import photo


def _image(width: int, height: int, *, alpha: bool = False, noise: bool = False) -> UpscaledImage:
    rgb = photo(width, height)
    if noise:
        rgb = np.random.default_rng(0).integers(0, 255, rgb.shape, dtype=np.uint8)
    mask = np.full((height, width), 200, np.uint8) if alpha else None
    return UpscaledImage(rgb, mask, False, 8, None)


def test_png_when_it_fits():
    """Small results stay lossless PNG."""
    result = encode_to_fit(_image(64, 64), 10 * 1024 * 1024)
    assert result.format == "png" and not result.downscaled
    with Image.open(io.BytesIO(result.data)) as decoded:
        assert np.array_equal(np.asarray(decoded), photo(64, 64))


def test_jpeg_at_the_highest_quality_that_fits():
    """Too big for PNG: the best JPEG quality under the budget, full size."""
    image = _image(400, 400)
    png_size = len(encode_png(image))
    result = encode_to_fit(image, png_size // 3)
    assert result.format == "jpeg" and not result.downscaled
    assert len(result.data) <= png_size // 3
    assert result.quality is not None and 50 <= result.quality <= 95
    with Image.open(io.BytesIO(result.data)) as decoded:
        assert decoded.size == (400, 400)


def test_transparent_images_use_webp():
    """Transparency needs WebP when PNG is too big (JPEG has no alpha)."""
    image = _image(300, 300, alpha=True)
    result = encode_to_fit(image, len(encode_png(image)) // 3)
    assert result.format == "webp"
    with Image.open(io.BytesIO(result.data)) as decoded:
        assert decoded.mode == "RGBA"


def test_downscaled_when_nothing_else_fits():
    """Noise does not compress: the result is scaled down to fit, and says so."""
    result = encode_to_fit(_image(512, 512, noise=True), 40_000)
    assert result.downscaled
    assert len(result.data) <= 40_000
    assert result.width < 512 and "scaled down" in result.description


def test_16_bit_png_round_trip():
    """16-bit results are written as 16-bit PNG."""
    rgb = np.random.default_rng(2).integers(0, 65535, (5, 6, 3), dtype=np.uint16)
    data = encode_png(UpscaledImage(rgb, None, False, 16, b"fake-profile"))
    _, _, rows, info = png.Reader(bytes=data).asDirect()
    assert info["bitdepth"] == 16
    assert np.array_equal(np.vstack(list(rows)).reshape(5, 6, 3), rgb)
