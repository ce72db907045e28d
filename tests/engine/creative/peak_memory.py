"""Peak memory of generative upscales, measured in a process of its own.

``python -m tests.engine.creative.peak_memory '<json>'`` loads both engines, warms them up,
then runs each case and prints one JSON line per case: the case and the growth of the peak
resident set (Linux VmHWM, reset before each case through /proc/self/clear_refs) over what
the process held just before it. Run with ``MALLOC_MMAP_THRESHOLD_`` set so that freed large
blocks go back to the system between cases.
"""

from __future__ import annotations

import gc
import json
import sys
from pathlib import Path

from config import load_settings
from engine.creative.controls import CreativeOptions
from engine.creative.engines import CreativeEngines
from engine.images.decode import decode
from engine.upscaler import Upscaler
from testbed.images import encoded, photo


def _status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(field)


def main(spec: dict[str, object]) -> None:
    settings = load_settings(engine=spec["engine"]).engine
    engines = CreativeEngines(settings, Upscaler(settings, Path(str(spec["cache"]))))
    warm = decode(encoded(photo(64, 64)), max_pixels=10**8, max_bytes=10**9)
    for mode in ("creative", "detail"):
        engines.upscale(mode, warm, CreativeOptions(seed=1, steps=1, guidance=1, scale=4))
    for case in spec["cases"]:  # type: ignore[attr-defined]
        size = int(case["input"])
        image = decode(encoded(photo(size, size)), max_pixels=10**8, max_bytes=10**9)
        options = CreativeOptions(
            seed=1, steps=2, creativity=0.5, guidance=1, tile=int(case["tile"]), scale=4
        )
        gc.collect()
        Path("/proc/self/clear_refs").write_text("5")
        before = _status("VmRSS")
        result = engines.upscale(str(case["mode"]), image, options)
        peak = _status("VmHWM")
        print(
            json.dumps(
                {
                    **case,
                    "output": result.image.width,
                    "tiles": result.tiles,
                    "peak_growth": peak - before,
                }
            ),
            flush=True,
        )
        del result, image


if __name__ == "__main__":
    main(json.loads(sys.argv[1]))
