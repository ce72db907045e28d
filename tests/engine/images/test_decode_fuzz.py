"""The decode fuzzer (tests/engine/images/decode_fuzz.py) in a subprocess with a memory cap.

Set ``DECODE_FUZZ_LONG=1`` for the long run, or run ``python -m tests.engine.images.decode_fuzz
--long`` directly.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


def test_hostile_and_mutated_files_give_only_engine_errors_within_bounds():
    """Bombs and a few hundred mutants of every accepted format, through probe and decode:
    nothing but EngineErrors, each case within its time bound, and peak memory within a
    small multiple of the pixel limit's bytes (the fuzzer caps its own address space)."""
    arguments = ["--long"] if os.environ.get("DECODE_FUZZ_LONG") == "1" else []
    done = subprocess.run(
        [sys.executable, "-m", "tests.engine.images.decode_fuzz", *arguments],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=1800 if arguments else 120,
    )
    report = json.loads(done.stdout)
    assert report["failures"] == [], report
    assert done.returncode == 0, done.stderr[-2000:]
    assert report["cases"] >= 300
    assert report["slowest_s"] <= report["case_seconds"]
    assert report["peak_rss_increase"] <= 8 * report["pixel_bytes"], report
    # The mutants reach the decoders, not only the first checks.
    assert report["outcomes"]["decoded"] >= 50 and report["outcomes"]["CorruptImage"] >= 50
