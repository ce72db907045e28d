"""The kinds of upscale the product offers. Settings price and limit each one; storage records
it on a job; the engine runs it."""

from __future__ import annotations

from enum import StrEnum


class Mode(StrEnum):
    FAST = "fast"  # Real-ESRGAN: seconds, faithful
    CREATIVE = "creative"  # diffusion x4 upscaler: invents detail
    DETAIL = "detail"  # Real-ESRGAN, then tiled img2img with an SD 1.5 / SDXL checkpoint

    @property
    def generative(self) -> bool:
        """Whether the mode runs a diffusion model (preset, prompt and seed apply)."""
        return self is not Mode.FAST
