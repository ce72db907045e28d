"""ESRGAN's descriptor: RRDBNet (Real-ESRGAN x4plus, x4plus-anime, x2plus) as the engine sees it.

Recognised from ``conv_first``/``conv_last`` and the ``body.N.rdbM`` blocks; scale 2 and 1
pixel-unshuffle the input (2 or 4 input pixels per feature pixel, so input sides are whole
multiples of that). The upsampling stage (two nearest 2x steps and four 3x3 convolutions)
holds most of the memory but needs two feature rows of context: it runs in strips.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from torch import nn

from engine.errors import UnsupportedWeights
from engine.networks.architecture import (
    Architecture,
    NetworkTraits,
    Seams,
    StateDict,
    StripTraits,
)
from engine.networks.archs.rrdbnet import RRDBNet
from engine.networks.ncnn_graph import NcnnLayer, convolutions
from engine.tiling.strips import StagedNetwork

# Input pixels per feature pixel (along a side) for each network scale.
UNSHUFFLE = {4: 1, 2: 2, 1: 4}
# 23 dense blocks see far: 80/24 reached max 4 levels against one pass (the limit itself);
# 96/32 keeps 2x headroom (BENCHMARKS.md, "Tiled vs whole image").
SEAMS = Seams(overlap=96, blend=32)
STRIP_HALO = 2  # the upsampling stage's 3x3 convolutions, one feature row each side
# conv_first + 15 per RRDB + conv_body, conv_up1, conv_up2, conv_hr, conv_last
NCNN_FIXED_CONVS = 6
NCNN_CONVS_PER_BLOCK = 15


@dataclass(frozen=True, slots=True)
class EsrganHyper:
    scale: int
    num_in_ch: int = 3
    num_out_ch: int = 3
    num_feat: int = 64
    num_block: int = 23
    num_grow_ch: int = 32


class Esrgan(Architecture[EsrganHyper]):
    name = "esrgan"
    version = 1
    label = "RRDBNet"
    hyper_type = EsrganHyper

    def detect(self, state: StateDict, source: Path | str) -> EsrganHyper | None:
        if "conv_first.weight" not in state or "conv_last.weight" not in state:
            return None
        first = state["conv_first.weight"]
        blocks = {int(m.group(1)) for key in state if (m := re.match(r"body\.(\d+)\.rdb1\.", key))}
        num_out_ch = state["conv_last.weight"].shape[0]
        unshuffle_sq, remainder = divmod(first.shape[1], num_out_ch)
        unshuffle = math.isqrt(unshuffle_sq) if remainder == 0 else 0
        if not blocks or unshuffle not in (1, 2, 4) or unshuffle * unshuffle != unshuffle_sq:
            raise UnsupportedWeights(source, f"looks like {self.label} but its shapes do not fit")
        return EsrganHyper(
            scale={1: 4, 2: 2, 4: 1}[unshuffle],
            num_in_ch=num_out_ch,
            num_out_ch=num_out_ch,
            num_feat=first.shape[0],
            num_block=max(blocks) + 1,
            num_grow_ch=state["body.0.rdb1.conv1.weight"].shape[0],
        )

    def build(self, hyper: EsrganHyper) -> nn.Module:
        return RRDBNet(
            num_in_ch=hyper.num_in_ch,
            num_out_ch=hyper.num_out_ch,
            scale=hyper.scale,
            num_feat=hyper.num_feat,
            num_block=hyper.num_block,
            num_grow_ch=hyper.num_grow_ch,
        )

    def traits(self, hyper: EsrganHyper) -> NetworkTraits:
        # Counted from the widest activations alive at once; measured on the CPU (torch 2.13,
        # channels_last) these sit within 25%.
        feat, unshuffle = hyper.num_feat, UNSHUFFLE[hyper.scale]
        trunk = (7 * feat + 4 * hyper.num_grow_ch) / unshuffle**2  # dense block: in, growth, concat
        tail = 2 * feat * 16 / unshuffle**2  # two feature maps at 4x the features' size
        image = 3 * hyper.scale**2  # the output tile
        return NetworkTraits(
            scale=hyper.scale,
            seams=SEAMS,
            values_per_pixel=trunk + tail + image,
            input_multiple=unshuffle,
            strips=StripTraits(
                halo=STRIP_HALO,
                feature_stride=unshuffle,
                stage_values=2 * feat * 16,
                trunk_values=trunk + image,
                staged=_staged,
            ),
        )

    def from_ncnn(self, layers: Sequence[NcnnLayer], source: Path) -> EsrganHyper | None:
        if any(layer.kind == "PReLU" for layer in layers):
            return None
        convs = convolutions(layers)
        blocks, remainder = divmod(len(convs) - NCNN_FIXED_CONVS, NCNN_CONVS_PER_BLOCK)
        if remainder or blocks < 1:
            return None
        first = convs[0]
        k = first.int_param(1)
        in_ch = first.int_param(6) // (first.int_param(0) * k * k)
        out_ch = convs[-1].int_param(0)
        scale = {1: 4, 4: 2, 16: 1}.get(in_ch // out_ch) if out_ch else None
        if scale is None:
            raise UnsupportedWeights(source, f"looks like {self.label} but its shapes do not fit")
        return EsrganHyper(
            scale=scale,
            num_in_ch=out_ch,
            num_out_ch=out_ch,
            num_feat=first.int_param(0),
            num_block=blocks,
            num_grow_ch=convs[1].int_param(0),
        )


def _staged(module: nn.Module) -> StagedNetwork:
    """RRDBNet's trunk (features at the input's resolution) and its upsampling stage."""
    if not isinstance(module, RRDBNet):
        raise TypeError(f"ESRGAN strips need an RRDBNet, not {type(module).__name__}")
    return module


ESRGAN = Esrgan()
