"""Upscaling an image: the button, the priced confirmation, the factor select, ``/upscale``,
the context menu and the automatic buttons."""

from bot.features.upscale.again import AgainButton
from bot.features.upscale.buttons import UpscaleButton, upscale_view
from bot.features.upscale.cancel_job import CancelJobButton
from bot.features.upscale.commands import UpscaleCommands
from bot.features.upscale.confirmation import (
    CancelButton,
    ConfirmButton,
    FactorSelect,
    PresetSelect,
    PromptSeedButton,
)

DYNAMIC_ITEMS = (
    UpscaleButton,
    ConfirmButton,
    FactorSelect,
    PresetSelect,
    PromptSeedButton,
    CancelButton,
    CancelJobButton,
    AgainButton,
)

__all__ = [
    "DYNAMIC_ITEMS",
    "AgainButton",
    "CancelButton",
    "CancelJobButton",
    "ConfirmButton",
    "FactorSelect",
    "PresetSelect",
    "PromptSeedButton",
    "UpscaleButton",
    "UpscaleCommands",
    "upscale_view",
]
