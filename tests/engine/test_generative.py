"""The creative mode with a tiny, randomly initialised x4 upscale pipeline (runs on CPU fast).

The pipeline is saved to a folder and loaded back through the product's normal loading code.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from config import EngineSettings, load_settings
from engine.decode import decode
from engine.errors import ImageTooLarge
from engine.generative import (
    PRESETS,
    GenerativeModelMissing,
    GenerativeOptions,
    GenerativeUpscaler,
    preset_for_strength,
)
from testbed.images import encoded, photo


@pytest.fixture
def settings(tiny_pipeline: Path) -> EngineSettings:
    return load_settings(engine={"generative_model": str(tiny_pipeline), "device": "cpu"}).engine


def _image(size: int = 16) -> object:
    return decode(encoded(photo(size, size)), max_pixels=10**6, max_bytes=10**7)


FAST = GenerativeOptions(strength=5, prompt="a sharp photo of a cat", seed=7)


def test_output_is_four_times_the_input(settings: EngineSettings):
    """16x16 in, 64x64 out, with real (not constant) pixels, and the seed recorded."""
    result = GenerativeUpscaler(settings).upscale(_image(), FAST)  # type: ignore[arg-type]
    assert result.image.rgb.shape == (64, 64, 3)
    assert result.seed == 7
    assert len(np.unique(result.image.rgb.reshape(-1, 3), axis=0)) > 100


def test_same_seed_same_pixels_and_another_seed_differs(settings: EngineSettings):
    """A recorded seed reproduces the image exactly."""
    engine = GenerativeUpscaler(settings)
    first = engine.upscale(_image(), FAST)  # type: ignore[arg-type]
    again = engine.upscale(_image(), FAST)  # type: ignore[arg-type]
    other = engine.upscale(_image(), GenerativeOptions(strength=5, prompt=FAST.prompt, seed=8))  # type: ignore[arg-type]
    assert np.array_equal(first.image.rgb, again.image.rgb)
    assert not np.array_equal(first.image.rgb, other.image.rgb)


def test_presets_set_the_documented_parameters(
    settings: EngineSettings, monkeypatch: pytest.MonkeyPatch
):
    """Each preset reaches the pipeline with its noise level, guidance and steps."""
    engine = GenerativeUpscaler(settings)
    pipeline = engine.pipeline()
    seen: list[dict[str, object]] = []
    real_call = type(pipeline).__call__

    def recording(self: object, *args: object, **kwargs: object) -> object:
        seen.append(kwargs)
        return real_call(self, *args, **kwargs)

    monkeypatch.setattr(type(pipeline), "__call__", recording)
    for name in ("balanced", "creative"):
        engine.upscale(_image(8), GenerativeOptions(preset=name, seed=1))  # type: ignore[arg-type]
    assert [(k["noise_level"], k["guidance_scale"], k["num_inference_steps"]) for k in seen] == [
        (40, 7.0, 30),
        (120, 9.0, 50),
    ]
    assert (PRESETS["precise"].noise_level, PRESETS["precise"].prepass) == (10, "x4plus")
    assert preset_for_strength(1).noise_level < preset_for_strength(9).noise_level
    with pytest.raises(ValueError, match="strength must be 1-9"):
        preset_for_strength(10)


def test_progress_arrives_once_per_step(settings: EngineSettings):
    """The meter moves once per denoising step."""
    steps: list[tuple[int, int]] = []
    GenerativeUpscaler(settings).upscale(
        _image(8),
        GenerativeOptions(strength=1, seed=3),
        progress=lambda d, t: steps.append((d, t)),  # type: ignore[arg-type]
    )
    total = preset_for_strength(1).steps
    assert steps == [(i, total) for i in range(1, total + 1)]


def test_a_missing_model_names_the_setting():
    """Without weights the error says which setting to set."""
    engine = GenerativeUpscaler(load_settings(engine={"device": "cpu"}).engine)
    with pytest.raises(GenerativeModelMissing, match="UPSCALE_ENGINE__GENERATIVE_MODEL"):
        engine.upscale(_image(), FAST)  # type: ignore[arg-type]
    broken = GenerativeUpscaler(
        load_settings(engine={"device": "cpu", "generative_model": "/nonexistent/x4"}).engine
    )
    with pytest.raises(GenerativeModelMissing, match="could not load"):
        broken.pipeline()


def test_over_the_creative_limit_is_refused_before_running(settings: EngineSettings):
    """The creative mode's own pixel limit applies before anything is loaded or run."""
    small = settings.model_copy(
        update={"generative_max_input_pixels": 100, "generative_model": None}
    )
    with pytest.raises(ImageTooLarge, match="the limit is 100 pixels"):
        GenerativeUpscaler(small).upscale(_image(16), FAST)  # type: ignore[arg-type]


def test_cli_creative_mode(
    tiny_pipeline: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
):
    """`upscale-bot upscale IN OUT --mode creative --preset balanced --prompt ... --seed 42`."""
    from PIL import Image

    from bot.cli import main

    monkeypatch.setenv("UPSCALE_ENGINE__GENERATIVE_MODEL", str(tiny_pipeline))
    monkeypatch.setenv("UPSCALE_ENGINE__DEVICE", "cpu")
    source = tmp_path / "in.png"
    source.write_bytes(encoded(photo(12, 12)))
    out = tmp_path / "out.png"
    argv = [
        "upscale",
        str(source),
        str(out),
        "--mode",
        "creative",
        "--strength",
        "3",
        "--prompt",
        "a cat",
        "--seed",
        "42",
    ]
    assert main(argv) == 0
    with Image.open(out) as written:
        assert written.size == (48, 48)
    assert "seed 42" in capsys.readouterr().out
