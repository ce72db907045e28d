"""Files made to hurt: each is refused or decoded within the bounds its header allows."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from engine.errors import AnimatedImage, CorruptImage, TooComplex
from engine.images.decode import decode, probe
from tests.engine.images import hostile_files as hostile

LIMITS = {"max_pixels": 4_194_304, "max_bytes": 25 * 1024 * 1024}
REPO = Path(__file__).resolve().parents[3]
MIB = 1024 * 1024

_MEASURE = """
import json, resource, sys
from engine.images.decode import decode, probe
from tests.engine.images import hostile_files as hostile

def virtual_peak():
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmPeak:"))
    return int(line.split()[1]) * 1024

data = hostile.{builder}
function = {function}
resident, virtual = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024, virtual_peak()
try:
    outcome = type(function(data, max_pixels=4_194_304, max_bytes=25 * 1024 * 1024)).__name__
except Exception as exc:
    outcome = type(exc).__name__
print(json.dumps({{
    "outcome": outcome,
    "size": len(data),
    "resident_increase": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - resident,
    "virtual_increase": virtual_peak() - virtual,
}}))
"""


def _measure(builder: str, function: str = "decode") -> dict[str, int | str]:
    """Run one hostile file through a fresh interpreter; its peak memory is this case's alone."""
    script = _MEASURE.format(builder=builder, function=function)
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, int | str] = json.loads(done.stdout)
    return result


def test_16_bit_png_bomb_inflates_no_more_than_its_header_says():
    """A 200 kB 16-bit PNG that says 1024x1024 but whose IDAT inflates to ~200 MB costs the
    6 MB its header allows, not the whole stream (it used to peak at over 600 MB)."""
    result = _measure("png16_inflation_bomb(1024, 1024, 200_000)")
    assert int(result["size"]) < 250_000
    assert result["outcome"] in ("DecodedImage", "CorruptImage")
    assert int(result["resident_increase"]) < 64 * MIB, result


def test_webp_canvas_is_checked_before_its_decoder_allocates():
    """A 34-byte WebP claiming 16384x16384 is refused from its header; libwebp would reserve
    two 1 GiB canvases on open, before Pillow reports the size."""
    result = _measure("webp_claiming(16384, 16384)", "probe")
    assert result["outcome"] == "ImageTooLarge"
    assert int(result["virtual_increase"]) < 256 * MIB, result


def _timed(function: Callable[[], object]) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def test_many_frame_tiff_is_refused_at_its_second_frame():
    """A 6 MB TIFF of 60,000 one-pixel pages is refused as animated without counting its
    pages (counting them took 19 s, during which the bot answered no one)."""
    data = hostile.tiff_many_frames(60_000)
    assert len(data) > 6_000_000

    def refuse() -> None:
        with pytest.raises(AnimatedImage, match="Animated images cannot be upscaled"):
            probe(data, **LIMITS)

    assert _timed(refuse) < 1.0


def test_many_frame_gif_is_refused_at_its_second_frame():
    """A GIF of 20,000 frames is refused as animated after looking at its second frame."""
    data = hostile.gif_many_frames(20_000, side=512)

    def refuse() -> None:
        for function in (probe, decode):
            with pytest.raises(AnimatedImage):
                function(data, **LIMITS)

    assert _timed(refuse) < 1.0


@pytest.mark.parametrize("pointer", [1, 3, 12, 99_999, 2**31, 2**32 - 1])
def test_bad_tiff_page_pointer_is_a_damaged_file(pointer: int):
    """A TIFF whose next-page pointer leads into garbage or past the end is reported as a
    damaged file; it used to raise TypeError, which nothing caught."""
    data = hostile.tiff_with_bad_next_ifd(pointer)
    for function in (probe, decode):
        with pytest.raises(CorruptImage, match="damaged or incomplete"):
            function(data, **LIMITS)


@pytest.mark.parametrize(
    ("builder", "pieces"),
    [
        (lambda: hostile.jpeg_many_segments(2_000_000), "JPEG segments"),
        (lambda: hostile.jpeg_many_scans(1024, 600_000), "JPEG scans"),
        (lambda: hostile.png_many_chunks(650_000), "PNG chunks"),
        (lambda: hostile.gif_many_comments(1_000_000), "GIF blocks"),
        (lambda: hostile.gif_many_sub_blocks(3_000_000), "GIF blocks"),
    ],
    ids=["jpeg-segments", "jpeg-scans", "png-chunks", "gif-comments", "gif-sub-blocks"],
)
def test_files_of_countless_pieces_are_refused_fast(builder: Callable[[], bytes], pieces: str):
    """Millions of empty chunks, segments or blocks (or a progressive JPEG's scan repeated:
    libjpeg makes a pass over the image for each) are refused by counting them first."""
    data = builder()

    def refuse() -> None:
        for function in (probe, decode):
            with pytest.raises(TooComplex, match=f"more than [0-9,]+ {pieces}"):
                function(data, **LIMITS)

    assert _timed(refuse) < 1.0


def _noise(side: int) -> Image.Image:
    return Image.fromarray(np.random.default_rng(3).integers(0, 256, (side, side, 3), np.uint8))


@pytest.mark.parametrize(
    ("fmt", "options"),
    [
        ("PNG", {}),
        ("JPEG", {"progressive": True, "quality": 95}),
        ("GIF", {}),
    ],
)
def test_genuine_large_files_pass_the_piece_limits(fmt: str, options: dict[str, object]):
    """A real 1024x1024 file of noise (the most pieces an encoder writes) decodes."""
    buffer = io.BytesIO()
    _noise(1024).save(buffer, fmt, **options)
    image = decode(buffer.getvalue(), **LIMITS)
    assert (image.width, image.height) == (1024, 1024)
