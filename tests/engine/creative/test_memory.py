"""Memory grows with the output, never with the number of tiles (measured in a subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.engine.creative.conftest import TinyModels

ROOT = Path(__file__).resolve().parents[3]
MIB = 1024 * 1024

# What the engines hold per output pixel for the whole image, by design: the 8-bit output
# (3 bytes) and the latent canvases (about 8 float32 tensors of 4 channels at 1/16 of the
# output's pixels for the x4 upscaler, 1/64 for SD; 130 bytes per latent pixel in all).
WHOLE_IMAGE_BYTES = {"creative": 3 + 130 / 16, "detail": 3 + 130 / 64}
MARGIN = 40 * MIB  # one tile's working memory, a band of rows, allocator slack


@pytest.mark.timeout(900)
@pytest.mark.skipif(not Path("/proc/self/clear_refs").exists(), reason="needs Linux /proc")
def test_peak_memory_follows_the_output_not_the_tile_count(tiny: TinyModels, model_cache: Path):
    cases = [
        {"mode": mode, "input": size, "tile": tile}
        for mode in ("creative", "detail")
        for size, tile in ((256, 512), (512, 512), (256, 256))
    ]
    spec = {
        "engine": {
            "device": "cpu",
            "generative_model": str(tiny.x4),
            "detail_model": str(tiny.sd15),
            "detail_upscale_model": "animevideo-x4",
        },
        "cache": str(model_cache),
        "cases": cases,
    }
    env = {**os.environ, "MALLOC_MMAP_THRESHOLD_": "65536", "PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [sys.executable, "-m", "tests.engine.creative.peak_memory", json.dumps(spec)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    results = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
    by_case = {(r["mode"], r["input"], r["tile"]): r for r in results}
    for mode in ("creative", "detail"):
        small, large = by_case[(mode, 256, 512)], by_case[(mode, 512, 512)]
        more_tiles = by_case[(mode, 256, 256)]
        assert (small["output"], large["output"]) == (1024, 2048)
        assert more_tiles["tiles"] >= 2.5 * small["tiles"]
        added_pixels = large["output"] ** 2 - small["output"] ** 2
        budget = small["peak_growth"] + added_pixels * WHOLE_IMAGE_BYTES[mode] + MARGIN
        assert large["peak_growth"] <= budget, (mode, results)
        assert more_tiles["peak_growth"] <= small["peak_growth"] + MARGIN / 4, (mode, results)
