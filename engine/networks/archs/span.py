"""SPAN (Swift Parameter-free Attention Network, NTIRE 2024 efficient SR), inference form.

Each ``Conv3XC`` of the reference trains as a 1x1 -> 3x3 -> 1x1 chain plus a 1x1 skip and is
used, in eval mode, as the single 3x3 convolution those collapse to (``eval_conv``). Only that
convolution exists here; a training-form state dict (``sk``, ``conv.0..2``) is collapsed to it
as it loads, so official training checkpoints and their exports load alike. Parameter names
match the reference implementation (``conv_1.eval_conv.weight``, ``block_N.c1_r...``,
``conv_cat``, ``upsampler.0``).
"""

from __future__ import annotations

from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

TRAINING_KEYS = (
    "sk.weight",
    "sk.bias",
    *(f"conv.{i}.{part}" for i in range(3) for part in ("weight", "bias")),
)


def collapse_conv3xc(parts: dict[str, torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
    """The 3x3 weight and bias that a Conv3XC's training-form parameters compute in eval mode
    (keys as :data:`TRAINING_KEYS`): the 1x1 -> 3x3 -> 1x1 chain folded into one kernel, the
    1x1 skip added at its centre."""
    w1, b1 = parts["conv.0.weight"], parts["conv.0.bias"]
    w2, b2 = parts["conv.1.weight"], parts["conv.1.bias"]
    w3, b3 = parts["conv.2.weight"], parts["conv.2.bias"]
    # (mid x in x 3 x 3): the 3x3 kernel seen through the first 1x1's mixing of channels.
    weight = torch.einsum("mjhw,ji->mihw", w2, w1[:, :, 0, 0])
    bias = (w2.sum((2, 3)) @ b1) + b2
    weight = torch.einsum("om,mihw->oihw", w3[:, :, 0, 0], weight)
    bias = w3[:, :, 0, 0] @ bias + b3
    weight = weight + F.pad(parts["sk.weight"], [1, 1, 1, 1])
    return weight, bias + parts["sk.bias"]


class Conv3XC(nn.Module):
    """A Conv3XC in its eval form: one 3x3 convolution."""

    def __init__(self, c_in: int, c_out: int) -> None:
        super().__init__()
        self.eval_conv = nn.Conv2d(c_in, c_out, 3, 1, 1)
        # torch leaves this hook API unannotated.
        self._register_load_state_dict_pre_hook(  # type: ignore[no-untyped-call]
            _collapse_training_form, with_module=True
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out: torch.Tensor = self.eval_conv(x)
        return out


def _collapse_training_form(
    _module: nn.Module, state: dict[str, torch.Tensor], prefix: str, *_args: Any
) -> None:
    if prefix + "sk.weight" not in state:
        return
    if not all(prefix + key in state for key in TRAINING_KEYS):
        return  # strict loading names what is missing
    parts = {key: state.pop(prefix + key) for key in TRAINING_KEYS}
    weight, bias = collapse_conv3xc(parts)
    # A training checkpoint also holds an eval_conv, stale since its last eval pass: the
    # chain is the truth.
    state[prefix + "eval_conv.weight"] = weight
    state[prefix + "eval_conv.bias"] = bias


class SPAB(nn.Module):
    """Three convolutions and the parameter-free attention ``(x + out) * (sigmoid(out) - 0.5)``.
    Returns the block's output and its first convolution's activation (used by the last
    block's caller)."""

    def __init__(self, channels: int) -> None:
        super().__init__()
        self.fused = False  # see engine.networks.fast_path
        self.c1_r = Conv3XC(channels, channels)
        self.c2_r = Conv3XC(channels, channels)
        self.c3_r = Conv3XC(channels, channels)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        # The reference's SiLU runs in place, so its "out1" is the activated one.
        if self.fused:
            # Every in-place step writes a convolution's fresh output or a sum made here.
            out1 = F.silu(self.c1_r(x), inplace=True)
            out3 = self.c3_r(F.silu(self.c2_r(out1), inplace=True))
            attention = torch.sigmoid(out3).sub_(0.5)
            return out3.add_(x).mul_(attention), out1
        out1 = F.silu(self.c1_r(x))
        out3 = self.c3_r(F.silu(self.c2_r(out1)))
        attention = torch.sigmoid(out3) - 0.5
        return (out3 + x) * attention, out1


class SPAN(nn.Module):
    """Input and output are NCHW RGB in [0, 1]; output is ``upscale`` times larger.

    ``rgb_mean`` and ``img_range`` normalise the input as the reference does; ``norm=False``
    (a ``no_norm`` entry in the weights) skips that.
    """

    def __init__(
        self,
        num_in_ch: int = 3,
        num_out_ch: int = 3,
        feature_channels: int = 48,
        upscale: int = 4,
        rgb_mean: tuple[float, float, float] = (0.4488, 0.4371, 0.4040),
        img_range: float = 255.0,
        norm: bool = True,
    ) -> None:
        super().__init__()
        self.img_range = img_range
        self.mean: torch.Tensor
        self.register_buffer(
            "mean", torch.tensor(rgb_mean).view(1, num_in_ch, 1, 1), persistent=False
        )
        self.no_norm: torch.Tensor | None
        if norm:
            self.no_norm = None
        else:
            self.register_buffer("no_norm", torch.zeros(1))
        self.conv_1 = Conv3XC(num_in_ch, feature_channels)
        self.block_1 = SPAB(feature_channels)
        self.block_2 = SPAB(feature_channels)
        self.block_3 = SPAB(feature_channels)
        self.block_4 = SPAB(feature_channels)
        self.block_5 = SPAB(feature_channels)
        self.block_6 = SPAB(feature_channels)
        self.conv_cat = nn.Conv2d(feature_channels * 4, feature_channels, 1, 1, 0)
        self.conv_2 = Conv3XC(feature_channels, feature_channels)
        self.upsampler = nn.Sequential(
            nn.Conv2d(feature_channels, num_out_ch * upscale**2, 3, 1, 1),
            nn.PixelShuffle(upscale),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.no_norm is None:
            x = (x - self.mean.to(x.dtype)) * self.img_range
        features = self.conv_1(x)
        out_b1, _ = self.block_1(features)
        out = out_b1
        for block in (self.block_2, self.block_3, self.block_4, self.block_5):
            out, _ = block(out)
        out_b6, out_b5_2 = self.block_6(out)
        out_b6 = self.conv_2(out_b6)
        out = self.conv_cat(torch.cat([features, out_b6, out_b1, out_b5_2], 1))
        result: torch.Tensor = self.upsampler(out)
        return result
