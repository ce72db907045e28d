"""DAT, the Dual Aggregation Transformer (Chen et al., ICCV 2023): DAT, DAT-S, DAT-2 and
DAT-light, as the Nomos8k community models ship.

Parameter and buffer names match the published files (``conv_first``, ``before_RG.1``,
``layers.N.blocks.M.{norm1,attn,norm2,ffn}``, ``layers.N.conv``, ``norm``,
``conv_after_body``, then ``conv_before_upsample``/``upsample``/``conv_last`` or one
``upsample`` step for the light model). Blocks alternate between spatial window attention
(two branches on half the channels each, rectangular windows of ``split`` and its transpose,
shifted every other time) and channel attention over the whole input.

Windows need sides that are multiples of the larger split: the spatial attention pads its
input with zeros to that multiple and crops afterwards, so any image size runs. The shift
masks are computed for the padded size at run time (the file's ``attn_mask`` buffers, made
for its training size, are loaded only to keep the keys).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

RGB_MEAN = (0.4488, 0.4371, 0.4040)


def _windows(image: torch.Tensor, h_sp: int, w_sp: int) -> torch.Tensor:
    """B C H W -> (B * windows) x (h_sp * w_sp) x C."""
    b, c, h, w = image.shape
    tiles = image.view(b, c, h // h_sp, h_sp, w // w_sp, w_sp)
    return tiles.permute(0, 2, 4, 3, 5, 1).reshape(-1, h_sp * w_sp, c)


def _unwindow(windows: torch.Tensor, h_sp: int, w_sp: int, h: int, w: int) -> torch.Tensor:
    """(B * windows) x (h_sp * w_sp) x C -> B H W C."""
    b = windows.shape[0] // ((h // h_sp) * (w // w_sp))
    tiles = windows.view(b, h // h_sp, w // w_sp, h_sp, w_sp, -1)
    return tiles.permute(0, 1, 3, 2, 4, 5).reshape(b, h, w, -1)


class PositionBias(nn.Module):
    """Dynamic relative position bias: a small MLP from (dy, dx) to one bias per head."""

    def __init__(self, dim: int, heads: int) -> None:
        super().__init__()
        pos_dim = dim // 4
        self.pos_proj = nn.Linear(2, pos_dim)
        self.pos1 = nn.Sequential(nn.LayerNorm(pos_dim), nn.ReLU(), nn.Linear(pos_dim, pos_dim))
        self.pos2 = nn.Sequential(nn.LayerNorm(pos_dim), nn.ReLU(), nn.Linear(pos_dim, pos_dim))
        self.pos3 = nn.Sequential(nn.LayerNorm(pos_dim), nn.ReLU(), nn.Linear(pos_dim, heads))

    def forward(self, offsets: torch.Tensor) -> torch.Tensor:
        out: torch.Tensor = self.pos3(self.pos2(self.pos1(self.pos_proj(offsets))))
        return out


class WindowAttention(nn.Module):
    """Attention inside ``h_sp`` x ``w_sp`` windows for one branch (``idx`` 1 transposes)."""

    def __init__(self, dim: int, idx: int, split: tuple[int, int], heads: int) -> None:
        super().__init__()
        self.heads = heads
        self.scale = (dim // heads) ** -0.5
        self.h_sp, self.w_sp = split if idx == 0 else (split[1], split[0])
        self.pos = PositionBias(dim // 4, heads)
        dy = torch.arange(1 - self.h_sp, self.h_sp)
        dx = torch.arange(1 - self.w_sp, self.w_sp)
        offsets = torch.stack(torch.meshgrid(dy, dx, indexing="ij")).flatten(1).t().float()
        self.register_buffer("rpe_biases", offsets.contiguous())
        coords = torch.stack(
            torch.meshgrid(torch.arange(self.h_sp), torch.arange(self.w_sp), indexing="ij")
        ).flatten(1)
        relative = (coords[:, :, None] - coords[:, None, :]).permute(1, 2, 0)
        index = (relative[..., 0] + self.h_sp - 1) * (2 * self.w_sp - 1) + relative[..., 1]
        self.register_buffer("relative_position_index", index + self.w_sp - 1)

    def _heads(self, x: torch.Tensor, h: int, w: int) -> torch.Tensor:
        b, _, c = x.shape
        windows = _windows(x.transpose(1, 2).reshape(b, c, h, w), self.h_sp, self.w_sp)
        n = self.h_sp * self.w_sp
        return windows.reshape(-1, n, self.heads, c // self.heads).permute(0, 2, 1, 3)

    def forward(self, qkv: torch.Tensor, h: int, w: int, mask: torch.Tensor | None) -> torch.Tensor:
        """``qkv``: 3 x B x (H W) x C -> B x H x W x C."""
        q, k, v = (self._heads(t, h, w) for t in qkv)
        attn = (q * self.scale) @ k.transpose(-2, -1)
        n = self.h_sp * self.w_sp
        bias = self.pos(self.rpe_biases)[self.get_buffer("relative_position_index").reshape(-1)]
        attn = attn + bias.view(n, n, -1).permute(2, 0, 1).unsqueeze(0)
        if mask is not None:
            windows = mask.shape[0]
            attn = attn.view(-1, windows, self.heads, n, n) + mask[None, :, None]
            attn = attn.view(-1, self.heads, n, n)
        out = (attn.softmax(dim=-1) @ v).transpose(1, 2).reshape(-1, n, q.shape[1] * q.shape[3])
        return _unwindow(out, self.h_sp, self.w_sp, h, w)


def _interactions(dim: int) -> tuple[nn.Sequential, nn.Sequential, nn.Sequential]:
    """The depthwise conv branch and the two maps that let it and attention modulate each
    other (channel map from a global average, spatial map per pixel)."""
    dwconv = nn.Sequential(nn.Conv2d(dim, dim, 3, 1, 1, groups=dim), nn.BatchNorm2d(dim), nn.GELU())
    channel = nn.Sequential(
        nn.AdaptiveAvgPool2d(1),
        nn.Conv2d(dim, dim // 8, 1),
        nn.BatchNorm2d(dim // 8),
        nn.GELU(),
        nn.Conv2d(dim // 8, dim, 1),
    )
    spatial = nn.Sequential(
        nn.Conv2d(dim, dim // 16, 1),
        nn.BatchNorm2d(dim // 16),
        nn.GELU(),
        nn.Conv2d(dim // 16, 1, 1),
    )
    return dwconv, channel, spatial


class SpatialAttention(nn.Module):
    def __init__(
        self, dim: int, heads: int, split: tuple[int, int], qkv_bias: bool, shifted: bool,
        masks: tuple[int, int] | None,
    ) -> None:  # fmt: skip
        super().__init__()
        self.split, self.shift = split, (split[0] // 2, split[1] // 2)
        self.shifted = shifted
        self.qkv = nn.Linear(dim, dim * 3, bias=qkv_bias)
        self.proj = nn.Linear(dim, dim)
        self.attns = nn.ModuleList(
            WindowAttention(dim // 2, idx, split, heads // 2) for idx in (0, 1)
        )
        if masks is not None:  # the file's training-size masks: loaded, not used
            self.register_buffer("attn_mask_0", torch.zeros(masks[0], *([split[0] * split[1]] * 2)))
            self.register_buffer("attn_mask_1", torch.zeros(masks[1], *([split[0] * split[1]] * 2)))
        self.dwconv, self.channel_interaction, self.spatial_interaction = _interactions(dim)

    def _masks(self, h: int, w: int, like: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Shifted windows wrap around: tokens from different sides may not attend."""
        (sp0, sp1), (sh0, sh1) = self.split, self.shift
        masks = []
        for (hs, hsh), (ws, wsh) in (((sp0, sh0), (sp1, sh1)), ((sp1, sh1), (sp0, sh0))):
            regions = torch.zeros(1, 1, h, w, dtype=like.dtype, device=like.device)
            label = 0
            for rows in (slice(0, -hs), slice(-hs, -hsh), slice(-hsh, None)):
                for cols in (slice(0, -ws), slice(-ws, -wsh), slice(-wsh, None)):
                    regions[:, :, rows, cols] = label
                    label += 1
            windows = _windows(regions, hs, ws).squeeze(-1)
            differ = windows.unsqueeze(1) - windows.unsqueeze(2)
            masks.append(torch.zeros_like(differ).masked_fill(differ != 0, -100.0))
        return masks[0], masks[1]

    def forward(self, x: torch.Tensor, h: int, w: int) -> torch.Tensor:
        b, length, c = x.shape
        qkv = self.qkv(x).reshape(b, -1, 3, c).permute(2, 0, 1, 3)
        v = qkv[2].transpose(-2, -1).contiguous().view(b, c, h, w)
        # Windows need whole multiples of the larger split: zeros on the right and bottom.
        m = max(self.split)
        pad_r, pad_b = (m - w % m) % m, (m - h % m) % m
        grid = qkv.reshape(3 * b, h, w, c).permute(0, 3, 1, 2)
        grid = F.pad(grid, (0, pad_r, 0, pad_b))
        hp, wp = h + pad_b, w + pad_r
        grid = grid.reshape(3, b, c, hp, wp).permute(0, 1, 3, 4, 2)  # 3 B H W C
        half = c // 2
        (s0, s1) = self.shift
        if self.shifted:
            mask_0, mask_1 = self._masks(hp, wp, x)
            q0 = torch.roll(grid[..., :half], shifts=(-s0, -s1), dims=(2, 3))
            q1 = torch.roll(grid[..., half:], shifts=(-s1, -s0), dims=(2, 3))
            x1 = self.attns[0](q0.reshape(3, b, -1, half), hp, wp, mask_0)
            x2 = self.attns[1](q1.reshape(3, b, -1, half), hp, wp, mask_1)
            x1 = torch.roll(x1, shifts=(s0, s1), dims=(1, 2))
            x2 = torch.roll(x2, shifts=(s1, s0), dims=(1, 2))
        else:
            x1 = self.attns[0](grid[..., :half].reshape(3, b, -1, half), hp, wp, None)
            x2 = self.attns[1](grid[..., half:].reshape(3, b, -1, half), hp, wp, None)
        attended = torch.cat(
            (x1[:, :h, :w].reshape(b, length, half), x2[:, :h, :w].reshape(b, length, half)),
            dim=2,
        )
        conv_x = self.dwconv(v)
        channel_map = self.channel_interaction(conv_x).permute(0, 2, 3, 1).reshape(b, 1, c)
        spatial_map = self.spatial_interaction(attended.transpose(1, 2).reshape(b, c, h, w))
        attended = attended * torch.sigmoid(channel_map)
        conv_x = (torch.sigmoid(spatial_map) * conv_x).permute(0, 2, 3, 1).reshape(b, length, c)
        out: torch.Tensor = self.proj(attended + conv_x)
        return out


class ChannelAttention(nn.Module):
    """Attention across channels, over every token of the input (XCiT style)."""

    def __init__(self, dim: int, heads: int, qkv_bias: bool) -> None:
        super().__init__()
        self.heads = heads
        self.temperature = nn.Parameter(torch.ones(heads, 1, 1))
        self.qkv = nn.Linear(dim, dim * 3, bias=qkv_bias)
        self.proj = nn.Linear(dim, dim)
        self.dwconv, self.channel_interaction, self.spatial_interaction = _interactions(dim)

    def forward(self, x: torch.Tensor, h: int, w: int) -> torch.Tensor:
        b, n, c = x.shape
        qkv = self.qkv(x).reshape(b, n, 3, self.heads, c // self.heads).permute(2, 0, 3, 4, 1)
        q, k, v = qkv[0], qkv[1], qkv[2]  # B heads d N
        q, k = F.normalize(q, dim=-1), F.normalize(k, dim=-1)
        attn = ((q @ k.transpose(-2, -1)) * self.temperature).softmax(dim=-1)
        attended = (attn @ v).permute(0, 3, 1, 2).reshape(b, n, c)
        conv_x = self.dwconv(v.reshape(b, c, h, w))
        channel_map = self.channel_interaction(attended.transpose(1, 2).reshape(b, c, h, w))
        spatial_map = self.spatial_interaction(conv_x).permute(0, 2, 3, 1).reshape(b, n, 1)
        attended = attended * torch.sigmoid(spatial_map)
        conv_x = (conv_x * torch.sigmoid(channel_map)).permute(0, 2, 3, 1).reshape(b, n, c)
        out: torch.Tensor = self.proj(attended + conv_x)
        return out


class SpatialGate(nn.Module):
    def __init__(self, dim: int) -> None:
        super().__init__()
        self.norm = nn.LayerNorm(dim)
        self.conv = nn.Conv2d(dim, dim, 3, 1, 1, groups=dim)

    def forward(self, x: torch.Tensor, h: int, w: int) -> torch.Tensor:
        x1, x2 = x.chunk(2, dim=-1)
        b, _, c = x2.shape
        gate = self.conv(self.norm(x2).transpose(1, 2).reshape(b, c, h, w))
        out: torch.Tensor = x1 * gate.flatten(2).transpose(1, 2)
        return out


class GatedFeedForward(nn.Module):
    def __init__(self, dim: int, hidden: int) -> None:
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.sg = SpatialGate(hidden // 2)
        self.fc2 = nn.Linear(hidden // 2, dim)

    def forward(self, x: torch.Tensor, h: int, w: int) -> torch.Tensor:
        out: torch.Tensor = self.fc2(self.sg(F.gelu(self.fc1(x)), h, w))
        return out


def is_shifted(group: int, block: int) -> bool:
    """Which spatial blocks shift their windows (the authors' pattern)."""
    if group % 2 == 0:
        return block > 0 and (block - 2) % 4 == 0
    return block % 4 == 0


class DATBlock(nn.Module):
    def __init__(
        self, dim: int, heads: int, split: tuple[int, int], hidden: int, qkv_bias: bool,
        group: int, block: int, masks: tuple[int, int] | None,
    ) -> None:  # fmt: skip
        super().__init__()
        self.norm1 = nn.LayerNorm(dim)
        self.attn: nn.Module = (
            SpatialAttention(dim, heads, split, qkv_bias, is_shifted(group, block), masks)
            if block % 2 == 0
            else ChannelAttention(dim, heads, qkv_bias)
        )
        self.norm2 = nn.LayerNorm(dim)
        self.ffn = GatedFeedForward(dim, hidden)

    def forward(self, x: torch.Tensor, h: int, w: int) -> torch.Tensor:
        x = x + self.attn(self.norm1(x), h, w)
        out: torch.Tensor = x + self.ffn(self.norm2(x), h, w)
        return out


def _residual_conv(dim: int, three: bool) -> nn.Module:
    if not three:
        return nn.Conv2d(dim, dim, 3, 1, 1)
    return nn.Sequential(
        nn.Conv2d(dim, dim // 4, 3, 1, 1),
        nn.LeakyReLU(0.2),
        nn.Conv2d(dim // 4, dim // 4, 1, 1, 0),
        nn.LeakyReLU(0.2),
        nn.Conv2d(dim // 4, dim, 3, 1, 1),
    )


class ResidualGroup(nn.Module):
    def __init__(self, blocks: list[DATBlock], dim: int, three_conv: bool) -> None:
        super().__init__()
        self.blocks = nn.ModuleList(blocks)
        self.conv = _residual_conv(dim, three_conv)

    def forward(self, x: torch.Tensor, h: int, w: int) -> torch.Tensor:
        out = x
        for block in self.blocks:
            out = block(out, h, w)
        b, _, c = out.shape
        image = self.conv(out.transpose(1, 2).reshape(b, c, h, w))
        residual: torch.Tensor = x + image.flatten(2).transpose(1, 2)
        return residual


class DAT(nn.Module):
    """Input and output are NCHW in [0, 1]; output is ``scale`` times larger.

    ``masks``: per (group, block) of a shifted block, the window counts of the file's stored
    masks (``attn_mask_0``, ``attn_mask_1``), so its buffers load; None where it has none.
    """

    def __init__(
        self, *, in_ch: int, dim: int, depths: tuple[int, ...], heads: tuple[int, ...],
        split: tuple[int, int], hidden: int, qkv_bias: bool, scale: int, num_feat: int,
        three_conv: bool, direct: bool, masks: dict[tuple[int, int], tuple[int, int]],
    ) -> None:  # fmt: skip
        super().__init__()
        self.scale, self.direct = scale, direct
        mean = RGB_MEAN if in_ch == 3 else (0.0,) * in_ch
        self.mean = nn.Buffer(torch.tensor(mean).view(1, in_ch, 1, 1), persistent=False)
        self.conv_first = nn.Conv2d(in_ch, dim, 3, 1, 1)
        self.before_RG = nn.Sequential(nn.Flatten(2), nn.LayerNorm(dim))
        self.layers = nn.ModuleList(
            ResidualGroup(
                [
                    DATBlock(dim, heads[g], split, hidden, qkv_bias, g, i, masks.get((g, i)))
                    for i in range(depth)
                ],
                dim,
                three_conv,
            )
            for g, depth in enumerate(depths)
        )
        self.norm = nn.LayerNorm(dim)
        self.conv_after_body = _residual_conv(dim, three_conv)
        if direct:
            self.upsample = nn.Sequential(
                nn.Conv2d(dim, scale * scale * in_ch, 3, 1, 1), nn.PixelShuffle(scale)
            )
        else:
            self.conv_before_upsample = nn.Sequential(
                nn.Conv2d(dim, num_feat, 3, 1, 1), nn.LeakyReLU()
            )
            steps: list[nn.Module] = []
            for factor in [3] if scale == 3 else [2] * (scale.bit_length() - 1):
                steps += [nn.Conv2d(num_feat, factor * factor * num_feat, 3, 1, 1)]
                steps += [nn.PixelShuffle(factor)]
            self.upsample = nn.Sequential(*steps)
            self.conv_last = nn.Conv2d(num_feat, in_ch, 3, 1, 1)

    def features(self, x: torch.Tensor) -> torch.Tensor:
        b, c, h, w = x.shape
        # before_RG.0 flattens to B C (H W); tokens are B (H W) C for its LayerNorm.
        tokens: torch.Tensor = self.before_RG[1](self.before_RG[0](x).transpose(1, 2))
        for layer in self.layers:
            tokens = layer(tokens, h, w)
        normed: torch.Tensor = self.norm(tokens)
        return normed.transpose(1, 2).reshape(b, c, h, w)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        mean = self.mean.to(x.dtype)
        feat = self.conv_first(x - mean)
        feat = self.conv_after_body(self.features(feat)) + feat
        if self.direct:
            out: torch.Tensor = self.upsample(feat)
        else:
            out = self.conv_last(self.upsample(self.conv_before_upsample(feat)))
        return out + mean
