"""Turn untrusted bytes into pixels, or a typed error that says what is wrong.

The pixel count is checked from the header before any pixel is decoded, so a small file
claiming 100000 x 100000 pixels is refused without allocating. Pillow's own bomb check is
replaced by ours (a limit from settings, applied before decoding).
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

import numpy as np
import png
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from engine.errors import (
    AnimatedImage,
    CorruptImage,
    EmptyFile,
    FileTooLarge,
    ImageTooLarge,
    NotAnImage,
)
from engine.pixels import Pixels

# Our limit is checked before load(); Pillow's global one would only get in its way.
Image.MAX_IMAGE_PIXELS = None
ImageFile.LOAD_TRUNCATED_IMAGES = False

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
IMAGE_SIGNATURES = (
    PNG_SIGNATURE,
    b"\xff\xd8\xff",
    b"GIF87a",
    b"GIF89a",
    b"BM",
    b"II*\x00",
    b"MM\x00*",
)


@dataclass(frozen=True, slots=True)
class DecodedImage(Pixels):
    """Pixels ready for the network, and the format they came in."""

    source_format: str = ""


@dataclass(frozen=True, slots=True)
class ImageHeader:
    format: str
    width: int
    height: int
    frames: int


def probe(data: bytes, *, max_pixels: int, max_bytes: int) -> ImageHeader:
    """Read only the header: format, size and frame count, with every limit checked.

    Raises:
        EmptyFile, FileTooLarge, NotAnImage, ImageTooLarge, AnimatedImage
    """
    if not data:
        raise EmptyFile()
    if len(data) > max_bytes:
        raise FileTooLarge(len(data), max_bytes)
    with _open(data) as image:
        width, height = image.size
        if width * height > max_pixels:
            raise ImageTooLarge(width, height, max_pixels)
        frames = int(getattr(image, "n_frames", 1) or 1)
        if frames > 1:
            raise AnimatedImage(frames)
        return ImageHeader(str(image.format), width, height, frames)


def decode(data: bytes, *, max_pixels: int, max_bytes: int) -> DecodedImage:
    """Decode an image file, applying EXIF orientation and keeping its ICC profile.

    Raises:
        EmptyFile, FileTooLarge, NotAnImage, ImageTooLarge, AnimatedImage, CorruptImage
    """
    header = probe(data, max_pixels=max_pixels, max_bytes=max_bytes)
    if header.format == "PNG" and _png_bit_depth(data) == 16:
        return _decode_png16(data)
    with _open(data) as image:
        try:
            image.load()
            oriented = ImageOps.exif_transpose(image)
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise CorruptImage(str(exc)) from exc
        return _from_pillow(oriented, header.format, image.info.get("icc_profile"))


def _open(data: bytes) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # format quirks (EXIF, palettes) are not errors
            return Image.open(io.BytesIO(data))
    except UnidentifiedImageError as exc:
        # It claims to be an image but its header is unreadable: damaged, not "not an image".
        if data.startswith(IMAGE_SIGNATURES) or data[8:12] == b"WEBP":
            raise CorruptImage(str(exc)) from exc
        raise NotAnImage(str(exc)) from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise CorruptImage(str(exc)) from exc


def _from_pillow(image: Image.Image, source_format: str, icc: bytes | None) -> DecodedImage:
    mode = image.mode
    if mode == "CMYK":
        # A CMYK profile does not describe the RGB pixels we produce; drop it.
        return _plain(image.convert("RGB"), source_format, None)
    if mode in ("I;16", "I;16B", "I;16L", "I"):
        gray = np.asarray(image, dtype=np.uint32).clip(0, 65535).astype(np.uint16)
        return DecodedImage(
            np.repeat(gray[..., None], 3, axis=2), None, True, 16, icc, source_format
        )
    if mode == "P":
        has_alpha = "transparency" in image.info
        image = image.convert("RGBA" if has_alpha else "RGB")
        mode = image.mode
    if mode in ("L", "1"):
        gray = np.asarray(image.convert("L"))
        return DecodedImage(
            np.repeat(gray[..., None], 3, axis=2), None, True, 8, icc, source_format
        )
    if mode == "LA":
        pixels = np.asarray(image)
        rgb = np.repeat(pixels[..., :1], 3, axis=2)
        return DecodedImage(rgb, _alpha_or_none(pixels[..., 1]), True, 8, icc, source_format)
    if mode in ("RGBA", "RGBa", "PA"):
        pixels = np.asarray(image.convert("RGBA"))
        return DecodedImage(
            np.ascontiguousarray(pixels[..., :3]),
            _alpha_or_none(pixels[..., 3]),
            False,
            8,
            icc,
            source_format,
        )
    return _plain(image.convert("RGB") if mode != "RGB" else image, source_format, icc)


def _plain(image: Image.Image, source_format: str, icc: bytes | None) -> DecodedImage:
    return DecodedImage(np.asarray(image), None, False, 8, icc, source_format)


def _alpha_or_none(alpha: np.ndarray) -> np.ndarray | None:
    """A fully opaque alpha channel carries nothing; dropping it halves the work."""
    full = np.iinfo(alpha.dtype).max
    return None if bool((alpha == full).all()) else np.ascontiguousarray(alpha)


def _png_bit_depth(data: bytes) -> int:
    # IHDR is always the first chunk: signature (8) + length (4) + type (4) + w (4) + h (4).
    return data[24] if data.startswith(PNG_SIGNATURE) and len(data) > 24 else 8


def _decode_png16(data: bytes) -> DecodedImage:
    """Pillow reads 16-bit colour PNGs as 8-bit; pypng keeps all 16 bits."""
    try:
        width, height, rows, info = png.Reader(bytes=data).asDirect()
        pixels = np.vstack([np.asarray(row, dtype=np.uint16) for row in rows])
    except (png.FormatError, png.ChunkError, ValueError, EOFError) as exc:
        raise CorruptImage(str(exc)) from exc
    planes = int(info["planes"])
    pixels = pixels.reshape(height, width, planes)
    icc = None
    with _open(data) as image:
        icc = image.info.get("icc_profile")
    grayscale = planes in (1, 2)
    color = pixels[..., :1] if grayscale else pixels[..., :3]
    rgb = np.ascontiguousarray(np.repeat(color, 3, axis=2) if grayscale else color)
    alpha = _alpha_or_none(pixels[..., -1]) if info["alpha"] else None
    return DecodedImage(rgb, alpha, grayscale, 16, icc, "PNG")
