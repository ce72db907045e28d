"""The whole engine on real weights: what comes out is a real, larger picture."""

from __future__ import annotations

import io
import os
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from config import EngineSettings
from engine.errors import AnimatedImage, UnknownModel
from engine.images.encode import encode_png
from engine.upscaler import UpscaleOptions, Upscaler
from testbed.images import encoded, photo


def _psnr(a: np.ndarray, b: np.ndarray) -> float:
    mse = float(np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2))
    return 10 * np.log10(255**2 / mse)


def _sharpness(pixels: np.ndarray) -> float:
    gray = pixels.astype(np.float64).mean(axis=2)
    laplacian = (
        4 * gray[1:-1, 1:-1] - gray[:-2, 1:-1] - gray[2:, 1:-1] - gray[1:-1, :-2] - gray[1:-1, 2:]
    )
    return float(laplacian.var())


def test_x4plus_makes_a_sharp_4x_photo(upscaler: Upscaler):
    """The default model turns 48x48 into 192x192 that resembles the original closely."""
    high = photo(192, 192)
    low = np.asarray(Image.fromarray(high).resize((48, 48), Image.Resampling.BICUBIC))
    result = upscaler.upscale_bytes(encoded(low), UpscaleOptions(model="x4plus"))
    assert (result.image.width, result.image.height) == (192, 192)
    assert result.model == "x4plus" and result.device == "cpu"
    assert result.precision in ("bf16", "fp32")
    # Real restoration: close to the true photo, and visibly sharper than bicubic enlargement.
    bicubic = np.asarray(Image.fromarray(low).resize((192, 192), Image.Resampling.BICUBIC))
    assert _psnr(result.image.rgb, high) > 19
    assert _psnr(result.image.rgb, high) > _psnr(np.full_like(high, 128), high) + 8
    assert _sharpness(result.image.rgb) > 1.5 * _sharpness(bicubic)


@pytest.mark.parametrize(
    ("model", "scale"), [("animevideo-x2", 2), ("animevideo-x3", 3), ("animevideo-x4", 4)]
)
def test_bundled_compact_models_scale(upscaler: Upscaler, model: str, scale: int):
    """x2, x3 and x4 produce exactly that size."""
    result = upscaler.upscale_bytes(encoded(photo(30, 20)), UpscaleOptions(model=model))
    assert result.image.rgb.shape == (20 * scale, 30 * scale, 3)


def test_rgba_alpha_is_upscaled_and_kept(upscaler: Upscaler):
    """A logo with a transparent left half stays transparent on the left after upscaling."""
    alpha = np.zeros((32, 32), np.uint8)
    alpha[:, 16:] = 255
    rgba = np.dstack([photo(32, 32), alpha])
    result = upscaler.upscale_bytes(encoded(rgba), UpscaleOptions(model="animevideo-x4"))
    out_alpha = result.image.alpha
    assert out_alpha is not None and out_alpha.shape == (128, 128)
    assert out_alpha[:, :48].max() < 30 and out_alpha[:, 80:].min() > 225
    with Image.open(io.BytesIO(encode_png(result.image))) as reread:
        assert reread.mode == "RGBA" and reread.size == (128, 128)


def test_grayscale_comes_back_grayscale(upscaler: Upscaler):
    """A black-and-white input gives a black-and-white PNG."""
    gray = Image.fromarray(photo(24, 24)).convert("L")
    result = upscaler.upscale_bytes(encoded(gray), UpscaleOptions(model="animevideo-x4"))
    with Image.open(io.BytesIO(encode_png(result.image))) as reread:
        assert reread.mode == "L"


def test_16_bit_input_gives_16_bit_output(upscaler: Upscaler):
    """16-bit masters keep 16 bits."""
    import png

    pixels = (photo(16, 16).astype(np.uint16) * 257).reshape(16, -1)
    buffer = io.BytesIO()
    png.Writer(16, 16, greyscale=False, bitdepth=16).write(buffer, pixels)
    result = upscaler.upscale_bytes(buffer.getvalue(), UpscaleOptions(model="animevideo-x4"))
    assert result.image.bit_depth == 16 and result.image.rgb.dtype == np.uint16
    assert result.image.rgb.max() > 255


def test_progress_reaches_the_end(upscaler: Upscaler):
    """The progress callback ends at done == total."""
    calls: list[tuple[int, int]] = []
    upscaler.upscale_bytes(
        encoded(photo(20, 20)),
        UpscaleOptions(model="animevideo-x4"),
        progress=lambda d, t: calls.append((d, t)),
    )
    assert calls and calls[-1][0] == calls[-1][1]


def test_bad_input_and_unknown_model_raise_typed_errors(upscaler: Upscaler):
    """Errors are the engine's own types with clear messages."""
    frames = [Image.fromarray(photo(8, 8)), Image.fromarray(photo(8, 8)[::-1])]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:])
    with pytest.raises(AnimatedImage):
        upscaler.upscale_bytes(buffer.getvalue())
    with pytest.raises(UnknownModel):
        upscaler.upscale_bytes(encoded(photo(8, 8)), UpscaleOptions(model="nope"))


def test_an_image_that_fits_runs_in_one_pass_and_says_so(upscaler: Upscaler):
    """On the CPU defaults a small image is not tiled: the network sees the image and its
    10-pixel border only, and the result reports that share."""
    result = upscaler.upscale_bytes(encoded(photo(60, 44)), UpscaleOptions(model="animevideo-x4"))
    assert result.tiles == 1
    assert result.processed_px_ratio == pytest.approx((80 * 64) / (60 * 44))
    assert result.image.rgb.shape == (176, 240, 3)


def test_a_small_memory_budget_tiles_with_the_same_result(
    engine_settings: EngineSettings, model_cache: Path
):
    """With a memory budget too small for one pass, the image is cut into equal tiles, and
    the pixels match the untiled result (compact model: to within a level)."""
    image = encoded(photo(520, 400))
    options = UpscaleOptions(model="animevideo-x4", precision="fp32")
    roomy = engine_settings.model_copy(update={"cpu_memory_budget_mb": 4096})
    whole = Upscaler(roomy, model_cache).upscale_bytes(image, options)
    # 256 MiB less the 4x result's buffers leaves room for ~150k input pixels in fp32.
    tight = engine_settings.model_copy(update={"cpu_memory_budget_mb": 256})
    tiled = Upscaler(tight, model_cache).upscale_bytes(image, options)
    assert whole.tiles == 1 and tiled.tiles > 1
    assert tiled.processed_px_ratio > whole.processed_px_ratio
    difference = np.abs(whole.image.rgb.astype(int) - tiled.image.rgb.astype(int))
    assert difference.max() <= 1


@pytest.mark.skipif(
    not os.environ.get("UPSCALE_TEST_COMPILE"),
    reason="torch.compile takes minutes on this CPU; set UPSCALE_TEST_COMPILE=1 to run",
)
def test_the_compiled_network_gives_the_eager_pixels(
    engine_settings: EngineSettings, model_cache: Path
):
    """With torch.compile on, the pixels are those of the eager network."""
    image = encoded(photo(40, 32))
    options = UpscaleOptions(model="animevideo-x4", precision="fp32")
    eager = Upscaler(engine_settings, model_cache).upscale_bytes(image, options)
    compiled_settings = engine_settings.model_copy(update={"compile": "default"})
    compiled = Upscaler(compiled_settings, model_cache).upscale_bytes(image, options)
    difference = np.abs(eager.image.rgb.astype(int) - compiled.image.rgb.astype(int))
    assert difference.max() <= 1
