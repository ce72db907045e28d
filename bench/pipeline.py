"""One job end to end, as the worker runs it: decode -> tile plan -> network -> encode.

    python -m bench.pipeline [--models x4plus animevideo-x4] [--sizes 512 1024 1344x768]
                             [--device cpu|cuda] [--precision auto] [--budget-mib 10]
    python -m bench.pipeline --encoders     # lossless encoders on one 4096x4096 output
    python -m bench.pipeline --peer-tiles   # each job also with the previous 512px tiles

Input: a natural photo (scikit-image's astronaut, resized) as a PNG file, like a generator's
output. The encode step is the worker's: the kept lossless PNG plus the copy that fits the
upload budget. Each (model, size) runs once after a warm-up of that model at 64x64 (model
loading and first kernels excluded). Prints one JSON line per (model, size) with decode_s,
infer_s, encode_s, total_s, processed_px_ratio, output_bytes, format, device, precision, and
as a peer in the same run, ``encode_pillow_png_s``: Pillow's PNG (level 3, the previous
encoder) of the same output. On CUDA it adds ``model_s`` (the network alone on the planned
tiles, timed with CUDA events) and ``peak_gpu_mib``.
"""

from __future__ import annotations

import argparse
import io
import json
import platform
import statistics
import time
from pathlib import Path


def _photo_png(width: int, height: int) -> bytes:
    from PIL import Image
    from skimage import data

    picture = Image.fromarray(data.astronaut()).resize((width, height), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return buffer.getvalue()


def _size(text: str) -> tuple[int, int]:
    width, _, height = text.partition("x")
    return int(width), int(height or width)


def measure(upscaler, model, width, height, device, precision, budget) -> dict[str, object]:
    import torch

    from engine.images.decode import decode
    from engine.images.encode import encode_kept_and_fitted, to_pillow
    from engine.upscaler import UpscaleOptions

    settings = upscaler.settings
    options = UpscaleOptions(model=model, device=device, precision=precision)
    data = _photo_png(width, height)
    cuda = device == "cuda"
    if cuda:
        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()

    started = time.perf_counter()
    decoded = decode(data, max_pixels=settings.max_input_pixels, max_bytes=settings.max_input_bytes)
    decode_s = time.perf_counter() - started
    result = upscaler.upscale_image(decoded, options)
    infer_s = result.timings["infer_s"]
    encode_started = time.perf_counter()
    kept, fitted = encode_kept_and_fitted(result.image, budget)
    encode_s = time.perf_counter() - encode_started
    total_s = time.perf_counter() - started

    picture = to_pillow(result.image)
    peer_started = time.perf_counter()
    picture.save(io.BytesIO(), "PNG", compress_level=3)
    pillow_s = time.perf_counter() - peer_started
    del picture

    record: dict[str, object] = {
        "bench": "pipeline",
        "model": model,
        "input": f"{width}x{height}",
        "output": f"{fitted.width}x{fitted.height}",
        "decode_s": round(decode_s, 4),
        "infer_s": round(infer_s, 4),
        "encode_s": round(encode_s, 4),
        "total_s": round(total_s, 4),
        "io_over_infer": round((decode_s + encode_s) / infer_s, 4),
        "processed_px_ratio": round(result.processed_px_ratio, 4),
        "tiles": result.tiles,
        "kept_png_bytes": len(kept),
        "output_bytes": len(fitted.data),
        "format": fitted.description,
        "budget_bytes": budget,
        "device": result.device,
        "precision": result.precision,
        "threads": torch.get_num_threads(),
        "encode_pillow_png_s": round(pillow_s, 4),
    }
    if cuda:
        record["peak_gpu_mib"] = round(torch.cuda.max_memory_allocated() / 2**20, 1)
        record["model_s"] = round(_model_only_s(upscaler, decoded, options), 4)
    return record


def _model_only_s(upscaler, decoded, options) -> float:
    """The network alone over the planned tiles of an image already on the GPU."""
    import torch

    from engine.networks.precision import DTYPES
    from engine.tiling.inference import upscale_tiled

    prepared = upscaler.prepare(options.model, options.device, options.precision)
    plan = upscaler.plan(decoded, options)
    image = torch.rand(3, plan.height, plan.width, device="cuda")
    budget = upscaler._memory_budget(prepared, decoded)
    batch = upscaler._batch(plan, budget, prepared)
    network = upscaler._network(prepared, plan, budget, batch)
    dtype = DTYPES[prepared.precision]
    upscale_tiled(  # warm-up: kernels for this tile shape
        network, image, scale=prepared.model.spec.scale, plan=plan, batch=batch, dtype=dtype
    )
    begin, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    begin.record()
    upscale_tiled(
        network, image, scale=prepared.model.spec.scale, plan=plan, batch=batch, dtype=dtype
    )
    end.record()
    torch.cuda.synchronize()
    return float(begin.elapsed_time(end)) / 1000


def compare_encoders(model: str, size: int, device: str, precision: str, repeat: int) -> None:
    """Lossless candidates on one real output (``size`` x4), one JSON line each: the least
    and the median of ``repeat`` runs (the least is the one others' load disturbs least)."""
    import zlib

    import imagecodecs
    from PIL import Image

    from config import load_settings
    from engine.images.decode import decode
    from engine.images.encode import _png_rows, _up_filtered, encode_kept_and_fitted, encode_png
    from engine.upscaler import UpscaleOptions, Upscaler

    settings = load_settings()
    upscaler = Upscaler(settings.engine, Path(settings.storage.model_cache_dir))
    decoded = decode(_photo_png(size, size), max_pixels=1 << 24, max_bytes=1 << 28)
    options = UpscaleOptions(model=model, device=device, precision=precision)
    image = upscaler.upscale_image(decoded, options).image
    picture = Image.fromarray(image.rgb)
    filtered = _up_filtered(_png_rows(image))

    def pillow(level: int) -> bytes:
        buffer = io.BytesIO()
        picture.save(buffer, "PNG", compress_level=level)
        return buffer.getvalue()

    def worker_step() -> bytes:
        return encode_kept_and_fitted(image, 10 * 1024 * 1024)[1].data

    candidates = {
        "worker step: kept PNG + copy that fits 10 MiB": worker_step,
        "ours: Up filter + libdeflate 1 (default)": lambda: encode_png(image),
        "ours: Up filter + libdeflate 6": lambda: encode_png(image, level=6),
        "ours: Up filter + libdeflate 12 (compact)": lambda: encode_png(image, level=12),
        "Up filter + stdlib zlib 1": lambda: zlib.compress(filtered, 1),
        "imagecodecs.png_encode level 1": lambda: imagecodecs.png_encode(image.rgb, level=1),
        "Pillow compress_level 1": lambda: pillow(1),
        "Pillow compress_level 3 (previous)": lambda: pillow(3),
        "Pillow compress_level 6": lambda: pillow(6),
    }
    for name, encode in candidates.items():
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            data = encode()
            times.append(time.perf_counter() - started)
        record = {"bench": "encoders", "encoder": name, "output": f"{image.width}x{image.height}"}
        timing = {"min_s": round(min(times), 3), "median_s": round(statistics.median(times), 3)}
        print(json.dumps({**record, **timing, "bytes": len(data)}), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", nargs="+", default=["x4plus", "animevideo-x4"])
    parser.add_argument("--sizes", nargs="+", default=["512", "1024", "1344x768"])
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--precision", default="auto")
    parser.add_argument("--budget-mib", type=float, default=10.0)
    parser.add_argument("--repeat", type=int, default=3, help="runs per encoder (--encoders)")
    parser.add_argument(
        "--encoders", action="store_true", help="compare lossless encoders on a 4096x4096 output"
    )
    parser.add_argument(
        "--peer-tiles",
        action="store_true",
        help="also run each job with the previous fixed plan (512px tiles, overlap 128)",
    )
    args = parser.parse_args()
    if args.encoders:
        compare_encoders("animevideo-x4", 1024, args.device, args.precision, args.repeat)
        return

    from config import load_settings
    from engine.images.decode import decode
    from engine.upscaler import UpscaleOptions, Upscaler

    settings = load_settings()
    cache = Path(settings.storage.model_cache_dir)
    upscalers = {"planned": Upscaler(settings.engine, cache)}
    if args.peer_tiles:
        fixed = {"tile_size": 512, "tile_overlap": 128, "tile_blend": 44}
        upscalers["fixed-512"] = Upscaler(settings.engine.model_copy(update=fixed), cache)
    budget = int(args.budget_mib * 1024 * 1024)
    base = {"machine": platform.machine(), "cpu": platform.processor() or "?"}
    for model in args.models:
        warm = decode(_photo_png(64, 64), max_pixels=1 << 20, max_bytes=1 << 20)
        warm_options = UpscaleOptions(model=model, device=args.device, precision=args.precision)
        for upscaler in upscalers.values():
            upscaler.upscale_image(warm, warm_options)
        for text in args.sizes:
            width, height = _size(text)
            for plan, upscaler in upscalers.items():
                record = measure(
                    upscaler, model, width, height, args.device, args.precision, budget
                )
                print(json.dumps({**base, "plan": plan, **record}), flush=True)


if __name__ == "__main__":
    main()
