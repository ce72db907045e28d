"""Generative engines: seconds, steps, tiles and peak memory per engine, preset and size.

    python -m bench.creative [--sizes 512 1024] [--engines creative detail-sd15 detail-sdxl]
                             [--presets subtle balanced creative] [--steps N] [--tile PX]
                             [--no-peer]

On the CPU it runs the tests' tiny random pipelines (which say nothing about real speed, only
about the engine's own overhead and memory); on a CUDA device it builds the real model
architectures with random weights (:mod:`bench.creative_models`). Either way the models are
saved to a temporary folder and loaded by the product's own code. Each line is one upscale
after a warm-up (loading excluded). ``--steps`` and ``--tile`` override the presets' (the tiny
models' native tile is small, so CPU runs want a larger one).

The peer, where it fits in memory: diffusers' own pipeline call, untiled, on the same input
(for the detail engine: on our Real-ESRGAN result, whose time it is not charged), with the
same steps and guidance, ``balanced`` preset only.

Peak memory: on CUDA the allocator's peak; on the CPU the growth of the peak resident set
over what the process held before the run (Linux).
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[512, 1024])
    parser.add_argument("--engines", nargs="+", default=["creative", "detail-sd15", "detail-sdxl"])
    parser.add_argument("--presets", nargs="+", default=["subtle", "balanced", "creative"])
    parser.add_argument("--steps", type=int, help="override the presets' steps")
    parser.add_argument("--tile", type=int, help="override the tile (output pixels)")
    parser.add_argument("--no-peer", action="store_true")
    args = parser.parse_args()

    from bench.creative_models import save_models
    from config import load_settings
    from engine.creative.controls import CreativeOptions
    from engine.creative.engines import CreativeEngines
    from engine.upscaler import Upscaler
    from testbed.images import photo

    cuda = torch.cuda.is_available()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        models = save_models(root / "models", real=cuda)
        for name in args.engines:
            mode, _, family = name.partition("-")
            settings = load_settings(
                engine={
                    "device": "cuda" if cuda else "cpu",
                    "generative_model": str(models["x4"]),
                    "detail_model": str(models[family or "sd15"]),
                    "generative_max_input_pixels": max(args.sizes) ** 2,
                    # the lightest Real-ESRGAN model on the CPU; the default (x4plus) on CUDA
                    "detail_upscale_model": None if cuda else "animevideo-x2",
                }
            ).engine
            engines = CreativeEngines(settings, Upscaler(settings, root / "cache"))
            warm = _decoded(photo(64, 64))
            engines.upscale(mode, warm, CreativeOptions(seed=1, steps=1, tile=args.tile))
            for size in args.sizes:
                image = _decoded(photo(size, size))
                for preset in args.presets:
                    options = CreativeOptions(
                        preset=preset, seed=1, steps=args.steps, tile=args.tile
                    )
                    line = _measure(engines, mode, image, options, cuda)
                    result = line.pop("result")
                    controls = options.controls()
                    print(
                        json.dumps(
                            {
                                "engine": name,
                                "preset": preset,
                                "input": size,
                                "output": result.image.width,
                                "steps": _steps_run(mode, controls),
                                "tiles": result.tiles,
                                "tile_px": result.tile_size,
                                **line,
                                "device": result.device,
                                "precision": result.precision,
                                "models": "real architectures" if cuda else "tiny test models",
                                "machine": platform.processor() or platform.machine(),
                            }
                        ),
                        flush=True,
                    )
                    if preset == "balanced" and not args.no_peer:
                        print(json.dumps(_peer(name, engines, image, options, cuda)), flush=True)


def _decoded(pixels: np.ndarray) -> Any:
    from engine.images.decode import decode
    from testbed.images import encoded

    return decode(encoded(pixels), max_pixels=10**9, max_bytes=10**10)


def _steps_run(mode: str, controls: Any) -> int:
    from engine.creative.controls import img2img_steps

    if mode == "detail":
        return img2img_steps(controls.steps, controls.creativity)
    return int(controls.steps)


def _measure(engines: Any, mode: str, image: Any, options: Any, cuda: bool) -> dict[str, Any]:
    return _timed(lambda: engines.upscale(mode, image, options), cuda)


def _timed(run: Any, cuda: bool) -> dict[str, Any]:
    if cuda:
        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()
    else:
        Path("/proc/self/clear_refs").write_text("5")
    before = _rss()
    cpu_before = _cpu_seconds()
    started = time.perf_counter()
    result = run()
    if cuda:
        torch.cuda.synchronize()
    seconds = time.perf_counter() - started
    peak = torch.cuda.max_memory_allocated() if cuda else _hwm() - before
    return {
        "seconds": round(seconds, 3),
        # CPU time of all threads: on a shared machine it varies less than the seconds do
        "cpu_seconds": round(_cpu_seconds() - cpu_before, 1),
        "peak_memory_mb": round(peak / 2**20, 1),
        "result": result,
    }


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _peer(name: str, engines: Any, image: Any, options: Any, cuda: bool) -> dict[str, Any]:
    """diffusers' own pipeline on the same input, untiled (see the module doc)."""
    from PIL import Image

    from engine.creative.controls import x4_noise_level
    from engine.upscaler import UpscaleOptions

    mode = name.partition("-")[0]
    controls = options.controls()
    generator = torch.Generator("cpu").manual_seed(1)
    engine = engines.engine(mode)
    if mode == "creative":
        pipe = engine.pipeline()
        kwargs = {
            "image": Image.fromarray(image.rgb),
            "noise_level": x4_noise_level(controls.creativity),
        }
    else:
        pipe = engine.model().pipeline
        first_pass = engine.settings.detail_upscale_model or engine.settings.model
        first = engines.realesrgan.upscale_image(image, UpscaleOptions(model=first_pass, scale=2))
        kwargs = {"image": Image.fromarray(first.image.rgb), "strength": controls.creativity}
    line: dict[str, Any] = {"engine": name, "peer": f"diffusers {type(pipe).__name__}, untiled"}
    try:
        measured = _timed(
            lambda: pipe(
                prompt="",
                num_inference_steps=controls.steps,
                guidance_scale=controls.guidance,
                generator=generator,
                output_type="np",
                **kwargs,
            ),
            cuda,
        )
        measured.pop("result")
        line.update(measured)
    except torch.cuda.OutOfMemoryError:
        torch.cuda.empty_cache()
        line["error"] = "out of GPU memory"
    except (RuntimeError, ValueError) as exc:  # e.g. steps * strength < 1 runs no step
        line["error"] = f"{type(exc).__name__}: {str(exc)[:120]}"
    return {**line, "preset": "balanced", "input": image.width}


def _rss() -> int:
    return _status("VmRSS")


def _hwm() -> int:
    return _status("VmHWM")


def _status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    return 0


if __name__ == "__main__":
    main()
