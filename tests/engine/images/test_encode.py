"""Output that fits the upload limit, at the best quality that fits; a fast lossless PNG."""

from __future__ import annotations

import io

import numpy as np
import png
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageCms

from engine.images.encode import (
    LOSSY_QUALITY_MAX,
    LOSSY_QUALITY_MIN,
    PNG_COMPACT_LEVEL,
    EncodedImage,
    UpscaledImage,
    encode_kept_and_fitted,
    encode_png,
    encode_to_fit,
    estimate_png_size,
)
from testbed.images import photo


def _image(width: int, height: int, *, alpha: bool = False, noise: bool = False) -> UpscaledImage:
    rgb = photo(width, height)
    if noise:
        rgb = np.random.default_rng(0).integers(0, 255, rgb.shape, dtype=np.uint8)
    mask = np.full((height, width), 200, np.uint8) if alpha else None
    return UpscaledImage(rgb, mask, False, 8, None)


def _upscaled_photo(name: str = "astronaut") -> UpscaledImage:
    """Photo-like content as the engine delivers it: a natural photo enlarged (smooth)."""
    small = Image.fromarray(photo(200, 200, name))
    return UpscaledImage(
        np.asarray(small.resize((800, 800), Image.Resampling.BICUBIC)), None, False, 8, None
    )


def _flat() -> UpscaledImage:
    """A flat illustration: two colours and a gentle gradient."""
    rgb = np.zeros((640, 640, 3), np.uint8)
    rgb[..., 0] = np.linspace(0, 255, 640, dtype=np.uint8)[None, :]
    rgb[200:440, 200:440] = (20, 120, 220)
    return UpscaledImage(rgb, None, False, 8, None)


def _decoded(result: EncodedImage) -> Image.Image:
    picture = Image.open(io.BytesIO(result.data))
    picture.load()
    return picture


def test_png_when_it_fits():
    """Small results stay lossless PNG, pixel for pixel."""
    result = encode_to_fit(_image(64, 64), 10 * 1024 * 1024)
    assert result.format == "png" and not result.downscaled
    assert np.array_equal(np.asarray(_decoded(result)), photo(64, 64))


@pytest.mark.parametrize(
    ("grayscale", "alpha", "mode"),
    [(False, False, "RGB"), (False, True, "RGBA"), (True, False, "L"), (True, True, "LA")],
)
def test_png_round_trips_every_layout_with_its_profile(grayscale: bool, alpha: bool, mode: str):
    """RGB, RGBA, gray and gray+alpha come back exactly, with the ICC profile attached."""
    rng = np.random.default_rng(1)
    rgb = rng.integers(0, 255, (37, 53, 3), dtype=np.uint8)
    if grayscale:
        rgb = np.repeat(rgb[..., :1], 3, axis=2)
    mask = rng.integers(0, 255, (37, 53), dtype=np.uint8) if alpha else None
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = encode_png(UpscaledImage(rgb, mask, grayscale, 8, profile))
    with Image.open(io.BytesIO(data)) as decoded:
        assert decoded.mode == mode
        assert decoded.info["icc_profile"] == profile
        pixels = np.asarray(decoded)
    expected = rgb[..., 0] if grayscale else rgb
    if alpha:
        expected = np.dstack([expected, mask])
    assert np.array_equal(pixels, expected)


def test_16_bit_png_round_trip():
    """16-bit results are written as 16-bit PNG."""
    rgb = np.random.default_rng(2).integers(0, 65535, (5, 6, 3), dtype=np.uint16)
    data = encode_png(UpscaledImage(rgb, None, False, 16, b"fake-profile"))
    _, _, rows, info = png.Reader(bytes=data).asDirect()
    assert info["bitdepth"] == 16
    assert np.array_equal(np.vstack(list(rows)).reshape(5, 6, 3), rgb)


def test_the_size_estimate_is_close():
    """Estimating from bands of rows comes within 5% (or 1 KiB) of the real PNG size."""
    for image in (_upscaled_photo("astronaut"), _upscaled_photo("coffee"), _flat()):
        actual = len(encode_png(image))
        assert abs(estimate_png_size(image) - actual) <= max(0.05 * actual, 1024)


def test_jpeg_at_the_highest_quality_that_fits():
    """Too big for PNG: the best JPEG quality under the budget, full size."""
    image = _image(400, 400)
    png_size = len(encode_png(image))
    result = encode_to_fit(image, png_size // 3)
    assert result.format == "jpeg" and not result.downscaled
    assert len(result.data) <= png_size // 3
    assert result.quality is not None and 50 <= result.quality <= 95
    assert _decoded(result).size == (400, 400)


def test_transparent_images_use_webp():
    """Transparency needs WebP when PNG is too big (JPEG has no alpha)."""
    image = _image(300, 300, alpha=True)
    result = encode_to_fit(image, len(encode_png(image)) // 3)
    assert result.format == "webp"
    assert _decoded(result).mode == "RGBA"


def test_downscaled_when_nothing_else_fits():
    """Noise does not compress: the result is scaled down to fit, and says so."""
    result = encode_to_fit(_image(512, 512, noise=True), 40_000)
    assert result.downscaled
    assert len(result.data) <= 40_000
    assert result.width < 512 and "scaled down" in result.description


def _lossy_size(image: UpscaledImage, fmt: str, quality: int) -> int:
    buffer = io.BytesIO()
    options = {"subsampling": 0 if quality >= 90 else 2} if fmt == "JPEG" else {"method": 4}
    Image.fromarray(image.rgb).save(buffer, fmt, quality=quality, **options)
    return len(buffer.getvalue())


@settings(max_examples=12, deadline=None)
@given(
    content=st.sampled_from(["astronaut", "coffee", "flat"]),
    share=st.floats(0.002, 1.3),
)
def test_the_choice_is_the_best_that_fits(content: str, share: float):
    """For photo-like and flat images and any budget: never over it; lossless whenever any of
    our PNGs fits; else the highest JPEG quality that fits (the next one up would not)."""
    image = _flat() if content == "flat" else _upscaled_photo(content)
    fast_png = len(encode_png(image))
    budget = max(2_000, int(fast_png * share))
    result = encode_to_fit(image, budget)
    assert len(result.data) <= budget
    compact_png = len(encode_png(image, level=PNG_COMPACT_LEVEL))
    if min(fast_png, compact_png) <= budget:
        assert result.format == "png"
        assert np.array_equal(np.asarray(_decoded(result)), image.rgb)
        return
    assert result.format == "jpeg" and result.quality is not None
    if result.downscaled:
        assert _lossy_size(image, "JPEG", LOSSY_QUALITY_MIN) > budget
        return
    assert _decoded(result).size == (image.width, image.height)
    if result.quality < LOSSY_QUALITY_MAX:
        assert _lossy_size(image, "JPEG", result.quality + 1) > budget


def test_the_png_passed_in_is_used_as_it_is():
    """The worker's kept PNG is delivered when it fits: no second encode, same bytes."""
    image = _flat()
    kept = encode_png(image)
    assert encode_to_fit(image, len(kept), png_data=kept).data is kept


@pytest.mark.parametrize("share", [0.05, 0.5, 2.0])
def test_the_worker_gets_a_lossless_png_to_keep_and_the_same_best_choice(share: float):
    """Whether the lossy search runs alongside the PNG or after it, the kept file is the
    exact image and the delivered one is what encode_to_fit would choose."""
    image = _upscaled_photo("coffee")
    budget = int(len(encode_png(image)) * share)
    kept, fitted = encode_kept_and_fitted(image, budget)
    with Image.open(io.BytesIO(kept)) as reread:
        assert np.array_equal(np.asarray(reread), image.rgb)
    expected = encode_to_fit(image, budget)
    assert (fitted.format, fitted.quality, fitted.data) == (
        expected.format,
        expected.quality,
        expected.data,
    )
    assert len(fitted.data) <= budget
