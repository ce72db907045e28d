"""Which device and number format to run on.

- Device ``auto``: CUDA when present, else the CPU.
- Precision ``auto``: on CUDA, bf16 where the GPU computes it natively (Ampere and newer), else
  fp16; on the CPU, bf16 where the CPU has bf16 instructions (AVX512-BF16 or AMX), else fp32.
  fp16 is watched: a tile that comes out NaN/inf or black makes the engine drop to the next
  format in :data:`FALLBACK` and redo the image.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Literal

import torch

PrecisionName = Literal["fp32", "bf16", "fp16"]

DTYPES: dict[PrecisionName, torch.dtype] = {
    "fp32": torch.float32,
    "bf16": torch.bfloat16,
    "fp16": torch.float16,
}
FALLBACK: dict[PrecisionName, PrecisionName | None] = {"fp16": "bf16", "bf16": "fp32", "fp32": None}


def select_device(preference: str) -> torch.device:
    """``auto`` picks CUDA when available. Raises ValueError for ``cuda`` without a GPU."""
    if preference == "cuda" or (preference == "auto" and torch.cuda.is_available()):
        if not torch.cuda.is_available():
            raise ValueError("device 'cuda' was requested, but PyTorch sees no CUDA GPU")
        return torch.device("cuda")
    return torch.device("cpu")


@functools.cache
def cpu_has_fast_bf16() -> bool:
    """True where the CPU multiplies bf16 natively (AVX512-BF16 or AMX-BF16).

    Plain AVX-512 runs bf16 through conversions and gains little, so oneDNN's own "bf16
    supported" answer is not enough; the CPU flags decide (Linux).
    """
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    flags = set()
    for line in cpuinfo.splitlines():
        if line.startswith("flags"):
            flags.update(line.partition(":")[2].split())
            break
    return (
        bool(flags & {"avx512_bf16", "amx_bf16"}) and torch.ops.mkldnn._is_mkldnn_bf16_supported()
    )


def select_precision(preference: str, device: torch.device) -> PrecisionName:
    """The format to run in: the preference if the device supports it, else the best fit."""
    if device.type == "cuda":
        bf16_ok = torch.cuda.is_bf16_supported()
        if preference == "auto":
            return "bf16" if bf16_ok else "fp16"
        if preference == "bf16" and not bf16_ok:
            return "fp16"
        return preference  # type: ignore[return-value]
    if preference == "fp16":
        # CPU fp16 convolution is slow and gains nothing; bf16 or fp32 instead.
        return "bf16" if cpu_has_fast_bf16() else "fp32"
    if preference == "auto":
        return "bf16" if cpu_has_fast_bf16() else "fp32"
    return preference  # type: ignore[return-value]


def supported_precision(
    chosen: PrecisionName, supported: frozenset[PrecisionName]
) -> PrecisionName:
    """``chosen``, or the first format after it in :data:`FALLBACK` that the network
    computes in (fp32, which every network supports, at the latest)."""
    while chosen not in supported and (fallback := FALLBACK[chosen]) is not None:
        chosen = fallback
    return chosen
