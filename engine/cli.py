"""``upscale-bot upscale IN OUT``: run the engine on a local file, offline."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from config import EngineSettings, Settings
from engine.creative.controls import PRESET_NAMES, CreativeOptions
from engine.creative.modes import MODES
from engine.errors import EngineError
from engine.images.decode import decode
from engine.images.encode import EncodedImage, Format, UpscaledImage, encode_as, encode_to_fit

if TYPE_CHECKING:
    from engine.upscaler import Upscaler


def add_upscale_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("input", type=Path, help="image file to upscale")
    parser.add_argument("output", type=Path, help="where to write the result (.png, .webp, .jpg)")
    parser.add_argument(
        "--model",
        help="a bundled model, or a file's name (its stem) in the weights folder "
        "(default: from settings)",
    )
    parser.add_argument(
        "--scale", type=int, choices=(2, 3, 4), help="output scale (default: the model's)"
    )
    parser.add_argument(
        "--tile",
        type=int,
        help="tile size: input pixels in fast mode, output pixels in the generative modes",
    )
    parser.add_argument(
        "--overlap",
        type=int,
        help="fast mode: overlap between tiles in input pixels, under half the tile "
        "(default: from settings, reduced to fit the tile)",
    )
    parser.add_argument("--device", choices=("auto", "cpu", "cuda"))
    parser.add_argument("--precision", choices=("auto", "fp32", "bf16", "fp16"))
    parser.add_argument(
        "--max-bytes", type=int, help="encode to fit this many bytes (lossy or smaller if needed)"
    )
    parser.add_argument(
        "--mode",
        choices=("fast", *MODES),
        default="fast",
        help="fast: Real-ESRGAN; creative: diffusion x4 upscaler; detail: Real-ESRGAN, then "
        "an SD 1.5 / SDXL checkpoint adds detail",
    )
    generative = parser.add_argument_group(
        "generative modes (creative, detail); the preset sets what is not given"
    )
    generative.add_argument("--preset", choices=PRESET_NAMES, default="balanced")
    generative.add_argument(
        "--strength", type=int, choices=range(1, 10), metavar="1-9", help="1 subtle .. 9 creative"
    )
    generative.add_argument("--creativity", type=float, help="0-1: how much new detail")
    generative.add_argument(
        "--resemblance", type=float, help="0-1: how closely it follows the input"
    )
    generative.add_argument("--steps", type=int, help="denoising steps")
    generative.add_argument("--guidance", type=float, help="prompt guidance (1 = off)")
    generative.add_argument("--prompt", default="", help="what the image shows")
    generative.add_argument("--negative-prompt", default="", help="what to avoid")
    generative.add_argument("--seed", type=int, help="reproduce an earlier result")


_OPTION_OF = {"tile_size": "--tile", "tile_overlap": "--overlap"}


def tiling_settings(
    engine: EngineSettings, tile: int | None, overlap: int | None
) -> EngineSettings:
    """The engine settings with the command line's tile and overlap, checked by the very rules
    that check the settings file. An overlap taken from the settings that does not fit the
    chosen tile is reduced to the largest that does, and stderr says so.

    Raises:
        pydantic.ValidationError: the tile or the overlap is out of range.
    """
    tile_size = engine.tile_size if tile is None else tile
    if overlap is None:
        overlap = engine.tile_overlap  # None: the model's own seam, which the plan fits
        if overlap is not None and tile_size is not None and overlap * 2 >= tile_size > 2:
            fitted = (tile_size - 1) // 2
            print(
                f"overlap reduced from {overlap} to {fitted} pixels to fit {tile_size}-pixel "
                "tiles (choose one with --overlap)",
                file=sys.stderr,
            )
            overlap = fitted
    return EngineSettings.model_validate(
        {**engine.model_dump(), "tile_size": tile_size, "tile_overlap": overlap}
    )


class _ProgressBar:
    """A one-line bar on stderr, redrawn per tile (and step, in the generative modes)."""

    def __init__(self, unit: str = "tiles") -> None:
        self.started = time.perf_counter()
        self.unit = unit

    def __call__(self, done: int, total: int) -> None:
        width = 30
        filled = round(width * done / max(total, 1))
        elapsed = time.perf_counter() - self.started
        line = (
            f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {self.unit} {elapsed:5.1f}s"
        )
        print(line, end="", file=sys.stderr, flush=True)
        if done >= total:
            print(file=sys.stderr)


def run_upscale(args: argparse.Namespace, settings: Settings) -> int:
    """Upscale ``args.input`` into ``args.output``; 0 on success, 1 with a message otherwise."""
    try:
        data = args.input.read_bytes()
    except OSError as exc:
        print(f"cannot read {args.input}: {exc.strerror}", file=sys.stderr)
        return 1
    try:
        # In the generative modes --tile counts output pixels, which the engines check.
        fast_tile = None if args.mode in MODES else args.tile
        engine = tiling_settings(settings.engine, fast_tile, args.overlap)
    except ValidationError as exc:
        for error in exc.errors():
            field = _OPTION_OF.get(str(error["loc"][0]) if error["loc"] else "", "--tile/--overlap")
            print(f"{field}: {error['msg']}", file=sys.stderr)
        return 1
    # torch loads only when an image is upscaled, not when the command line is built.
    from engine.upscaler import UpscaleOptions, Upscaler

    upscaler = Upscaler(engine, settings.storage.model_cache_dir)
    options = UpscaleOptions(
        model=args.model,
        scale=args.scale,
        tile_size=engine.tile_size,
        device=args.device,
        precision=args.precision,
    )
    started = time.perf_counter()
    try:
        if args.mode in MODES:
            return _run_generative(args, settings, upscaler, data, started)
        result = upscaler.upscale_bytes(data, options, progress=_ProgressBar())
    except (EngineError, ValueError) as exc:
        print(f"{args.input}: {exc}", file=sys.stderr)
        return 1
    encode_started = time.perf_counter()
    encoded = _write(args, result.image)
    encode_s = time.perf_counter() - encode_started
    total = time.perf_counter() - started
    print(
        f"{args.output}: {result.model} on {result.device} ({result.precision}, "
        f"{result.path} path), {result.input_width}x{result.input_height} -> {encoded.width}x{encoded.height}, "
        f"{result.megapixels:.2f} MP in, {result.tiles} tiles, "
        f"processed_px_ratio {result.processed_px_ratio:.2f}, {encoded.description}, "
        f"{len(encoded.data) / 1048576:.2f} MiB; "
        f"infer {result.timings['infer_s']:.2f}s, encode {encode_s:.2f}s, total {total:.2f}s"
    )
    return 0


def _run_generative(
    args: argparse.Namespace, settings: Settings, upscaler: Upscaler, data: bytes, started: float
) -> int:
    """The creative and detail modes; raises what the engines raise."""
    if args.mode == "creative" and args.scale not in (None, 4):
        raise ValueError("the creative mode upscales 4x; --scale applies to the detail mode")
    image = decode(
        data, max_pixels=settings.engine.max_input_pixels, max_bytes=settings.engine.max_input_bytes
    )
    options = CreativeOptions(
        preset=args.preset,
        strength=args.strength,
        creativity=args.creativity,
        resemblance=args.resemblance,
        tile=args.tile,
        steps=args.steps,
        guidance=args.guidance,
        prompt=args.prompt,
        negative_prompt=args.negative_prompt,
        seed=args.seed,
        scale=args.scale if args.mode == "detail" else None,
    )
    engine_settings = settings.engine
    engine_settings = engine_settings.model_copy(
        update={
            "device": args.device or engine_settings.device,
            "precision": args.precision or engine_settings.precision,
            # --model picks the detail mode's Real-ESRGAN first pass
            "detail_upscale_model": args.model or engine_settings.detail_upscale_model,
        }
    )
    from engine.creative.engines import CreativeEngines

    engines = CreativeEngines(engine_settings, upscaler)
    result = engines.upscale(args.mode, image, options, progress=_ProgressBar("tile steps"))
    encoded = _write(args, result.image)
    print(
        f"{args.output}: engine {args.mode} ({result.model}) on {result.device} "
        f"({result.precision}), {result.input_width}x{result.input_height} -> "
        f"{encoded.width}x{encoded.height}, {result.tiles} tiles of {result.tile_size}px, "
        f"seed {result.seed}, {encoded.description}, {len(encoded.data) / 1048576:.2f} MiB; "
        f"infer {result.timings['infer_s']:.2f}s, total {time.perf_counter() - started:.2f}s"
    )
    return 0


def _write(args: argparse.Namespace, image: UpscaledImage) -> EncodedImage:
    encoded = _encode(image, args.output.suffix.lower(), args.max_bytes)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(encoded.data)
    return encoded


def _encode(image: UpscaledImage, suffix: str, max_bytes: int | None) -> EncodedImage:
    if max_bytes is not None:
        return encode_to_fit(image, max_bytes)
    formats: dict[str, Format] = {".jpg": "jpeg", ".jpeg": "jpeg", ".webp": "webp"}
    return encode_as(image, formats.get(suffix, "png"))
