"""Denoising a latent canvas of any size tile by tile, MultiDiffusion style.

At every step the model predicts each tile; the predictions are blended into one canvas with
the tile weights (:mod:`engine.creative.tiles`), and a DDIM step moves the whole canvas. The
canvas never depends on the tiling between steps, so tiles of one step see what their
neighbours made of the previous one and no seam forms. Only the canvas (a few latent-sized
tensors) and one batch of tiles are ever held, so memory does not grow with the tile count.

DDIM (deterministic, ``eta = 0``) is computed here from the model's own noise schedule, which
keeps a run a pure function of its inputs and seed, and lets ``resemblance`` act on the
predicted clean image between prediction and step.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import torch
import torch.nn.functional as F

from engine.creative.meter import Meter
from engine.creative.tiles import TileLayout, Window
from engine.errors import ModelFailure

log = logging.getLogger(__name__)

Predict = Callable[[torch.Tensor, int, Sequence[Window]], torch.Tensor]
"""(latent tiles ``B x C x h x w`` float32, timestep, their windows) -> the model's output for
them (after classifier-free guidance), float32, same shape."""

LOW_PASS = 8  # latent pixels: the scale below which resemblance leaves detail alone


@dataclass(frozen=True, slots=True)
class Schedule:
    """The DDIM steps to run, with the cumulative alphas at each and at the next."""

    timesteps: tuple[int, ...]
    alphas: tuple[float, ...]
    next_alphas: tuple[float, ...]
    prediction_type: str
    clip_sample: float | None

    @classmethod
    def ddim(
        cls, scheduler_config: Any, steps: int, run: int | None = None, **overrides: Any
    ) -> Schedule:
        """``steps`` DDIM steps of the model's schedule; with ``run``, only its last ``run``
        (img2img: start part-way, from a noised image). ``overrides`` replace config values."""
        from diffusers import DDIMScheduler

        scheduler = DDIMScheduler.from_config(scheduler_config, **overrides)  # type: ignore[no-untyped-call]
        scheduler.set_timesteps(steps)
        timesteps = [int(t) for t in scheduler.timesteps]
        if run is not None:
            timesteps = timesteps[len(timesteps) - run :]
        cumulative = scheduler.alphas_cumprod
        stride = scheduler.config.num_train_timesteps // steps
        final = float(scheduler.final_alpha_cumprod)
        config = scheduler.config
        return cls(
            timesteps=tuple(timesteps),
            alphas=tuple(float(cumulative[t]) for t in timesteps),
            next_alphas=tuple(
                float(cumulative[t - stride]) if t - stride >= 0 else final for t in timesteps
            ),
            prediction_type=str(config.prediction_type),
            clip_sample=float(config.clip_sample_range) if config.clip_sample else None,
        )

    def add_noise(self, clean: torch.Tensor, noise: torch.Tensor) -> torch.Tensor:
        """The clean canvas noised to the first timestep (the start of img2img)."""
        alpha = self.alphas[0]
        return clean * math.sqrt(alpha) + noise * math.sqrt(1 - alpha)


@dataclass(slots=True)
class TilePlan:
    """How the canvas is cut: tile edge (latent pixels), overlap, and tiles per model call."""

    tile: int
    overlap: int
    batch: int
    multiple: int  # tile edges stay whole multiples of this (the UNet's downsampling)
    min_tile: int

    @classmethod
    def for_model(
        cls, tile_pixels: int, factor: int, multiple: int, device: torch.device
    ) -> TilePlan:
        """Tiles of about ``tile_pixels`` output pixels, for a VAE of ``factor`` pixels per
        latent pixel and a UNet that needs sides in whole ``multiple``s; a quarter overlap.
        One tile per call on the CPU (one saturates it); on a GPU, about two 128x128 latent
        tiles' worth per call, halved on demand (:meth:`shrink`)."""
        tile = max(multiple, tile_pixels // factor // multiple * multiple)
        batch = 1 if device.type != "cuda" else max(1, (128 * 128 * 2) // (tile * tile))
        return cls(tile, tile // 4, batch, multiple, min(tile, 4 * multiple))

    def layout(self, height: int, width: int) -> TileLayout:
        return TileLayout.cover(height, width, self.tile, self.overlap)

    def shrink(self) -> None:
        """After running out of GPU memory: fewer tiles per call, then smaller tiles.

        Raises: ModelFailure when already at the smallest tile.
        """
        if self.batch > 1:
            self.batch //= 2
            return
        smaller = self.tile // 2 // self.multiple * self.multiple
        if smaller < self.min_tile:
            raise ModelFailure(f"out of GPU memory even with {self.tile}-latent-pixel tiles")
        self.tile, self.overlap = smaller, min(self.overlap, smaller // 4)


def denoise(
    latents: torch.Tensor,
    schedule: Schedule,
    predict: Predict,
    plan: TilePlan,
    meter: Meter,
    *,
    anchor: torch.Tensor | None = None,
    resemblance: float = 0.0,
    later_units: int = 0,
) -> torch.Tensor:
    """Run ``schedule`` on the ``1 x C x H x W`` float32 canvas ``latents``; returns the result.

    ``anchor`` is the input's clean latent canvas that ``resemblance`` pulls toward. One meter
    unit per tile per step; ``later_units`` is the work after this (for re-planning).

    Raises:
        Cancelled: checked before every model call.
        ModelFailure: out of GPU memory even at the smallest tile.
    """
    height, width = latents.shape[-2:]
    step = 0
    while step < len(schedule.timesteps):
        layout = plan.layout(height, width)
        try:
            output = blended_prediction(
                latents, schedule.timesteps[step], predict, layout, plan.batch, meter
            )
        except torch.cuda.OutOfMemoryError:
            torch.cuda.empty_cache()
            plan.shrink()
            log.warning(
                "out of GPU memory; denoising with %d tiles per call of %d", plan.batch, plan.tile
            )
            remaining = len(schedule.timesteps) - step
            meter.replan(remaining * plan.layout(height, width).count + later_units)
            continue
        latents = ddim_step(latents, output, schedule, step, anchor, resemblance)
        step += 1
    return latents


def blended_prediction(
    latents: torch.Tensor,
    timestep: int,
    predict: Predict,
    layout: TileLayout,
    batch: int,
    meter: Meter,
) -> torch.Tensor:
    """The model's output for the whole canvas: each tile predicted (``batch`` per call) and
    blended with its weights, divided by the weights' sum."""
    blended = torch.zeros_like(latents)
    windows = layout.windows()
    for first in range(0, len(windows), batch):
        meter.check()
        group = windows[first : first + batch]
        tiles = torch.cat([window.of(latents) for window in group])
        with torch.inference_mode():
            outputs = predict(tiles, timestep, group)
        for window, output in zip(group, outputs, strict=True):
            window.of(blended).add_(output * layout.weights(window, latents.device))
        meter.advance(len(group))
    return blended.mul_(layout.normaliser(latents.device))


def ddim_step(
    latents: torch.Tensor,
    output: torch.Tensor,
    schedule: Schedule,
    step: int,
    anchor: torch.Tensor | None = None,
    pull: float = 0.0,
) -> torch.Tensor:
    """One deterministic DDIM step from the model's blended output, pulling the predicted
    clean canvas's low frequencies toward ``anchor`` by ``pull`` (0-1)."""
    alpha, next_alpha = schedule.alphas[step], schedule.next_alphas[step]
    a, b = math.sqrt(alpha), math.sqrt(1 - alpha)
    if schedule.prediction_type == "epsilon":
        clean = (latents - b * output) / a
    elif schedule.prediction_type == "v_prediction":
        clean = a * latents - b * output
    elif schedule.prediction_type == "sample":
        clean = output
    else:
        raise ModelFailure(f"unsupported prediction type {schedule.prediction_type!r}")
    if schedule.clip_sample is not None:
        clean = clean.clamp(-schedule.clip_sample, schedule.clip_sample)
    if anchor is not None and pull > 0:
        clean = clean + pull * low_pass(anchor - clean)
    noise = (latents - a * clean) / b
    return clean * math.sqrt(next_alpha) + noise * math.sqrt(1 - next_alpha)


def low_pass(canvas: torch.Tensor) -> torch.Tensor:
    """Structure and colour of a canvas without its detail below ``LOW_PASS`` pixels."""
    height, width = canvas.shape[-2:]
    coarse = F.avg_pool2d(canvas, LOW_PASS, ceil_mode=True, count_include_pad=False)
    return F.interpolate(coarse, size=(height, width), mode="bilinear", align_corners=False)
