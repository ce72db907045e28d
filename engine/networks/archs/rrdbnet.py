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


class ResidualDenseBlock(nn.Module):
    def __init__(self, num_feat: int, num_grow_ch: int) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(num_feat, num_grow_ch, 3, 1, 1)
        self.conv2 = nn.Conv2d(num_feat + num_grow_ch, num_grow_ch, 3, 1, 1)
        self.conv3 = nn.Conv2d(num_feat + 2 * num_grow_ch, num_grow_ch, 3, 1, 1)
        self.conv4 = nn.Conv2d(num_feat + 3 * num_grow_ch, num_grow_ch, 3, 1, 1)
        self.conv5 = nn.Conv2d(num_feat + 4 * num_grow_ch, num_feat, 3, 1, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x1 = F.leaky_relu(self.conv1(x), 0.2)
        x2 = F.leaky_relu(self.conv2(torch.cat((x, x1), 1)), 0.2)
        x3 = F.leaky_relu(self.conv3(torch.cat((x, x1, x2), 1)), 0.2)
        x4 = F.leaky_relu(self.conv4(torch.cat((x, x1, x2, x3), 1)), 0.2)
        x5: torch.Tensor = self.conv5(torch.cat((x, x1, x2, x3, x4), 1))
        return x5 * 0.2 + x


class RRDB(nn.Module):
    def __init__(self, num_feat: int, num_grow_ch: int) -> None:
        super().__init__()
        self.rdb1 = ResidualDenseBlock(num_feat, num_grow_ch)
        self.rdb2 = ResidualDenseBlock(num_feat, num_grow_ch)
        self.rdb3 = ResidualDenseBlock(num_feat, num_grow_ch)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out: torch.Tensor = self.rdb3(self.rdb2(self.rdb1(x)))
        return out * 0.2 + x


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
        out: torch.Tensor = feat + self.conv_body(self.body(feat))
        return out

    def upsample(self, feat: torch.Tensor) -> torch.Tensor:
        """Features to the output image: nearest 2x steps, each followed by a 3x3 conv."""
        for name in self.up_names:
            conv = self.get_submodule(name)
            feat = F.leaky_relu(conv(F.interpolate(feat, scale_factor=2.0, mode="nearest")), 0.2)
        out: torch.Tensor = self.conv_last(F.leaky_relu(self.conv_hr(feat), 0.2))
        return out
