"""Generative upscaling: the ``creative`` engine (Stable Diffusion x4 upscaler, tiled) and
the ``detail`` engine (Real-ESRGAN, then tiled img2img with an SD 1.5 / SDXL checkpoint),
with one set of controls (:mod:`engine.creative.controls`)."""

from engine.creative.controls import (
    PRESET_ALIASES,
    PRESET_NAMES,
    PRESETS,
    Controls,
    CreativeOptions,
    controls_for_strength,
)
from engine.creative.detail import DetailUpscaler
from engine.creative.engines import CREATIVE, DETAIL, MODES, CreativeEngines
from engine.creative.loading import CreativeModelMissing, detect_family
from engine.creative.x4 import X4Upscaler

__all__ = [
    "CREATIVE",
    "DETAIL",
    "MODES",
    "PRESETS",
    "PRESET_ALIASES",
    "PRESET_NAMES",
    "Controls",
    "CreativeEngines",
    "CreativeModelMissing",
    "CreativeOptions",
    "DetailUpscaler",
    "X4Upscaler",
    "controls_for_strength",
    "detect_family",
]
