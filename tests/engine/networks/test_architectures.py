"""Network descriptors: each architecture recognises its own weights, says truthfully what its
networks do, survives the converted-weights cache, and a new one is a single registration."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
import safetensors.torch
import torch
from torch import nn

from engine.networks.architecture import Architecture, NetworkSpec, NetworkTraits, Seams, StateDict
from engine.networks.architectures import ARCHITECTURES, Architectures
from engine.networks.compact import COMPACT, CompactHyper
from engine.networks.cugan import CUGAN, CuganHyper
from engine.networks.esrgan import ESRGAN, EsrganHyper
from engine.networks.loading import load_model
from engine.networks.precision import supported_precision
from engine.networks.span import SPAN_ARCHITECTURE, SpanHyper
from engine.networks.weights import build_model, read_state_dict, save_converted
from engine.tiling.inference import upscale_tiled
from engine.tiling.plan import plan_tiles

SPECS = [
    NetworkSpec(ESRGAN, EsrganHyper(scale=4, num_block=2)),
    NetworkSpec(ESRGAN, EsrganHyper(scale=2, num_feat=32, num_block=1, num_grow_ch=16)),
    NetworkSpec(ESRGAN, EsrganHyper(scale=1, num_block=1)),
    NetworkSpec(COMPACT, CompactHyper(scale=4, num_conv=4)),
    NetworkSpec(COMPACT, CompactHyper(scale=2, num_feat=16, num_conv=2)),
    NetworkSpec(COMPACT, CompactHyper(scale=3, num_conv=1)),
    NetworkSpec(SPAN_ARCHITECTURE, SpanHyper(scale=4, feature_channels=16)),
    NetworkSpec(SPAN_ARCHITECTURE, SpanHyper(scale=2, norm=False)),
    NetworkSpec(CUGAN, CuganHyper(scale=2)),
    NetworkSpec(CUGAN, CuganHyper(scale=3, se=False)),
    NetworkSpec(CUGAN, CuganHyper(scale=4)),
    NetworkSpec(CUGAN, CuganHyper(scale=2, pro=True)),
]


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: f"{s.name}-{s.hyper}")
def test_every_architecture_recognises_its_own_weights(spec: NetworkSpec):
    """A weight file of any registered architecture and size is read back as that network
    with those hyper-parameters (else an admin's file would be refused or built wrong)."""
    torch.manual_seed(0)
    state = spec.build().state_dict()
    assert ARCHITECTURES.detect(state, "file.pth") == spec
    others = [a for a in ARCHITECTURES if a is not spec.architecture]
    assert all(other.detect(state, "file.pth") is None for other in others)


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: f"{s.name}-{s.hyper}")
def test_the_descriptors_traits_are_what_the_network_does(spec: NetworkSpec):
    """The scale and input multiple the engine plans with are the built network's own: an
    input of whole multiples comes out exactly ``scale`` times larger, in strips too."""
    traits = spec.traits
    module = spec.build().eval()
    side = 4 * traits.input_multiple
    image = torch.rand(1, 3, side, side + traits.input_multiple)
    with torch.inference_mode():
        out = module(image)
        assert out.shape[-2:] == (image.shape[-2] * traits.scale, image.shape[-1] * traits.scale)
        if traits.strips is not None:
            in_strips = traits.strips.network(module, rows=1)(image)
            assert torch.allclose(in_strips, out, atol=1e-5)
    dtype = torch.float32
    assert traits.bytes_per_pixel(dtype, in_strips=True) <= traits.bytes_per_pixel(
        dtype, in_strips=False
    )
    assert 0 < traits.seams.blend <= traits.seams.overlap


def test_specs_round_trip_through_the_cache_metadata():
    """A converted model's spec is read back from its cache file; a file written by another
    version of its architecture (or by an unknown one) is not trusted: it is converted again."""
    for spec in SPECS:
        assert ARCHITECTURES.spec_from_metadata(spec.as_metadata()) == spec
    stale = {**SPECS[0].as_metadata(), "architecture_version": "0"}
    assert ARCHITECTURES.spec_from_metadata(stale) is None
    assert ARCHITECTURES.spec_from_metadata({"kind": "rrdbnet", "scale": "4"}) is None


def test_a_stale_cache_file_is_converted_again(tmp_path: Path):
    """A cache file whose metadata another version wrote is replaced by a fresh conversion,
    and the model still loads and upscales."""
    first = load_model("animevideo-x4", weights_dir=None, cache_dir=tmp_path)
    state = safetensors.torch.load_file(str(first.source))
    save_converted(first.source, state, first.spec, extra={"architecture_version": "0"})
    again = load_model("animevideo-x4", weights_dir=None, cache_dir=tmp_path)
    assert again.source == first.source and again.spec == first.spec
    with safetensors.safe_open(str(again.source), framework="pt") as handle:
        assert handle.metadata()["architecture_version"] == str(COMPACT.version)


@dataclass(frozen=True, slots=True)
class _ShuffleHyper:
    scale: int
    channels: int = 3


class _ShuffleNet(nn.Module):
    def __init__(self, channels: int, scale: int) -> None:
        super().__init__()
        self.conv = nn.Conv2d(channels, channels * scale**2, 3, 1, 1)
        self.shuffle = nn.PixelShuffle(scale)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out: torch.Tensor = self.shuffle(self.conv(x))
        return out


class _Shuffle(Architecture[_ShuffleHyper]):
    """A network the engine has never heard of: one convolution and a pixel shuffle."""

    name = "shuffle"
    version = 1
    label = "Shuffle"
    hyper_type = _ShuffleHyper

    def detect(self, state: StateDict, source: Path | str) -> _ShuffleHyper | None:
        if set(state) != {"conv.weight", "conv.bias"}:
            return None
        out_channels, channels = state["conv.weight"].shape[:2]
        return _ShuffleHyper(scale=int((out_channels // channels) ** 0.5), channels=channels)

    def build(self, hyper: _ShuffleHyper) -> nn.Module:
        return _ShuffleNet(hyper.channels, hyper.scale)

    def traits(self, hyper: _ShuffleHyper) -> NetworkTraits:
        return NetworkTraits(
            scale=hyper.scale,
            seams=Seams(overlap=8, blend=4),
            values_per_pixel=3 * hyper.scale**2,
            pad=4,
            precisions=frozenset({"bf16", "fp32"}),
        )


def test_a_new_architecture_is_one_registration(tmp_path: Path):
    """Registering a descriptor is all a new architecture needs: its weight file is detected
    and loaded, tiles are planned from its traits (its own padding included), and fp16 falls
    back to a precision it supports."""
    shuffle = _Shuffle()
    registry = ARCHITECTURES.with_architecture(shuffle)
    torch.manual_seed(0)
    path = tmp_path / "shuffle.safetensors"
    safetensors.torch.save_file(shuffle.build(_ShuffleHyper(scale=2)).state_dict(), str(path))
    module, spec = build_model(read_state_dict(path), path, registry)
    assert spec == NetworkSpec(shuffle, _ShuffleHyper(scale=2))
    traits = spec.traits
    seams = traits.seams
    image = torch.rand(3, 30, 50)
    whole = plan_tiles(30, 50, overlap=seams.overlap, blend=seams.blend, max_tile_pixels=10**9)
    tiled = plan_tiles(
        30, 50, overlap=seams.overlap, blend=seams.blend, max_tile_pixels=10**9,
        max_tile_side=32, pad=traits.pad,
    )  # fmt: skip
    assert tiled.count > 1 and tiled.pad == 4
    one = upscale_tiled(module, image, scale=traits.scale, plan=whole)
    many = upscale_tiled(module, image, scale=traits.scale, plan=tiled)
    assert many.shape == one.shape == (3, 60, 100)
    assert (one * 255).round().sub((many * 255).round()).abs().max() <= 1
    assert supported_precision("fp16", traits.precisions) == "bf16"
    assert supported_precision("fp32", traits.precisions) == "fp32"


def test_an_architecture_registers_once():
    """Two descriptors under one name would make cached weights ambiguous: refused."""
    with pytest.raises(ValueError, match="registered twice: esrgan"):
        Architectures((ESRGAN, COMPACT, ESRGAN))
