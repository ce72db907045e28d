"""Every kind of input a member might post: decoded right, or refused with a clear reason."""

from __future__ import annotations

import io
import pickle
import struct
import time
import tracemalloc
import zlib

import numpy as np
import png
import pytest
from PIL import Image, ImageCms, features

from engine.errors import (
    AnimatedImage,
    CorruptImage,
    EmptyFile,
    FileTooLarge,
    ImageTooLarge,
    NotAnImage,
    UnsupportedFormat,
)
from engine.images.decode import ACCEPTED_FORMATS, decode, probe
from testbed.images import encoded, photo

LIMITS = {"max_pixels": 4_194_304, "max_bytes": 25 * 1024 * 1024}


def test_rgb_png():
    """An ordinary PNG decodes to its exact pixels."""
    pixels = photo(32, 24)
    image = decode(encoded(pixels), **LIMITS)
    assert (image.width, image.height, image.bit_depth, image.grayscale) == (32, 24, 8, False)
    assert image.alpha is None
    assert np.array_equal(image.rgb, pixels)


def test_rgba_keeps_alpha():
    """Transparency survives: the alpha channel comes along."""
    rgba = np.dstack([photo(16, 16), np.tile(np.linspace(0, 255, 16, dtype=np.uint8), (16, 1))])
    image = decode(encoded(rgba), **LIMITS)
    assert image.alpha is not None
    assert np.array_equal(image.alpha, rgba[..., 3])


def test_opaque_alpha_is_dropped():
    """An alpha channel that is all 255 is not upscaled for nothing."""
    rgba = np.dstack([photo(8, 8), np.full((8, 8), 255, np.uint8)])
    assert decode(encoded(rgba), **LIMITS).alpha is None


@pytest.mark.parametrize("mode", ["L", "LA"])
def test_grayscale_stays_grayscale(mode: str):
    """A black-and-white image is remembered as such (and written back as grayscale)."""
    gray = Image.fromarray(photo(12, 10)).convert(mode)
    if mode == "LA":
        gray.putalpha(Image.fromarray(np.full((10, 12), 128, np.uint8)))
    image = decode(encoded(gray), **LIMITS)
    assert image.grayscale
    assert (image.alpha is not None) == (mode == "LA")
    assert np.array_equal(image.rgb[..., 0], image.rgb[..., 2])


def test_palette_with_transparency():
    """A GIF-style palette image with a transparent colour decodes to RGB plus alpha."""
    palette = Image.fromarray(photo(16, 16)).convert("P", palette=Image.Palette.ADAPTIVE, colors=16)
    data = encoded(palette, "PNG", transparency=0)
    image = decode(data, **LIMITS)
    assert image.rgb.shape == (16, 16, 3)
    assert image.alpha is not None


def _png16(
    pixels: np.ndarray,
    greyscale: bool,
    alpha: bool = False,
    interlace: bool = False,
    **info: object,
) -> bytes:
    buffer = io.BytesIO()
    height, width = pixels.shape[:2]
    writer = png.Writer(
        width, height, greyscale=greyscale, alpha=alpha, bitdepth=16, interlace=interlace, **info
    )
    writer.write(buffer, pixels.reshape(height, -1))
    return buffer.getvalue()


@pytest.mark.parametrize("interlace", [False, True])
@pytest.mark.parametrize(
    ("greyscale", "alpha"), [(False, False), (True, False), (True, True), (False, True)]
)
def test_16_bit_png_keeps_16_bits(greyscale: bool, alpha: bool, interlace: bool):
    """16-bit PNGs of every colour type, interlaced or not, keep every bit of every sample."""
    rng = np.random.default_rng(1)
    planes = 1 if greyscale else 3
    pixels = rng.integers(0, 65535, (19, 23, planes + alpha), dtype=np.uint16)
    image = decode(_png16(pixels, greyscale, alpha, interlace), **LIMITS)
    assert image.bit_depth == 16 and image.rgb.dtype == np.uint16
    assert image.grayscale == greyscale
    assert np.array_equal(image.rgb[..., :planes], pixels[..., :planes])
    if greyscale:
        assert np.array_equal(image.rgb[..., 2], pixels[..., 0])
    if alpha:
        assert image.alpha is not None and np.array_equal(image.alpha, pixels[..., -1])
    else:
        assert image.alpha is None


def test_16_bit_png_transparent_colour_becomes_alpha():
    """A tRNS colour key in a 16-bit PNG makes exactly those pixels transparent."""
    pixels = np.full((4, 5, 3), 1000, np.uint16)
    pixels[1, 2] = (7, 8, 9)
    image = decode(_png16(pixels, False, transparent=(7, 8, 9)), **LIMITS)
    assert image.alpha is not None
    assert image.alpha[1, 2] == 0 and int(image.alpha.sum()) == 65535 * 19


def test_truncated_16_bit_png_is_corrupt():
    """A cut-off 16-bit PNG is reported as damaged, like any other."""
    data = _png16(np.random.default_rng(2).integers(0, 65535, (40, 40, 3), np.uint16), False)
    with pytest.raises(CorruptImage, match="damaged or incomplete"):
        decode(data[: len(data) // 2], **LIMITS)


def test_cmyk_jpeg_becomes_rgb():
    """Print-style CMYK JPEGs decode to RGB with the right colours."""
    red = Image.new("RGB", (20, 20), (220, 30, 30)).convert("CMYK")
    image = decode(encoded(red, "JPEG", quality=95), **LIMITS)
    r, g, b = image.rgb[10, 10].astype(int)
    assert r > 180 and g < 80 and b < 80


def test_exif_orientation_is_applied():
    """A phone photo taken sideways comes out upright."""
    picture = Image.fromarray(photo(40, 20))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise to display
    image = decode(encoded(picture, "JPEG", exif=exif.tobytes()), **LIMITS)
    assert (image.width, image.height) == (20, 40)


def test_icc_profile_is_kept():
    """Colour-managed images keep their profile."""
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    image = decode(encoded(photo(8, 8), "PNG", icc_profile=profile), **LIMITS)
    assert image.icc_profile == profile


def _animated(fmt: str) -> bytes:
    frames = [Image.fromarray(photo(16, 16)), Image.fromarray(255 - photo(16, 16))]
    buffer = io.BytesIO()
    frames[0].save(buffer, fmt, save_all=True, append_images=frames[1:], duration=100, loop=0)
    return buffer.getvalue()


@pytest.mark.parametrize("fmt", ["GIF", "WEBP", "PNG"])
def test_animations_are_refused(fmt: str):
    """GIF, WebP and APNG animations get a clear 'animated' error."""
    with pytest.raises(AnimatedImage, match="Animated images cannot be upscaled"):
        decode(_animated(fmt), **LIMITS)


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_truncated_files_are_corrupt(fmt: str):
    """A half-downloaded image is reported as damaged, not as a crash."""
    data = encoded(photo(64, 64), fmt)
    with pytest.raises(CorruptImage, match="damaged or incomplete"):
        decode(data[: len(data) // 2], **LIMITS)


def test_a_text_file_named_png_is_not_an_image():
    """Non-images with an image extension are refused by content, not by name."""
    with pytest.raises(NotAnImage, match="not an image"):
        decode(b"hello, this is definitely text\n" * 10, **LIMITS)


def test_zero_bytes():
    """An empty upload says it is empty."""
    with pytest.raises(EmptyFile, match="empty"):
        decode(b"", **LIMITS)


def test_file_size_limit():
    """A file over the byte limit is refused before decoding."""
    with pytest.raises(FileTooLarge):
        decode(encoded(photo(32, 32)), max_pixels=10**6, max_bytes=100)


def _bomb(width: int, height: int) -> bytes:
    """A tiny, valid-looking PNG whose header claims ``width`` x ``height``."""
    data = bytearray(encoded(np.zeros((1, 1, 3), np.uint8)))
    ihdr = struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr) & 0xFFFFFFFF)
    return bytes(data)


def test_decompression_bomb_is_refused_without_allocating():
    """A 100000x100000 claim is rejected from the header, fast and without memory."""
    bomb = _bomb(100_000, 100_000)
    assert len(bomb) < 200
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(ImageTooLarge) as caught:
        decode(bomb, **LIMITS)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert time.perf_counter() - started < 1
    assert peak < 10 * 1024 * 1024
    assert (caught.value.width, caught.value.height) == (100_000, 100_000)
    assert "limit is 4,194,304 pixels" in str(caught.value)


def test_probe_reads_only_the_header():
    """Size and format are known before any pixel is decoded."""
    header = probe(encoded(photo(30, 20), "JPEG"), **LIMITS)
    assert (header.format, header.width, header.height) == ("JPEG", 30, 20)


@pytest.mark.parametrize(("width", "height"), [(1, 1), (3, 500)])
def test_tiny_images_decode(width: int, height: int):
    """Edge-case sizes are fine."""
    image = decode(encoded(np.full((height, width, 3), 7, np.uint8)), **LIMITS)
    assert (image.width, image.height) == (width, height)


@pytest.mark.parametrize(
    ("fmt", "options"),
    [
        ("PNG", {}),
        ("JPEG", {"quality": 95}),
        ("WEBP", {"lossless": True}),
        ("GIF", {}),
        ("BMP", {}),
        ("TIFF", {"compression": "tiff_lzw"}),
    ],
)
def test_every_documented_format_decodes(fmt: str, options: dict[str, object]):
    """The six documented formats are read, with their pixels."""
    pixels = photo(24, 16)
    image = decode(encoded(pixels, fmt, **options), **LIMITS)
    assert (image.width, image.height, image.source_format) == (24, 16, fmt)
    tolerance = 60 if fmt == "GIF" else 8  # GIF has a 256-colour palette
    assert np.abs(image.rgb.astype(int) - pixels).mean() < tolerance


# Pillow can write these; the bot must not read them. None: no signature to name it by.
OTHER_FORMATS = {
    "PCX": "PCX",
    "SGI": "SGI",
    "DDS": "DDS",
    "EPS": "EPS",
    "QOI": "QOI",
    "ICO": "ICO",
    "BLP": "BLP",
    "PPM": "Netpbm",
    "AVIF": "AVIF",
    "JPEG2000": "JPEG 2000",
    "TGA": None,
    "MSP": None,
    "XBM": None,
}


@pytest.mark.parametrize("fmt", sorted(OTHER_FORMATS))
def test_other_formats_are_refused_by_name(fmt: str):
    """Pillow reads 40-odd formats; only the six documented ones are opened, and a file in
    another one is told so, by name where its signature says it, with the formats that work."""
    if fmt in ("AVIF", "JPEG2000") and not features.check({"AVIF": "avif"}.get(fmt, "jpg_2000")):
        pytest.skip(f"this Pillow cannot write {fmt}")
    picture = Image.fromarray(photo(16, 16))
    if fmt in ("MSP", "XBM"):
        picture = picture.convert("1")
    elif fmt == "BLP":
        picture = picture.convert("P")
    data = encoded(picture, fmt)
    expected = OTHER_FORMATS[fmt]
    for function in (probe, decode):
        with pytest.raises((UnsupportedFormat, NotAnImage)) as caught:
            function(data, **LIMITS)
        message = str(caught.value)
        assert "post a PNG, JPEG, WebP, GIF, BMP or TIFF image" in message
        if expected is None:
            assert isinstance(caught.value, NotAnImage)
        else:
            assert isinstance(caught.value, UnsupportedFormat)
            assert message.startswith(f"{expected} images are not supported")
    assert set(ACCEPTED_FORMATS) == {"PNG", "JPEG", "WEBP", "GIF", "BMP", "TIFF"}


def test_camera_multi_picture_jpeg_is_a_still_jpeg():
    """An MPO (a camera JPEG with extra pictures: depth, gain map) is its first picture."""
    first, second = Image.fromarray(photo(20, 12)), Image.fromarray(photo(20, 12)[::-1])
    data = encoded(first, "MPO", save_all=True, append_images=[second], quality=95)
    assert Image.open(io.BytesIO(data)).format == "MPO"
    image = decode(data, **LIMITS)
    assert (image.width, image.height, image.source_format) == (20, 12, "JPEG")
    assert np.abs(image.rgb.astype(int) - photo(20, 12)).mean() < 8


def test_errors_keep_their_data_across_processes():
    """Errors travel from the probe process by pickling, with the data their message needs."""
    error = pickle.loads(pickle.dumps(ImageTooLarge(5000, 4000, 4_194_304)))
    assert isinstance(error, ImageTooLarge)
    assert (error.width, error.height, error.limit) == (5000, 4000, 4_194_304)
    assert "5000x4000" in str(error) and error.code == "too_large"
    refused = pickle.loads(pickle.dumps(UnsupportedFormat("PCX")))
    assert refused.format_name == "PCX" and str(refused) == str(UnsupportedFormat("PCX"))
