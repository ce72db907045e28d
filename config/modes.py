"""The kinds of upscale the product offers. Settings price and limit each one; storage records
it on a job; the engine runs it."""

from __future__ import annotations

from enum import StrEnum


class Mode(StrEnum):
    FAST = "fast"  # Real-ESRGAN: seconds, faithful
    CREATIVE = "creative"  # diffusion x4 upscaler: invents detail
