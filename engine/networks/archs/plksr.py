"""PLKSR and RealPLKSR (partial large kernel CNNs, arXiv 2404.11848), as community files ship.

Parameter names match the published files: ``feats.0`` (first conv), ``feats.N`` blocks with
``channe_mixer`` (PLKSR, the typo is the authors') or ``channel_mixer`` (RealPLKSR), ``lk``,
``attn.f.0``, ``refine``, RealPLKSR's ``norm`` (GroupNorm) or ``layer_norm``, and the last
conv. The large kernel convolves only the first ``pdim`` channels; the rest pass through.
Both add the input, repeated per sub-pixel, before the pixel shuffle.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn


class PartialLargeKernel(nn.Module):
    """A large square kernel on the first ``pdim`` channels (key ``conv``)."""

    def __init__(self, pdim: int, kernel_size: int) -> None:
        super().__init__()
        self.pdim = pdim
        self.conv = nn.Conv2d(pdim, pdim, kernel_size, 1, kernel_size // 2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cat((self.conv(x[:, : self.pdim]), x[:, self.pdim :]), dim=1)


class RectSparseLargeKernel(nn.Module):
    """PLKSR's rectangular variant: m x n, n x m and n x n kernels summed, n = m // 3."""

    def __init__(self, pdim: int, kernel_size: int) -> None:
        super().__init__()
        self.pdim = pdim
        m, n = kernel_size, kernel_size // 3
        self.mn_conv = nn.Conv2d(pdim, pdim, (m, n), 1, (m // 2, n // 2))
        self.nm_conv = nn.Conv2d(pdim, pdim, (n, m), 1, (n // 2, m // 2))
        self.nn_conv = nn.Conv2d(pdim, pdim, (n, n), 1, (n // 2, n // 2))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        part = x[:, : self.pdim]
        mixed = self.mn_conv(part) + self.nm_conv(part) + self.nn_conv(part)
        return torch.cat((mixed, x[:, self.pdim :]), dim=1)


class ElementAttention(nn.Module):
    def __init__(self, dim: int) -> None:
        super().__init__()
        self.f = nn.Sequential(nn.Conv2d(dim, dim, 3, 1, 1), nn.Sigmoid())

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out: torch.Tensor = x * self.f(x)
        return out


# PLKSR's channel mixers, by the kernel sizes of their two convolutions.
MIXER_KERNELS = {"CCM": (3, 1), "ICCM": (1, 3), "DCCM": (3, 3)}


def _mixer(dim: int, kernels: tuple[int, int], activation: nn.Module) -> nn.Sequential:
    first, second = kernels
    return nn.Sequential(
        nn.Conv2d(dim, dim * 2, first, 1, first // 2),
        activation,
        nn.Conv2d(dim * 2, dim, second, 1, second // 2),
    )


class PLKBlock(nn.Module):
    def __init__(
        self, dim: int, mixer: str, pdim: int, kernel_size: int, rect: bool, use_ea: bool
    ) -> None:
        super().__init__()
        self.channe_mixer = _mixer(dim, MIXER_KERNELS[mixer], nn.GELU())
        self.lk: nn.Module = (
            RectSparseLargeKernel(pdim, kernel_size)
            if rect
            else PartialLargeKernel(pdim, kernel_size)
        )
        self.attn: nn.Module = ElementAttention(dim) if use_ea else nn.Identity()
        self.refine = nn.Conv2d(dim, dim, 1, 1, 0)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out: torch.Tensor = self.refine(self.attn(self.lk(self.channe_mixer(x))))
        return out + x


class ChannelLayerNorm(nn.Module):
    """LayerNorm over the channels of each pixel (keys ``weight``, ``bias``)."""

    def __init__(self, dim: int, eps: float = 1e-6) -> None:
        super().__init__()
        self.weight = nn.Parameter(torch.ones(dim))
        self.bias = nn.Parameter(torch.zeros(dim))
        self.eps = eps

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        mean = x.mean(1, keepdim=True)
        var = (x - mean).pow(2).mean(1, keepdim=True)
        normed = (x - mean) / torch.sqrt(var + self.eps)
        return self.weight[:, None, None] * normed + self.bias[:, None, None]


class RealPLKBlock(nn.Module):
    def __init__(
        self, dim: int, pdim: int, kernel_size: int, use_ea: bool, layer_norm: bool, groups: int
    ) -> None:
        super().__init__()
        self.layer_norm: nn.Module = ChannelLayerNorm(dim) if layer_norm else nn.Identity()
        self.channel_mixer = _mixer(dim, MIXER_KERNELS["DCCM"], nn.Mish())
        self.lk = PartialLargeKernel(pdim, kernel_size)
        self.attn: nn.Module = ElementAttention(dim) if use_ea else nn.Identity()
        self.refine = nn.Conv2d(dim, dim, 1, 1, 0)
        # Without the layer norm, a GroupNorm after the block (statistics over the whole
        # tile: the reason RealPLKSR's seams are wider).
        self.norm: nn.Module = nn.Identity() if layer_norm else nn.GroupNorm(groups, dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.refine(self.attn(self.lk(self.channel_mixer(self.layer_norm(x)))))
        normed: torch.Tensor = self.norm(out)
        return normed + x


class PLKSR(nn.Module):
    """Input and output are NCHW RGB in [0, 1]; output is ``scale`` times larger."""

    def __init__(
        self,
        *,
        dim: int,
        n_blocks: int,
        scale: int,
        kernel_size: int,
        pdim: int,
        mixer: str = "CCM",
        rect: bool = False,
        use_ea: bool = True,
        real: bool = False,
        layer_norm: bool = False,
        norm_groups: int = 4,
    ) -> None:
        super().__init__()
        self.scale = scale
        blocks: list[nn.Module] = [
            RealPLKBlock(dim, pdim, kernel_size, use_ea, layer_norm, norm_groups)
            if real
            else PLKBlock(dim, mixer, pdim, kernel_size, rect, use_ea)
            for _ in range(n_blocks)
        ]
        # RealPLKSR keeps a (parameter-free) dropout before its last conv: indices follow it.
        tail: list[nn.Module] = [nn.Dropout2d(0.0)] if real else []
        self.feats = nn.Sequential(
            nn.Conv2d(3, dim, 3, 1, 1), *blocks, *tail, nn.Conv2d(dim, 3 * scale**2, 3, 1, 1)
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        repeated = torch.repeat_interleave(x, self.scale**2, dim=1)
        return F.pixel_shuffle(self.feats(x) + repeated, self.scale)
