"""ESRGAN's descriptor: RRDBNet (Real-ESRGAN x4plus, x4plus-anime, x2plus, and the community
ESRGAN files such as 4x-UltraSharp and Remacri) as the engine sees it.

Recognised from ``conv_first``/``conv_last`` and the ``body.N.rdbM`` blocks, or from the old
layout's ``model.N`` sequence (:mod:`engine.networks.esrgan_old_layout`, 1x to 8x); scale 2
and 1 of the new layout pixel-unshuffle the input (2 or 4 input pixels per feature pixel, so input sides are whole
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
from engine.networks.esrgan_old_layout import (
    FIRST_BLOCK,
    block_count,
    bsrgan_to_new_layout,
    is_bsrgan_layout,
    is_old_layout,
    stage_indices,
    to_new_layout,
)
from engine.networks.ncnn_graph import NcnnLayer, convolutions
from engine.tiling.strips import StagedNetwork

_UP_STEP = re.compile(r"conv_up(\d)\.weight")
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
    upsample_steps: int = 2  # nearest 2x steps; old-layout files have 0 to 3

    @property
    def unshuffle(self) -> int:
        """Input pixels per feature pixel along a side."""
        return int(2**self.upsample_steps) // self.scale


class Esrgan(Architecture[EsrganHyper]):
    name = "esrgan"
    version = 1
    label = "RRDBNet"
    hyper_type = EsrganHyper

    def detect(self, state: StateDict, source: Path | str) -> EsrganHyper | None:
        if is_old_layout(state):
            return self._detect_old(state, source)
        if is_bsrgan_layout(state):
            state = bsrgan_to_new_layout(state)
        if "conv_first.weight" not in state or "body.0.rdb1.conv1.weight" not in state:
            return None  # other networks (DAT, SwinIR...) also open with conv_first
        if "conv_last.weight" not in state:
            raise UnsupportedWeights(source, f"looks like {self.label} but has no conv_last")
        first = state["conv_first.weight"]
        blocks = {int(m.group(1)) for key in state if (m := re.match(r"body\.(\d+)\.rdb1\.", key))}
        num_out_ch = state["conv_last.weight"].shape[0]
        unshuffle_sq, remainder = divmod(first.shape[1], num_out_ch)
        unshuffle = math.isqrt(unshuffle_sq) if remainder == 0 else 0
        # Real-ESRGAN has two 2x steps; BSRGAN-named and other community files 1 to 3.
        steps = len({m.group(1) for key in state if (m := _UP_STEP.fullmatch(key))})
        if (
            not blocks
            or unshuffle not in (1, 2, 4)
            or unshuffle * unshuffle != unshuffle_sq
            or (2**steps) % unshuffle
        ):
            raise UnsupportedWeights(source, f"looks like {self.label} but its shapes do not fit")
        return EsrganHyper(
            scale=2**steps // unshuffle,
            num_in_ch=num_out_ch,
            num_out_ch=num_out_ch,
            num_feat=first.shape[0],
            num_block=max(blocks) + 1,
            num_grow_ch=state["body.0.rdb1.conv1.weight"].shape[0],
            upsample_steps=steps,
        )

    def _detect_old(self, state: StateDict, source: Path | str) -> EsrganHyper:
        indices = stage_indices(state)
        steps = len(indices) - 3  # the first convolution, one per 2x step, the last two
        expected = [0, *(3 * i for i in range(1, steps + 1)), 3 * steps + 2, 3 * steps + 4]
        first = state["model.0.weight"]
        out_ch = state[f"model.{indices[-1]}.weight"].shape[0] if indices else 0
        unshuffle_sq, remainder = divmod(first.shape[1], out_ch) if out_ch else (0, 1)
        unshuffle = math.isqrt(unshuffle_sq)
        if (
            indices != expected
            or steps > 3
            or remainder
            or unshuffle not in (1, 2, 4)
            or unshuffle * unshuffle != unshuffle_sq
            or 2**steps % unshuffle
        ):
            raise UnsupportedWeights(
                source, f"looks like {self.label} (old layout) but its shapes do not fit"
            )
        return EsrganHyper(
            scale=2**steps // unshuffle,
            num_in_ch=out_ch,
            num_out_ch=out_ch,
            num_feat=first.shape[0],
            num_block=block_count(state),
            num_grow_ch=state[FIRST_BLOCK].shape[0],
            upsample_steps=steps,
        )

    def canonical_state(self, hyper: EsrganHyper, state: StateDict) -> StateDict:
        if is_old_layout(state):
            return to_new_layout(state)
        return bsrgan_to_new_layout(state) if is_bsrgan_layout(state) else state

    def build(self, hyper: EsrganHyper) -> nn.Module:
        return RRDBNet(
            num_in_ch=hyper.num_in_ch,
            num_out_ch=hyper.num_out_ch,
            scale=hyper.scale,
            num_feat=hyper.num_feat,
            num_block=hyper.num_block,
            num_grow_ch=hyper.num_grow_ch,
            upsample_steps=hyper.upsample_steps,
        )

    def traits(self, hyper: EsrganHyper) -> NetworkTraits:
        # Counted from the widest activations alive at once; measured on the CPU (torch 2.13,
        # channels_last) these sit within 25%.
        feat, unshuffle = hyper.num_feat, hyper.unshuffle
        growth = 4**hyper.upsample_steps  # feature pixels after the 2x steps, per feature pixel
        trunk = (7 * feat + 4 * hyper.num_grow_ch) / unshuffle**2  # dense block: in, growth, concat
        tail = 2 * feat * growth / unshuffle**2  # two feature maps at the upsampled size
        image = 3 * hyper.scale**2  # the output tile
        return NetworkTraits(
            scale=hyper.scale,
            seams=SEAMS,
            values_per_pixel=trunk + tail + image,
            input_multiple=unshuffle,
            strips=StripTraits(
                halo=STRIP_HALO,
                feature_stride=unshuffle,
                stage_values=2 * feat * growth,
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
