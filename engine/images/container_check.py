"""Count the pieces a file is built of before any image library walks them.

PNG files are chunks, JPEG files segments and scans, GIF files blocks and sub-blocks. Pillow
walks them one at a time in Python and keeps some of what it finds, and libjpeg decodes every
scan of a progressive JPEG over the whole image; so a small file made of millions of empty
pieces (or thousands of repeated scans) costs seconds to minutes and hundreds of MB to open,
whatever its pixel count. Genuine files have few pieces; these caps sit far above them.

Walking is cheap: a loop over piece headers (at most the cap) or ``bytes.find`` over JPEG
entropy-coded data. Malformed structure is left for the decoder to report; only the count
is judged here.
"""

from __future__ import annotations

import re
import struct

from engine.errors import TooComplex

MAX_PNG_CHUNKS = 65_536  # 25 MB of 8 KB IDATs is 3,200
MAX_JPEG_SEGMENTS = 4_096  # an ICC profile split in 255 parts, XMP, Photoshop blocks...
MAX_JPEG_SCANS = 128  # progressive encoders write about 10; each costs a pass over the image
MAX_GIF_SEQUENCES = 4_096  # extensions and frames before the second frame
# Sub-blocks are 255 bytes except the last of each sequence; 1-byte ones are only padding.
MAX_GIF_SHORT_SUB_BLOCKS = 4_096

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# A marker is 0xFF (after any fill 0xFF) and a byte that is not 0 (a stuffed 0xFF in
# entropy-coded data) and not a restart marker; found by the regex engine, not a Python loop.
_JPEG_MARKER = re.compile(rb"\xff+[^\x00\xd0-\xd7\xff]")
_JPEG_STANDALONE = {0x01, 0xD8}  # TEM, SOI: markers without a length


def check_container(data: bytes) -> None:
    """Refuse a PNG, JPEG or GIF built of more pieces than any genuine image.

    Raises:
        TooComplex: too many chunks, segments, scans or blocks.
    """
    if data.startswith(_PNG_SIGNATURE):
        _check_png(data)
    elif data.startswith(b"\xff\xd8"):
        _check_jpeg(data)
    elif data.startswith((b"GIF87a", b"GIF89a")):
        _check_gif(data)


def _check_png(data: bytes) -> None:
    position, chunks = len(_PNG_SIGNATURE), 0
    while position + 8 <= len(data):
        chunks += 1
        if chunks > MAX_PNG_CHUNKS:
            raise TooComplex("PNG chunks", MAX_PNG_CHUNKS)
        length, kind = struct.unpack_from(">I4s", data, position)
        if kind == b"IEND":
            return
        position += 12 + length


def _check_jpeg(data: bytes) -> None:
    position, segments, scans = 2, 0, 0
    while match := _JPEG_MARKER.search(data, position):
        marker, position = data[match.end() - 1], match.end()
        if marker == 0xD9:  # end of image
            return
        if marker in _JPEG_STANDALONE:
            continue
        segments += 1
        if segments > MAX_JPEG_SEGMENTS:
            raise TooComplex("JPEG segments", MAX_JPEG_SEGMENTS)
        if marker == 0xDA:
            scans += 1
            if scans > MAX_JPEG_SCANS:
                raise TooComplex("JPEG scans", MAX_JPEG_SCANS)
        if position + 2 > len(data):
            return
        (length,) = struct.unpack_from(">H", data, position)
        position += max(length, 2)


def _check_gif(data: bytes) -> None:
    flags = data[10] if len(data) > 10 else 0
    position = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    sequences = short = frames = 0
    while position < len(data):
        introducer = data[position]
        if introducer == 0x2C:  # image descriptor
            frames += 1
            if frames > 1:  # the decoder looks no further than the second frame
                return
            if position + 10 > len(data):
                return
            local = data[position + 9]
            position += 10 + (3 << ((local & 7) + 1) if local & 0x80 else 0) + 1  # + LZW size
        elif introducer == 0x21:  # extension: introducer and label
            position += 2
        else:  # trailer or garbage: the decoder stops here
            return
        sequences += 1
        if sequences > MAX_GIF_SEQUENCES:
            raise TooComplex("GIF blocks", MAX_GIF_SEQUENCES)
        while position < len(data):  # the sequence's sub-blocks, up to the empty one
            size = data[position]
            position += 1 + size
            if size == 0:
                break
            if size < 255:
                short += 1
                if short > MAX_GIF_SHORT_SUB_BLOCKS:
                    raise TooComplex("GIF blocks", MAX_GIF_SHORT_SUB_BLOCKS)
