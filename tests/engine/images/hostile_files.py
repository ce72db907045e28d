"""Files crafted to hurt a decoder: small on disk, enormous or endless once parsed.

Each builder returns the bytes a member could post. They are written by hand (not by an image
library) because a library would refuse to write most of them.
"""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
from PIL import Image

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_chunk(kind: bytes, payload: bytes) -> bytes:
    crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)


def png_header(width: int, height: int, bit_depth: int = 8, colour_type: int = 2) -> bytes:
    """Signature and IHDR: everything a decoder knows before the first IDAT."""
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    return PNG_SIGNATURE + png_chunk(b"IHDR", ihdr)


def png16_inflation_bomb(
    width: int = 1024, height: int = 1024, compressed_bytes: int = 200_000
) -> bytes:
    """A 16-bit RGB PNG whose single IDAT inflates to far more than its header allows.

    Zeros compress about 1000:1, so ``compressed_bytes`` of deflate become about that many
    kilobytes of scanlines, while a ``width`` x ``height`` RGB 16-bit image needs only
    ``height * (1 + 6 * width)`` bytes.
    """
    compressor = zlib.compressobj(9)
    block = bytes(1 << 20)
    parts: list[bytes] = []
    size = 0
    while size < compressed_bytes:
        part = compressor.compress(block)
        parts.append(part)
        size += len(part)
    parts.append(compressor.flush())
    idat = b"".join(parts)
    return png_header(width, height, 16, 2) + png_chunk(b"IDAT", idat) + png_chunk(b"IEND", b"")


def png_claiming(width: int, height: int, bit_depth: int = 8) -> bytes:
    """A PNG whose header claims ``width`` x ``height`` with one tiny IDAT."""
    idat = zlib.compress(bytes(64))
    return (
        png_header(width, height, bit_depth, 2) + png_chunk(b"IDAT", idat) + png_chunk(b"IEND", b"")
    )


def _tiff_ifd(entries: list[tuple[int, int, int, int]], next_ifd: int) -> bytes:
    body = struct.pack("<H", len(entries))
    for tag, kind, count, value in sorted(entries):
        body += struct.pack("<HHII", tag, kind, count, value)
    return body + struct.pack("<I", next_ifd)


def tiff_many_frames(frames: int = 60_000) -> bytes:
    """A little-endian TIFF of ``frames`` one-pixel grey pages, about 100 bytes each.

    Every page points at the same one-byte strip, so 60,000 pages make about 6 MB.
    """
    header_size = 8
    strip_offset = header_size  # one byte of pixel data, then padding to an even offset
    first_ifd = header_size + 2
    entries_per_ifd = 8
    ifd_size = 2 + 12 * entries_per_ifd + 4
    out = bytearray(b"II*\x00" + struct.pack("<I", first_ifd) + b"\x80\x00")
    for index in range(frames):
        offset = first_ifd + index * ifd_size
        next_ifd = offset + ifd_size if index + 1 < frames else 0
        entries = [
            (256, 4, 1, 1),  # ImageWidth
            (257, 4, 1, 1),  # ImageLength
            (258, 3, 1, 8),  # BitsPerSample
            (259, 3, 1, 1),  # Compression: none
            (262, 3, 1, 1),  # Photometric: black is zero
            (273, 4, 1, strip_offset),  # StripOffsets
            (278, 4, 1, 1),  # RowsPerStrip
            (279, 4, 1, 1),  # StripByteCounts
        ]
        out += _tiff_ifd(entries, next_ifd)
    return bytes(out)


def tiff_with_bad_next_ifd(next_ifd: int) -> bytes:
    """A valid one-page TIFF whose next-IFD pointer is replaced by ``next_ifd``."""
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (10, 20, 30)).save(buffer, "TIFF")
    data = bytearray(buffer.getvalue())
    (first_ifd,) = struct.unpack_from("<I", data, 4)
    (count,) = struct.unpack_from("<H", data, first_ifd)
    struct.pack_into("<I", data, first_ifd + 2 + 12 * count, next_ifd)
    return bytes(data)


def tiff_claiming(width: int, height: int) -> bytes:
    """A one-page TIFF whose header claims ``width`` x ``height`` with a one-byte strip."""
    entries = [
        (256, 4, 1, width),
        (257, 4, 1, height),
        (258, 3, 1, 8),
        (259, 3, 1, 1),
        (262, 3, 1, 1),
        (273, 4, 1, 8),
        (278, 4, 1, height),
        (279, 4, 1, 1),
    ]
    return b"II*\x00" + struct.pack("<I", 10) + b"\x00\x00" + _tiff_ifd(entries, 0)


def gif_many_frames(frames: int = 5_000, side: int = 1) -> bytes:
    """A GIF of ``frames`` frames of a few bytes each: endless to count by decoding."""
    return _gif_screen(side) + _gif_frame(side) * frames + b";"


def bmp_claiming(width: int, height: int) -> bytes:
    """A 24-bit BMP whose header claims ``width`` x ``height`` and holds 4 bytes of pixels."""
    info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 24, 0, 0, 2835, 2835, 0, 0)
    pixels = bytes(4)
    size = 14 + len(info) + len(pixels)
    return b"BM" + struct.pack("<IHHI", size, 0, 0, 14 + len(info)) + info + pixels


def jpeg_claiming(width: int, height: int) -> bytes:
    """A small real JPEG whose SOF0 marker is rewritten to claim ``width`` x ``height``."""
    buffer = io.BytesIO()
    Image.fromarray(np.full((8, 8, 3), 90, np.uint8)).save(buffer, "JPEG")
    data = bytearray(buffer.getvalue())
    sof = data.index(b"\xff\xc0")
    struct.pack_into(">HH", data, sof + 5, height, width)
    return bytes(data)


def webp_claiming(width: int, height: int) -> bytes:
    """A lossless WebP whose VP8L header claims ``width`` x ``height`` (up to 16384)."""
    buffer = io.BytesIO()
    Image.new("RGB", (1, 1)).save(buffer, "WEBP", lossless=True)
    data = bytearray(buffer.getvalue())
    assert data[12:16] == b"VP8L" and data[20] == 0x2F
    (bits,) = struct.unpack_from("<I", data, 21)
    bits = (bits & ~0x0FFFFFFF) | (width - 1) | ((height - 1) << 14)
    struct.pack_into("<I", data, 21, bits)
    return bytes(data)


def jpeg_many_segments(count: int) -> bytes:
    """A JPEG header of ``count`` empty comment segments: 4 bytes each, parsed one by one."""
    return b"\xff\xd8" + b"\xff\xfe\x00\x02" * count


def png_many_chunks(count: int) -> bytes:
    """A 4x4 PNG preceded by ``count`` empty ancillary chunks: 12 bytes each."""
    idat = zlib.compress(bytes(4 * (1 + 3 * 4)))
    return (
        png_header(4, 4)
        + png_chunk(b"abCD", b"") * count
        + png_chunk(b"IDAT", idat)
        + png_chunk(b"IEND", b"")
    )


def _gif_screen(side: int = 1) -> bytes:
    return b"GIF89a" + struct.pack("<HHBBB", side, side, 0x80, 0, 0) + b"\x00\x00\x00\xff\xff\xff"


def _gif_frame(side: int = 1) -> bytes:
    return struct.pack("<BHHHHB", 0x2C, 0, 0, side, side, 0) + b"\x02\x02\x44\x01\x00"


def gif_many_comments(count: int) -> bytes:
    """A one-pixel GIF preceded by ``count`` one-letter comment extensions: 5 bytes each."""
    return _gif_screen() + b"\x21\xfe\x01a\x00" * count + _gif_frame() + b";"


def gif_many_sub_blocks(count: int) -> bytes:
    """A one-pixel GIF whose image data is split into ``count`` one-byte sub-blocks."""
    frame = struct.pack("<BHHHHB", 0x2C, 0, 0, 1, 1, 0) + b"\x02" + b"\x01\x00" * count + b"\x00"
    return _gif_screen() + frame + b";"


def gif_claiming(width: int, height: int) -> bytes:
    """A GIF whose logical screen and single frame claim ``width`` x ``height``."""
    screen = b"GIF89a" + struct.pack("<HHBBB", width, height, 0x80, 0, 0) + bytes(3) + b"\xff" * 3
    frame = struct.pack("<BHHHHB", 0x2C, 0, 0, width, height, 0) + b"\x02\x02\x44\x01\x00"
    return screen + frame + b";"


def jpeg_many_scans(side: int = 1024, repeats: int = 100_000) -> bytes:
    """A black progressive JPEG whose last scan (12 bytes) is repeated ``repeats`` times.

    libjpeg decodes every scan over the whole image: a few bytes each, a full pass each.
    """
    buffer = io.BytesIO()
    Image.new("RGB", (side, side)).save(buffer, "JPEG", progressive=True)
    data = buffer.getvalue()
    last_scan = data[data.rindex(b"\xff\xda") : -2]
    return data[:-2] + last_scan * repeats + b"\xff\xd9"
