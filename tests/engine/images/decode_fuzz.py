"""Decode fuzzing: hostile and mutated files through ``probe`` and ``decode``.

Run as ``python -m tests.engine.images.decode_fuzz [--long] [--seed N] [--cases N]``. It caps its
own address space first (so a decoder gone wrong cannot take the machine down), then feeds
hand-made bombs and randomly mutated samples of every accepted format to both functions and
prints one JSON object: the cases run, every failure, the slowest case and the peak memory.

A case fails when anything but an ``EngineError`` comes out, when it takes longer than the
time bound, or when it needed the address-space cap to stop (``DecodeLimitExceeded``): the
engine worker decodes without such a cap, so every bound must hold by construction.
``tests/engine/images/test_decode_fuzz.py`` runs the default (fast) mode in a subprocess.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import resource
import struct
import sys
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np
import png
from PIL import Image

from engine.errors import DecodeLimitExceeded, EngineError
from engine.images.decode import decode, probe
from tests.engine.images import hostile_files as hostile

MAX_PIXELS = 1024 * 1024
MAX_BYTES = 8 * 1024 * 1024
PIXEL_BYTES = MAX_PIXELS * 8  # 16-bit RGBA, the widest pixel a decoder produces
CASE_SECONDS = 2.0
CAP_BYTES = 1024 * 1024 * 1024  # address space allowed on top of what the process uses at start
FAST_CASES = 300
LONG_CASES = 5000


@dataclass
class Report:
    cases: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    slowest_s: float = 0.0
    slowest_case: str = ""
    baseline_rss: int = 0
    peak_rss: int = 0

    def as_json(self) -> str:
        return json.dumps(
            {
                "cases": self.cases,
                "outcomes": self.outcomes,
                "failures": self.failures[:50],
                "failure_count": len(self.failures),
                "slowest_s": round(self.slowest_s, 3),
                "slowest_case": self.slowest_case,
                "peak_rss_increase": self.peak_rss - self.baseline_rss,
                "pixel_bytes": PIXEL_BYTES,
                "case_seconds": CASE_SECONDS,
            }
        )


def samples() -> dict[str, bytes]:
    """Small valid files of every accepted format, in the variants decoders branch on."""
    rng = np.random.default_rng(7)
    gradient = np.linspace(0, 255, 48, dtype=np.uint8)
    rgb = np.dstack(
        [
            np.tile(gradient, (40, 1)),
            np.tile(gradient[:40, None], (1, 48)),
            np.full((40, 48), 99, np.uint8),
        ]
    )
    noisy = np.clip(rgb.astype(int) + rng.integers(-20, 20, rgb.shape), 0, 255).astype(np.uint8)
    image = Image.fromarray(noisy)
    rgba = image.copy()
    rgba.putalpha(Image.fromarray(np.tile(gradient[:40, None], (1, 48))))
    out: dict[str, bytes] = {}

    def save(name: str, picture: Image.Image, fmt: str, **options: object) -> None:
        buffer = io.BytesIO()
        picture.save(buffer, fmt, **options)
        out[name] = buffer.getvalue()

    save("png-rgb", image, "PNG")
    save("png-rgba-interlaced", rgba, "PNG", interlace=True)
    save("png-palette", image.convert("P", palette=Image.Palette.ADAPTIVE), "PNG", transparency=0)
    save("png-gray", image.convert("L"), "PNG")
    for greyscale, alpha, interlace in (
        (False, False, False),
        (False, True, True),
        (True, True, False),
        (True, False, True),
    ):
        planes = (1 if greyscale else 3) + alpha
        pixels = rng.integers(0, 65535, (20, 24 * planes), dtype=np.uint16)
        buffer = io.BytesIO()
        png.Writer(
            24, 20, greyscale=greyscale, alpha=alpha, bitdepth=16, interlace=interlace
        ).write(buffer, pixels)
        out[f"png16-{'ga'[: planes % 2 + 1] if greyscale else 'rgb'}{planes}-{interlace}"] = (
            buffer.getvalue()
        )
    save("jpeg-baseline", image, "JPEG", quality=85)
    save("jpeg-progressive", image, "JPEG", progressive=True, quality=70)
    save("jpeg-cmyk", image.convert("CMYK"), "JPEG")
    exif = Image.Exif()
    exif[0x0112] = 6
    save("jpeg-exif", image, "JPEG", exif=exif.tobytes())
    save("webp-lossy", image, "WEBP", quality=60)
    save("webp-lossless-alpha", rgba, "WEBP", lossless=True)
    save("gif", image.convert("P", palette=Image.Palette.ADAPTIVE), "GIF")
    save("bmp", image, "BMP")
    save("bmp-rle", image.convert("P", palette=Image.Palette.ADAPTIVE), "BMP")
    save("tiff-raw", image, "TIFF")
    save("tiff-lzw", rgba, "TIFF", compression="tiff_lzw")
    save("tiff-deflate", image, "TIFF", compression="tiff_adobe_deflate")
    save("tiff-jpeg", image, "TIFF", compression="jpeg")
    save(
        "tiff-16bit-gray",
        Image.fromarray(rng.integers(0, 65535, (20, 24), dtype=np.uint16)),
        "TIFF",
    )
    return out


def bombs() -> Iterator[tuple[str, Callable[[], bytes]]]:
    """Hand-made hostile files, built one at a time (some are megabytes)."""
    yield "png16-inflation-bomb", lambda: hostile.png16_inflation_bomb(1024, 1024, 400_000)
    yield "png16-inflation-bomb-over-limit", lambda: hostile.png16_inflation_bomb(2048, 2048)
    yield "tiff-60000-frames", lambda: hostile.tiff_many_frames(60_000)
    yield "gif-20000-frames", lambda: hostile.gif_many_frames(20_000)
    yield "gif-20000-frames-big-screen", lambda: hostile.gif_many_frames(20_000, side=1024)
    for pointer in (1, 3, 12, 4096, 2**31, 2**32 - 1):
        yield f"tiff-next-ifd-{pointer}", lambda p=pointer: hostile.tiff_with_bad_next_ifd(p)
    for side in (1024, 1025, 65_535):
        yield f"png-claims-{side}", lambda s=side: hostile.png_claiming(s, s)
        yield f"png16-claims-{side}", lambda s=side: hostile.png_claiming(s, s, 16)
        yield f"gif-claims-{side}", lambda s=side: hostile.gif_claiming(s, s)
        yield f"bmp-claims-{side}", lambda s=side: hostile.bmp_claiming(s, s)
        yield f"bmp-claims-{side}-top-down", lambda s=side: hostile.bmp_claiming(s, -s)
        yield f"jpeg-claims-{side}", lambda s=side: hostile.jpeg_claiming(s, s)
        yield f"tiff-claims-{side}", lambda s=side: hostile.tiff_claiming(s, s)
    for side in (1024, 1025, 16_384):
        yield f"webp-claims-{side}", lambda s=side: hostile.webp_claiming(s, s)
    yield "tiff-claims-4g-wide", lambda: hostile.tiff_claiming(2**32 - 1, 1)
    yield "bmp-claims-4g-wide", lambda: hostile.bmp_claiming(2**31 - 1, 1)
    yield "jpeg-2m-segments", lambda: hostile.jpeg_many_segments(2_000_000)
    yield "png-650k-chunks", lambda: hostile.png_many_chunks(650_000)
    yield "gif-1m-comments", lambda: hostile.gif_many_comments(1_000_000)
    yield "gif-3m-sub-blocks", lambda: hostile.gif_many_sub_blocks(3_000_000)
    yield "jpeg-600k-scans", lambda: hostile.jpeg_many_scans(1024, 600_000)
    yield "jpeg-120-scans", lambda: hostile.jpeg_many_scans(1024, 120)


INTERESTING = (0, 1, 0x7F, 0x80, 0xFF, 0x7FFF, 0xFFFF, 0x7FFFFFFF, 0xFFFFFFFF)


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One to four random edits: flipped bits, extreme integers, cuts, repeats, inserts."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        kind = rng.randrange(6)
        at = rng.randrange(len(out)) if out else 0
        if kind == 0 and out:
            out[at] ^= 1 << rng.randrange(8)
        elif kind == 1 and len(out) > at + 4:
            value = rng.choice(INTERESTING)
            width, order = rng.choice(((1, "<B"), (2, "<H"), (2, ">H"), (4, "<I"), (4, ">I")))
            struct.pack_into(order, out, at, value & ((1 << (8 * width)) - 1))
        elif kind == 2:
            del out[at:]
        elif kind == 3:
            end = min(len(out), at + rng.randint(1, 64))
            out[at:at] = out[at:end] * rng.randint(1, 50)
        elif kind == 4:
            out[at:at] = rng.randbytes(rng.randint(1, 32))
        else:
            end = min(len(out), at + rng.randint(1, 16))
            out[at:end] = bytes(end - at)
    if out.startswith(hostile.PNG_SIGNATURE) and rng.random() < 0.7:
        _fix_png_crcs(out)  # otherwise most PNG mutants stop at the first checksum
    return bytes(out)


def _fix_png_crcs(data: bytearray) -> None:
    position = len(hostile.PNG_SIGNATURE)
    while position + 12 <= len(data):
        (length,) = struct.unpack_from(">I", data, position)
        end = position + 8 + length
        if end + 4 > len(data):
            return
        struct.pack_into(">I", data, end, zlib.crc32(data[position + 4 : end]) & 0xFFFFFFFF)
        position = end + 4


def run_case(report: Report, name: str, data: bytes) -> None:
    report.cases += 1
    started = time.perf_counter()
    outcome = "decoded"
    for function in (probe, decode):
        try:
            function(data, max_pixels=MAX_PIXELS, max_bytes=MAX_BYTES)
        except DecodeLimitExceeded:
            report.failures.append(f"{name}: {function.__name__} needed the OS memory cap")
            outcome = "DecodeLimitExceeded"
            break
        except EngineError as exc:
            outcome = type(exc).__name__
            break
        except BaseException as exc:  # the very thing this fuzzer looks for
            report.failures.append(
                f"{name}: {function.__name__} raised {type(exc).__name__}: {exc}"
            )
            outcome = "escaped"
            break
    elapsed = time.perf_counter() - started
    report.outcomes[outcome] = report.outcomes.get(outcome, 0) + 1
    if elapsed > report.slowest_s:
        report.slowest_s, report.slowest_case = elapsed, name
    if elapsed > CASE_SECONDS:
        report.failures.append(f"{name}: took {elapsed:.2f}s (bound {CASE_SECONDS}s)")


def cap_address_space() -> None:
    with open("/proc/self/statm") as statm:  # noqa: PTH123 - procfs
        in_use = int(statm.read().split()[0]) * resource.getpagesize()
    resource.setrlimit(resource.RLIMIT_AS, (in_use + CAP_BYTES, resource.RLIM_INFINITY))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--long", action="store_true", help=f"{LONG_CASES} mutated cases")
    parser.add_argument("--cases", type=int, help="mutated cases (overrides --long)")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args(argv)
    count = args.cases if args.cases is not None else LONG_CASES if args.long else FAST_CASES
    originals = samples()
    report = Report()
    for name, data in originals.items():  # every sample must decode before it is mutated
        run_case(report, f"sample {name}", data)
    if report.outcomes.get("decoded") != len(originals):
        report.failures.append(f"not every sample decodes: {report.outcomes}")
    report.baseline_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    cap_address_space()
    for name, build in bombs():
        run_case(report, f"bomb {name}", build())
    rng = random.Random(args.seed)
    names = sorted(originals)
    for index in range(count):
        name = names[index % len(names)]
        run_case(report, f"mutant {index} of {name}", mutate(originals[name], rng))
    report.peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(report.as_json())
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
