"""Generative ("creative") upscaling; the engines live in :mod:`engine.creative`.

These names are kept for code written against the first creative mode:
``GenerativeUpscaler`` is the tiled x4 engine, ``GenerativeOptions`` the shared options.
"""

from engine.creative import (
    PRESET_NAMES,
    PRESETS,
    CreativeModelMissing,
    CreativeOptions,
    X4Upscaler,
    controls_for_strength,
)

GenerativeUpscaler = X4Upscaler
GenerativeOptions = CreativeOptions
GenerativeModelMissing = CreativeModelMissing
preset_for_strength = controls_for_strength

__all__ = [
    "PRESETS",
    "PRESET_NAMES",
    "GenerativeModelMissing",
    "GenerativeOptions",
    "GenerativeUpscaler",
    "preset_for_strength",
]
