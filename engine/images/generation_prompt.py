"""The generation prompt an image generator embedded in its file, so an upscale can reuse it.

Where the tools put it:
- PNG text chunks (tEXt, zTXt, iTXt): AUTOMATIC1111/Forge ``parameters``; ComfyUI ``prompt``
  (the API graph) and ``workflow`` (the editor's graph); InvokeAI ``invokeai_metadata`` (2.x:
  ``sd-metadata``); NovelAI ``Description`` and ``Comment``.
- EXIF (JPEG APP1, WebP ``EXIF`` chunk, PNG ``eXIf``): UserComment, where AUTOMATIC1111 writes
  its ``parameters`` text; ComfyUI's WebP saver writes ``prompt:{...}``/``workflow:{...}`` into
  the Model and Make tags.

The file is a member's and hostile: we walk the container's chunk or segment list ourselves and
never touch pixel data, read only the text we know, inflate at most ``MAX_TEXT_BYTES`` of it,
and any damage means "no prompt" rather than an error.
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from engine.images.generation_prompt_formats import (
    Prompts,
    a1111_prompts,
    comfyui_api_prompts,
    comfyui_workflow_prompts,
    invokeai_prompts,
    novelai_prompts,
)

MAX_PROMPT_CHARS = 2000
MAX_TEXT_BYTES = 1024 * 1024
MAX_TOTAL_TEXT_BYTES = 2 * MAX_TEXT_BYTES
# Enough for a 160 MB PNG in libpng's 8 KiB IDAT chunks; a file of millions of empty chunks
# stops here instead of costing a second of walking.
MAX_CHUNKS = 20_000
MAX_IFD_ENTRIES = 512

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
USER_COMMENT = "exif:UserComment"
_PNG_KEYWORDS = frozenset(
    {
        "parameters",
        "prompt",
        "workflow",
        "invokeai_metadata",
        "sd-metadata",
        "Description",
        "Comment",
        "Software",
    }
)
_MAX_KEYWORD = 80  # PNG keywords are 1-79 bytes
_EXIF_HEADER = b"Exif\x00\x00"
_TAG_MAKE, _TAG_MODEL, _TAG_EXIF_IFD, _TAG_USER_COMMENT = 0x010F, 0x0110, 0x8769, 0x9286
_BYTE_TYPES = frozenset({1, 2, 7})  # BYTE, ASCII, UNDEFINED
_POINTER_TYPES = frozenset({4, 13})  # LONG, IFD
_INLINE_BYTES = 4
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_UTF16_BOMS = {b"\xfe\xff": "utf-16-be", b"\xff\xfe": "utf-16-le"}


@dataclass(frozen=True, slots=True)
class GenerationPrompt:
    prompt: str  # positive prompt, stripped, at most MAX_PROMPT_CHARS
    negative_prompt: str  # "" when none
    source: str  # whose metadata: "a1111", "comfyui", "invokeai", "novelai" or "exif"


def read_generation_prompt(data: bytes) -> GenerationPrompt | None:
    """The prompt embedded in a PNG, JPEG or WebP file, or None when there is none to read."""
    try:
        return _first_prompt(_embedded_texts(data))
    except Exception:
        # The readers check every offset and length; this is the last guard, so that no
        # member's file can ever fail a job through its metadata.
        return None


def _first_prompt(texts: Mapping[str, str]) -> GenerationPrompt | None:
    def reader(key: str, parse: Callable[[str], Prompts | None]) -> Callable[[], Prompts | None]:
        return lambda: parse(texts[key]) if key in texts else None

    readers: tuple[tuple[str, Callable[[], Prompts | None]], ...] = (
        ("a1111", reader("parameters", a1111_prompts)),
        ("comfyui", reader("prompt", comfyui_api_prompts)),
        ("comfyui", reader("workflow", comfyui_workflow_prompts)),
        ("invokeai", reader("invokeai_metadata", invokeai_prompts)),
        ("invokeai", reader("sd-metadata", invokeai_prompts)),
        (
            "novelai",
            lambda: novelai_prompts(
                texts.get("Description"), texts.get("Comment"), texts.get("Software")
            ),
        ),
        ("exif", reader(USER_COMMENT, a1111_prompts)),
    )
    for source, read in readers:
        found = read()
        if found is not None and (prompt := _clean(found[0])):
            return GenerationPrompt(prompt, _clean(found[1]), source)
    return None


def _clean(text: str) -> str:
    # Control characters would only garble the confirmation that shows the prompt.
    return _CONTROL_CHARACTERS.sub("", text).strip()[:MAX_PROMPT_CHARS].rstrip()


def _embedded_texts(data: bytes) -> dict[str, str]:
    if data.startswith(PNG_SIGNATURE):
        return _png_texts(data)
    if data.startswith(b"\xff\xd8\xff"):
        tiff = _jpeg_exif(data)
    elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        tiff = _webp_exif(data)
    else:
        return {}
    return _exif_texts(tiff) if tiff else {}


# ---- PNG --------------------------------------------------------------------------------------
def _png_texts(data: bytes) -> dict[str, str]:
    texts: dict[str, str] = {}
    budget = MAX_TOTAL_TEXT_BYTES
    position = len(PNG_SIGNATURE)
    for _ in range(MAX_CHUNKS):
        if position + 12 > len(data):
            break
        length, kind = struct.unpack_from(">I4s", data, position)
        end = position + 8 + length
        if end + 4 > len(data) or kind == b"IEND":
            break
        if kind in (b"tEXt", b"zTXt", b"iTXt", b"eXIf") and length <= MAX_TEXT_BYTES:
            body = data[position + 8 : end]
            (crc,) = struct.unpack_from(">I", data, end)
            # A chunk that fails its CRC is damaged: its text is not what the tool wrote.
            if zlib.crc32(body, zlib.crc32(kind)) == crc:
                if kind == b"eXIf":
                    for key, text in _exif_texts(body).items():
                        texts.setdefault(key, text)
                elif (entry := _png_text(kind, body)) and entry[0] not in texts:
                    budget -= len(entry[1])
                    if budget < 0:
                        break
                    texts[entry[0]] = entry[1]
        position = end + 4
    return texts


def _png_text(kind: bytes, body: bytes) -> tuple[str, str] | None:
    """(keyword, text) of a text chunk we read, or None; inflates only known keywords."""
    separator = body.find(b"\x00", 0, _MAX_KEYWORD)
    keyword = body[:separator].decode("latin-1") if separator > 0 else ""
    if keyword not in _PNG_KEYWORDS:
        return None
    rest = body[separator + 1 :]
    if kind == b"tEXt":
        return keyword, rest.decode("latin-1")
    if kind == b"zTXt":
        text = _inflate(rest[1:]) if rest[:1] == b"\x00" else None
        return (keyword, text.decode("latin-1")) if text is not None else None
    # iTXt: compression flag, method, language tag\0, translated keyword\0, UTF-8 text.
    if len(rest) < 2:
        return None
    compressed, method = rest[0], rest[1]
    language_end = rest.find(b"\x00", 2)
    translated_end = rest.find(b"\x00", language_end + 1) if language_end >= 0 else -1
    if translated_end < 0:
        return None
    payload = rest[translated_end + 1 :]
    if compressed:
        text = _inflate(payload) if method == 0 else None
        return (keyword, text.decode("utf-8", "replace")) if text is not None else None
    return keyword, payload.decode("utf-8", "replace")


def _inflate(compressed: bytes) -> bytes | None:
    """At most MAX_TEXT_BYTES of a zlib stream; a longer or unfinished one is refused."""
    inflater = zlib.decompressobj()
    try:
        text = inflater.decompress(compressed, MAX_TEXT_BYTES + 1)
    except zlib.error:
        return None
    return text if len(text) <= MAX_TEXT_BYTES and inflater.eof else None


# ---- JPEG and WebP carry EXIF -----------------------------------------------------------------
def _jpeg_exif(data: bytes) -> bytes | None:
    position = 2
    for _ in range(MAX_CHUNKS):
        if position + 4 > len(data) or data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker == 0x01 or 0xD0 <= marker <= 0xD8:  # markers without a length
            position += 2
            continue
        if marker in (0xDA, 0xD9):  # start of scan or end: metadata comes before pixels
            return None
        (length,) = struct.unpack_from(">H", data, position + 2)
        if marker == 0xE1 and data.startswith(_EXIF_HEADER, position + 4):
            return data[position + 4 + len(_EXIF_HEADER) : position + 2 + length]
        position += 2 + max(length, 2)
    return None


def _webp_exif(data: bytes) -> bytes | None:
    position = 12
    for _ in range(MAX_CHUNKS):
        if position + 8 > len(data):
            return None
        kind, size = struct.unpack_from("<4sI", data, position)
        if kind == b"EXIF":
            body = data[position + 8 : position + 8 + min(size, MAX_TEXT_BYTES)]
            # Pillow and libwebp store bare TIFF; some writers keep JPEG's "Exif\0\0" header.
            return body.removeprefix(_EXIF_HEADER)
        position += 8 + size + (size & 1)
    return None


# ---- EXIF (TIFF structure) --------------------------------------------------------------------
def _exif_texts(tiff: bytes) -> dict[str, str]:
    if tiff[:4] == b"II*\x00":
        order = "<"
    elif tiff[:4] == b"MM\x00*":
        order = ">"
    else:
        return {}
    ifd0 = _ifd_entries(tiff, order, _u32(tiff, order, 4))
    texts: dict[str, str] = {}
    # ComfyUI's WebP saver: Model = "prompt:{api graph}", Make = "workflow:{editor graph}".
    for tag in (_TAG_MODEL, _TAG_MAKE):
        value = _entry_bytes(tiff, order, ifd0.get(tag))
        key, separator, text = value.rstrip(b"\x00").decode("utf-8", "replace").partition(":")
        if separator and key in ("prompt", "workflow"):
            texts.setdefault(key, text)
    exif_ifd = ifd0.get(_TAG_EXIF_IFD)
    if exif_ifd is not None and exif_ifd[0] in _POINTER_TYPES:
        comment = _ifd_entries(tiff, order, _u32(tiff, order, exif_ifd[2])).get(_TAG_USER_COMMENT)
        if raw := _entry_bytes(tiff, order, comment):
            texts[USER_COMMENT] = _user_comment(raw, order)
    return texts


def _u32(tiff: bytes, order: str, offset: int) -> int:
    if offset + 4 > len(tiff):
        return len(tiff)  # reads at the end find nothing
    return int(struct.unpack_from(order + "I", tiff, offset)[0])


def _ifd_entries(tiff: bytes, order: str, offset: int) -> dict[int, tuple[int, int, int]]:
    """Tag -> (type, count, position of the value field) for one IFD."""
    if offset + 2 > len(tiff):
        return {}
    (count,) = struct.unpack_from(order + "H", tiff, offset)
    entries: dict[int, tuple[int, int, int]] = {}
    for index in range(min(count, MAX_IFD_ENTRIES)):
        at = offset + 2 + 12 * index
        if at + 12 > len(tiff):
            break
        tag, kind, values = struct.unpack_from(order + "HHI", tiff, at)
        entries.setdefault(tag, (kind, values, at + 8))
    return entries


def _entry_bytes(tiff: bytes, order: str, entry: tuple[int, int, int] | None) -> bytes:
    if entry is None or entry[0] not in _BYTE_TYPES:
        return b""
    _, size, field = entry
    start = field if size <= _INLINE_BYTES else _u32(tiff, order, field)
    return tiff[start : start + size] if start + size <= len(tiff) else b""


def _user_comment(raw: bytes, order: str) -> str:
    """EXIF UserComment: an 8-byte character code, then the text."""
    code, body = raw[:8], raw[8:]
    if code == b"UNICODE\x00":
        text = _utf16(body, order)
    elif code in (b"ASCII\x00\x00\x00", b"\x00" * 8):
        text = body.decode("utf-8", "replace")
    elif code == b"JIS\x00\x00\x00\x00\x00":
        text = body.decode("shift_jis", "replace")
    else:
        text = raw.decode("utf-8", "ignore")
    return text.rstrip("\x00")


def _utf16(body: bytes, order: str) -> str:
    """UTF-16 of either byte order: AUTOMATIC1111 (piexif) writes big-endian, other tools
    little-endian, rarely with a BOM. Mostly-Latin text has its zero bytes on the high side;
    text without them follows the TIFF header's byte order, as exiftool does."""
    if body[:2] in _UTF16_BOMS:
        return body[2:].decode(_UTF16_BOMS[body[:2]], "replace")
    body = body[: len(body) & ~1]
    high_first, low_first = body[0::2].count(0), body[1::2].count(0)
    little = low_first > high_first or (low_first == high_first and order == "<")
    return body.decode("utf-16-le" if little else "utf-16-be", "replace")
