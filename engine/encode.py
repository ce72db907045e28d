"""Write upscaled pixels: a full-quality PNG to keep, and a copy that fits an upload limit.

To fit a budget: PNG when it fits; otherwise lossy at the highest quality that fits (WebP for
images with transparency, JPEG otherwise); otherwise scaled down until it fits.
"""

from __future__ import annotations

import io
import math
import struct
import zlib
from dataclasses import dataclass
from typing import Literal

import numpy as np
import png
from PIL import Image

from engine.pixels import Pixels

PNG_COMPRESS_LEVEL = 3  # level 6 is ~2x slower for ~5% smaller files
LOSSY_QUALITY_MAX = 95
LOSSY_QUALITY_MIN = 50

Format = Literal["png", "webp", "jpeg"]


# What the engine produced; the same shape as what it read.
UpscaledImage = Pixels


@dataclass(frozen=True, slots=True)
class EncodedImage:
    data: bytes
    format: Format
    width: int
    height: int
    quality: int | None
    downscaled: bool

    @property
    def extension(self) -> str:
        return {"png": "png", "webp": "webp", "jpeg": "jpg"}[self.format]

    @property
    def description(self) -> str:
        """What was done to fit, in words (for logs and the CLI)."""
        parts = [
            self.format.upper()
            if self.quality is None
            else f"{self.format.upper()} q{self.quality}"
        ]
        if self.downscaled:
            parts.append(f"scaled down to {self.width}x{self.height}")
        return ", ".join(parts)


def to_pillow(image: UpscaledImage) -> Image.Image:
    """An 8-bit Pillow image (16-bit sources are rounded to 8 bits)."""
    rgb, alpha = image.rgb, image.alpha
    if image.bit_depth == 16:
        rgb = ((rgb.astype(np.uint32) + 128) // 257).astype(np.uint8)
        alpha = None if alpha is None else ((alpha.astype(np.uint32) + 128) // 257).astype(np.uint8)
    if image.grayscale:
        gray = Image.fromarray(np.ascontiguousarray(rgb[..., 0]), "L")
        if alpha is None:
            return gray
        return Image.merge("LA", (gray, Image.fromarray(alpha, "L")))
    result = Image.fromarray(np.ascontiguousarray(rgb), "RGB")
    if alpha is not None:
        result.putalpha(Image.fromarray(alpha, "L"))
    return result


def encode_png(image: UpscaledImage) -> bytes:
    """Lossless PNG at the image's own bit depth, with its ICC profile."""
    if image.bit_depth == 16:
        return _png16(image)
    buffer = io.BytesIO()
    extra = {"icc_profile": image.icc_profile} if image.icc_profile else {}
    to_pillow(image).save(buffer, "PNG", compress_level=PNG_COMPRESS_LEVEL, **extra)
    return buffer.getvalue()


def _png16(image: UpscaledImage) -> bytes:
    planes = [image.rgb[..., :1] if image.grayscale else image.rgb]
    if image.alpha is not None:
        planes.append(image.alpha[..., None])
    pixels = np.concatenate(planes, axis=2)
    writer = png.Writer(
        width=image.width,
        height=image.height,
        greyscale=image.grayscale,
        alpha=image.alpha is not None,
        bitdepth=16,
        compression=PNG_COMPRESS_LEVEL,
    )
    buffer = io.BytesIO()
    writer.write(buffer, pixels.reshape(image.height, -1))
    data = buffer.getvalue()
    if image.icc_profile:
        data = _with_iccp(data, image.icc_profile)
    return data


def _with_iccp(data: bytes, profile: bytes) -> bytes:
    """Insert an iCCP chunk right after IHDR (pypng writes none)."""
    body = b"icc\x00\x00" + zlib.compress(profile)
    chunk = struct.pack(">I", len(body)) + b"iCCP" + body
    chunk += struct.pack(">I", zlib.crc32(b"iCCP" + body) & 0xFFFFFFFF)
    ihdr_end = 8 + 8 + 13 + 4
    return data[:ihdr_end] + chunk + data[ihdr_end:]


def encode_as(
    image: UpscaledImage, format: Format, quality: int = LOSSY_QUALITY_MAX
) -> EncodedImage:
    """``image`` in one format: PNG lossless, WebP or JPEG at ``quality``."""
    if format == "png":
        data = encode_png(image)
        return EncodedImage(data, "png", image.width, image.height, None, downscaled=False)
    data = _lossy(to_pillow(image), format, quality, image.icc_profile)
    return EncodedImage(data, format, image.width, image.height, quality, downscaled=False)


def encode_to_fit(
    image: UpscaledImage, budget: int, *, png_data: bytes | None = None
) -> EncodedImage:
    """The best encoding of ``image`` no larger than ``budget`` bytes.

    ``png_data`` is the lossless PNG if already made (it is tried first without re-encoding).
    """
    data = png_data if png_data is not None else encode_png(image)
    if len(data) <= budget:
        return EncodedImage(data, "png", image.width, image.height, None, downscaled=False)
    picture = to_pillow(image)
    lossy: Format = "webp" if image.alpha is not None else "jpeg"
    icc = image.icc_profile
    downscaled = False
    while True:
        found = _best_quality(picture, lossy, budget, icc)
        if found is not None:
            quality, encoded = found
            return EncodedImage(encoded, lossy, picture.width, picture.height, quality, downscaled)
        smallest = len(_lossy(picture, lossy, LOSSY_QUALITY_MIN, icc))
        factor = min(0.9, math.sqrt(budget / smallest) * 0.95)
        size = (max(1, int(picture.width * factor)), max(1, int(picture.height * factor)))
        picture = picture.resize(size, Image.Resampling.LANCZOS)
        downscaled = True


def _best_quality(
    picture: Image.Image, lossy: Format, budget: int, icc: bytes | None
) -> tuple[int, bytes] | None:
    """Binary search for the highest quality that fits; None if even the lowest does not."""
    best: tuple[int, bytes] | None = None
    low, high = LOSSY_QUALITY_MIN, LOSSY_QUALITY_MAX
    while low <= high:
        quality = high if best is None and high == LOSSY_QUALITY_MAX else (low + high) // 2
        data = _lossy(picture, lossy, quality, icc)
        if len(data) <= budget:
            best = (quality, data)
            low = quality + 1
        else:
            high = quality - 1
    return best


def _lossy(picture: Image.Image, lossy: Format, quality: int, icc: bytes | None) -> bytes:
    buffer = io.BytesIO()
    extra = {"icc_profile": icc} if icc else {}
    if lossy == "jpeg":
        source = picture.convert("RGB") if picture.mode not in ("RGB", "L") else picture
        source.save(buffer, "JPEG", quality=quality, subsampling=0 if quality >= 90 else 2, **extra)
    else:
        picture.save(buffer, "WEBP", quality=quality, method=4, **extra)
    return buffer.getvalue()
