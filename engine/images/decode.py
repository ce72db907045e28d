"""Turn untrusted bytes into pixels, or a typed error that says what is wrong.

Every limit holds by construction, before any pixel is decoded:
- bytes: the file size is checked first;
- formats: only the six documented formats are opened (``Image.open(formats=...)``);
- pixels: width x height come from the header (WebP's even before Pillow sees the file, as its
  decoder allocates the canvas on open) and are checked against the limit;
- frames: we ask whether a second frame exists, never how many there are;
- decoded bytes: every decoder writes into an image buffer allocated from the header's size
  and stops when it is full, so a stream that inflates to more (a zlib bomb in an IDAT) is
  cut off, not buffered. 16-bit PNGs, which Pillow would round to 8 bits, go through the same
  size-bounded zlib decoder, once for the high and once for the low byte of each sample.

``probe`` and ``decode`` raise only :class:`EngineError` subclasses, whatever the bytes.
"""

from __future__ import annotations

import io
import struct
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from engine.errors import (
    AnimatedImage,
    CorruptImage,
    DecodeLimitExceeded,
    EmptyFile,
    EngineError,
    FileTooLarge,
    ImageTooLarge,
    NotAnImage,
    UnsupportedFormat,
)
from engine.images.container_check import check_container
from engine.images.pixels import Pixels

# Our limit is checked before load(); Pillow's global one would only get in its way.
Image.MAX_IMAGE_PIXELS = None
ImageFile.LOAD_TRUNCATED_IMAGES = False

ACCEPTED_FORMATS = ("PNG", "JPEG", "WEBP", "GIF", "BMP", "TIFF")

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Formats members do post, so that a refusal can say what the file is. Signatures only: a
# weak one (Pillow's CUR check also matches most TGA files) would name the wrong format.
_OTHER_SIGNATURES = (
    (b"\x00\x00\x00\x0cjP  \r\n\x87\n", "JPEG 2000"),
    (b"\xff\x4f\xff\x51", "JPEG 2000"),
    (b"\x00\x00\x00\x0cJXL \r\n\x87\n", "JPEG XL"),
    (b"\xff\x0a", "JPEG XL"),
    (b"%!PS", "EPS"),
    (b"\xc5\xd0\xd3\xc6", "EPS"),
    (b"DDS ", "DDS"),
    (b"\x01\xda", "SGI"),
    (b"qoif", "QOI"),
    (b"8BPS", "PSD"),
    (b"\x00\x00\x01\x00", "ICO"),
    (b"BLP1", "BLP"),
    (b"BLP2", "BLP"),
    (b"II+\x00", "BigTIFF"),
    (b"MM\x00+", "BigTIFF"),
    (b"<svg", "SVG"),
)
_ISO_BRANDS = {
    b"avif": "AVIF",
    b"avis": "AVIF",
    b"heic": "HEIC",
    b"heix": "HEIC",
    b"heim": "HEIC",
    b"heis": "HEIC",
    b"mif1": "HEIF",
    b"msf1": "HEIF",
}
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
    """What the header says about a still image that passed every limit."""

    format: str
    width: int
    height: int


def probe(data: bytes, *, max_pixels: int, max_bytes: int) -> ImageHeader:
    """Read only the header: format and size, with every limit checked.

    Raises (only these, for any input):
        EmptyFile, FileTooLarge, NotAnImage, UnsupportedFormat, TooComplex, ImageTooLarge,
        AnimatedImage, CorruptImage, DecodeLimitExceeded
    """
    with _hostile_input(), _open_checked(data, max_pixels, max_bytes) as image:
        return ImageHeader(_format_of(image), image.width, image.height)


def decode(data: bytes, *, max_pixels: int, max_bytes: int) -> DecodedImage:
    """Decode an image file, applying EXIF orientation and keeping its ICC profile.

    Raises (only these, for any input):
        EmptyFile, FileTooLarge, NotAnImage, UnsupportedFormat, TooComplex, ImageTooLarge,
        AnimatedImage, CorruptImage, DecodeLimitExceeded
    """
    with _hostile_input(), _open_checked(data, max_pixels, max_bytes) as image:
        source_format = _format_of(image)
        if source_format == "PNG" and data[24] == 16:
            return _decode_png16(data, image)
        image.load()
        oriented = ImageOps.exif_transpose(image)
        return _from_pillow(oriented, source_format, image.info.get("icc_profile"))


@contextmanager
def _hostile_input() -> Iterator[None]:
    """Third-party parsers fail on hostile input in every way they can (TypeError from a bad
    TIFF pointer, struct.error, RecursionError...); any of it means the file is damaged.
    Their warnings (odd EXIF, palettes) are format quirks, not errors."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    except EngineError:
        raise
    except MemoryError as exc:
        raise DecodeLimitExceeded("memory") from exc
    except Exception as exc:
        raise CorruptImage(f"{type(exc).__name__}: {exc}") from exc


def _open_checked(data: bytes, max_pixels: int, max_bytes: int) -> Image.Image:
    """Open ``data`` as one of the accepted formats, with bytes, pixels and frames checked."""
    if not data:
        raise EmptyFile()
    if len(data) > max_bytes:
        raise FileTooLarge(len(data), max_bytes)
    check_container(data)
    webp_size = _webp_size(data)
    if webp_size is not None and webp_size[0] * webp_size[1] > max_pixels:
        raise ImageTooLarge(*webp_size, max_pixels)
    image = _open(data)
    try:
        width, height = image.size
        if width * height > max_pixels:
            raise ImageTooLarge(width, height, max_pixels)
        if width < 1 or height < 1:
            raise CorruptImage(f"size {width}x{height}")
        if _has_second_frame(image):
            raise AnimatedImage()
    except BaseException:
        image.close()
        raise
    return image


def _open(data: bytes) -> Image.Image:
    try:
        return Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
    except UnidentifiedImageError as exc:
        # It claims to be an image but its header is unreadable: damaged, not "not an image".
        if data.startswith(IMAGE_SIGNATURES) or data[8:12] == b"WEBP":
            raise CorruptImage(str(exc)) from exc
        other = _other_format(data)
        if other is not None:
            raise UnsupportedFormat(other) from exc
        raise NotAnImage(str(exc)) from exc


def _other_format(data: bytes) -> str | None:
    """The name of a format we do not open, from its signature alone (nothing is parsed)."""
    for signature, name in _OTHER_SIGNATURES:
        if data.startswith(signature):
            return name
    if data[4:8] == b"ftyp":  # ISO media: the brand says which
        return _ISO_BRANDS.get(data[8:12])
    if len(data) > 2 and data[0] == 0x0A and data[1] in (0, 2, 3, 4, 5) and data[2] == 1:
        return "PCX"
    if len(data) > 2 and data[0:1] == b"P" and data[1] in b"1234567" and data[2] in b" \t\r\n":
        return "Netpbm"
    return None


def _format_of(image: Image.Image) -> str:
    # A camera's multi-picture JPEG (MPO: depth maps, gain maps) is decoded as its first picture.
    return "JPEG" if image.format == "MPO" else str(image.format)


def _has_second_frame(image: Image.Image) -> bool:
    """Whether a second frame exists, looking at that one frame only, never counting all.

    Pillow answers ``is_animated`` from the header (PNG acTL, WebP) or by skipping over the
    first frame (GIF). A TIFF's answer is only "the next-page pointer is not zero", so we read
    that one page: a pointer into garbage is a damaged file, not an animation.
    """
    if image.format == "MPO" or not getattr(image, "is_animated", False):
        return False
    if image.format == "TIFF":
        try:
            image.seek(1)
        except EOFError:
            return False
        finally:
            image.seek(0)
    return True


def _webp_size(data: bytes) -> tuple[int, int] | None:
    """A WebP's canvas size from its first chunk's header, or None if it is not a WebP."""
    if len(data) < 30 or data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        return None
    chunk = data[12:16]
    if chunk == b"VP8X":
        return 1 + int.from_bytes(data[24:27], "little"), 1 + int.from_bytes(data[27:30], "little")
    if chunk == b"VP8L":
        (bits,) = struct.unpack_from("<I", data, 21)
        return 1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF)
    if chunk == b"VP8 ":
        width, height = struct.unpack_from("<HH", data, 26)
        return width & 0x3FFF, height & 0x3FFF
    return None


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


def _decode_png16(data: bytes, image: Image.Image) -> DecodedImage:
    """All 16 bits of a 16-bit PNG, which Pillow's own loader rounds to 8 for colour images.

    Pillow's zlib decoder inflates and unfilters straight into an image of the header's size
    and stops there. It is run with rawmodes that keep the high bytes, then the low bytes.
    """
    colour_type, interlaced = data[25], data[28]
    idat = _idat_stream(data)
    size = image.size

    def planes(mode: str, rawmode: str) -> np.ndarray:
        try:
            decoded = Image.frombytes(mode, size, idat, "zip", rawmode, interlaced)
        except ValueError as exc:  # "not enough image data", "cannot decode image data"
            raise CorruptImage(str(exc)) from exc
        return np.asarray(decoded).astype(np.uint16)

    if colour_type == 0:
        samples = planes("I;16", "I;16B")[..., None]
    elif colour_type == 4:  # grey + alpha: 4 bytes a pixel, read verbatim as RGBA
        raw = planes("RGBA", "RGBA")
        samples = (raw[..., 0::2] << 8) | raw[..., 1::2]
    elif colour_type in (2, 6):
        mode = "RGB" if colour_type == 2 else "RGBA"
        samples = (planes(mode, f"{mode};16B") << 8) | planes(mode, f"{mode};16L")
    else:
        raise CorruptImage(f"16-bit PNG with colour type {colour_type}")
    grayscale = colour_type in (0, 4)
    colour = samples[..., :1] if grayscale else samples[..., :3]
    rgb = np.ascontiguousarray(np.repeat(colour, 3, axis=2) if grayscale else colour)
    alpha: np.ndarray | None = None
    if colour_type in (4, 6):
        alpha = _alpha_or_none(samples[..., -1])
    elif "transparency" in image.info:  # tRNS: one colour stands for "transparent"
        key = np.asarray(image.info["transparency"], dtype=np.uint16).reshape(-1)
        alpha = _alpha_or_none(np.where((colour == key).all(axis=2), 0, 65535).astype(np.uint16))
    return DecodedImage(rgb, alpha, grayscale, 16, image.info.get("icc_profile"), "PNG")


def _idat_stream(data: bytes) -> bytes:
    """The concatenated IDAT payloads: the zlib stream of the image (at most the file's size)."""
    parts: list[bytes] = []
    position = len(PNG_SIGNATURE)
    while position + 8 <= len(data):
        length, kind = struct.unpack_from(">I4s", data, position)
        payload = data[position + 8 : position + 8 + length]
        if kind == b"IDAT":
            parts.append(payload)
        elif kind == b"IEND" or (parts and kind != b"IDAT"):
            break
        position += 12 + length
    return b"".join(parts)
