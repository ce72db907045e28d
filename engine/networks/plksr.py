"""PLKSR's and RealPLKSR's descriptors (community files such as 2x-RealPLKSR, 4xNomos2_realplksr).

Both are a ``feats`` sequence: a first conv, blocks, (RealPLKSR: a dropout,) a last conv of
``3 * scale**2`` channels. PLKSR's blocks have a ``channe_mixer`` (its authors' spelling),
RealPLKSR's a ``channel_mixer``: that key tells the two apart. Hyper-parameters come from
shapes: the width from the first conv, the large kernel's size and partial width from
``feats.1.lk``, the element attention from ``attn.f.0``. PLKSR's sparse-kernel variant and
RealPLKSR's DySample output stage cannot be rebuilt from their weights and are refused.

Seams (tests/engine/networks/test_community_tiling.py, fp32): 64/16 gives tiled == whole for
PLKSR and LayerNorm RealPLKSR (32/8 reached 1 level). GroupNorm RealPLKSR takes statistics
over the whole tile, so tiles differ from one pass everywhere, not only at seams: max 3, mean
0.25-0.29 levels at any overlap from 64 to 96 (96/32 is the least); the whole image runs in
one pass whenever the memory budget allows, which is the common case for these small networks.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from torch import nn

from engine.errors import UnsupportedWeights
from engine.networks.architecture import (
    EVERY_PRECISION,
    Architecture,
    NetworkTraits,
    Seams,
    StateDict,
)
from engine.networks.archs.plksr import MIXER_KERNELS, PLKSR
from engine.networks.precision import PrecisionName

SEAMS = Seams(overlap=64, blend=16)
GROUP_NORM_SEAMS = Seams(overlap=96, blend=32)


@dataclass(frozen=True, slots=True)
class PlksrHyper:
    scale: int
    dim: int = 64
    n_blocks: int = 28
    kernel_size: int = 17
    pdim: int = 16
    mixer: str = "CCM"  # PLKSR only; RealPLKSR always doubles (DCCM)
    rect: bool = False
    use_ea: bool = True
    layer_norm: bool = False  # RealPLKSR only: LayerNorm first instead of GroupNorm last


def _sequence_length(state: StateDict, prefix: str) -> int:
    pattern = re.compile(rf"{re.escape(prefix)}\.(\d+)\.")
    return 1 + max((int(m.group(1)) for key in state if (m := pattern.match(key))), default=-1)


class _PlksrFamily(Architecture[PlksrHyper]):
    version = 1
    hyper_type = PlksrHyper
    real: bool
    mixer_key: str

    def detect(self, state: StateDict, source: Path | str) -> PlksrHyper | None:
        if not (
            "feats.0.weight" in state
            and "feats.1.refine.weight" in state
            and f"feats.1.{self.mixer_key}.0.weight" in state
        ):
            return None
        if "to_img.init_pos" in state:
            raise UnsupportedWeights(
                source, f"is {self.label} with a DySample output stage, which is not supported"
            )
        length = _sequence_length(state, "feats")
        dim = state["feats.0.weight"].shape[0]
        last = state.get(f"feats.{length - 1}.weight")
        upscale_sq = last.shape[0] // 3 if last is not None else 0
        scale = math.isqrt(upscale_sq)
        if "feats.1.lk.conv.weight" in state:
            lk, rect = state["feats.1.lk.conv.weight"], False
        elif "feats.1.lk.mn_conv.weight" in state and not self.real:
            lk, rect = state["feats.1.lk.mn_conv.weight"], True
        else:
            raise UnsupportedWeights(
                source, f"is {self.label} with sparse large kernels, which cannot be rebuilt"
            )
        if last is None or scale < 1 or scale * scale * 3 != last.shape[0]:
            raise UnsupportedWeights(source, f"looks like {self.label} but its shapes do not fit")
        return PlksrHyper(
            scale=scale,
            dim=dim,
            n_blocks=length - (3 if self.real else 2),
            kernel_size=lk.shape[2],
            pdim=lk.shape[0],
            mixer="DCCM" if self.real else self._mixer(state, source),
            rect=rect,
            use_ea="feats.1.attn.f.0.weight" in state,
            layer_norm=self.real and "feats.1.layer_norm.weight" in state,
        )

    def _mixer(self, state: StateDict, source: Path | str) -> str:
        kernels = (
            state["feats.1.channe_mixer.0.weight"].shape[2],
            state["feats.1.channe_mixer.2.weight"].shape[2],
        )
        for name, sizes in MIXER_KERNELS.items():
            if sizes == kernels:
                return name
        raise UnsupportedWeights(source, f"is {self.label} with an unknown channel mixer")

    def build(self, hyper: PlksrHyper) -> nn.Module:
        return PLKSR(
            dim=hyper.dim,
            n_blocks=hyper.n_blocks,
            scale=hyper.scale,
            kernel_size=hyper.kernel_size,
            pdim=hyper.pdim,
            mixer=hyper.mixer,
            rect=hyper.rect,
            use_ea=hyper.use_ea,
            real=self.real,
            layer_norm=hyper.layer_norm,
        )

    def traits(self, hyper: PlksrHyper) -> NetworkTraits:
        # A block's input, its doubled mixer and the attention's map; then the output before
        # the shuffle, the repeated input and the image.
        values = 5 * hyper.dim + 3 * 3 * hyper.scale**2
        # GroupNorm without a layer norm overflows fp16 (spandrel marks it so); bf16 is fine.
        group_norm = self.real and not hyper.layer_norm
        precisions: frozenset[PrecisionName] = (
            frozenset({"fp32", "bf16"}) if group_norm else EVERY_PRECISION
        )
        return NetworkTraits(
            scale=hyper.scale,
            seams=GROUP_NORM_SEAMS if group_norm else SEAMS,
            values_per_pixel=values,
            precisions=precisions,
        )


class Plksr(_PlksrFamily):
    name = "plksr"
    label = "PLKSR"
    real = False
    mixer_key = "channe_mixer"


class RealPlksr(_PlksrFamily):
    name = "realplksr"
    label = "RealPLKSR"
    real = True
    mixer_key = "channel_mixer"


PLKSR_ARCH = Plksr()
REALPLKSR = RealPlksr()
