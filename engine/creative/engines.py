"""The generative engines by mode name, built on first use and kept warm."""

from __future__ import annotations

from config import EngineSettings
from engine.creative.controls import CreativeOptions
from engine.creative.detail import DetailUpscaler
from engine.creative.modes import CREATIVE, DETAIL, MODES
from engine.creative.x4 import X4Upscaler
from engine.images.decode import DecodedImage
from engine.progress import CancelToken, ProgressCallback
from engine.upscaler import Upscaler, UpscaleResult


class CreativeEngines:
    """One entry point for both generative modes. Not thread-safe (the worker's loop)."""

    def __init__(self, settings: EngineSettings, realesrgan: Upscaler) -> None:
        self.settings = settings
        self.realesrgan = realesrgan
        self._x4: X4Upscaler | None = None
        self._detail: DetailUpscaler | None = None

    def upscale(
        self,
        mode: str,
        image: DecodedImage,
        options: CreativeOptions,
        *,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> UpscaleResult:
        """Run ``mode`` (``creative`` or ``detail``); see each engine for what it raises.

        Raises: ValueError for an unknown mode.
        """
        return self.engine(mode).upscale(image, options, progress=progress, cancel=cancel)

    def engine(self, mode: str) -> X4Upscaler | DetailUpscaler:
        """The engine of ``mode``, built on first use. Raises: ValueError for an unknown mode."""
        if mode == CREATIVE:
            if self._x4 is None:
                self._x4 = X4Upscaler(self.settings)
            return self._x4
        if mode == DETAIL:
            if self._detail is None:
                self._detail = DetailUpscaler(self.settings, self.realesrgan)
            return self._detail
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
