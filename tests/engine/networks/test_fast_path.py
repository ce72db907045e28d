"""The engine's fast path against its eager reference: the same pictures, on every
architecture with a fused form, at odd sizes, with alpha, in both CPU formats."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from config import EngineSettings
from engine.networks import precision
from engine.networks.fast_path import EnginePath
from engine.upscaler import UpscaleOptions, Upscaler, UpscaleResult
from testbed.images import encoded, photo

# Levels (0-255) a fused result may differ from the eager one. The fused path keeps the
# eager order of operations, so both measured 0 here (fp32 and bf16, every model below);
# fp32 keeps the house tolerance of 1 level, bf16 its measured 0 plus the same level.
TOLERANCE = {"fp32": 1, "bf16": 1}
SCALES = {"x4plus": 4, "animevideo-x4": 4, "span-x4": 4, "cugan-x2": 2}


@pytest.fixture(scope="module")
def eager(engine_settings: EngineSettings, model_cache: Path) -> Upscaler:
    return Upscaler(engine_settings.model_copy(update={"fast_path": "eager"}), model_cache)


@pytest.fixture(scope="module")
def fused(engine_settings: EngineSettings, model_cache: Path) -> Upscaler:
    return Upscaler(engine_settings.model_copy(update={"fast_path": "auto"}), model_cache)


def _photo_with_alpha(width: int, height: int) -> bytes:
    """A natural photo (scikit-image's coffee) with a soft alpha ramp, at an odd size."""
    alpha = np.linspace(0, 255, width, dtype=np.float32)[None, :].repeat(height, 0)
    return encoded(np.dstack([photo(width, height, "coffee"), alpha.astype(np.uint8)]))


def _difference(a: UpscaleResult, b: UpscaleResult) -> int:
    rgb = np.abs(a.image.rgb.astype(int) - b.image.rgb.astype(int)).max()
    assert a.image.alpha is not None and b.image.alpha is not None
    alpha = np.abs(a.image.alpha.astype(int) - b.image.alpha.astype(int)).max()
    return int(max(rgb, alpha))


@pytest.mark.parametrize("model", SCALES)
@pytest.mark.parametrize("fmt", ["fp32", "bf16"])
def test_the_fused_path_gives_the_eager_pixels(
    eager: Upscaler, fused: Upscaler, model: str, fmt: str
) -> None:
    """A member's picture looks the same whichever path the engine takes (colour and alpha)."""
    if fmt == "bf16" and not precision.cpu_has_fast_bf16():
        pytest.skip("this CPU runs bf16 through conversions only; the engine uses fp32")
    data = _photo_with_alpha(37, 29)
    options = UpscaleOptions(model=model, precision=fmt)
    reference = eager.upscale_bytes(data, options)
    fast = fused.upscale_bytes(data, options)
    assert reference.path is EnginePath.EAGER and fast.path is EnginePath.FUSED
    assert fast.precision == reference.precision == fmt
    scale = SCALES[model]
    assert fast.image.rgb.shape == reference.image.rgb.shape == (29 * scale, 37 * scale, 3)
    assert _difference(fast, reference) <= TOLERANCE[fmt]


def test_the_fused_path_serves_repeated_calls_alike(fused: Upscaler) -> None:
    """In-place steps never touch the network's weights: a second upscale equals the first."""
    data = encoded(photo(23, 19, "chelsea"))
    options = UpscaleOptions(model="animevideo-x4", precision="fp32")
    first = fused.upscale_bytes(data, options)
    second = fused.upscale_bytes(data, options)
    assert np.array_equal(first.image.rgb, second.image.rgb)


def test_a_cpu_without_bf16_takes_the_fp32_fused_path(
    engine_settings: EngineSettings, model_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a CPU without bf16 instructions, auto runs fp32, fused, with the eager pixels."""
    monkeypatch.setattr(precision, "cpu_has_fast_bf16", lambda: False)
    data = _photo_with_alpha(21, 17)
    settings = engine_settings.model_copy(update={"precision": "auto"})
    fast = Upscaler(settings, model_cache).upscale_bytes(data, UpscaleOptions(model="span-x4"))
    reference = Upscaler(
        settings.model_copy(update={"fast_path": "eager"}), model_cache
    ).upscale_bytes(data, UpscaleOptions(model="span-x4"))
    assert fast.precision == "fp32" and fast.path is EnginePath.FUSED
    assert _difference(fast, reference) <= TOLERANCE["fp32"]


@pytest.mark.skipif(
    not os.environ.get("UPSCALE_TEST_COMPILE"),
    reason="torch.compile takes minutes on this CPU; set UPSCALE_TEST_COMPILE=1 to run",
)
def test_a_frozen_compiled_network_gives_the_eager_pixels(
    eager: Upscaler, engine_settings: EngineSettings, model_cache: Path
) -> None:
    """torch.compile with inductor's freezing (weights folded into the graph) once gave
    wrong pixels; if it is ever offered, this is the picture it must keep."""
    import torch._inductor.config as inductor

    data = encoded(photo(33, 27))
    options = UpscaleOptions(model="animevideo-x4", precision="fp32")
    reference = eager.upscale_bytes(data, options)
    compiled_settings = engine_settings.model_copy(update={"compile": "default"})
    with inductor.patch(freezing=True):
        frozen = Upscaler(compiled_settings, model_cache).upscale_bytes(data, options)
    difference = np.abs(frozen.image.rgb.astype(int) - reference.image.rgb.astype(int))
    assert difference.max() <= TOLERANCE["fp32"]
