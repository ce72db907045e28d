"""How close a network runs to what this machine's convolutions can do.

Two measurements, both taken in the benchmark's own child process (same threads, same
oneDNN state as the timed run):

- :func:`conv_census`: the network's multiply-accumulates per input pixel, counted from its
  own modules by forward hooks during one pass on the ``meta`` device (shapes only, no
  arithmetic, no memory), and the channel counts of its 3x3 convolutions.
- :func:`conv_ceiling`: the best throughput of a single 3x3 convolution with those channel
  counts, at the benchmarked size, channels_last, warm (the best of a few runs after one
  warm-up): what the network could reach if nothing but its convolutions ran.

``fraction_of_ceiling`` is the network's achieved FLOP/s (2 per MAC) over that ceiling.
"""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass

import torch
from torch import nn

FLOPS_PER_MAC = 2


@dataclass(frozen=True, slots=True)
class Census:
    """One pass of a network over a ``size`` x ``size`` input: multiply-accumulates per input
    pixel, and its 3x3 convolutions' (in, out) channel counts."""

    macs_per_pixel: float
    conv3x3_channels: tuple[tuple[int, int], ...]


def conv_census(module: nn.Module, size: int, channels: int = 3) -> Census:
    """Count ``module``'s convolution MACs on a ``size`` x ``size`` input (the count depends
    on the size where a network pads around its input, as Real-CUGAN does).

    The module is copied to the ``meta`` device, so nothing is computed and the original is
    untouched.
    """
    shadow = copy.deepcopy(module).to("meta")
    dtype = next(shadow.parameters()).dtype
    macs = 0
    shapes: set[tuple[int, int]] = set()

    def count(layer: nn.Module, inputs: tuple[torch.Tensor, ...], output: torch.Tensor) -> None:
        nonlocal macs
        weight = layer.weight
        assert isinstance(weight, torch.Tensor)
        per_value = weight[0].numel()
        if isinstance(layer, nn.ConvTranspose2d):
            # Each input value is spread over out/groups x kh x kw outputs.
            macs += inputs[0].numel() * per_value
        else:
            macs += output.numel() * per_value
            if tuple(weight.shape[2:]) == (3, 3) and isinstance(layer, nn.Conv2d):
                shapes.add((layer.in_channels, layer.out_channels))

    hooks = [
        layer.register_forward_hook(count)
        for layer in shadow.modules()
        if isinstance(layer, nn.Conv2d | nn.ConvTranspose2d)
    ]
    try:
        with torch.inference_mode():
            shadow(torch.empty((1, channels, size, size), device="meta", dtype=dtype))
    finally:
        for hook in hooks:
            hook.remove()
    return Census(macs / (size * size), tuple(sorted(shapes)))


@dataclass(frozen=True, slots=True)
class Ceiling:
    """The fastest 3x3 convolution among the measured channel counts, in GFLOP/s."""

    gflops: float
    channels: tuple[int, int]


def conv_ceiling(
    channels: tuple[tuple[int, int], ...], size: int, dtype: torch.dtype, repeat: int = 5
) -> Ceiling:
    """The best throughput of a padded 3x3 convolution ``in -> out`` over ``channels`` on a
    ``size`` x ``size`` channels_last input of ``dtype`` (CPU), best of ``repeat`` after a
    warm-up."""
    best = Ceiling(0.0, (0, 0))
    for c_in, c_out in channels:
        conv = nn.Conv2d(c_in, c_out, 3, 1, 1).to(dtype=dtype).eval().requires_grad_(False)
        conv = conv.to(memory_format=torch.channels_last)  # type: ignore[call-overload]
        x = torch.rand((1, c_in, size, size), dtype=dtype).contiguous(
            memory_format=torch.channels_last
        )
        flops = FLOPS_PER_MAC * size * size * c_in * c_out * 9
        with torch.inference_mode():
            conv(x)
            fastest = float("inf")
            for _ in range(repeat):
                started = time.perf_counter()
                conv(x)
                fastest = min(fastest, time.perf_counter() - started)
        gflops = flops / fastest / 1e9
        if gflops > best.gflops:
            best = Ceiling(gflops, (c_in, c_out))
    return best


def ceiling_record(
    module: nn.Module, size: int, seconds: float, dtype: torch.dtype
) -> dict[str, object]:
    """The JSON fields ``bench.engine`` prints beside one timed run of ``module`` on a
    ``size`` x ``size`` image that took ``seconds`` in ``dtype``."""
    census = conv_census(module, size)
    achieved = census.macs_per_pixel * size * size * FLOPS_PER_MAC / seconds / 1e9
    ceilings = {
        name: conv_ceiling(census.conv3x3_channels, size, kind)
        for name, kind in (("bf16", torch.bfloat16), ("fp32", torch.float32))
    }
    own = ceilings["bf16" if dtype == torch.bfloat16 else "fp32"]
    return {
        "macs_per_px": round(census.macs_per_pixel),
        "achieved_gflops": round(achieved, 1),
        "ceiling_bf16_gflops": round(ceilings["bf16"].gflops, 1),
        "ceiling_bf16_conv": list(ceilings["bf16"].channels),
        "ceiling_fp32_gflops": round(ceilings["fp32"].gflops, 1),
        "ceiling_fp32_conv": list(ceilings["fp32"].channels),
        "fraction_of_ceiling": round(achieved / own.gflops, 3) if own.gflops else None,
    }
