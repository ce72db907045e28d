"""Community weight files as they are published, built from tiny random networks.

Each builder returns a state dict under the key names the architecture's published files use
(the old ESRGAN layout is written out here by hand, from ESRGAN's own numbering), so the
tests check our detection against those names rather than against our own modules.
"""

from __future__ import annotations

import re
from pathlib import Path

import safetensors.torch
import torch

from engine.networks.archs import RRDBNet

StateDict = dict[str, torch.Tensor]


def tiny_rrdbnet(scale: int, upsample_steps: int = 2, seed: int = 0) -> RRDBNet:
    torch.manual_seed(seed)
    return RRDBNet(
        scale=scale, num_feat=16, num_block=2, num_grow_ch=8, upsample_steps=upsample_steps
    ).eval()


def old_esrgan_layout(state: StateDict, upsample_steps: int) -> StateDict:
    """A new-layout RRDBNet state dict in ESRGAN's original ``model.N`` numbering: the first
    convolution at 0, the trunk at 1 (``sub.N.RDBM.convK.0``, then ``sub.<blocks>``), one
    convolution per 2x step at 3, 6, 9, and the last two after them (an activation between)."""
    blocks = 1 + max(int(k.split(".")[1]) for k in state if k.startswith("body."))
    tops = {"conv_first": "model.0", "conv_body": f"model.1.sub.{blocks}"}
    tops |= {f"conv_up{i}": f"model.{3 * i}" for i in range(1, upsample_steps + 1)}
    tops |= {"conv_hr": f"model.{3 * upsample_steps + 2}"}
    tops |= {"conv_last": f"model.{3 * upsample_steps + 4}"}
    old: StateDict = {}
    for key, value in state.items():
        if m := re.fullmatch(r"body\.(\d+)\.rdb(\d)\.conv(\d)\.(weight|bias)", key):
            old[f"model.1.sub.{m[1]}.RDB{m[2]}.conv{m[3]}.0.{m[4]}"] = value
        else:
            layer, kind = key.rsplit(".", 1)
            old[f"{tops[layer]}.{kind}"] = value
    return old


def save(state: StateDict, path: Path, wrapper: str | None = None) -> Path:
    """Write ``state`` as the community does: .safetensors bare, .pth optionally wrapped."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".safetensors":
        contiguous = {k: v.contiguous() for k, v in state.items()}
        safetensors.torch.save_file(contiguous, str(path))
    else:
        torch.save({wrapper: state} if wrapper else state, path)
    return path


def tiny_plksr(
    scale: int, *, real: bool, kernel_size: int = 7, seed: int = 0, **options: object
) -> torch.nn.Module:
    """A two-block PLKSR (``real``: RealPLKSR) with random weights, 16 wide."""
    from engine.networks.archs.plksr import PLKSR

    torch.manual_seed(seed)
    net = PLKSR(
        dim=16, n_blocks=2, scale=scale, kernel_size=kernel_size, pdim=4, real=real, **options
    )  # type: ignore[arg-type]
    # GroupNorm and LayerNorm start as the identity; trained files do not.
    for name, param in net.named_parameters():
        if "norm" in name:
            param.data.uniform_(0.5, 1.5) if name.endswith("weight") else param.data.normal_(0, 0.1)
    return net.eval()


def tiny_dat(scale: int, variant: str, seed: int = 0) -> torch.nn.Module:
    """A DAT of the given published variant, shrunk (32 wide, windows a quarter of the published 8x32 and 8x16), with
    random weights and batch-norm statistics, and the stored shift masks real files carry."""
    from engine.networks.dat import DAT_ARCH, DatHyper

    shapes: dict[str, dict[str, object]] = {
        "DAT": {"depths": (4, 4, 2, 2), "heads": (4, 4, 4, 4), "hidden": 128},
        "DAT-2": {"depths": (4, 4, 2, 2), "heads": (4, 4, 4, 4), "hidden": 64},
        "DAT-S": {"depths": (2, 2, 2, 2), "heads": (2, 2, 2, 2), "hidden": 64, "split": (4, 8)},
        "DAT-light": {"depths": (3,), "heads": (4,), "hidden": 64, "three_conv": True,
                      "direct": True},
    }  # fmt: skip
    options = {"split": (4, 16), **shapes[variant]}
    window = options["split"]
    assert isinstance(window, tuple)
    hyper = DatHyper(
        scale=scale, dim=32, num_feat=16, mask_windows=16 * 16 // (window[0] * window[1]), **options
    )  # type: ignore[arg-type]
    torch.manual_seed(seed)
    net = DAT_ARCH.build(hyper)
    for module in net.modules():
        if isinstance(module, torch.nn.BatchNorm2d):
            module.running_mean.normal_(0, 0.1)
            module.running_var.uniform_(0.5, 1.5)
    return net.eval()


def bsrgan_layout(state: StateDict) -> StateDict:
    """A new-layout RRDBNet state dict under BSRGAN/RealSR's names."""
    names = {"conv_body": "trunk_conv", "conv_hr": "HRconv"}
    out: StateDict = {}
    for key, value in state.items():
        if m := re.fullmatch(r"body\.(\d+)\.rdb(\d)\.(.*)", key):
            out[f"RRDB_trunk.{m[1]}.RDB{m[2]}.{m[3]}"] = value
        elif m := re.fullmatch(r"conv_up(\d)\.(.*)", key):
            out[f"upconv{m[1]}.{m[2]}"] = value
        else:
            layer, kind = key.split(".", 1)
            out[f"{names.get(layer, layer)}.{kind}"] = value
    return out
