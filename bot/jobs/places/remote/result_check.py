"""A remote worker's result is checked like a member's file before anything keeps it.

A worker is someone else's machine: its files may be anything. Before fetching, each file's
size is capped from the job (the upload copy by the job's upload limit, the full-quality PNG
by what an image of the expected size can take); once fetched, each must be the file the
worker proved it sent (its hash), an image in a format the bot shows, and of the size the
job asks for: the input times the scale (the full-quality PNG exactly, the upload copy no
larger). The record the bot keeps takes its format and sizes from these checks, not from
what the worker claimed.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass

from engine.errors import InputError
from engine.finished_run import FinishedRun
from engine.images.decode import ImageHeader, probe

# The upload copy's format -> the extension it is stored under.
UPLOAD_FORMATS = {"PNG": "png", "WEBP": "webp", "JPEG": "jpg"}
# A PNG is at most its raw pixels (16-bit RGBA) plus per-row filter bytes and chunk framing.
_PNG_BYTES_PER_PIXEL = 8
_PNG_SLACK_BYTES = 1 << 20


class ResultRefused(Exception):
    """The worker's result is not one the bot keeps (its reason says why)."""


@dataclass(frozen=True, slots=True)
class ResultBounds:
    """What a job's result must be: its input's size, the scale, the upload limit."""

    input_width: int
    input_height: int
    scale: int
    upload_limit: int

    @property
    def sizes(self) -> set[tuple[int, int]]:
        """The result's allowed sizes (an EXIF-rotated input comes out turned)."""
        width, height = self.input_width * self.scale, self.input_height * self.scale
        return {(width, height), (height, width)}

    @property
    def pixels(self) -> int:
        return self.input_width * self.input_height * self.scale * self.scale

    @property
    def kept_max_bytes(self) -> int:
        return self.pixels * _PNG_BYTES_PER_PIXEL + _PNG_SLACK_BYTES


def check_digest(data: bytes, expected: str, what: str) -> None:
    """Raises: ResultRefused when ``data`` is not the file the worker proved it sent."""
    if hashlib.sha256(data).hexdigest() != expected:
        raise ResultRefused(f"the {what} is not the file the worker reported")


def check_files(
    kept: bytes, upload: bytes, bounds: ResultBounds
) -> tuple[ImageHeader, ImageHeader, str]:
    """Both files' headers and the upload copy's extension, once both passed. Blocking (it reads
    headers): run it in a thread.

    Raises:
        ResultRefused: a file is not an image, in a wrong format or of a wrong size.
    """
    kept_header = _header(kept, bounds, bounds.kept_max_bytes, "full-quality file")
    if kept_header.format != "PNG":
        raise ResultRefused(f"the full-quality file is {kept_header.format}, not PNG")
    if (kept_header.width, kept_header.height) not in bounds.sizes:
        raise ResultRefused(
            f"the result is {kept_header.width}x{kept_header.height}, expected"
            f" {bounds.input_width * bounds.scale}x{bounds.input_height * bounds.scale}"
        )
    upload_header = _header(upload, bounds, bounds.upload_limit, "upload copy")
    extension = UPLOAD_FORMATS.get(upload_header.format)
    if extension is None:
        raise ResultRefused(f"the upload copy is {upload_header.format}")
    if upload_header.width > kept_header.width or upload_header.height > kept_header.height:
        raise ResultRefused("the upload copy is larger than the result")
    return kept_header, upload_header, extension


def _header(data: bytes, bounds: ResultBounds, max_bytes: int, what: str) -> ImageHeader:
    try:
        return probe(data, max_pixels=bounds.pixels, max_bytes=max_bytes)
    except InputError as exc:
        raise ResultRefused(f"the {what} was refused: {exc}") from None


def checked_record(
    run: FinishedRun,
    bounds: ResultBounds,
    kept: ImageHeader,
    upload: ImageHeader,
    extension: str,
) -> FinishedRun:
    """The worker's record with what the checks found in place of what it claimed."""
    return dataclasses.replace(
        run,
        input_width=bounds.input_width,
        input_height=bounds.input_height,
        kept=dataclasses.replace(
            run.kept, format="png", extension="png", width=kept.width, height=kept.height
        ),
        upload=dataclasses.replace(
            run.upload,
            format="jpeg" if upload.format == "JPEG" else upload.format.lower(),
            extension=extension,
            width=upload.width,
            height=upload.height,
        ),
    )
