"""What one network architecture tells the rest of the engine, registered once per architecture.

An :class:`Architecture` (the descriptor) knows how to recognise its weights from a state dict
(keys and shapes -> hyper-parameters, or "not mine"), how to build the network, and the facts
the engine plans with: :class:`NetworkTraits` (scale, input multiple, the padding and seams
tiles need, memory per input pixel, whether its last stage runs in strips, which precisions
it computes in). Where ncnn weights of the architecture are bundled, it also recognises their
graph. A :class:`NetworkSpec` is one architecture with its hyper-parameters: what a weight file
implies, and what the converted-weights cache stores.

Tiling, the upscaler, the weight loader and the ncnn converter read these and never test a
network's type: a new architecture is one more descriptor in
:mod:`engine.networks.architectures`.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

import torch
from torch import nn

from engine.errors import UnsupportedWeights
from engine.networks.ncnn_graph import NcnnLayer, NcnnWeights, convolution_blobs
from engine.networks.precision import PrecisionName
from engine.tiling.inference import Network
from engine.tiling.plan import PRE_PAD
from engine.tiling.strips import StagedNetwork, forward_in_strips

StateDict = dict[str, torch.Tensor]
# Hyper-parameters: a frozen dataclass of plain values (ints, floats, strings, tuples of them).
H = TypeVar("H")

# The per-pixel memory estimates, measured on the CPU, plus headroom.
MEMORY_SAFETY = 1.25
EVERY_PRECISION: frozenset[PrecisionName] = frozenset({"fp32", "bf16", "fp16"})


@dataclass(frozen=True, slots=True)
class Seams:
    """The smallest overlap between tiles, and the cross-faded band in its middle, that keep a
    tiled result within a few levels of one whole-image pass (input pixels)."""

    overlap: int
    blend: int


@dataclass(frozen=True, slots=True)
class StripTraits:
    """The network's last stage holds most of its memory but needs little context: it can run
    over the rest's features a band of rows at a time (:func:`~engine.tiling.strips.forward_in_strips`).

    ``halo``: feature rows of context the stage needs on each side; ``feature_stride``: input
    pixels per feature pixel along a side; ``stage_values``: values the stage holds per feature
    pixel of a strip; ``trunk_values``: values per input pixel the rest holds (the whole
    network's figure when it runs in strips); ``staged``: the network's two stages.
    """

    halo: int
    feature_stride: int
    stage_values: float
    trunk_values: float
    staged: Callable[[nn.Module], StagedNetwork]

    def rows_within(self, budget_bytes: int, dtype: torch.dtype, width: int) -> int:
        """Feature rows per strip within ``budget_bytes``, for strips ``width`` input pixels
        wide (at least 8)."""
        per_row = (
            self.stage_values
            * _element_size(dtype)
            * (width // self.feature_stride)
            * MEMORY_SAFETY
        )
        return max(8, int(budget_bytes // per_row))

    def network(self, module: nn.Module, rows: int) -> Network:
        """``module``'s forward pass with its last stage in strips of ``rows`` feature rows."""
        return functools.partial(forward_in_strips, self.staged(module), rows=rows, halo=self.halo)


@dataclass(frozen=True, slots=True)
class NetworkTraits:
    """What the engine plans one network with.

    ``scale``: output pixels per input pixel along a side. ``input_multiple``: input sides
    (and tile starts) must be whole multiples of it (pixel-unshuffle, attention windows).
    ``pad``: pixels of reflected context added around the image before the network sees it.
    ``values_per_pixel``: activations alive at once per input pixel in one plain forward pass
    (memory is this times the element size, plus :data:`MEMORY_SAFETY`).
    ``precisions``: the formats the network computes correctly in.
    ``shared_statistics``: for networks that gate features by statistics of their whole
    input (Real-CUGAN's squeeze-excitation), the network with those statistics measured over
    all tiles and shared, so that tiles match; given the module and a ``survey`` that runs a
    network over every tile of the image.
    """

    scale: int
    seams: Seams
    values_per_pixel: float
    input_multiple: int = 1
    pad: int = PRE_PAD
    precisions: frozenset[PrecisionName] = EVERY_PRECISION
    strips: StripTraits | None = None
    shared_statistics: Callable[[nn.Module, Callable[[Network], None]], Network] | None = None

    def bytes_per_pixel(self, dtype: torch.dtype, *, in_strips: bool) -> int:
        """Memory one input pixel of a tile costs while the network runs (an estimate). With
        ``in_strips`` (only for networks that can), the strips are budgeted apart."""
        values = (
            self.strips.trunk_values
            if in_strips and self.strips is not None
            else self.values_per_pixel
        )
        return int(values * _element_size(dtype) * MEMORY_SAFETY)


def _element_size(dtype: torch.dtype) -> int:
    return torch.empty((), dtype=dtype).element_size()


class Architecture(ABC, Generic[H]):
    """One architecture's descriptor. ``name`` and ``version`` key converted weights (bump the
    version when the state-dict layout or the ncnn reading changes); ``label`` is how
    messages name it; ``hyper_type`` is its hyper-parameters' frozen dataclass."""

    name: str
    version: int
    label: str
    hyper_type: type[H]

    def __repr__(self) -> str:
        return f"<architecture {self.name} v{self.version}>"

    @abstractmethod
    def detect(self, state: StateDict, source: Path | str) -> H | None:
        """The hyper-parameters ``state`` was trained with; None when it is not this
        architecture's.

        Raises:
            UnsupportedWeights: the keys are this architecture's but the shapes do not fit.
        """

    @abstractmethod
    def build(self, hyper: H) -> nn.Module:
        """A fresh network (random weights) with these hyper-parameters."""

    @abstractmethod
    def traits(self, hyper: H) -> NetworkTraits:
        """What the engine plans the network with."""

    def canonical_state(self, hyper: H, state: StateDict) -> StateDict:
        """``state`` with the key names :meth:`build`'s network uses. A layout the
        architecture also ships in (old ESRGAN files, for one) is renamed here; by default
        the keys already are the network's."""
        return state

    def from_ncnn(self, layers: Sequence[NcnnLayer], source: Path) -> H | None:
        """The hyper-parameters of an ncnn graph of this architecture; None when the graph is
        not one (and for architectures without bundled ncnn weights).

        Raises:
            UnsupportedWeights: it is this architecture's graph but does not fit it.
        """
        return None

    def ncnn_state(
        self, hyper: H, layers: Sequence[NcnnLayer], weights: NcnnWeights, source: Path
    ) -> StateDict:
        """The state dict read from the graph's ``.bin`` file. By default the graph's
        Convolution and PReLU weights (:func:`~engine.networks.ncnn_graph.convolution_blobs`)
        are the network's parameters in ``state_dict`` order, shape for shape; an
        architecture with other layers reads them itself from ``weights``.

        Raises:
            UnsupportedWeights: the file ends early, or a count or a shape does not match.
        """
        blobs = convolution_blobs(layers, weights)
        reference = self.build(hyper).state_dict()
        if len(reference) != len(blobs):
            raise UnsupportedWeights(
                source, f"{len(blobs)} tensors for {len(reference)} parameters"
            )
        state: StateDict = {}
        for (name, expected), array in zip(reference.items(), blobs, strict=True):
            tensor = torch.from_numpy(array)
            if tensor.shape != expected.shape:
                raise UnsupportedWeights(
                    source, f"{name}: shape {tuple(tensor.shape)} != {tuple(expected.shape)}"
                )
            state[name] = tensor
        return state

    def hyper_from_values(self, values: dict[str, Any]) -> H:
        """Hyper-parameters read back from :meth:`NetworkSpec.as_metadata` (lists become
        tuples again)."""
        plain = {k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}
        return self.hyper_type(**plain)


@dataclass(frozen=True, slots=True)
class NetworkSpec:
    """One architecture with its hyper-parameters."""

    architecture: Architecture[Any]
    hyper: Any

    @property
    def name(self) -> str:
        return self.architecture.name

    @property
    def traits(self) -> NetworkTraits:
        return self.architecture.traits(self.hyper)

    @property
    def scale(self) -> int:
        return self.traits.scale

    def build(self) -> nn.Module:
        return self.architecture.build(self.hyper)

    def load(self, state: StateDict, source: Path | str) -> nn.Module:
        """The network with ``state`` loaded, in eval mode without gradients, on the CPU.

        Raises:
            UnsupportedWeights: the keys or shapes do not match the architecture exactly.
        """
        module = self.build()
        try:
            module.load_state_dict(
                self.architecture.canonical_state(self.hyper, state), strict=True
            )
        except RuntimeError as exc:
            raise UnsupportedWeights(
                source, f"does not match {self.architecture.label}: {exc}"
            ) from exc
        return module.eval().requires_grad_(False)

    def as_metadata(self) -> dict[str, str]:
        """The spec as safetensors metadata (strings only)."""
        values = dataclasses.asdict(self.hyper)
        return {
            "architecture": self.architecture.name,
            "architecture_version": str(self.architecture.version),
            "hyper_parameters": json.dumps(values, sort_keys=True),
        }
