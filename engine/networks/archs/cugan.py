"""Real-CUGAN (UpCunet2x, 3x, 4x): two U-Nets, the second refining the first's upscale.

Every convolution is unpadded; the network reflects 18 (2x), 14 (3x) or 19 (4x) pixels around
the input itself and pads the far sides to a whole multiple of its down-sampling (2, or 4 for
3x), then crops the result to ``scale`` times the input. Squeeze-excitation blocks scale
features by their mean over the whole input (``se``; the "nose" models have none). ``pro``
models see the input compressed to [0.15, 0.85]. Parameter names match the reference
implementation (``unet1.conv1.conv.0.weight``, ``unet2.conv2.seblock.conv1.weight``, ...).
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable

import torch
import torch.nn.functional as F
from torch import nn

PRO_GAIN, PRO_OFFSET = 0.7, 0.15
# Reflected context the network adds around its input, and the side multiple it pads to.
CONTEXT = {2: 18, 3: 14, 4: 19}
MULTIPLE = {2: 2, 3: 4, 4: 2}


def _lrelu(x: torch.Tensor) -> torch.Tensor:
    return F.leaky_relu(x, 0.1)


def _crop(x: torch.Tensor, pixels: int) -> torch.Tensor:
    return x[..., pixels:-pixels, pixels:-pixels]


class TileStatistics:
    """Squeeze-excitation means shared by every tile of one image, so that tiles are gated
    alike (the reference's tile mode does the same: each block's mean is the average of the
    tiles' means, measured block after block).

    ``means`` holds the blocks' means in the order the forward pass reaches them; a pass that
    reaches a block without one measures it (when ``measuring``) and stops there.
    """

    def __init__(self) -> None:
        self.means: list[torch.Tensor] = []
        self.measuring = False
        self._sum: torch.Tensor | None = None
        self._count = 0
        self._reached = 0

    def start_pass(self) -> None:
        self._reached = 0

    def gate_input_mean(self, x: torch.Tensor) -> torch.Tensor:
        index, self._reached = self._reached, self._reached + 1
        if index < len(self.means):
            return self.means[index].to(x.dtype)
        tile_means = x.float().mean(dim=(2, 3), keepdim=True)
        if not self.measuring:
            return tile_means.to(x.dtype)
        total = tile_means.sum(dim=0, keepdim=True)
        self._sum = total if self._sum is None else self._sum + total
        self._count += x.shape[0]
        raise StatisticsMeasured

    def finish_block(self) -> None:
        """The measured block's mean becomes fixed."""
        if self._sum is None:
            raise RuntimeError("no tile reached the squeeze-excitation block")
        self.means.append(self._sum / self._count)
        self._sum, self._count = None, 0


class StatisticsMeasured(Exception):
    """A measuring pass reached the block it measures (the rest of the pass is not needed)."""


class SEBlock(nn.Module):
    def __init__(self, channels: int, reduction: int = 8) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(channels, channels // reduction, 1, 1, 0)
        self.conv2 = nn.Conv2d(channels // reduction, channels, 1, 1, 0)

    def forward(self, x: torch.Tensor, shared: TileStatistics | None = None) -> torch.Tensor:
        if shared is not None:
            mean = shared.gate_input_mean(x)
        else:
            # The mean in float32: a half-precision sum over a large image overflows.
            mean = x.float().mean(dim=(2, 3), keepdim=True).to(x.dtype)
        weight = torch.sigmoid(self.conv2(F.relu(self.conv1(mean))))
        return x * weight


class UNetConv(nn.Module):
    def __init__(self, c_in: int, c_mid: int, c_out: int, se: bool) -> None:
        super().__init__()
        self.fused = False  # its LeakyReLUs run in place (engine.networks.fast_path)
        self.conv = nn.Sequential(
            nn.Conv2d(c_in, c_mid, 3, 1, 0),
            nn.LeakyReLU(0.1),
            nn.Conv2d(c_mid, c_out, 3, 1, 0),
            nn.LeakyReLU(0.1),
        )
        self.seblock = SEBlock(c_out) if se else None

    def forward(self, x: torch.Tensor, shared: TileStatistics | None = None) -> torch.Tensor:
        out: torch.Tensor = self.conv(x)
        return out if self.seblock is None else self.seblock(out, shared)


class UNet1(nn.Module):
    """The first U-Net; with ``deconv`` it upscales by ``scale`` (2, or 3 for UpCunet3x)."""

    def __init__(self, c_in: int, c_out: int, se: bool, deconv: bool, scale: int = 2) -> None:
        super().__init__()
        self.conv1 = UNetConv(c_in, 32, 64, se=False)
        self.conv1_down = nn.Conv2d(64, 64, 2, 2, 0)
        self.conv2 = UNetConv(64, 128, 64, se=se)
        self.conv2_up = nn.ConvTranspose2d(64, 64, 2, 2, 0)
        self.conv3 = nn.Conv2d(64, 64, 3, 1, 0)
        self.conv_bottom: nn.Module
        if not deconv:
            self.conv_bottom = nn.Conv2d(64, c_out, 3, 1, 0)
        elif scale == 3:
            self.conv_bottom = nn.ConvTranspose2d(64, c_out, 5, 3, 2)
        else:
            self.conv_bottom = nn.ConvTranspose2d(64, c_out, 4, 2, 3)

    def forward(self, x: torch.Tensor, shared: TileStatistics | None = None) -> torch.Tensor:
        x1 = self.conv1(x)
        x2 = self.conv2(_lrelu(self.conv1_down(x1)), shared)
        x2 = _lrelu(self.conv2_up(x2))
        x3 = _lrelu(self.conv3(_crop(x1, 4) + x2))
        out: torch.Tensor = self.conv_bottom(x3)
        return out


class UNet2(nn.Module):
    """The second, deeper U-Net (down to a quarter of its input), same size out as in, less
    the context its unpadded convolutions use."""

    def __init__(self, c_in: int, c_out: int, se: bool) -> None:
        super().__init__()
        self.conv1 = UNetConv(c_in, 32, 64, se=False)
        self.conv1_down = nn.Conv2d(64, 64, 2, 2, 0)
        self.conv2 = UNetConv(64, 64, 128, se=se)
        self.conv2_down = nn.Conv2d(128, 128, 2, 2, 0)
        self.conv3 = UNetConv(128, 256, 128, se=se)
        self.conv3_up = nn.ConvTranspose2d(128, 128, 2, 2, 0)
        self.conv4 = UNetConv(128, 64, 64, se=se)
        self.conv4_up = nn.ConvTranspose2d(64, 64, 2, 2, 0)
        self.conv5 = nn.Conv2d(64, 64, 3, 1, 0)
        self.conv_bottom = nn.Conv2d(64, c_out, 3, 1, 0)

    def forward(self, x: torch.Tensor, shared: TileStatistics | None = None) -> torch.Tensor:
        x1 = self.conv1(x)
        x2 = self.conv2(_lrelu(self.conv1_down(x1)), shared)
        x3 = self.conv3(_lrelu(self.conv2_down(x2)), shared)
        x3 = _lrelu(self.conv3_up(x3))
        x4 = self.conv4(_crop(x2, 4) + x3, shared)
        x4 = _lrelu(self.conv4_up(x4))
        x5 = _lrelu(self.conv5(_crop(x1, 16) + x4))
        out: torch.Tensor = self.conv_bottom(x5)
        return out


class UpCunet(nn.Module):
    """Input and output are NCHW RGB in [0, 1]; output is ``scale`` times larger (2, 3, 4)."""

    def __init__(
        self, scale: int, in_channels: int = 3, out_channels: int = 3, se: bool = True,
        pro: bool = False,
    ) -> None:  # fmt: skip
        super().__init__()
        if scale not in CONTEXT:
            raise ValueError(f"Real-CUGAN upscales 2, 3 or 4 times, not {scale}")
        self.scale, self.is_pro = scale, pro
        self.se_blocks = 4 if se else 0  # one in the first U-Net, three in the second
        if scale == 4:
            self.unet1 = UNet1(in_channels, 64, se, deconv=True)
            self.unet2 = UNet2(64, 64, se)
            self.ps = nn.PixelShuffle(2)
            self.conv_final = nn.Conv2d(64, 12, 3, 1, 0)
        else:
            self.unet1 = UNet1(in_channels, out_channels, se, deconv=True, scale=scale)
            self.unet2 = UNet2(in_channels, out_channels, se)
        if pro:
            # The reference's pro weights carry this marker entry; it holds no parameters.
            self.register_buffer("pro", torch.zeros(()))

    def forward(self, x: torch.Tensor, shared: TileStatistics | None = None) -> torch.Tensor:
        """``shared``: squeeze-excitation means shared across tiles (None: this input's own)."""
        if shared is not None:
            shared.start_pass()
        height, width = x.shape[-2:]
        source = x
        if self.is_pro:
            x = x * PRO_GAIN + PRO_OFFSET
        multiple, context = MULTIPLE[self.scale], CONTEXT[self.scale]
        far_bottom, far_right = -height % multiple, -width % multiple
        # Reflection needs more pixels than it reflects: tiny images are replicated instead.
        mode = (
            "reflect" if context + max(far_bottom, far_right) < min(height, width) else "replicate"
        )
        x = F.pad(x, (context, context + far_right, context, context + far_bottom), mode=mode)
        first: torch.Tensor = self.unet1(x, shared)
        out: torch.Tensor = self.unet2(first, shared) + _crop(first, 20)
        if self.scale == 4:
            out = self.ps(_crop(self.conv_final(out), 1))
        out = out[..., : height * self.scale, : width * self.scale]
        if self.is_pro:
            out = (out - PRO_OFFSET) / PRO_GAIN
        if self.scale == 4:
            out = out + F.interpolate(source, scale_factor=4.0, mode="nearest")
        return out


def with_shared_statistics(
    module: UpCunet, survey: Callable[[Callable[[torch.Tensor], torch.Tensor]], None]
) -> Callable[[torch.Tensor], torch.Tensor]:
    """``module`` with its squeeze-excitation means shared by all tiles.

    ``survey(network)`` must run ``network`` over every tile of the image (its output is
    discarded); it runs once per squeeze-excitation block, each pass stopping at the block it
    measures.
    """
    shared = TileStatistics()
    scale = module.scale

    def measure(x: torch.Tensor) -> torch.Tensor:
        with contextlib.suppress(StatisticsMeasured):
            module(x, shared)
        height, width = x.shape[-2:]
        return x.new_zeros((x.shape[0], 3, height * scale, width * scale))

    shared.measuring = True
    for _block in range(module.se_blocks):
        survey(measure)
        shared.finish_block()
    shared.measuring = False
    return functools.partial(module, shared=shared)
