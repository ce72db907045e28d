"""The engine's one entry point: bytes or pixels in, an upscaled image out.

An :class:`Upscaler` keeps loaded networks warm per (model, device, precision). One call
decodes, runs the network tile by tile (reporting progress and honouring a cancel token),
and returns pixels plus what was used and how long each step took.
"""

from __future__ import annotations

import copy
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from config import EngineSettings
from engine.errors import ModelFailure
from engine.images.decode import DecodedImage, decode
from engine.images.encode import UpscaledImage
from engine.networks.architecture import NetworkTraits
from engine.networks.community import find_model
from engine.networks.fast_path import EnginePath, apply_path, choose_path
from engine.networks.loading import LoadedModel, load_model
from engine.networks.precision import (
    DTYPES,
    FALLBACK,
    PrecisionName,
    select_device,
    select_precision,
    supported_precision,
)
from engine.progress import CancelToken, ProgressCallback
from engine.tiling.inference import Network, UnstableOutput, upscale_tiled
from engine.tiling.plan import TilePlan, padded_size, plan_tiles

log = logging.getLogger(__name__)

# Of a memory budget, the share left to a network's strips (the rest of it gets the rest).
STRIP_SHARE = 0.125


@dataclass(frozen=True, slots=True)
class UpscaleOptions:
    """Per-call choices; ``None`` means the engine settings' value."""

    model: str | None = None
    scale: int | None = None
    tile_size: int | None = None
    device: str | None = None
    precision: str | None = None


@dataclass(slots=True)
class UpscaleResult:
    image: UpscaledImage
    model: str
    device: str
    precision: PrecisionName
    input_width: int
    input_height: int
    tiles: int
    tile_size: int
    timings: dict[str, float] = field(default_factory=dict)
    seed: int | None = None  # generative mode: the seed that reproduces this result
    processed_px_ratio: float = 1.0  # pixels fed to the network over the image's pixels
    path: EnginePath = EnginePath.EAGER  # how the network ran (engine.networks.fast_path)

    @property
    def megapixels(self) -> float:
        return self.input_width * self.input_height / 1e6


@dataclass(slots=True)
class _Prepared:
    model: LoadedModel
    module: nn.Module
    device: torch.device
    precision: PrecisionName
    compiled: Network | None = None  # torch.compile'd forward, when the settings ask for it
    path: EnginePath = EnginePath.EAGER

    @property
    def traits(self) -> NetworkTraits:
        return self.model.traits

    @property
    def in_strips(self) -> bool:
        """Whether the network runs its last stage in strips (a compiled graph runs whole)."""
        return self.compiled is None and self.traits.strips is not None


class Upscaler:
    """Runs Real-ESRGAN models. Not thread-safe: one call at a time (the worker's loop)."""

    def __init__(self, settings: EngineSettings, cache_dir: Path) -> None:
        self.settings = settings
        self.cache_dir = cache_dir
        self._loaded: dict[str, LoadedModel] = {}
        self._prepared: dict[tuple[str, str, PrecisionName], _Prepared] = {}
        # fp16 that overflowed once for a model is not tried again for it.
        self._unstable: set[tuple[str, PrecisionName]] = set()

    def prepare(
        self, name: str, device: str | None = None, precision: str | None = None
    ) -> _Prepared:
        """Load (once) and place a model; later calls with the same choice are free."""
        target = select_device(device or self.settings.device)
        if name not in self._loaded:
            self._loaded[name] = load_model(
                name, weights_dir=self.settings.weights_dir, cache_dir=self.cache_dir
            )
        loaded = self._loaded[name]
        supported = loaded.traits.precisions
        chosen = supported_precision(
            select_precision(precision or self.settings.precision, target), supported
        )
        while (name, chosen) in self._unstable and (fallback := FALLBACK[chosen]) is not None:
            chosen = supported_precision(fallback, supported)
        key = (name, str(target), chosen)
        if key not in self._prepared:
            module = copy.deepcopy(loaded.module).to(device=target, dtype=DTYPES[chosen])
            # channels_last lets oneDNN and cuDNN pick their fastest convolution kernels.
            module = module.to(memory_format=torch.channels_last)  # type: ignore[call-overload]
            path = choose_path(module, self.settings.fast_path)
            apply_path(module, path)
            compiled: Network | None = None
            if self.settings.compile != "off":
                # Tiles have one shape per image, so graphs are reused; "reduce-overhead" also
                # captures CUDA graphs. Measured slower on the CPU (BENCHMARKS.md): off there.
                compiled = torch.compile(module, mode=self.settings.compile, dynamic=False)
            self._prepared[key] = _Prepared(loaded, module, target, chosen, compiled, path)
        return self._prepared[key]

    def upscale_bytes(
        self,
        data: bytes,
        options: UpscaleOptions | None = None,
        *,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> UpscaleResult:
        """Decode and upscale an image file.

        Raises:
            InputError (and subclasses): the file cannot be used; nothing ran.
            UnknownModel, WeightsNotFound, UnsupportedWeights: the model cannot be loaded.
            Cancelled: the token was set.
            ModelFailure: out of memory even at the smallest tile, or unusable output.
        """
        started = time.perf_counter()
        decoded = decode(
            data,
            max_pixels=self.settings.max_input_pixels,
            max_bytes=self.settings.max_input_bytes,
        )
        decode_s = time.perf_counter() - started
        result = self.upscale_image(decoded, options, progress=progress, cancel=cancel)
        result.timings["decode_s"] = decode_s
        return result

    def upscale_image(
        self,
        decoded: DecodedImage,
        options: UpscaleOptions | None = None,
        *,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> UpscaleResult:
        """Upscale decoded pixels; see :meth:`upscale_bytes` for what it raises."""
        options = options or UpscaleOptions()
        name = options.model or self.settings.model
        info = find_model(name, self.settings.weights_dir)
        scale = options.scale or info.scale
        tile = options.tile_size or self.settings.tile_size
        prepared = self.prepare(name, options.device, options.precision)
        planes = 2 if decoded.alpha is not None else 1
        budget = self._memory_budget(prepared, decoded)
        plan = self._plan(decoded, tile, budget, prepared)
        total = planes * plan.count
        done_before = 0

        def plane_progress(done: int, _total: int) -> None:
            if progress is not None:
                progress(done_before + done, total)

        started = time.perf_counter()
        while True:
            try:
                rgb = self._run(
                    prepared, decoded.rgb, decoded.bit_depth, scale, plan, budget,
                    plane_progress, cancel,
                )  # fmt: skip
                alpha = None
                if decoded.alpha is not None:
                    done_before = total // 2
                    gray = np.repeat(decoded.alpha[..., None], 3, axis=2)
                    alpha = self._run(
                        prepared, gray, decoded.bit_depth, scale, plan, budget,
                        plane_progress, cancel,
                    )[..., 0]  # fmt: skip
                break
            except UnstableOutput as exc:
                fallback = FALLBACK[prepared.precision]
                if fallback is None:
                    raise ModelFailure(f"model {name} produced unusable output ({exc})") from exc
                log.warning(
                    "model %s: %s in %s, retrying in %s", name, exc, prepared.precision, fallback
                )
                self._unstable.add((name, prepared.precision))
                prepared = self.prepare(name, options.device, fallback)
                plan = self._plan(decoded, tile, budget, prepared)
                total, done_before = planes * plan.count, 0
            except torch.cuda.OutOfMemoryError as exc:
                torch.cuda.empty_cache()
                smaller = self._plan(decoded, tile, budget // 2, prepared)
                if smaller.tile_pixels >= plan.tile_pixels:
                    raise ModelFailure(
                        f"out of GPU memory even with {plan.cols.tile}x{plan.rows.tile} tiles"
                    ) from exc
                budget //= 2
                plan = smaller
                log.warning(
                    "out of GPU memory; retrying with %dx%d tiles", plan.cols.tile, plan.rows.tile
                )
                total, done_before = planes * plan.count, 0
        if prepared.device.type == "cuda":
            torch.cuda.synchronize()
        image = UpscaledImage(rgb, alpha, decoded.grayscale, decoded.bit_depth, decoded.icc_profile)
        return UpscaleResult(
            image=image,
            model=name,
            device=str(prepared.device),
            precision=prepared.precision,
            input_width=decoded.width,
            input_height=decoded.height,
            tiles=total,
            tile_size=max(plan.rows.tile, plan.cols.tile),
            timings={"infer_s": time.perf_counter() - started},
            processed_px_ratio=plan.processed_px_ratio,
            path=prepared.path,
        )

    def plan(self, decoded: DecodedImage, options: UpscaleOptions | None = None) -> TilePlan:
        """The tile plan an upscale of ``decoded`` with ``options`` would use now."""
        options = options or UpscaleOptions()
        name = options.model or self.settings.model
        prepared = self.prepare(name, options.device, options.precision)
        budget = self._memory_budget(prepared, decoded)
        return self._plan(decoded, options.tile_size or self.settings.tile_size, budget, prepared)

    def _run(
        self,
        prepared: _Prepared,
        pixels: np.ndarray,
        bit_depth: int,
        scale: int,
        plan: TilePlan,
        budget: int,
        progress: ProgressCallback | None,
        cancel: CancelToken | None,
    ) -> np.ndarray:
        maximum = 65535.0 if bit_depth == 16 else 255.0
        device = prepared.device
        # torch needs a writable array; decoded pixels may be a read-only view of a buffer.
        array = pixels.astype(np.float32) if bit_depth == 16 else np.array(pixels, copy=True)
        source = torch.from_numpy(array)
        if device.type == "cuda":
            # Page-locked memory lets the copy run asynchronously and at full bus speed; 8-bit
            # pixels travel as bytes and become floats on the device.
            source = source.pin_memory()
        image = source.to(device, non_blocking=True).permute(2, 0, 1).float().div_(maximum)
        traits = prepared.traits
        batch = self._batch(plan, budget, prepared)
        network = self._network(prepared, plan, budget, batch)
        if traits.shared_statistics is not None and plan.count > 1:

            def survey(probe: Network) -> None:
                upscale_tiled(
                    probe, image, scale=traits.scale, plan=plan, batch=batch,
                    dtype=DTYPES[prepared.precision], cancel=cancel,
                )  # fmt: skip

            network = traits.shared_statistics(prepared.module, survey)
        output = upscale_tiled(
            network,
            image,
            scale=traits.scale,
            plan=plan,
            batch=batch,
            dtype=DTYPES[prepared.precision],
            progress=progress,
            cancel=cancel,
            check_output=prepared.precision == "fp16",
        )
        rescale = scale / traits.scale
        if rescale != 1.0:
            height, width = pixels.shape[0] * scale, pixels.shape[1] * scale
            # Matches the bundled ncnn graphs (bicubic, no antialias) for animevideov3-x2/x3.
            output = F.interpolate(
                output[None],
                size=(height, width),
                mode="bicubic",
                align_corners=False,
                antialias=rescale < 1 and prepared.model.output_rescale == 1.0,
            )[0].clamp_(0, 1)
        # Quantise on the device: the copy back is 1-2 bytes a value instead of 4.
        quantised = output.mul_(maximum).round_()
        if bit_depth == 16:
            return quantised.to(torch.int32).permute(1, 2, 0).cpu().numpy().astype(np.uint16)
        result = quantised.to(torch.uint8).permute(1, 2, 0).contiguous()
        if device.type != "cuda":
            return result.numpy()
        host = torch.empty(result.shape, dtype=torch.uint8, pin_memory=True)
        host.copy_(result, non_blocking=True)
        torch.cuda.current_stream(device).synchronize()
        return host.numpy()

    @staticmethod
    def _network(prepared: _Prepared, plan: TilePlan, budget: int, batch: int) -> Network:
        if prepared.compiled is not None:
            return prepared.compiled
        strips = prepared.traits.strips
        if strips is not None:
            strip_budget = int(budget * STRIP_SHARE)
            width = plan.cols.tile * batch  # a batch's strips are alive together
            rows = strips.rows_within(strip_budget, DTYPES[prepared.precision], width)
            return strips.network(prepared.module, rows)
        return prepared.module

    def _memory_budget(self, prepared: _Prepared, image: DecodedImage) -> int:
        """Bytes the network may use for this image, after the image-sized buffers."""
        device, traits = prepared.device, prepared.traits
        scale = traits.scale
        if device.type == "cuda":
            free, _total = torch.cuda.mem_get_info(device)
            budget = int(free * self.settings.cuda_memory_fraction)
        else:
            budget = self.settings.cpu_memory_budget_mb * 1024 * 1024
        padded_h, padded_w = padded_size(image.height, image.width, pad=traits.pad)
        # The float32 result being built (3 channels at the output size) and its 8-bit copy.
        image_bytes = padded_h * padded_w * scale * scale * 3 * (4 + 1)
        return max(budget - image_bytes, budget // 4)

    def _plan(
        self, image: DecodedImage, tile: int | None, budget: int, prepared: _Prepared
    ) -> TilePlan:
        traits = prepared.traits
        overlap, blend = traits.seams.overlap, traits.seams.blend
        if self.settings.tile_overlap is not None:
            overlap = self.settings.tile_overlap
        blend = min(
            overlap, blend if self.settings.tile_blend is None else self.settings.tile_blend
        )
        return plan_tiles(
            image.height,
            image.width,
            overlap=overlap,
            blend=blend,
            max_tile_pixels=_max_batch_pixels(prepared, budget),
            max_tile_side=tile,
            multiple=traits.input_multiple,
            pad=traits.pad,
        )

    @staticmethod
    def _batch(plan: TilePlan, budget: int, prepared: _Prepared) -> int:
        """Tiles per network call: as many as the budget holds on CUDA, one on the CPU."""
        if prepared.device.type != "cuda" or plan.count == 1:
            return 1  # the CPU is saturated by one tile; batching only adds memory
        return max(1, min(plan.count, _max_batch_pixels(prepared, budget) // plan.tile_pixels))


def _max_batch_pixels(prepared: _Prepared, budget: int) -> int:
    """Input pixels one network call may take within ``budget`` bytes."""
    in_strips = prepared.in_strips
    per_pixel = prepared.traits.bytes_per_pixel(DTYPES[prepared.precision], in_strips=in_strips)
    share = 1 - STRIP_SHARE if in_strips else 1.0  # the strips' share is budgeted apart
    return int(budget * share) // per_pixel
