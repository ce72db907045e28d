"""The ``detail`` engine: Real-ESRGAN, then tiled img2img with tiny SD 1.5 / SDXL checkpoints
(a diffusers folder, and a single .safetensors file in the original layout) and a tiny
ControlNet, all loaded by the product's own code."""

from __future__ import annotations

import itertools
import threading
from pathlib import Path

import numpy as np
import pytest

from engine.creative.controls import CreativeOptions
from engine.creative.detail import DetailUpscaler
from engine.creative.engines import CreativeEngines
from engine.creative.loading import CreativeModelMissing, detect_family
from engine.errors import Cancelled
from engine.upscaler import Upscaler
from testbed.images import encoded, photo
from tests.engine.creative.conftest import TinyModels, image, settings_for
from tests.engine.creative.test_x4 import _difference

FAST = {"steps": 4, "creativity": 0.5, "guidance": 1.0}


@pytest.fixture(scope="module")
def engine(tiny: TinyModels, upscaler: Upscaler) -> DetailUpscaler:
    """The single-file SD 1.5 checkpoint with its configuration folder."""
    return DetailUpscaler(settings_for(tiny), upscaler)


def test_a_1024_square_becomes_2048_square(engine: DetailUpscaler):
    result = engine.upscale(
        image(1024), CreativeOptions(seed=5, steps=2, creativity=0.5, guidance=1, tile=512)
    )
    assert result.image.rgb.shape == (2048, 2048, 3)
    assert (result.model, result.seed, result.tile_size, result.tiles) == (
        "detail-sd15",
        5,
        512,
        25,
    )
    assert len(np.unique(result.image.rgb[::8, ::8].reshape(-1, 3), axis=0)) > 1000


def test_a_single_file_checkpoint_equals_its_diffusers_folder(
    engine: DetailUpscaler, tiny: TinyModels, upscaler: Upscaler
):
    """The same weights, shared as one original-layout file or as a folder, same pixels."""
    folder = DetailUpscaler(settings_for(tiny, detail_model=str(tiny.sd15)), upscaler)
    options = CreativeOptions(seed=2, scale=3, **FAST)
    from_file = engine.upscale(image(24), options)
    from_folder = folder.upscale(image(24), options)
    assert from_file.image.rgb.shape == (72, 72, 3)
    assert np.array_equal(from_file.image.rgb, from_folder.image.rgb)


def test_the_same_seed_gives_the_same_pixels_and_another_seed_does_not(engine: DetailUpscaler):
    first = engine.upscale(image(32), CreativeOptions(seed=7, **FAST))
    again = engine.upscale(image(32), CreativeOptions(seed=7, **FAST))
    other = engine.upscale(image(32), CreativeOptions(seed=8, **FAST))
    assert np.array_equal(first.image.rgb, again.image.rgb)
    assert not np.array_equal(first.image.rgb, other.image.rgb)


def test_tiled_and_untiled_runs_agree(engine: DetailUpscaler):
    source = image(128)
    untiled = engine.upscale(source, CreativeOptions(seed=4, tile=4096, **FAST))
    one_tile = engine.upscale(source, CreativeOptions(seed=4, tile=256, **FAST))
    grid = engine.upscale(source, CreativeOptions(seed=4, tile=128, **FAST))
    reseeded = engine.upscale(source, CreativeOptions(seed=5, tile=4096, **FAST))
    assert (untiled.tiles, one_tile.tiles, grid.tiles) == (1, 1, 9)
    assert np.array_equal(untiled.image.rgb, one_tile.image.rgb)
    tiling = _difference(grid.image.rgb, untiled.image.rgb)
    assert tiling < _difference(reseeded.image.rgb, untiled.image.rgb) / 4


def test_sdxl_checkpoints_are_recognised_and_run(tiny: TinyModels, upscaler: Upscaler):
    assert detect_family(str(tiny.sdxl)) == "sdxl"
    assert detect_family(str(tiny.sd15)) == "sd15"
    assert detect_family(str(tiny.sd15_file)) == "sd15"
    sdxl = DetailUpscaler(settings_for(tiny, detail_model=str(tiny.sdxl)), upscaler)
    options = CreativeOptions(seed=3, prompt="a sharp photo", steps=4, creativity=0.5, guidance=5)
    first = sdxl.upscale(image(32), options)
    assert first.image.rgb.shape == (64, 64, 3) and first.model == "detail-sdxl"
    assert np.array_equal(first.image.rgb, sdxl.upscale(image(32), options).image.rgb)


def test_a_controlnet_steers_by_resemblance(
    tiny: TinyModels, upscaler: Upscaler, engine: DetailUpscaler
):
    """From a folder or a lone .safetensors file, the same ControlNet, the same pixels; it
    changes the result, and at resemblance 0 it is left out."""
    with_folder = DetailUpscaler(
        settings_for(tiny, detail_controlnet=str(tiny.controlnet)), upscaler
    )
    with_file = DetailUpscaler(
        settings_for(tiny, detail_controlnet=str(tiny.controlnet_file)), upscaler
    )
    steered = CreativeOptions(seed=6, resemblance=1.0, **FAST)
    a = with_folder.upscale(image(32), steered)
    b = with_file.upscale(image(32), steered)
    assert a.model == "detail-sd15+controlnet"
    assert np.array_equal(a.image.rgb, b.image.rgb)
    assert not np.array_equal(a.image.rgb, engine.upscale(image(32), steered).image.rgb)
    loose = CreativeOptions(seed=6, resemblance=0.0, **FAST)
    assert np.array_equal(
        with_folder.upscale(image(32), loose).image.rgb, engine.upscale(image(32), loose).image.rgb
    )


def test_progress_covers_every_stage_and_reaches_100_once(engine: DetailUpscaler):
    events: list[tuple[int, int]] = []
    engine.upscale(
        image(64),
        CreativeOptions(seed=1, tile=128, **FAST),
        progress=lambda d, t: events.append((d, t)),
    )
    total = events[-1][1]
    assert events[-1] == (total, total)
    assert [e for e in events if e[0] == e[1]] == [events[-1]]
    assert all(b[0] >= a[0] for a, b in itertools.pairwise(events))
    assert len(events) == total  # one event per strip, tile and step


def test_cancel_stops_before_the_next_model_call(engine: DetailUpscaler):
    cancel = threading.Event()
    events: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        events.append((done, total))
        if len(events) == 4:
            cancel.set()

    with pytest.raises(Cancelled):
        engine.upscale(
            image(64), CreativeOptions(seed=1, tile=128, **FAST), progress=progress, cancel=cancel
        )
    assert len(events) == 4


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"detail_model": None},
            "The detail engine has no checkpoint. Set UPSCALE_ENGINE__DETAIL_MODEL to",
        ),
        (
            {"detail_model": "/models/missing.safetensors"},
            "'/models/missing.safetensors' does not exist. Set UPSCALE_ENGINE__DETAIL_MODEL",
        ),
        (
            {"detail_model": "{pickle}"},
            "not a .safetensors file .* Set UPSCALE_ENGINE__DETAIL_MODEL",
        ),
        (
            {"detail_model": "{unknown}"},
            "could not be told. Set UPSCALE_ENGINE__DETAIL_FAMILY to sd15 or sdxl",
        ),
        (
            {"detail_model_config": "/models/no-config"},
            "does not exist. Set UPSCALE_ENGINE__DETAIL_MODEL_CONFIG",
        ),
        (
            {"detail_controlnet": "/models/tile.safetensors"},
            "does not exist. Set UPSCALE_ENGINE__DETAIL_CONTROLNET",
        ),
        (
            {"detail_model": "{sdxl}", "detail_controlnet": "{controlnet}"},
            "is not for this sdxl checkpoint. Set UPSCALE_ENGINE__DETAIL_CONTROLNET",
        ),
    ],
)
def test_a_missing_or_wrong_checkpoint_names_its_setting(
    tiny: TinyModels,
    upscaler: Upscaler,
    tmp_path: Path,
    overrides: dict[str, str | None],
    message: str,
):
    pickle = tmp_path / "model.ckpt"
    pickle.write_bytes(b"not loaded")
    unknown = tmp_path / "mystery.safetensors"
    from safetensors.numpy import save_file

    save_file({"some.tensor": np.zeros(2, np.float32)}, str(unknown))
    names = {
        "{pickle}": pickle,
        "{unknown}": unknown,
        "{sdxl}": tiny.sdxl,
        "{controlnet}": tiny.controlnet,
    }
    values = {k: (str(names.get(v, v)) if v is not None else None) for k, v in overrides.items()}
    detail = DetailUpscaler(settings_for(tiny, **values), upscaler)
    with pytest.raises(CreativeModelMissing, match=message):
        detail.upscale(image(16), CreativeOptions(**FAST))


def test_unknown_mode_is_refused(tiny: TinyModels, upscaler: Upscaler):
    with pytest.raises(ValueError, match="mode must be one of creative, detail"):
        CreativeEngines(settings_for(tiny), upscaler).upscale("dream", image(16), CreativeOptions())


def test_cli_detail_mode(
    tiny: TinyModels,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
):
    """`upscale-bot upscale IN OUT --mode detail` with the controls as flags; one summary
    line with the engine, the tiles, the seed and the seconds."""
    from PIL import Image

    from bot.cli import main

    monkeypatch.setenv("UPSCALE_ENGINE__DEVICE", "cpu")
    monkeypatch.setenv("UPSCALE_ENGINE__DETAIL_MODEL", str(tiny.sd15_file))
    monkeypatch.setenv("UPSCALE_ENGINE__DETAIL_MODEL_CONFIG", str(tiny.sd15_config))
    source = tmp_path / "in.png"
    source.write_bytes(encoded(photo(40, 24)))
    out = tmp_path / "out.webp"
    argv = ["upscale", str(source), str(out), "--mode", "detail", "--model", "animevideo-x2"]
    argv += ["--preset", "subtle", "--creativity", "0.3", "--resemblance", "0.7", "--tile", "128"]
    argv += ["--steps", "4", "--guidance", "3", "--prompt", "a cat", "--negative-prompt", "blur"]
    argv += ["--seed", "42", "--scale", "3"]
    assert main(argv) == 0
    with Image.open(out) as written:
        assert written.size == (120, 72)
    captured = capsys.readouterr()
    summary = captured.out.strip().splitlines()
    assert len(summary) == 1
    assert "engine detail (detail-sd15)" in summary[0] and "seed 42" in summary[0]
    assert "40x24 -> 120x72" in summary[0] and "tiles of 128px" in summary[0]
    assert summary[0].endswith("s")
    assert "tile steps" in captured.err  # the progress bar
    assert main([*argv, "--creativity", "2"]) == 1
    assert "creativity must be between 0 and 1" in capsys.readouterr().err
