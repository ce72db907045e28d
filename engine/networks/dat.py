"""DAT's descriptor: the Dual Aggregation Transformer family (DAT, DAT-S, DAT-2, DAT-light),
behind the Nomos8k community models.

Recognised from ``before_RG.1`` and the first block's window attention
(``layers.0.blocks.0.attn.attns.0.rpe_biases``). Everything is read off the file: the width
from ``conv_first``, groups and blocks from the ``layers.N.blocks.M`` keys, heads from the
channel attention's ``temperature`` (or the position bias's last layer where a group has one
block), the window split from the stored relative offsets, the feed-forward width, the
residual conv (one conv or three), the upsampler (pixel shuffle, or one direct step for the
light model) and the scale from the upsampling convolutions.

It computes in fp32 and bf16 only (fp16 overflows in the attention, as spandrel also finds).
Its channel attention and channel maps average over the whole input, so tiles see slightly
different statistics than one pass, everywhere and not only at seams. Measured in fp32
(tests/engine/networks/test_community_tiling.py): DAT-light max 1, mean 0.003 levels; DAT-2
max 1, mean 0.09 at 96/32 (0.10 at 64/16-24, 0.38 at 32/8), above the 0.05 mean target that
convolutional networks meet. The whole image runs in one pass whenever memory allows.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from torch import nn

from engine.errors import UnsupportedWeights
from engine.networks.architecture import Architecture, NetworkTraits, Seams, StateDict
from engine.networks.archs.dat import DAT, is_shifted
from engine.networks.precision import PrecisionName

SEAMS = Seams(overlap=96, blend=32)
PRECISIONS: frozenset[PrecisionName] = frozenset({"fp32", "bf16"})
MARKER = "layers.0.blocks.0.attn.attns.0.rpe_biases"


@dataclass(frozen=True, slots=True)
class DatHyper:
    scale: int
    in_ch: int = 3
    dim: int = 180
    depths: tuple[int, ...] = (6, 6, 6, 6, 6, 6)
    heads: tuple[int, ...] = (6, 6, 6, 6, 6, 6)
    split: tuple[int, ...] = (8, 32)
    hidden: int = 360
    qkv_bias: bool = True
    num_feat: int = 64
    three_conv: bool = False
    direct: bool = False  # DAT-light: one conv and a pixel shuffle
    mask_windows: int = 0  # windows in the file's stored shift masks (0: none stored)

    @property
    def variant(self) -> str:
        """The published name of this configuration (for messages)."""
        if self.direct or len(self.depths) < 4:
            return "DAT-light"
        if self.split[1] == 2 * self.split[0]:  # 8 x 16 where DAT and DAT-2 use 8 x 32
            return "DAT-S"
        return "DAT-2" if self.hidden == 2 * self.dim else "DAT"


def _count(state: StateDict, prefix: str) -> int:
    pattern = re.compile(rf"{re.escape(prefix)}\.(\d+)\.")
    return 1 + max((int(m.group(1)) for key in state if (m := pattern.match(key))), default=-1)


class Dat(Architecture[DatHyper]):
    name = "dat"
    version = 1
    label = "DAT"
    hyper_type = DatHyper

    def detect(self, state: StateDict, source: Path | str) -> DatHyper | None:
        if "before_RG.1.weight" not in state or MARKER not in state:
            return None
        try:
            return self._read(state)
        except (KeyError, IndexError, ValueError, ZeroDivisionError) as exc:
            raise UnsupportedWeights(
                source, f"looks like {self.label} but its shapes do not fit ({exc})"
            ) from exc

    def _read(self, state: StateDict) -> DatHyper:
        first = state["conv_first.weight"]
        dim, in_ch = first.shape[0], first.shape[1]
        groups = _count(state, "layers")
        depths = tuple(_count(state, f"layers.{g}.blocks") for g in range(groups))
        heads = tuple(
            state[f"layers.{g}.blocks.1.attn.temperature"].shape[0]
            if depth >= 2
            else 2 * state[f"layers.{g}.blocks.0.attn.attns.0.pos.pos3.2.weight"].shape[0]
            for g, depth in enumerate(depths)
        )
        # The offsets run from 1 - size to size - 1: the last row is the window's size - 1.
        split = tuple(int(v) + 1 for v in state[MARKER][-1].tolist())
        direct = "conv_last.weight" not in state
        if direct:
            upsample = state["upsample.0.weight"]
            scale, num_feat = math.isqrt(upsample.shape[0] // in_ch), upsample.shape[1]
        else:
            scale, num_feat, index = 1, 64, 0
            while f"upsample.{index}.weight" in state:
                conv = state[f"upsample.{index}.weight"]
                num_feat = conv.shape[1]
                scale *= math.isqrt(conv.shape[0] // num_feat)
                index += 2
        masks = [v for k, v in state.items() if k.endswith(".attn.attn_mask_0")]
        if len(split) != 2 or scale < 1 or not depths or 0 in depths:
            raise ValueError("no window split, scale or blocks")
        return DatHyper(
            scale=scale,
            in_ch=in_ch,
            dim=dim,
            depths=depths,
            heads=heads,
            split=split,
            hidden=state["layers.0.blocks.0.ffn.fc1.weight"].shape[0],
            qkv_bias="layers.0.blocks.0.attn.qkv.bias" in state,
            num_feat=num_feat,
            three_conv="conv_after_body.weight" not in state,
            direct=direct,
            mask_windows=masks[0].shape[0] if masks else 0,
        )

    def build(self, hyper: DatHyper) -> nn.Module:
        split = (hyper.split[0], hyper.split[1])
        masks = {
            (g, b): (hyper.mask_windows, hyper.mask_windows)
            for g, depth in enumerate(hyper.depths)
            for b in range(0, depth, 2)
            if hyper.mask_windows and is_shifted(g, b)
        }
        return DAT(
            in_ch=hyper.in_ch,
            dim=hyper.dim,
            depths=hyper.depths,
            heads=hyper.heads,
            split=split,
            hidden=hyper.hidden,
            qkv_bias=hyper.qkv_bias,
            scale=hyper.scale,
            num_feat=hyper.num_feat,
            three_conv=hyper.three_conv,
            direct=hyper.direct,
            masks=masks,
        )

    def traits(self, hyper: DatHyper) -> NetworkTraits:
        # Per token: the block's input, qkv, the padded windows' copies and the attention
        # matrices (one row of a window per head), the feed-forward's hidden width; then the
        # upsampling features and the image.
        window = hyper.split[0] * hyper.split[1]
        tokens = 8 * hyper.dim + max(hyper.heads) * window + 2 * hyper.hidden
        tail = 2 * (hyper.dim if hyper.direct else hyper.num_feat) * hyper.scale**2
        return NetworkTraits(
            scale=hyper.scale,
            seams=SEAMS,
            values_per_pixel=tokens + tail + 3 * hyper.scale**2,
            precisions=PRECISIONS,
        )


DAT_ARCH = Dat()
