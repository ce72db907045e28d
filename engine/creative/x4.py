"""The ``creative`` engine: Stable Diffusion's x4 upscaler over tiles, for inputs of any size.

The x4 upscaler's latent canvas has the input's own size; it is denoised tile by tile
(:mod:`engine.creative.multidiffusion`), each tile conditioned on its part of the noised
input, then decoded tile by tile straight into the 8-bit output (4x the input).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

from config import EngineSettings
from engine.creative import noise
from engine.creative.controls import Controls, CreativeOptions, x4_noise_level
from engine.creative.loading import Precision, load_x4
from engine.creative.meter import Meter
from engine.creative.multidiffusion import Predict, Schedule, TilePlan, denoise
from engine.creative.output import (
    check_limit,
    choose_seed,
    doubled,
    embeddings,
    guided,
    padded_canvas,
    round_up,
    to_8_bit,
    with_alpha,
)
from engine.creative.tiles import Window
from engine.creative.vae_tiles import decode_tiled, encode_tiled, vae_scale, vae_tiles, vae_units
from engine.images.decode import DecodedImage
from engine.networks.precision import select_device, select_precision
from engine.progress import CancelToken, ProgressCallback
from engine.upscaler import UpscaleResult

SCALE = 4
BICUBIC_MARGIN = 2  # input pixels of context a bicubic 4x upscale of a window needs


class X4Upscaler:
    """The ``creative`` mode. Loads the pipeline on first use and keeps it."""

    mode = "creative"

    def __init__(self, settings: EngineSettings) -> None:
        self.settings = settings
        self.device = select_device(settings.device)
        self.precision = Precision.on(
            self.device, select_precision(settings.precision, self.device)
        )
        self._pipeline: Any = None

    def pipeline(self) -> Any:
        """Raises: CreativeModelMissing, naming the setting to set."""
        if self._pipeline is None:
            self._pipeline = load_x4(self.settings, self.device, self.precision)
        return self._pipeline

    def upscale(
        self,
        image: DecodedImage,
        options: CreativeOptions,
        *,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> UpscaleResult:
        """Upscale ``image`` 4x; ``progress(done, total)`` per tile and step.

        Raises:
            ImageTooLarge: over the generative pixel limit.
            ValueError: a control out of range or an unknown preset.
            CreativeModelMissing: no x4 upscaler configured or loadable.
            Cancelled: the token was set (checked before every model call).
            ModelFailure: out of GPU memory even with the smallest tiles.
        """
        controls = options.checked().controls()
        check_limit(image, self.settings.generative_max_input_pixels)
        pipe = self.pipeline()
        seed = choose_seed(options.seed)
        started = time.perf_counter()
        with torch.inference_mode():
            out, plan = self._run(pipe, image, controls, options, seed, progress, cancel)
        if self.device.type == "cuda":
            torch.cuda.synchronize()
        factor = vae_scale(pipe.vae)
        return UpscaleResult(
            image=with_alpha(image, out),
            model="sd-x4-upscaler",
            device=str(self.device),
            precision=self.precision.name,
            input_width=image.width,
            input_height=image.height,
            tiles=plan.layout(*_canvas(image, plan.multiple)).count,
            tile_size=plan.tile * factor,
            timings={"infer_s": time.perf_counter() - started},
            seed=seed,
        )

    def _run(
        self,
        pipe: Any,
        image: DecodedImage,
        controls: Controls,
        options: CreativeOptions,
        seed: int,
        progress: ProgressCallback | None,
        cancel: CancelToken | None,
    ) -> tuple[np.ndarray, TilePlan]:
        vae = pipe.vae
        factor = vae_scale(vae)
        multiple = 2 ** (len(pipe.unet.config.block_out_channels) - 1)
        height, width = _canvas(image, multiple)
        tile_px = controls.tile or pipe.unet.config.sample_size * factor
        plan = TilePlan.for_model(tile_px, factor, multiple, self.device)
        tiles = vae_tiles(self.device, factor)
        vae_work = vae_units(height, width, tiles)
        encode_units = vae_work if controls.resemblance > 0 else 0
        steps_units = controls.steps * plan.layout(height, width).count
        meter = Meter(encode_units + steps_units + vae_work, progress, cancel)

        source = padded_canvas(to_8_bit(image.rgb), height, width)
        level = x4_noise_level(controls.creativity, int(pipe.config.max_noise_level))
        conditioning = pipe.low_res_scheduler.add_noise(
            source,
            noise.positional_noise(3, height, width, seed, noise.CONDITIONING),
            torch.tensor([level]),
        )
        anchor = None
        if encode_units:
            anchor = encode_tiled(
                vae,
                _bicubic_reader(source),
                height,
                width,
                tile=tiles[0],
                overlap=tiles[1],
                meter=meter,
            )
        del source
        predict = _predictor(pipe, conditioning, level, controls.guidance, options, self.device)
        del conditioning
        latents = noise.positional_noise(
            vae.config.latent_channels, height, width, seed, noise.LATENTS
        )
        latents = denoise(
            latents.to(self.device),
            Schedule.ddim(pipe.scheduler.config, controls.steps),
            predict,
            plan,
            meter,
            anchor=anchor,
            resemblance=controls.resemblance,
            later_units=vae_work,
        )
        del predict, anchor
        out = np.empty((image.height * SCALE, image.width * SCALE, 3), dtype=np.uint8)
        decode_tiled(vae, latents, out, tile=tiles[0], overlap=tiles[1], meter=meter)
        meter.finish()
        return out, plan


def _predictor(
    pipe: Any,
    conditioning: torch.Tensor,
    level: int,
    guidance: float,
    options: CreativeOptions,
    device: torch.device,
) -> Predict:
    """The x4 UNet on a batch of tiles: latents beside their part of the noised input."""
    unet = pipe.unet
    conditioning = conditioning.to(device=device, dtype=unet.dtype)
    negative, positive = _prompt(pipe, options, guidance, device)
    labels = torch.tensor([level], device=device)

    def predict(tiles: torch.Tensor, timestep: int, windows: Sequence[Window]) -> torch.Tensor:
        conditions = torch.cat([window.of(conditioning) for window in windows])
        batch = doubled(torch.cat([tiles.to(unet.dtype), conditions], dim=1), guidance)
        output = unet(
            batch,
            timestep,
            encoder_hidden_states=embeddings(negative, positive, len(windows), guidance),
            class_labels=labels.expand(batch.shape[0]),
            return_dict=False,
        )[0]
        return guided(output, guidance)

    return predict


def _canvas(image: DecodedImage, multiple: int) -> tuple[int, int]:
    """The latent canvas: the input's own size, in whole UNet multiples."""
    return round_up(image.height, multiple), round_up(image.width, multiple)


def _prompt(
    pipe: Any, options: CreativeOptions, guidance: float, device: torch.device
) -> tuple[torch.Tensor, torch.Tensor]:
    with torch.inference_mode():
        positive, negative = pipe.encode_prompt(
            options.prompt,
            device,
            1,
            guidance > 1,
            options.negative_prompt or None,
        )
    return (negative if negative is not None else positive), positive


def _bicubic_reader(source: torch.Tensor) -> Any:
    """Pixel windows of the input upscaled 4x (bicubic): what resemblance aims for."""
    height, width = source.shape[-2:]
    margin = BICUBIC_MARGIN

    def read(window: Window) -> torch.Tensor:
        top, left = window.top // SCALE - margin, window.left // SCALE - margin
        rows, cols = window.height // SCALE + 2 * margin, window.width // SCALE + 2 * margin
        y0, x0 = max(0, top), max(0, left)
        y1, x1 = min(height, top + rows), min(width, left + cols)
        crop = F.pad(
            source[..., y0:y1, x0:x1],
            (x0 - left, left + cols - x1, y0 - top, top + rows - y1),
            mode="replicate",
        )
        big = F.interpolate(crop, scale_factor=SCALE, mode="bicubic", align_corners=False)
        inner = margin * SCALE
        return big[..., inner : inner + window.height, inner : inner + window.width].clamp(-1, 1)

    return read
