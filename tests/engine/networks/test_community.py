"""Community files in the weights folder: recognised by content, offered by file name,
refused with one sentence each when they cannot be used."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import torch

from config import load_settings
from engine.errors import UnsupportedWeights
from engine.networks.archs import SRVGGNetCompact
from engine.networks.community import available_models, scan_weights_dir
from engine.networks.loading import load_model
from engine.networks.weights import read_state_dict
from engine.upscaler import UpscaleOptions, Upscaler
from testbed.images import encoded, photo
from tests.engine.networks.community_files import (
    bsrgan_layout,
    old_esrgan_layout,
    save,
    tiny_dat,
    tiny_plksr,
    tiny_rrdbnet,
)


def _run(module: torch.nn.Module, seed: int = 1) -> torch.Tensor:
    x = torch.rand(1, 3, 16, 20, generator=torch.Generator().manual_seed(seed))
    with torch.inference_mode():
        out: torch.Tensor = module(x)
    return out


def test_old_and_new_esrgan_layouts_give_the_same_pixels(tmp_path: Path):
    """4x-UltraSharp-style files (old layout) compute exactly what the same weights do in the
    Real-ESRGAN layout."""
    net = tiny_rrdbnet(scale=4)
    save(net.state_dict(), tmp_path / "weights" / "4x-New.safetensors")
    old = save(old_esrgan_layout(net.state_dict(), 2), tmp_path / "weights" / "4x-UltraSharp.pth")
    assert "model.1.sub.0.RDB1.conv1.0.weight" in torch.load(old, weights_only=True)
    models = scan_weights_dir(tmp_path / "weights").models
    outputs = []
    for name in ("4x-New", "4x-UltraSharp"):
        loaded = load_model(name, weights_dir=tmp_path / "weights", cache_dir=tmp_path)
        assert models[name].spec.scale == loaded.scale == 4
        outputs.append(_run(loaded.module))
    assert outputs[0].shape == (1, 3, 64, 80)
    assert torch.equal(outputs[0], outputs[1])
    assert torch.equal(outputs[0], _run(net))


@pytest.mark.parametrize(
    ("steps", "scale", "wrapper"),
    [(0, 1, None), (1, 2, "params"), (2, 4, "params_ema"), (3, 8, None)],
)
def test_old_esrgan_scale_is_read_from_the_weights(
    tmp_path: Path, steps: int, scale: int, wrapper: str | None
):
    """1x, 2x, 4x and 8x old-layout files (bare or wrapped) are offered at their own scale and
    produce images that size."""
    net = tiny_rrdbnet(scale=scale, upsample_steps=steps)
    weights = tmp_path / "weights"
    save(old_esrgan_layout(net.state_dict(), steps), weights / f"{scale}x_NMKD-Test.pth", wrapper)
    info = available_models(weights)[f"{scale}x_NMKD-Test"]
    assert info.scale == scale
    assert "RRDBNet" in info.description
    loaded = load_model(f"{scale}x_NMKD-Test", weights_dir=weights, cache_dir=tmp_path)
    out = _run(loaded.module)
    assert out.shape == (1, 3, 16 * scale, 20 * scale)
    assert torch.equal(out, _run(net))


@pytest.mark.parametrize(("scale", "steps"), [(4, 2), (2, 1)])
def test_bsrgan_named_esrgan_files_are_offered(tmp_path: Path, scale: int, steps: int):
    """BSRGAN/RealSR-named files (RRDB_trunk, trunk_conv, upconvN, HRconv) run as the same
    network at their own scale."""
    net = tiny_rrdbnet(scale=scale, upsample_steps=steps)
    state = bsrgan_layout(net.state_dict())
    assert {"RRDB_trunk.0.RDB1.conv1.weight", "trunk_conv.weight", "HRconv.weight"} <= set(state)
    weights = tmp_path / "weights"
    save(state, weights / f"BSRGANx{scale}.pth")
    loaded = load_model(f"BSRGANx{scale}", weights_dir=weights, cache_dir=tmp_path)
    assert (loaded.spec.name, loaded.scale) == ("esrgan", scale)
    assert torch.equal(_run(loaded.module), _run(net))


def test_compact_files_of_any_depth_and_width_are_offered(tmp_path: Path):
    """SRVGGNet files (PReLU, 24 wide, 6 deep, x2) come out at their scale."""
    torch.manual_seed(0)
    net = SRVGGNetCompact(num_feat=24, num_conv=6, upscale=2).eval()
    weights = tmp_path / "weights"
    save(net.state_dict(), weights / "2x-AnimeSharpCompact.safetensors")
    loaded = load_model("2x-AnimeSharpCompact", weights_dir=weights, cache_dir=tmp_path)
    assert (loaded.spec.name, loaded.scale, loaded.spec.hyper.num_conv) == ("compact", 2, 6)
    assert torch.equal(_run(loaded.module), _run(net))


PLKSR_FILES = [
    # file, builder options, architecture, keys the published files have
    ("2x-RealPLKSR.pth", {"real": True}, "realplksr", ["feats.1.channel_mixer.0.weight",
        "feats.1.norm.weight", "feats.1.lk.conv.weight", "feats.1.attn.f.0.weight"]),
    ("4xNomos2_realplksr_layernorm.safetensors", {"real": True, "layer_norm": True},
        "realplksr", ["feats.1.layer_norm.weight", "feats.4.weight"]),
    ("4xPLKSR.safetensors", {"real": False}, "plksr", ["feats.1.channe_mixer.2.weight",
        "feats.3.weight"]),
    ("2xPLKSR_rect.pth", {"real": False, "rect": True, "mixer": "ICCM", "use_ea": False,
        "kernel_size": 9},
        "plksr", ["feats.1.lk.mn_conv.weight", "feats.1.lk.nn_conv.weight"]),
]  # fmt: skip


@pytest.mark.parametrize(("filename", "options", "architecture", "published"), PLKSR_FILES)
def test_plksr_files_are_detected_with_their_variant(
    tmp_path: Path, filename: str, options: dict[str, object], architecture: str,
    published: list[str],
):  # fmt: skip
    """PLKSR and RealPLKSR files (GroupNorm or LayerNorm, square or rectangular kernels, the
    three channel mixers) are offered at their scale and compute what they were saved from."""
    scale = int(filename[0])
    net = tiny_plksr(scale, **options)  # type: ignore[arg-type]
    state = net.state_dict()
    assert set(published) <= set(state)
    weights = tmp_path / "weights"
    save(state, weights / filename, wrapper="params_ema" if filename.endswith(".pth") else None)
    name = filename.rsplit(".", 1)[0]
    loaded = load_model(name, weights_dir=weights, cache_dir=tmp_path)
    assert (loaded.spec.name, loaded.scale) == (architecture, scale)
    assert (loaded.spec.hyper.dim, loaded.spec.hyper.n_blocks, loaded.spec.hyper.pdim) == (16, 2, 4)
    out = _run(loaded.module)
    assert out.shape == (1, 3, 16 * scale, 20 * scale)
    assert torch.equal(out, _run(net))


# Keys every published DAT file has (spandrel's detection list), beyond the first block's.
DAT_KEYS = [
    "conv_first.weight", "before_RG.1.weight", "layers.0.blocks.0.ffn.sg.norm.weight",
    "layers.0.blocks.0.ffn.sg.conv.weight", "layers.0.blocks.0.attn.qkv.weight",
    "layers.0.blocks.0.attn.dwconv.1.running_mean",
    "layers.0.blocks.0.attn.channel_interaction.2.running_mean",
    "layers.0.blocks.0.attn.spatial_interaction.3.weight",
    "layers.0.blocks.0.attn.attns.0.rpe_biases",
    "layers.0.blocks.0.attn.attns.0.relative_position_index",
    "layers.0.blocks.0.attn.attns.0.pos.pos3.0.weight", "layers.0.blocks.1.attn.temperature",
    "norm.weight",
]  # fmt: skip
DAT_FILES = [
    ("4xNomos8kDAT.safetensors", "DAT", ["conv_before_upsample.0.weight", "upsample.2.weight",
        "conv_last.weight", "conv_after_body.weight", "layers.0.blocks.2.attn.attn_mask_0"]),
    ("4xNomos8k_DAT2.pth", "DAT-2", ["layers.1.blocks.0.attn.attn_mask_1"]),
    ("2x-DAT-S.pth", "DAT-S", ["upsample.0.weight", "layers.3.conv.weight"]),
    ("3xDAT_light.safetensors", "DAT-light", ["upsample.0.weight", "conv_after_body.4.weight",
        "layers.0.conv.2.weight"]),
]  # fmt: skip


@pytest.mark.parametrize(("filename", "variant", "published"), DAT_FILES)
def test_dat_files_are_detected_with_their_variant(
    tmp_path: Path, filename: str, variant: str, published: list[str]
):
    """DAT, DAT-2, DAT-S and DAT-light files are offered at their scale and compute what they
    were saved from, at any image size (their windows pad themselves)."""
    scale = int(filename[0])
    net = tiny_dat(scale, variant)
    state = net.state_dict()
    assert set(DAT_KEYS + published) <= set(state)
    weights = tmp_path / "weights"
    save(state, weights / filename, wrapper="params" if filename.endswith(".pth") else None)
    name = filename.rsplit(".", 1)[0]
    loaded = load_model(name, weights_dir=weights, cache_dir=tmp_path)
    assert (loaded.spec.name, loaded.scale, loaded.spec.hyper.variant) == ("dat", scale, variant)
    assert loaded.traits.precisions == {"fp32", "bf16"}
    out = _run(loaded.module)  # 16 x 20: not a multiple of the 4 x 16 windows
    assert out.shape == (1, 3, 16 * scale, 20 * scale)
    assert torch.equal(out, _run(net))


def test_a_community_file_upscales_through_the_engine(tmp_path: Path):
    """A member choosing the file's name gets an image at the file's scale."""
    weights = tmp_path / "weights"
    save(old_esrgan_layout(tiny_rrdbnet(scale=2, upsample_steps=1).state_dict(), 1),
         weights / "2x-Remacri.pth")  # fmt: skip
    settings = load_settings(engine={"weights_dir": weights, "device": "cpu"}).engine
    result = Upscaler(settings, tmp_path / "cache").upscale_bytes(
        encoded(photo(24, 20)), UpscaleOptions(model="2x-Remacri")
    )
    assert result.image.rgb.shape == (40, 48, 3)
    assert result.model == "2x-Remacri"


def test_unusable_files_are_refused_by_name_and_the_rest_still_load(tmp_path: Path):
    """Each bad file gets one sentence naming it; good files beside them are still offered."""
    weights = tmp_path / "weights"
    save(tiny_rrdbnet(scale=4).state_dict(), weights / "4x-Good.pth")
    torch.save({"params": shutil.rmtree}, weights / "evil.pth")  # code, not tensors
    good = (weights / "4x-Good.pth").read_bytes()
    (weights / "truncated.pth").write_bytes(good[: len(good) // 2])
    save({"encoder.weight": torch.zeros(3, 3), "decoder.bias": torch.zeros(3)},
         weights / "mystery.safetensors")  # fmt: skip
    (weights / "4x-Old.ckpt").write_bytes(b"anything")
    save(tiny_rrdbnet(scale=4).state_dict(), weights / "x4plus.pth")
    save(tiny_rrdbnet(scale=4).state_dict(), weights / ("x" * 70 + ".pth"))
    save(tiny_rrdbnet(scale=4).state_dict(), weights / "bad name!.pth")
    save(tiny_rrdbnet(scale=4).state_dict(), weights / "4x-good.safetensors")
    (weights / "README.txt").write_text("models from the wiki")

    scan = scan_weights_dir(weights)
    assert set(scan.models) == {"4x-good"}  # .safetensors read first; 4x-Good clashes
    refused = "\n".join(scan.refused)
    assert len(scan.refused) == 8
    assert f"{weights / 'evil.pth'}: needs code to load" in refused
    assert "Unsupported global: GLOBAL shutil.rmtree" in refused  # what it wanted to run
    assert f"{weights / 'truncated.pth'}: cannot be read as weights, damaged or truncated" in (
        refused
    )
    assert f"{weights / 'mystery.safetensors'}: unknown architecture" in refused
    assert "keys start decoder.bias, encoder.weight" in refused
    assert f"{weights / '4x-Old.ckpt'}: not read, a .ckpt checkpoint may run code" in refused
    assert "'x4plus' is the name of a bundled model" in refused
    assert "the name is 70 characters, at most 64" in refused
    assert f"{weights / 'bad name!.pth'}: the name may hold only letters" in refused
    assert "'4x-Good' is already offered from 4x-good.safetensors" in refused
    assert "README" not in refused


def test_oversized_files_are_refused_before_reading(tmp_path: Path):
    """A file over the size limit is named with its size and never loaded."""
    path = save(tiny_rrdbnet(scale=4).state_dict(), tmp_path / "huge.pth")
    with pytest.raises(UnsupportedWeights, match=r"huge\.pth: is \d+ MB, over the 0 MB limit"):
        read_state_dict(path, max_bytes=1000)


def test_the_scan_follows_the_folder(tmp_path: Path):
    """A file added later is offered on the next look, and a removed one is gone."""
    weights = tmp_path / "weights"
    save(tiny_rrdbnet(scale=4).state_dict(), weights / "4x-First.pth")
    assert set(scan_weights_dir(weights).models) == {"4x-First"}
    save(tiny_rrdbnet(scale=2).state_dict(), weights / "2x-Second.pth")
    assert set(scan_weights_dir(weights).models) == {"4x-First", "2x-Second"}
    (weights / "4x-First.pth").unlink()
    assert set(scan_weights_dir(weights).models) == {"2x-Second"}
