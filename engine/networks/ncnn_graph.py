"""An ncnn model as architectures read it: the ``.param`` layer list and the ``.bin`` weights.

A ``.param`` file starts with the magic ``7767517``, then a line of counts, then one line per
layer in execution order: type, name, input and output counts, their blob names, and
``key=value`` parameters (for a ``Convolution``: 0 outputs, 1 kernel size, 5 whether it has a
bias, 6 the weight count). The ``.bin`` file holds the layers' weights in the same order: a
``Convolution``'s start with a 4-byte tag (0x01306B47: float16, 0: float32) followed by its
values (padded to 4 bytes), and its bias follows as plain float32; a ``PReLU``'s slopes are
plain float32. Other layer kinds an architecture reads itself (:class:`NcnnWeights`).
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from engine.errors import UnsupportedWeights

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


def parse_param(text: str, source: Path | str) -> list[NcnnLayer]:
    """The layers of a ``.param`` file's text.

    Raises:
        UnsupportedWeights: not an ncnn ``.param`` file.
    """
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


def convolutions(layers: Sequence[NcnnLayer]) -> list[NcnnLayer]:
    """The graph's ``Convolution`` layers, in order."""
    return [layer for layer in layers if layer.kind == "Convolution"]


class NcnnWeights:
    """The ``.bin`` file's values, read in order."""

    def __init__(self, data: bytes, source: Path) -> None:
        self.data, self.offset, self.source = data, 0, source

    @property
    def left(self) -> int:
        """Bytes not read yet."""
        return len(self.data) - self.offset

    def _take(self, size: int) -> bytes:
        if self.offset + size > len(self.data):
            raise UnsupportedWeights(self.source, f"ends early at byte {self.offset}")
        chunk = self.data[self.offset : self.offset + size]
        self.offset += size
        return chunk

    def tagged(self, count: int) -> np.ndarray:
        """``count`` values behind a format tag (float16 or float32), as float32.

        Raises:
            UnsupportedWeights: another tag, or the file ends first.
        """
        (tag,) = struct.unpack("<I", self._take(4))
        if tag == TAG_FLOAT16:
            raw = self._take((count * 2 + 3) // 4 * 4)
            return np.frombuffer(raw, dtype="<f2", count=count).astype(np.float32)
        if tag == TAG_FLOAT32:
            return np.frombuffer(self._take(count * 4), dtype="<f4").copy()
        raise UnsupportedWeights(self.source, f"weight tag {tag:#010x} is not float16 or float32")

    def plain(self, count: int) -> np.ndarray:
        """``count`` plain float32 values. Raises: UnsupportedWeights when the file ends first."""
        return np.frombuffer(self._take(count * 4), dtype="<f4").copy()


def convolution_blobs(layers: Sequence[NcnnLayer], weights: NcnnWeights) -> list[np.ndarray]:
    """The weights of the graph's ``Convolution`` (out x in x k x k, then the bias) and
    ``PReLU`` layers, in file order.

    Raises:
        UnsupportedWeights: the file ends first, or a weight tag is unknown.
    """
    blobs: list[np.ndarray] = []
    for layer in layers:
        if layer.kind == "Convolution":
            out_ch, k, size = layer.int_param(0), layer.int_param(1), layer.int_param(6)
            blobs.append(weights.tagged(size).reshape(out_ch, size // (out_ch * k * k), k, k))
            if layer.int_param(5):
                blobs.append(weights.plain(out_ch))
        elif layer.kind == "PReLU":
            blobs.append(weights.plain(layer.int_param(0)))
    return blobs
