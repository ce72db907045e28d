"""Read Real-ESRGAN weight files and build the matching network.

Official files are ``.pth`` (a state dict, or a dict holding it under ``params_ema`` or
``params``) or ``.safetensors``. ``.pth`` files are read with ``weights_only=True``: plain
tensors only, no arbitrary unpickling. The architecture and its hyper-parameters are read off
the keys and tensor shapes, so any official file (and compatible fine-tunes) loads.
"""

from __future__ import annotations

import math
import pickle
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import safetensors.torch
import torch
from torch import nn

from engine.archs import RRDBNet, SRVGGNetCompact
from engine.errors import UnsupportedWeights

StateDict = dict[str, torch.Tensor]


@dataclass(frozen=True, slots=True)
class ArchSpec:
    """Which network and with which hyper-parameters; ``scale`` is the network's own factor."""

    kind: Literal["rrdbnet", "srvgg"]
    scale: int
    num_in_ch: int
    num_out_ch: int
    num_feat: int
    depth: int  # RRDB blocks, or SRVGG body convolutions
    num_grow_ch: int = 32

    def build(self) -> nn.Module:
        if self.kind == "rrdbnet":
            return RRDBNet(
                num_in_ch=self.num_in_ch,
                num_out_ch=self.num_out_ch,
                scale=self.scale,
                num_feat=self.num_feat,
                num_block=self.depth,
                num_grow_ch=self.num_grow_ch,
            )
        return SRVGGNetCompact(
            num_in_ch=self.num_in_ch,
            num_out_ch=self.num_out_ch,
            num_feat=self.num_feat,
            num_conv=self.depth,
            upscale=self.scale,
            act_type="prelu",
        )

    def as_metadata(self) -> dict[str, str]:
        return {name: str(getattr(self, name)) for name in self.__slots__}

    @classmethod
    def from_metadata(cls, metadata: dict[str, str]) -> ArchSpec:
        kind = metadata["kind"]
        assert kind in ("rrdbnet", "srvgg")
        numbers = {name: int(metadata[name]) for name in cls.__slots__ if name != "kind"}
        return cls(kind=kind, **numbers)  # type: ignore[arg-type]


def read_state_dict(path: Path) -> StateDict:
    """Tensors of a weight file, unwrapped from ``params_ema``/``params`` when present.

    Raises:
        UnsupportedWeights: unreadable, not a state dict, or needing unsafe unpickling.
    """
    try:
        if path.suffix == ".safetensors":
            loaded: object = safetensors.torch.load_file(str(path), device="cpu")
        else:
            with warnings.catch_warnings():
                # Old pickle protocols only warn; weights_only still refuses any code.
                warnings.simplefilter("ignore", UserWarning)
                loaded = torch.load(path, map_location="cpu", weights_only=True)
    except (pickle.UnpicklingError, RuntimeError, OSError, ValueError, EOFError) as exc:
        raise UnsupportedWeights(path, f"cannot be read as weights ({exc})") from exc
    if isinstance(loaded, dict):
        for wrapper in ("params_ema", "params", "state_dict", "model"):
            if isinstance(loaded.get(wrapper), dict):
                loaded = loaded[wrapper]
                break
    if not isinstance(loaded, dict) or not all(
        isinstance(k, str) and isinstance(v, torch.Tensor) for k, v in loaded.items()
    ):
        raise UnsupportedWeights(path, "does not hold a state dict of tensors")
    return {key.removeprefix("module."): value for key, value in loaded.items()}


def detect_architecture(state: StateDict, source: Path | str) -> ArchSpec:
    """Recognise RRDBNet or SRVGGNetCompact from keys and shapes.

    Raises:
        UnsupportedWeights: naming ``source`` when the layout is neither.
    """
    if "conv_first.weight" in state and "conv_last.weight" in state:
        first = state["conv_first.weight"]
        blocks = {int(m.group(1)) for key in state if (m := re.match(r"body\.(\d+)\.rdb1\.", key))}
        num_out_ch = state["conv_last.weight"].shape[0]
        unshuffle_sq, remainder = divmod(first.shape[1], num_out_ch)
        unshuffle = math.isqrt(unshuffle_sq) if remainder == 0 else 0
        if not blocks or unshuffle not in (1, 2, 4) or unshuffle * unshuffle != unshuffle_sq:
            raise UnsupportedWeights(source, "looks like RRDBNet but its shapes do not fit")
        return ArchSpec(
            kind="rrdbnet",
            scale={1: 4, 2: 2, 4: 1}[unshuffle],
            num_in_ch=num_out_ch,
            num_out_ch=num_out_ch,
            num_feat=first.shape[0],
            depth=max(blocks) + 1,
            num_grow_ch=state["body.0.rdb1.conv1.weight"].shape[0],
        )
    convs = sorted(
        int(m.group(1))
        for key, value in state.items()
        if (m := re.fullmatch(r"body\.(\d+)\.weight", key)) and value.ndim == 4
    )
    if convs and convs[0] == 0 and "upsampler" not in state:
        first, last = state["body.0.weight"], state[f"body.{convs[-1]}.weight"]
        num_in_ch = first.shape[1]
        upscale_sq, remainder = divmod(last.shape[0], num_in_ch)
        upscale = math.isqrt(upscale_sq)
        if remainder or upscale * upscale != upscale_sq or upscale < 1:
            raise UnsupportedWeights(source, "looks like SRVGGNetCompact but its shapes do not fit")
        return ArchSpec(
            kind="srvgg",
            scale=upscale,
            num_in_ch=num_in_ch,
            num_out_ch=num_in_ch,
            num_feat=first.shape[0],
            depth=len(convs) - 2,
        )
    sample = ", ".join(sorted(state)[:4])
    raise UnsupportedWeights(
        source, f"unknown architecture (not RRDBNet or SRVGGNetCompact; keys start {sample})"
    )


def build_model(state: StateDict, source: Path | str) -> tuple[nn.Module, ArchSpec]:
    """The network for ``state`` with the weights loaded, in eval mode, on the CPU.

    Raises:
        UnsupportedWeights: unknown architecture, or keys/shapes that do not match it.
    """
    spec = detect_architecture(state, source)
    model = spec.build()
    try:
        model.load_state_dict(state, strict=True)
    except RuntimeError as exc:
        raise UnsupportedWeights(source, f"does not match {spec.kind}: {exc}") from exc
    return model.eval().requires_grad_(False), spec


def load_weight_file(path: Path) -> tuple[nn.Module, ArchSpec]:
    return build_model(read_state_dict(path), path)


def save_converted(
    path: Path, state: StateDict, spec: ArchSpec, extra: dict[str, str] | None = None
) -> None:
    """Write a converted state dict (with its spec, and ``extra``, as metadata) atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".partial")
    contiguous = {key: value.contiguous() for key, value in state.items()}
    safetensors.torch.save_file(
        contiguous, str(temporary), metadata={**spec.as_metadata(), **(extra or {})}
    )
    temporary.replace(path)
