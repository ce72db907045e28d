"""The ``detail`` engine: Real-ESRGAN to the target size, then img2img over tiles with a
Stable Diffusion 1.5 or SDXL checkpoint (optionally steered by a ControlNet tile model).

The Real-ESRGAN result is encoded tile by tile into a latent canvas, noised to the point the
creativity asks for, denoised MultiDiffusion-style (every step blends all tiles, so no seam
forms) and decoded tile by tile back into the very buffer Real-ESRGAN wrote, which is not
needed any more by then. The ControlNet sees each tile's Real-ESRGAN pixels.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import numpy as np
import torch

from config import EngineSettings
from engine.creative import noise
from engine.creative.controls import Controls, CreativeOptions, img2img_steps
from engine.creative.first_pass import tile_count, upscale_in_tiles
from engine.creative.loading import DetailModel, Precision, load_detail
from engine.creative.meter import Meter
from engine.creative.multidiffusion import Schedule, TilePlan, denoise
from engine.creative.output import (
    check_limit,
    choose_seed,
    doubled,
    embeddings,
    guided,
    pixel_reader,
    round_up,
    to_8_bit,
    with_alpha,
)
from engine.creative.tiles import Window
from engine.creative.vae_tiles import (
    ReadPixels,
    decode_tiled,
    encode_tiled,
    vae_scale,
    vae_tiles,
    vae_units,
)
from engine.images.decode import DecodedImage
from engine.networks.precision import select_device, select_precision
from engine.progress import CancelToken, ProgressCallback
from engine.upscaler import Upscaler, UpscaleResult

DEFAULT_SCALE = 2


class DetailUpscaler:
    """The ``detail`` mode. Loads the checkpoint on first use and keeps it; ``realesrgan``
    runs the first pass."""

    mode = "detail"

    def __init__(self, settings: EngineSettings, realesrgan: Upscaler) -> None:
        self.settings = settings
        self.realesrgan = realesrgan
        self.device = select_device(settings.device)
        self.precision = Precision.on(
            self.device, select_precision(settings.precision, self.device)
        )
        self._model: DetailModel | None = None

    def model(self) -> DetailModel:
        """Raises: CreativeModelMissing, naming the setting to set."""
        if self._model is None:
            self._model = load_detail(self.settings, self.device, self.precision)
        return self._model

    def upscale(
        self,
        image: DecodedImage,
        options: CreativeOptions,
        *,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> UpscaleResult:
        """Upscale ``image`` by ``options.scale`` (2 unless set); ``progress(done, total)``
        per first-pass tile, VAE tile and denoising tile-step.

        Raises:
            ImageTooLarge: over the generative pixel limit.
            ValueError: a control out of range or an unknown preset.
            CreativeModelMissing: no checkpoint (or ControlNet) configured or loadable.
            Cancelled: the token was set (checked before every model call).
            ModelFailure: out of GPU memory even with the smallest tiles.
        """
        controls = options.checked().controls()
        check_limit(image, self.settings.generative_max_input_pixels)
        model = self.model()
        seed = choose_seed(options.seed)
        scale = options.scale or DEFAULT_SCALE
        started = time.perf_counter()
        with torch.inference_mode():
            out, plan = self._run(image, model, controls, options, seed, scale, progress, cancel)
        if self.device.type == "cuda":
            torch.cuda.synchronize()
        factor = vae_scale(model.pipeline.vae)
        return UpscaleResult(
            image=with_alpha(image, out),
            model=f"detail-{model.family}"
            + ("+controlnet" if model.controlnet is not None else ""),
            device=str(self.device),
            precision=self.precision.name,
            input_width=image.width,
            input_height=image.height,
            tiles=plan.layout(*_canvas(out, factor, plan.multiple)).count,
            tile_size=plan.tile * factor,
            timings={"infer_s": time.perf_counter() - started},
            seed=seed,
        )

    def _run(
        self,
        image: DecodedImage,
        model: DetailModel,
        controls: Controls,
        options: CreativeOptions,
        seed: int,
        scale: int,
        progress: ProgressCallback | None,
        cancel: CancelToken | None,
    ) -> tuple[np.ndarray, TilePlan]:
        pipe = model.pipeline
        unet, vae = pipe.unet, pipe.vae
        factor = vae_scale(vae)
        multiple = 2 ** (len(unet.config.block_out_channels) - 1)
        out = np.empty((image.height * scale, image.width * scale, 3), dtype=np.uint8)
        height, width = _canvas(out, factor, multiple)
        tile_px = controls.tile or unet.config.sample_size * factor
        plan = TilePlan.for_model(tile_px, factor, multiple, self.device)
        tiles = vae_tiles(self.device, factor)
        vae_work = vae_units(height, width, tiles)
        steps = img2img_steps(controls.steps, controls.creativity)
        first_pass = tile_count(image.height, image.width, scale)
        denoise_units = steps * plan.layout(height, width).count
        meter = Meter(first_pass + vae_work + denoise_units + vae_work, progress, cancel)

        upscale_model = self.settings.detail_upscale_model or self.settings.model
        rgb = to_8_bit(image.rgb)
        upscale_in_tiles(self.realesrgan, rgb, image.grayscale, upscale_model, scale, out, meter)
        read = pixel_reader(out)
        clean = encode_tiled(vae, read, height, width, tile=tiles[0], overlap=tiles[1], meter=meter)
        schedule = Schedule.ddim(
            pipe.scheduler.config, controls.steps, run=steps, clip_sample=False
        )
        start = noise.positional_noise(clean.shape[1], height, width, seed, noise.LATENTS)
        latents = schedule.add_noise(clean, start.to(self.device))
        del start
        predict = _predictor(model, controls, options, read, factor, self.device, self.precision)
        latents = denoise(
            latents,
            schedule,
            predict,
            plan,
            meter,
            anchor=clean,
            resemblance=controls.resemblance,
            later_units=vae_work,
        )
        del clean
        decode_tiled(vae, latents, out, tile=tiles[0], overlap=tiles[1], meter=meter)
        meter.finish()
        return out, plan


def _predictor(
    model: DetailModel,
    controls: Controls,
    options: CreativeOptions,
    read: ReadPixels,
    factor: int,
    device: torch.device,
    precision: Precision,
) -> Any:
    pipe, controlnet = model.pipeline, model.controlnet
    guidance = controls.guidance
    prompt = _Prompt.encode(model, options, guidance, device)
    dtype = precision.model

    def predict(tiles: torch.Tensor, timestep: int, windows: Sequence[Window]) -> torch.Tensor:
        count = len(windows)
        sample = doubled(tiles.to(dtype), guidance)
        states = embeddings(prompt.negative, prompt.positive, count, guidance)
        added = prompt.added(windows, factor, guidance) if model.family == "sdxl" else None
        down = middle = None
        if controlnet is not None and controls.resemblance > 0:
            condition = torch.cat([read(w.scaled(factor)) for w in windows]).add_(1).div_(2)
            down, middle = controlnet(
                sample,
                timestep,
                encoder_hidden_states=states,
                controlnet_cond=doubled(condition.to(device=device, dtype=dtype), guidance),
                conditioning_scale=controls.resemblance,
                added_cond_kwargs=added,
                return_dict=False,
            )
        output = pipe.unet(
            sample,
            timestep,
            encoder_hidden_states=states,
            added_cond_kwargs=added,
            down_block_additional_residuals=down,
            mid_block_additional_residual=middle,
            return_dict=False,
        )[0]
        return guided(output, guidance)

    return predict


class _Prompt:
    """The prompt's embeddings, and for SDXL its pooled embeddings and size conditioning."""

    def __init__(
        self,
        positive: torch.Tensor,
        negative: torch.Tensor,
        pooled: torch.Tensor | None = None,
        negative_pooled: torch.Tensor | None = None,
        aesthetic: bool = False,
    ) -> None:
        self.positive, self.negative = positive, negative
        self.pooled, self.negative_pooled = pooled, negative_pooled
        self.aesthetic = aesthetic

    @classmethod
    def encode(
        cls, model: DetailModel, options: CreativeOptions, guidance: float, device: torch.device
    ) -> _Prompt:
        pipe = model.pipeline
        negative_text = options.negative_prompt or None
        if model.family == "sd15":
            positive, negative = pipe.encode_prompt(
                options.prompt, device, 1, guidance > 1, negative_text
            )
            return cls(positive, negative if negative is not None else positive)
        positive, negative, pooled, negative_pooled = pipe.encode_prompt(
            prompt=options.prompt,
            device=device,
            num_images_per_prompt=1,
            do_classifier_free_guidance=guidance > 1,
            negative_prompt=negative_text,
        )
        return cls(
            positive,
            negative if negative is not None else positive,
            pooled,
            negative_pooled if negative_pooled is not None else pooled,
            bool(getattr(pipe.config, "requires_aesthetics_score", False)),
        )

    def added(
        self, windows: Sequence[Window], factor: int, guidance: float
    ) -> dict[str, torch.Tensor]:
        """SDXL's extra conditioning: each tile is a whole, uncropped picture of its size."""
        assert self.pooled is not None and self.negative_pooled is not None
        height, width = windows[0].height * factor, windows[0].width * factor
        tail = (6.0,) if self.aesthetic else (height, width)
        negative_tail = (2.5,) if self.aesthetic else (height, width)
        device, dtype = self.pooled.device, self.pooled.dtype
        ids = torch.tensor([[height, width, 0, 0, *tail]], device=device, dtype=dtype)
        negative_ids = torch.tensor(
            [[height, width, 0, 0, *negative_tail]], device=device, dtype=dtype
        )
        return {
            "text_embeds": embeddings(self.negative_pooled, self.pooled, len(windows), guidance),
            "time_ids": embeddings(negative_ids, ids, len(windows), guidance),
        }


def _canvas(out: np.ndarray, factor: int, multiple: int) -> tuple[int, int]:
    """The latent canvas for an output: its size in latent pixels, whole UNet multiples."""
    return (
        round_up(-(-out.shape[0] // factor), multiple),
        round_up(-(-out.shape[1] // factor), multiple),
    )
