"""Load a model by name: an official file from the weights folder, the bundled weights, or a
community file (:mod:`engine.networks.community`).

Official files found in the configured weights folder take precedence; otherwise the ncnn
weights bundled in a package (:mod:`engine.networks.bundled`) are converted once and cached as ``.safetensors``
in the data dir, keyed by the source file's SHA-256 and the name and version of the
architecture that read it (a cache file another version wrote is converted again).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from torch import nn

from engine.errors import WeightsNotFound
from engine.networks.architecture import NetworkSpec, NetworkTraits
from engine.networks.bundled import bundled_model_files, file_sha256
from engine.networks.community import community_model
from engine.networks.ncnn import read_graph, read_weights
from engine.networks.registry import MODELS, ModelInfo, model_info
from engine.networks.weights import load_converted, load_weight_file, save_converted

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class LoadedModel:
    """A network ready for inference (on the CPU, float32) and what it produces."""

    info: ModelInfo
    module: nn.Module
    spec: NetworkSpec
    # The bundled animevideov3-x2/x3 graphs are the x4 network plus a bicubic resize.
    output_rescale: float
    source: Path

    @property
    def scale(self) -> int:
        return self.info.scale

    @property
    def traits(self) -> NetworkTraits:
        """The network's own facts (its scale is the network's, before ``output_rescale``)."""
        return self.spec.traits


def load_model(name: str, *, weights_dir: Path | None, cache_dir: Path) -> LoadedModel:
    """Load ``name`` from an official file in ``weights_dir``, the bundled weights, or the
    community file of that name in ``weights_dir``.

    Raises:
        UnknownModel: no such name.
        WeightsNotFound: neither an official file nor bundled weights exist for it.
        UnsupportedWeights: a file was found but is not a usable model.
    """
    if name not in MODELS and (found := community_model(name, weights_dir)) is not None:
        module, spec = load_weight_file(found.path)
        log.info("model %s: community file %s (%s)", name, found.path, spec.architecture.label)
        return LoadedModel(found.info, module, spec, 1.0, found.path)
    info = model_info(name)
    looked_in: list[str] = []
    if weights_dir is not None:
        for filename in info.official_files:
            path = weights_dir / filename
            if path.is_file():
                module, spec = load_weight_file(path)
                log.info("model %s: official weights %s", name, path)
                rescale = info.scale / spec.scale
                return LoadedModel(info, module, spec, rescale, path)
        looked_in.append(f"{weights_dir} ({', '.join(info.official_files)})")
    if info.bundled is not None:
        files = bundled_model_files(info.bundled, info.bundle)
        if files is not None:
            return _load_bundled(info, files[0], files[1], cache_dir)
        looked_in.append(f"the {info.bundle} package ({info.bundled})")
    raise WeightsNotFound(name, looked_in or ["no source is configured for this model"])


def _load_bundled(info: ModelInfo, param: Path, weights: Path, cache_dir: Path) -> LoadedModel:
    graph = read_graph(param)
    spec = graph.spec
    digest = file_sha256(weights)
    stem = (info.bundled or info.name).replace("/", "-")
    cached = (
        cache_dir / f"{stem}-{digest[:16]}-{spec.name}-v{spec.architecture.version}.safetensors"
    )
    loaded = load_converted(cached) if cached.is_file() else None
    if loaded is not None:
        module, spec, _ = loaded
    else:
        state = read_weights(graph, weights)
        save_converted(cached, state, spec, extra={"output_rescale": repr(graph.output_rescale)})
        log.info("model %s: converted %s to %s", info.name, weights.name, cached)
        module = spec.load(state, cached)
    return LoadedModel(info, module, spec, graph.output_rescale, cached)
