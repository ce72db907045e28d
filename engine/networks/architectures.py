"""The architectures the engine knows, each registered once, and recognition over all of them.

Weight files are recognised by content, never by name: each descriptor in turn reads the
state dict's keys and shapes and says "mine, with these hyper-parameters" or "not mine".
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from engine.errors import UnsupportedWeights
from engine.networks.architecture import Architecture, NetworkSpec, StateDict
from engine.networks.compact import COMPACT
from engine.networks.cugan import CUGAN
from engine.networks.dat import DAT_ARCH
from engine.networks.esrgan import ESRGAN
from engine.networks.ncnn_graph import NcnnLayer, convolutions
from engine.networks.plksr import PLKSR_ARCH, REALPLKSR
from engine.networks.span import SPAN_ARCHITECTURE


class Architectures:
    """Descriptors, tried in the order given (a more specific layout before a looser one)."""

    def __init__(self, architectures: Sequence[Architecture[Any]]) -> None:
        names = [a.name for a in architectures]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"architectures registered twice: {', '.join(duplicates)}")
        self._ordered = tuple(architectures)
        self._by_name = {a.name: a for a in architectures}

    def __iter__(self) -> Iterator[Architecture[Any]]:
        return iter(self._ordered)

    def with_architecture(self, architecture: Architecture[Any]) -> Architectures:
        """These and ``architecture``, tried last."""
        return Architectures((*self._ordered, architecture))

    def named(self, name: str) -> Architecture[Any] | None:
        return self._by_name.get(name)

    def detect(self, state: StateDict, source: Path | str) -> NetworkSpec:
        """The architecture and hyper-parameters of ``state``.

        Raises:
            UnsupportedWeights: naming ``source``, when no architecture recognises it, or one
                does but its shapes do not fit.
        """
        for architecture in self._ordered:
            hyper = architecture.detect(state, source)
            if hyper is not None:
                return NetworkSpec(architecture, hyper)
        sample = ", ".join(sorted(state)[:4])
        raise UnsupportedWeights(
            source, f"unknown architecture (not {self._labels()}; keys start {sample})"
        )

    def from_ncnn(self, layers: Sequence[NcnnLayer], source: Path) -> NetworkSpec:
        """The architecture of an ncnn graph.

        Raises:
            UnsupportedWeights: no architecture recognises the graph.
        """
        for architecture in self._ordered:
            hyper = architecture.from_ncnn(layers, source)
            if hyper is not None:
                return NetworkSpec(architecture, hyper)
        count = len(convolutions(layers))
        raise UnsupportedWeights(source, f"{count} convolutions fit no known network")

    def spec_from_metadata(self, metadata: Mapping[str, str]) -> NetworkSpec | None:
        """The spec :meth:`NetworkSpec.as_metadata` wrote; None when it was written by another
        version of the architecture (or by no architecture registered here)."""
        architecture = self._by_name.get(metadata.get("architecture", ""))
        if architecture is None or metadata.get("architecture_version") != str(
            architecture.version
        ):
            return None
        try:
            values = json.loads(metadata["hyper_parameters"])
            return NetworkSpec(architecture, architecture.hyper_from_values(values))
        except (KeyError, TypeError, ValueError):
            return None

    def _labels(self) -> str:
        labels = [a.label for a in self._ordered]
        return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} or {labels[-1]}"


ARCHITECTURES = Architectures(
    (ESRGAN, COMPACT, PLKSR_ARCH, REALPLKSR, DAT_ARCH, SPAN_ARCHITECTURE, CUGAN)
)
