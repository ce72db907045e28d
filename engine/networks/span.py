"""SPAN's descriptor: ClearReality, 4xSPANkendata, the official spanx2/x4 and their kin.

Recognised from ``conv_1`` and ``block_1.c1_r`` with either the collapsed ``eval_conv`` or the
training form (``sk``, ``conv.0..2``, collapsed at load); the upsampler's width gives the
scale. The ncnn graphs hold the collapsed form behind a constant mean subtracted from the
input and, for most models, a multiplication by 255: both are read into the hyper-parameters.
It sees 23 convolutions of 3x3 around each pixel and runs whole (no strips).
"""

from __future__ import annotations

import math
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import torch
from torch import nn

from engine.errors import UnsupportedWeights
from engine.networks.architecture import Architecture, NetworkTraits, Seams, StateDict
from engine.networks.archs.span import SPAN
from engine.networks.ncnn_graph import NcnnLayer, NcnnWeights, convolutions

# The smallest seams that keep a tiled result within max 4 and mean 0.05 levels of one
# whole-image pass in fp32 (BENCHMARKS.md, "Tiled vs whole image").
SEAMS = Seams(overlap=24, blend=8)
# conv_1, three per block, conv_2, conv_cat, the upsampler's.
NCNN_CONVS = 1 + 3 * 6 + 3
DEFAULT_MEAN = (0.4488, 0.4371, 0.4040)
MUL_OP = 2  # ncnn BinaryOp type for multiplication


@dataclass(frozen=True, slots=True)
class SpanHyper:
    scale: int
    num_in_ch: int = 3
    num_out_ch: int = 3
    feature_channels: int = 48
    rgb_mean: tuple[float, float, float] = DEFAULT_MEAN
    img_range: float = 255.0
    norm: bool = True


class Span(Architecture[SpanHyper]):
    name = "span"
    version = 1
    label = "SPAN"
    hyper_type = SpanHyper

    def detect(self, state: StateDict, source: Path | str) -> SpanHyper | None:
        if "block_1.c1_r.eval_conv.weight" not in state and "block_1.c1_r.sk.weight" not in state:
            return None
        first = state.get("conv_1.eval_conv.weight", state.get("conv_1.sk.weight"))
        upsampler = state.get("upsampler.0.weight")
        if first is None or upsampler is None or first.ndim != 4 or upsampler.ndim != 4:
            raise UnsupportedWeights(source, f"looks like {self.label} but its shapes do not fit")
        num_in_ch, features = first.shape[1], first.shape[0]
        scale_sq, remainder = divmod(upsampler.shape[0], num_in_ch)
        scale = math.isqrt(scale_sq)
        if remainder or scale < 1 or scale * scale != scale_sq:
            raise UnsupportedWeights(source, f"looks like {self.label} but its shapes do not fit")
        return SpanHyper(
            scale=scale,
            num_in_ch=num_in_ch,
            num_out_ch=num_in_ch,
            feature_channels=features,
            norm="no_norm" not in state,
        )

    def build(self, hyper: SpanHyper) -> nn.Module:
        return SPAN(
            num_in_ch=hyper.num_in_ch,
            num_out_ch=hyper.num_out_ch,
            feature_channels=hyper.feature_channels,
            upscale=hyper.scale,
            rgb_mean=hyper.rgb_mean,
            img_range=hyper.img_range,
            norm=hyper.norm,
        )

    def traits(self, hyper: SpanHyper) -> NetworkTraits:
        # Alive at once: the first features, block 1's and block 5's outputs, a block's
        # three convolutions, the four-way concatenation; then the shuffled output.
        values = 10 * hyper.feature_channels + 2 * hyper.num_out_ch * hyper.scale**2
        return NetworkTraits(scale=hyper.scale, seams=SEAMS, values_per_pixel=values)

    def from_ncnn(self, layers: Sequence[NcnnLayer], source: Path) -> SpanHyper | None:
        convs = convolutions(layers)
        if len(convs) != NCNN_CONVS or not any("/block_1/c1_r/" in c.name for c in convs):
            return None
        first, last = convs[0], convs[-1]
        in_ch = first.int_param(6) // (first.int_param(0) * 9)
        shuffle = next((layer for layer in layers if layer.kind == "PixelShuffle"), None)
        scale = shuffle.int_param(0) if shuffle is not None else 0
        if scale < 1 or last.int_param(0) != in_ch * scale * scale:
            raise UnsupportedWeights(source, f"looks like {self.label} but its shapes do not fit")
        return SpanHyper(
            scale=scale,
            num_in_ch=in_ch,
            num_out_ch=in_ch,
            feature_channels=first.int_param(0),
            rgb_mean=_input_mean(layers, source),
            img_range=_input_range(layers),
        )

    def ncnn_state(
        self, hyper: SpanHyper, layers: Sequence[NcnnLayer], weights: NcnnWeights, source: Path
    ) -> StateDict:
        """The convolutions by their ncnn names (``/block_1/c1_r/eval_conv/Conv`` ->
        ``block_1.c1_r.eval_conv``); the mean is checked against the hyper-parameters'."""
        reference = self.build(hyper).state_dict()
        state: StateDict = {}
        for layer in layers:
            if layer.kind == "MemoryData":
                count = layer.int_param(0, 1) * layer.int_param(1, 1) * layer.int_param(2, 1)
                mean = tuple(float(v) for v in weights.plain(count))
                if len(mean) != 3 or not all(
                    math.isclose(a, b, abs_tol=1e-6)
                    for a, b in zip(mean, hyper.rgb_mean, strict=True)
                ):
                    raise UnsupportedWeights(source, f"input mean {mean} is not {hyper.rgb_mean}")
            elif layer.kind == "Convolution":
                prefix = _parameter_prefix(layer.name)
                out_ch, k, size = layer.int_param(0), layer.int_param(1), layer.int_param(6)
                state[f"{prefix}.weight"] = torch.from_numpy(
                    weights.tagged(size).reshape(out_ch, size // (out_ch * k * k), k, k)
                )
                if layer.int_param(5):
                    state[f"{prefix}.bias"] = torch.from_numpy(weights.plain(out_ch))
        _check_shapes(state, reference, source)
        return state


def _input_mean(layers: Sequence[NcnnLayer], source: Path) -> tuple[float, float, float]:
    """The mean the graph subtracts from the input: a 1x1x3 ``MemoryData`` constant, the first
    values of the ``.bin`` file beside ``source`` (models differ: 4xSPANkendata's is
    ImageNet's)."""
    constant = next((layer for layer in layers if layer.kind == "MemoryData"), None)
    if constant is None or constant.int_param(2) != 3:
        raise UnsupportedWeights(source, "looks like SPAN but has no input mean")
    try:
        with source.with_suffix(".bin").open("rb") as handle:
            head = handle.read(12)
    except OSError as exc:
        raise UnsupportedWeights(source, f"its .bin file cannot be read ({exc})") from exc
    if len(head) != 12:
        raise UnsupportedWeights(source, "its .bin file ends early")
    red, green, blue = struct.unpack("<3f", head)
    return (red, green, blue)


def _input_range(layers: Sequence[NcnnLayer]) -> float:
    """The factor the graph multiplies the (mean-subtracted) input by before ``conv_1``; 1.0
    when it has none (4xSPANkendata)."""
    for layer in layers:
        if layer.kind == "Convolution":
            break
        if layer.kind == "BinaryOp" and layer.int_param(0) == MUL_OP and layer.int_param(1):
            return layer.float_param(2, 1.0)
    return 1.0


def _parameter_prefix(ncnn_name: str) -> str:
    """``/upsampler/upsampler.0/Conv`` -> ``upsampler.0``; ``/conv_cat/Conv`` -> ``conv_cat``."""
    parts = ncnn_name.strip("/").split("/")[:-1]
    kept = [
        p
        for i, p in enumerate(parts)
        if i + 1 == len(parts) or not parts[i + 1].startswith(p + ".")
    ]
    return ".".join(kept)


def _check_shapes(state: StateDict, reference: StateDict, source: Path) -> None:
    if set(state) != set(reference):
        missing = sorted(set(reference) - set(state))[:3]
        raise UnsupportedWeights(
            source, f"graph lacks {', '.join(missing) or 'nothing'} or has extra layers"
        )
    for name, expected in reference.items():
        if state[name].shape != expected.shape:
            raise UnsupportedWeights(
                source, f"{name}: shape {tuple(state[name].shape)} != {tuple(expected.shape)}"
            )


SPAN_ARCHITECTURE = Span()
