"""RRDBNet (ESRGAN / Real-ESRGAN x4plus, x4plus-anime, x2plus).

Parameter names match the official Real-ESRGAN files (``conv_first``, ``body.N.rdbM.convK``,
``conv_body``, ``conv_up1``, ``conv_up2``, ``conv_hr``, ``conv_last``), so their state dicts
load as they are. For scale 2 (and 1) the input is pixel-unshuffled first, as upstream does.
Old-layout ESRGAN files (1x, 2x, 8x without unshuffle) differ only in how many nearest 2x
steps there are: ``upsample_steps`` (``conv_up1`` .. ``conv_upN``).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn


def _lrelu(x: torch.Tensor, fused: bool) -> torch.Tensor:
    # In place on a convolution's fresh output (the fused path): one pass, no new buffer.
    return F.leaky_relu_(x, 0.2) if fused else F.leaky_relu(x, 0.2)


def _scaled_residual(out: torch.Tensor, x: torch.Tensor, fused: bool) -> torch.Tensor:
    """``out * 0.2 + x``, in ``out``'s own memory on the fused path (same rounding)."""
    return out.mul_(0.2).add_(x) if fused else out * 0.2 + x


class ResidualDenseBlock(nn.Module):
    def __init__(self, num_feat: int, num_grow_ch: int) -> None:
        super().__init__()
        self.fused = False  # see engine.networks.fast_path
        self.conv1 = nn.Conv2d(num_feat, num_grow_ch, 3, 1, 1)
        self.conv2 = nn.Conv2d(num_feat + num_grow_ch, num_grow_ch, 3, 1, 1)
        self.conv3 = nn.Conv2d(num_feat + 2 * num_grow_ch, num_grow_ch, 3, 1, 1)
        self.conv4 = nn.Conv2d(num_feat + 3 * num_grow_ch, num_grow_ch, 3, 1, 1)
        self.conv5 = nn.Conv2d(num_feat + 4 * num_grow_ch, num_feat, 3, 1, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        fused = self.fused
        x1 = _lrelu(self.conv1(x), fused)
        x2 = _lrelu(self.conv2(torch.cat((x, x1), 1)), fused)
        x3 = _lrelu(self.conv3(torch.cat((x, x1, x2), 1)), fused)
        x4 = _lrelu(self.conv4(torch.cat((x, x1, x2, x3), 1)), fused)
        x5: torch.Tensor = self.conv5(torch.cat((x, x1, x2, x3, x4), 1))
        return _scaled_residual(x5, x, fused)


class RRDB(nn.Module):
    def __init__(self, num_feat: int, num_grow_ch: int) -> None:
        super().__init__()
        self.fused = False
        self.rdb1 = ResidualDenseBlock(num_feat, num_grow_ch)
        self.rdb2 = ResidualDenseBlock(num_feat, num_grow_ch)
        self.rdb3 = ResidualDenseBlock(num_feat, num_grow_ch)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out: torch.Tensor = self.rdb3(self.rdb2(self.rdb1(x)))
        return _scaled_residual(out, x, self.fused)


class RRDBNet(nn.Module):
    """Input and output are NCHW RGB in [0, 1]; output is ``scale`` times larger."""

    def __init__(
        self,
        num_in_ch: int = 3,
        num_out_ch: int = 3,
        scale: int = 4,
        num_feat: int = 64,
        num_block: int = 23,
        num_grow_ch: int = 32,
        upsample_steps: int = 2,
    ) -> None:
        super().__init__()
        self.unshuffle, remainder = divmod(2**upsample_steps, scale)
        if remainder or self.unshuffle not in (1, 2, 4):
            raise ValueError(f"RRDBNet cannot make scale {scale} from {upsample_steps} 2x steps")
        self.scale = scale
        self.fused = False
        self.conv_first = nn.Conv2d(num_in_ch * self.unshuffle**2, num_feat, 3, 1, 1)
        self.body = nn.Sequential(*(RRDB(num_feat, num_grow_ch) for _ in range(num_block)))
        self.conv_body = nn.Conv2d(num_feat, num_feat, 3, 1, 1)
        # Registered by name (not a list) so the keys stay the official conv_up1, conv_up2.
        self.up_names = tuple(f"conv_up{i}" for i in range(1, upsample_steps + 1))
        for name in self.up_names:
            self.add_module(name, nn.Conv2d(num_feat, num_feat, 3, 1, 1))
        self.conv_hr = nn.Conv2d(num_feat, num_feat, 3, 1, 1)
        self.conv_last = nn.Conv2d(num_feat, num_out_ch, 3, 1, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.upsample(self.trunk(x))

    # The network in two stages, so that the upsampling stage (most of the memory, and only
    # a few pixels of context) can run in strips: see engine.networks.esrgan.
    def trunk(self, x: torch.Tensor) -> torch.Tensor:
        """Features at the input's resolution (after pixel-unshuffle for scale 2 and 1)."""
        feat = F.pixel_unshuffle(x, self.unshuffle) if self.unshuffle > 1 else x
        feat = self.conv_first(feat)
        body: torch.Tensor = self.conv_body(self.body(feat))
        # a + b and b + a round alike, so the in-place sum is the eager one.
        return body.add_(feat) if self.fused else feat + body

    def upsample(self, feat: torch.Tensor) -> torch.Tensor:
        """Features to the output image: nearest 2x steps, each followed by a 3x3 conv."""
        for name in self.up_names:
            conv = self.get_submodule(name)
            feat = _lrelu(conv(F.interpolate(feat, scale_factor=2.0, mode="nearest")), self.fused)
        out: torch.Tensor = self.conv_last(_lrelu(self.conv_hr(feat), self.fused))
        return out
