"""Compact's descriptor: SRVGGNetCompact (realesr-animevideov3, realesr-general-x4v3).

Recognised from its plain ``body.N.weight`` convolution stack (no ``upsampler`` key); the last
convolution's width gives the scale (``3 * scale**2`` channels before the pixel shuffle). It
sees 18 pixels around each output pixel, so narrow seams are enough, and it runs whole.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from torch import nn

from engine.errors import UnsupportedWeights
from engine.networks.architecture import Architecture, NetworkTraits, Seams, StateDict
from engine.networks.archs.srvgg import SRVGGNetCompact
from engine.networks.ncnn_graph import NcnnLayer, convolutions

# The smallest seams that keep a tiled result within max 4 and mean 0.05 levels of one
# whole-image pass in fp32 (BENCHMARKS.md, "Tiled vs whole image").
SEAMS = Seams(overlap=32, blend=8)


@dataclass(frozen=True, slots=True)
class CompactHyper:
    scale: int
    num_in_ch: int = 3
    num_out_ch: int = 3
    num_feat: int = 64
    num_conv: int = 16
    act_type: str = "prelu"


class Compact(Architecture[CompactHyper]):
    name = "compact"
    version = 1
    label = "SRVGGNetCompact"
    hyper_type = CompactHyper

    def detect(self, state: StateDict, source: Path | str) -> CompactHyper | None:
        convs = sorted(
            int(m.group(1))
            for key, value in state.items()
            if (m := re.fullmatch(r"body\.(\d+)\.weight", key)) and value.ndim == 4
        )
        if not convs or convs[0] != 0 or "upsampler" in state:
            return None
        first, last = state["body.0.weight"], state[f"body.{convs[-1]}.weight"]
        num_in_ch = first.shape[1]
        upscale_sq, remainder = divmod(last.shape[0], num_in_ch)
        upscale = math.isqrt(upscale_sq)
        if remainder or upscale * upscale != upscale_sq or upscale < 1:
            raise UnsupportedWeights(source, f"looks like {self.label} but its shapes do not fit")
        return CompactHyper(
            scale=upscale,
            num_in_ch=num_in_ch,
            num_out_ch=num_in_ch,
            num_feat=first.shape[0],
            num_conv=len(convs) - 2,
        )

    def build(self, hyper: CompactHyper) -> nn.Module:
        return SRVGGNetCompact(
            num_in_ch=hyper.num_in_ch,
            num_out_ch=hyper.num_out_ch,
            num_feat=hyper.num_feat,
            num_conv=hyper.num_conv,
            upscale=hyper.scale,
            act_type=hyper.act_type,
        )

    def traits(self, hyper: CompactHyper) -> NetworkTraits:
        # A convolution's input and output; then the shuffle, the nearest upsample and the sum.
        values = 2 * hyper.num_feat + 3 * 3 * hyper.scale**2
        return NetworkTraits(scale=hyper.scale, seams=SEAMS, values_per_pixel=values)

    def from_ncnn(self, layers: Sequence[NcnnLayer], source: Path) -> CompactHyper | None:
        if not any(layer.kind == "PReLU" for layer in layers):
            return None
        convs = convolutions(layers)
        first = convs[0]
        k = first.int_param(1)
        in_ch = first.int_param(6) // (first.int_param(0) * k * k)
        upscale = math.isqrt(convs[-1].int_param(0) // in_ch) if in_ch else 0
        if upscale < 1:
            raise UnsupportedWeights(source, f"looks like {self.label} but its shapes do not fit")
        return CompactHyper(
            scale=upscale,
            num_in_ch=in_ch,
            num_out_ch=in_ch,
            num_feat=first.int_param(0),
            num_conv=len(convs) - 2,
        )


COMPACT = Compact()
