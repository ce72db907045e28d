"""Generative ("creative") upscaling with diffusers' Stable Diffusion x4 upscaler.

Real-ESRGAN sharpens what is there; this mode lets a diffusion model add detail. Presets go
from conservative to inventive, and a ``strength`` dial 1-9 maps onto the same parameters:

=========  ===========  ========  =====  =========================================
preset     noise level  guidance  steps  pre-pass
=========  ===========  ========  =====  =========================================
precise    10           4.0       25     x4plus, scaled back (cleans JPEG artefacts)
balanced   40           7.0       30     none
creative   120          9.0       50     none
=========  ===========  ========  =====  =========================================

The seed is always chosen before the run and returned, so the same seed and settings
reproduce the same image. The pipeline loads through diffusers' normal loading code from a
local folder or a model id (diffusers honours ``HF_HUB_OFFLINE``); on CUDA it runs in fp16 or
bf16 with attention slicing and a tiled VAE decode, which keeps a 512x512 input within 24 GB.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from PIL import Image

from config import EngineSettings
from engine.decode import DecodedImage
from engine.errors import Cancelled, EngineError, ImageTooLarge
from engine.pixels import Pixels
from engine.precision import select_device, select_precision
from engine.tiling import CancelToken, ProgressCallback
from engine.upscaler import UpscaleOptions, Upscaler, UpscaleResult

SCALE = 4


@dataclass(frozen=True, slots=True)
class GenerativePreset:
    name: str
    noise_level: int
    guidance_scale: float
    steps: int
    prepass: str | None


PRESETS: dict[str, GenerativePreset] = {
    "precise": GenerativePreset("precise", 10, 4.0, 25, "x4plus"),
    "balanced": GenerativePreset("balanced", 40, 7.0, 30, None),
    "creative": GenerativePreset("creative", 120, 9.0, 50, None),
}


def preset_for_strength(strength: int) -> GenerativePreset:
    """Strength 1 (faithful) .. 9 (inventive), spread evenly over the presets' range."""
    if not 1 <= strength <= 9:
        raise ValueError(f"strength must be 1-9, not {strength}")
    t = (strength - 1) / 8
    return GenerativePreset(
        name=f"strength-{strength}",
        noise_level=round(5 + t * 145),
        guidance_scale=round(3.0 + t * 7.0, 2),
        steps=round(20 + t * 30),
        prepass="x4plus" if strength <= 2 else None,
    )


@dataclass(frozen=True, slots=True)
class GenerativeOptions:
    preset: str = "balanced"
    strength: int | None = None
    prompt: str = ""
    negative_prompt: str = ""
    seed: int | None = None

    def parameters(self) -> GenerativePreset:
        """Raises: ValueError naming the bad preset or strength."""
        if self.strength is not None:
            return preset_for_strength(self.strength)
        if self.preset not in PRESETS:
            raise ValueError(f"preset must be one of {', '.join(PRESETS)}, not {self.preset!r}")
        return PRESETS[self.preset]


class GenerativeModelMissing(EngineError):
    code = "no_generative_model"

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(
            "The creative mode has no model. Set UPSCALE_ENGINE__GENERATIVE_MODEL to a local "
            f"folder (or model id) of the Stable Diffusion x4 upscaler. ({detail})"
        )


class GenerativeUpscaler:
    """Loads the pipeline on first use and keeps it. ``realesrgan`` serves the pre-pass."""

    def __init__(self, settings: EngineSettings, realesrgan: Upscaler | None = None) -> None:
        self.settings = settings
        self.realesrgan = realesrgan
        self._pipeline: Any = None
        self.device = select_device(settings.device)
        self.precision = select_precision(settings.precision, self.device)

    def pipeline(self) -> Any:
        """Raises: GenerativeModelMissing, naming the setting to set."""
        if self._pipeline is not None:
            return self._pipeline
        source = self.settings.generative_model
        if not source:
            raise GenerativeModelMissing("the setting is empty")
        from diffusers import StableDiffusionUpscalePipeline

        dtype = {"fp16": torch.float16, "bf16": torch.bfloat16}.get(self.precision, torch.float32)
        if self.device.type != "cuda":
            dtype = torch.float32  # CPU diffusion in reduced precision is slower, not faster
        try:
            pipeline = StableDiffusionUpscalePipeline.from_pretrained(  # type: ignore[no-untyped-call]
                source, dtype=dtype
            )
        except (OSError, ValueError) as exc:
            raise GenerativeModelMissing(f"could not load {source!r}: {exc}") from exc
        pipeline = pipeline.to(self.device)
        pipeline.set_progress_bar_config(disable=True)
        pipeline.enable_attention_slicing()
        pipeline.vae.enable_tiling()  # the full-size VAE decode is what exhausts memory
        self._pipeline = pipeline
        return pipeline

    def upscale(
        self,
        image: DecodedImage,
        options: GenerativeOptions,
        *,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> UpscaleResult:
        """Upscale ``image`` 4x with the diffusion model; ``progress(step, steps)`` per step.

        Raises:
            ImageTooLarge: over the creative mode's pixel limit.
            ValueError: unknown preset or strength outside 1-9.
            GenerativeModelMissing: no pipeline configured or loadable.
            Cancelled: the token was set (checked every step).
        """
        limit = self.settings.generative_max_input_pixels
        if image.width * image.height > limit:
            raise ImageTooLarge(image.width, image.height, limit)
        preset = options.parameters()
        pipeline = self.pipeline()
        seed = options.seed if options.seed is not None else secrets.randbelow(2**31)
        started = time.perf_counter()
        source = self._prepass(image, preset)

        def on_step(step: int, _timestep: int, _latents: torch.Tensor) -> None:
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            if progress is not None:
                progress(step + 1, preset.steps)

        generator = torch.Generator(device="cpu").manual_seed(seed)
        output = pipeline(
            prompt=options.prompt,
            negative_prompt=options.negative_prompt or None,
            image=source,
            num_inference_steps=preset.steps,
            guidance_scale=preset.guidance_scale,
            noise_level=preset.noise_level,
            generator=generator,
            output_type="np",
            callback=on_step,
            callback_steps=1,
        ).images[0]
        rgb = (np.clip(output, 0, 1) * 255).round().astype(np.uint8)
        alpha = None
        if image.alpha is not None:
            mask = Image.fromarray(_to_8_bit(image.alpha))
            alpha = np.asarray(mask.resize((rgb.shape[1], rgb.shape[0]), Image.Resampling.BICUBIC))
        result = UpscaleResult(
            image=Pixels(rgb, alpha, image.grayscale, 8, image.icc_profile),
            model=f"sd-x4-upscaler:{preset.name}",
            device=str(self.device),
            precision=self.precision if self.device.type == "cuda" else "fp32",
            input_width=image.width,
            input_height=image.height,
            tiles=preset.steps,
            tile_size=0,
            timings={"infer_s": time.perf_counter() - started},
        )
        result.seed = seed
        return result

    def _prepass(self, image: DecodedImage, preset: GenerativePreset) -> Image.Image:
        """The pipeline's input: the image as 8-bit RGB, cleaned by Real-ESRGAN if the preset
        asks (upscaled 4x, then scaled back to its own size)."""
        rgb = _to_8_bit(image.rgb)
        if preset.prepass is not None and self.realesrgan is not None:
            cleaned = self.realesrgan.upscale_image(
                DecodedImage(rgb, None, image.grayscale, 8, None),
                UpscaleOptions(model=preset.prepass),
            )
            big = Image.fromarray(cleaned.image.rgb)
            return big.resize((image.width, image.height), Image.Resampling.LANCZOS)
        return Image.fromarray(rgb)


def _to_8_bit(pixels: np.ndarray) -> np.ndarray:
    if pixels.dtype == np.uint16:
        return ((pixels.astype(np.uint32) + 128) // 257).astype(np.uint8)
    return pixels
