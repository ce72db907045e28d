"""Write upscaled pixels: a full-quality PNG to keep, and a copy that fits an upload limit.

PNG is written here rather than by Pillow: each row is filtered with PNG's "Up" filter in one
numpy operation and the whole image is deflated by libdeflate (through ``imagecodecs``). At
level 1 this writes a 4096x4096 result about five times faster than Pillow's level 3, at
about the same size (BENCHMARKS.md).

To fit a budget, the best of: the PNG; a PNG compressed harder (when an estimate says it may
fit); lossy at the highest quality that fits (WebP for images with transparency, JPEG
otherwise); lossy at a smaller size. Sizes are first estimated from evenly spaced bands of
rows, so encodes that cannot fit are skipped and the quality search starts near its answer;
every answer is still checked on the full image.
"""

from __future__ import annotations

import io
import math
import struct
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Literal, cast

import imagecodecs
import numpy as np
from PIL import Image

from engine.images.pixels import Pixels

PNG_FAST_LEVEL = 1  # libdeflate: 4096x4096 in ~0.3 s, within 1% of Pillow's level 3
PNG_COMPACT_LEVEL = 12  # ~14% smaller than level 1 and ~30x slower: only when it decides
COMPACT_GAIN_MAX = 0.80  # level 12 never came out smaller than this share of level 1
LOSSY_QUALITY_MAX = 95
LOSSY_QUALITY_MIN = 50
SAMPLE_BANDS = 16  # bands of rows an estimate encodes
SAMPLE_SHARE = 8  # an estimate encodes 1/8 of the rows
SAMPLE_MIN_ROWS = 512  # smaller images are encoded whole: estimates would save nothing
ESTIMATE_SLACK = 1.05  # estimates from bands came within 1% of the full size

Format = Literal["png", "webp", "jpeg"]
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_UP_FILTER = 2


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


# --- PNG ---------------------------------------------------------------------------------


def _png_rows(image: UpscaledImage) -> np.ndarray:
    """The image as PNG scanlines (H x row bytes, uint8): 16-bit samples are big-endian."""
    planes = [image.rgb[..., :1] if image.grayscale else image.rgb]
    if image.alpha is not None:
        planes.append(image.alpha[..., None])
    pixels = planes[0] if len(planes) == 1 else np.concatenate(planes, axis=2)
    if image.bit_depth == 16:
        pixels = pixels.astype(">u2")
    return np.ascontiguousarray(pixels).view(np.uint8).reshape(image.height, -1)


def _up_filtered(rows: np.ndarray, first: int = 0, stop: int | None = None) -> np.ndarray:
    """Rows ``first:stop`` with the Up filter (each byte minus the byte above), type byte first."""
    stop = rows.shape[0] if stop is None else stop
    out = np.empty((stop - first, rows.shape[1] + 1), np.uint8)
    out[:, 0] = _PNG_UP_FILTER
    if first == 0:
        out[0, 1:] = rows[0]
        np.subtract(rows[1:stop], rows[: stop - 1], out=out[1:, 1:])
    else:
        np.subtract(rows[first:stop], rows[first - 1 : stop - 1], out=out[:, 1:])
    return out


def _deflate(data: np.ndarray, level: int) -> bytes:
    """zlib-wrapped deflate by libdeflate (it reads the array's buffer; no copy)."""
    return bytes(imagecodecs.deflate_encode(cast(bytes, data), level=level))


def _chunk(kind: bytes, body: bytes) -> bytes:
    crc = zlib.crc32(kind + body) & 0xFFFFFFFF
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)


def encode_png(image: UpscaledImage, *, level: int = PNG_FAST_LEVEL) -> bytes:
    """Lossless PNG at the image's own bit depth, with its ICC profile."""
    color_type = {(False, False): 2, (False, True): 6, (True, False): 0, (True, True): 4}[
        (image.grayscale, image.alpha is not None)
    ]
    header = struct.pack(
        ">IIBBBBB", image.width, image.height, image.bit_depth, color_type, 0, 0, 0
    )
    parts = [_PNG_SIGNATURE, _chunk(b"IHDR", header)]
    if image.icc_profile:
        parts.append(_chunk(b"iCCP", b"icc\x00\x00" + zlib.compress(image.icc_profile)))
    filtered = _up_filtered(_png_rows(image))
    parts.append(_chunk(b"IDAT", _deflate(filtered, level)))
    parts.append(_chunk(b"IEND", b""))
    return b"".join(parts)


def estimate_png_size(image: UpscaledImage, *, level: int = PNG_FAST_LEVEL) -> int:
    """About how large :func:`encode_png` would be, from a sample of bands of rows."""
    rows = _png_rows(image)
    bands = _sample_bands(image.height)
    if bands is None:
        return len(encode_png(image, level=level))
    # One stream over the bands side by side: the stream's fixed costs are paid once.
    sample = np.concatenate([_up_filtered(rows, top, bottom) for top, bottom in bands])
    sampled = len(_deflate(sample, level))
    return int(sampled * image.height / sum(bottom - top for top, bottom in bands))


def _sample_bands(height: int, align: int = 1) -> list[tuple[int, int]] | None:
    """``SAMPLE_BANDS`` evenly spaced bands of 1/``SAMPLE_SHARE`` of the rows in all, or None
    for images too small to be worth sampling. Band edges are multiples of ``align``."""
    if height < SAMPLE_MIN_ROWS:
        return None
    rows = max(align, height // (SAMPLE_SHARE * SAMPLE_BANDS) // align * align)
    spacing = height // SAMPLE_BANDS
    tops = [(i * spacing + (spacing - rows) // 2) // align * align for i in range(SAMPLE_BANDS)]
    return [(top, top + rows) for top in tops]


# --- fitting a budget --------------------------------------------------------------------


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

    Lossless when any PNG of ours fits, else the highest lossy quality that fits at full
    size, else the highest size that fits. ``png_data`` is :func:`encode_png`'s output if
    already made (it is used as it is when it fits).
    """
    width, height = image.width, image.height
    fast_estimate = None
    if png_data is None:
        fast_estimate = estimate_png_size(image)
        if fast_estimate <= budget * ESTIMATE_SLACK:
            png_data = encode_png(image)
    if png_data is not None and len(png_data) <= budget:
        return EncodedImage(png_data, "png", width, height, None, downscaled=False)
    fast_size = len(png_data) if png_data is not None else fast_estimate
    assert fast_size is not None
    if _compact_may_fit(image, budget, fast_size, fast_estimate):
        compact = encode_png(image, level=PNG_COMPACT_LEVEL)
        if len(compact) <= budget:
            return EncodedImage(compact, "png", width, height, None, downscaled=False)
    return _fit_lossy(image, budget)


def encode_kept_and_fitted(image: UpscaledImage, budget: int) -> tuple[bytes, EncodedImage]:
    """The lossless PNG to keep, and the best encoding no larger than ``budget`` to deliver.

    When the size estimate says no PNG can fit, the lossy search runs while the PNG to keep
    is written (both release the GIL), so a large result costs about the longer of the two.
    """
    if estimate_png_size(image) * COMPACT_GAIN_MAX <= budget * ESTIMATE_SLACK:
        kept = encode_png(image)
        return kept, encode_to_fit(image, budget, png_data=kept)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="png") as pool:
        pending = pool.submit(encode_png, image)
        fitted = _fit_lossy(image, budget)
        kept = pending.result()
    if len(kept) <= budget:  # the estimate was wrong after all: lossless wins
        fitted = EncodedImage(kept, "png", image.width, image.height, None, downscaled=False)
    return kept, fitted


def _fit_lossy(image: UpscaledImage, budget: int) -> EncodedImage:
    """The highest lossy quality that fits at full size, else the largest size that fits."""
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


def _compact_may_fit(
    image: UpscaledImage, budget: int, fast_size: int, fast_estimate: int | None
) -> bool:
    """Whether a PNG at the compact level might fit, judged without a full encode of it."""
    if fast_size * COMPACT_GAIN_MAX > budget:
        return False
    if fast_estimate is None:
        fast_estimate = estimate_png_size(image)
    compact_estimate = estimate_png_size(image, level=PNG_COMPACT_LEVEL)
    return fast_size * compact_estimate / max(fast_estimate, 1) <= budget * ESTIMATE_SLACK


def _best_quality(
    picture: Image.Image, lossy: Format, budget: int, icc: bytes | None
) -> tuple[int, bytes] | None:
    """The highest quality whose encoding fits, with it; None if even the lowest does not.

    The top quality is tried first (large results at the usual limits fit at once); else a
    search on a sample of bands guesses, and the whole picture confirms the guess and the
    quality above it (two encodes when the guess is right), or searches on.
    """
    tried: dict[int, bytes] = {}

    def fits(quality: int) -> bool:
        if quality not in tried:
            tried[quality] = _lossy(picture, lossy, quality, icc)
        return len(tried[quality]) <= budget

    def highest(low: int, high: int) -> int | None:
        best = None
        while low <= high:
            quality = (low + high + 1) // 2
            if fits(quality):
                best, low = quality, quality + 1
            else:
                high = quality - 1
        return best

    if fits(LOSSY_QUALITY_MAX):
        return LOSSY_QUALITY_MAX, tried[LOSSY_QUALITY_MAX]
    guess = min(_guess_quality(picture, lossy, budget - len(icc or b"")), LOSSY_QUALITY_MAX - 1)
    if fits(guess):
        found = guess if guess == LOSSY_QUALITY_MAX or not fits(guess + 1) else None
        if found is None:
            found = highest(guess + 2, LOSSY_QUALITY_MAX) or guess + 1
    else:
        found = highest(LOSSY_QUALITY_MIN, guess - 1)
    return None if found is None else (found, tried[found])


def _guess_quality(picture: Image.Image, lossy: Format, budget: int) -> int:
    """The highest quality that fits by a binary search on a sample of bands of rows (or on
    the whole picture when it is small); the lowest quality if none seems to."""
    bands = _sample_bands(picture.height, align=16)  # whole JPEG/WebP blocks
    if bands is None:
        sample, share = picture, 1.0
    else:
        sample = Image.new(picture.mode, (picture.width, sum(b - t for t, b in bands)))
        top = 0
        for begin, end in bands:
            sample.paste(picture.crop((0, begin, picture.width, end)), (0, top))
            top += end - begin
        share = sample.height / picture.height
    best = LOSSY_QUALITY_MIN
    low, high = LOSSY_QUALITY_MIN, LOSSY_QUALITY_MAX
    while low <= high:
        quality = (low + high + 1) // 2
        if len(_lossy(sample, lossy, quality, None)) <= budget * share:
            best, low = quality, quality + 1
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
