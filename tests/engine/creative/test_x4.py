"""The ``creative`` engine: the x4 upscaler over tiles, with a tiny random pipeline saved like a
download and loaded by the product's own code."""

from __future__ import annotations

import itertools
import threading
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from config import load_settings
from engine.creative.controls import CreativeOptions
from engine.creative.loading import CreativeModelMissing
from engine.creative.x4 import X4Upscaler
from engine.errors import Cancelled, ImageTooLarge
from testbed.images import encoded, photo
from tests.engine.creative.conftest import TinyModels, image, settings_for

FAST = {"steps": 3, "guidance": 1.0}


@pytest.fixture(scope="module")
def engine(tiny: TinyModels) -> X4Upscaler:
    return X4Upscaler(settings_for(tiny))


def test_a_1024_square_becomes_4096_square(engine: X4Upscaler):
    """A typical SDXL-sized image is accepted (tiled) and comes out 4x, with real pixels."""
    result = engine.upscale(
        image(1024), CreativeOptions(seed=3, steps=1, guidance=1, resemblance=0, tile=1024)
    )
    assert result.image.rgb.shape == (4096, 4096, 3)
    assert (result.seed, result.tiles, result.tile_size) == (3, 25, 1024)
    assert len(np.unique(result.image.rgb[::16, ::16].reshape(-1, 3), axis=0)) > 1000


def test_the_same_seed_gives_the_same_pixels_and_another_seed_does_not(engine: X4Upscaler):
    first = engine.upscale(image(32), CreativeOptions(seed=7, **FAST))
    again = engine.upscale(image(32), CreativeOptions(seed=7, **FAST))
    other = engine.upscale(image(32), CreativeOptions(seed=8, **FAST))
    assert np.array_equal(first.image.rgb, again.image.rgb)
    assert not np.array_equal(first.image.rgb, other.image.rgb)
    assert first.seed == 7


def test_tiled_and_untiled_runs_agree(engine: X4Upscaler):
    """One tile or a 3x3 grid: identical where the grid is a single tile anyway, and far
    closer to each other than two seeds are where the model saw different context."""
    source = image(64)
    untiled = engine.upscale(source, CreativeOptions(seed=4, tile=4096, **FAST))
    one_tile = engine.upscale(source, CreativeOptions(seed=4, tile=512, **FAST))
    grid = engine.upscale(source, CreativeOptions(seed=4, tile=128, **FAST))
    reseeded = engine.upscale(source, CreativeOptions(seed=5, tile=4096, **FAST))
    assert (untiled.tiles, one_tile.tiles, grid.tiles) == (1, 1, 9)
    assert np.array_equal(untiled.image.rgb, one_tile.image.rgb)
    tiling = _difference(grid.image.rgb, untiled.image.rgb)
    seeding = _difference(reseeded.image.rgb, untiled.image.rgb)
    assert tiling < seeding / 4


def test_progress_covers_all_tiles_and_steps_and_reaches_100_once(engine: X4Upscaler):
    events: list[tuple[int, int]] = []
    result = engine.upscale(
        image(64),
        CreativeOptions(seed=1, tile=128, **FAST),
        progress=lambda d, t: events.append((d, t)),
    )
    total = events[-1][1]
    assert events[-1] == (total, total)
    assert [e for e in events if e[0] == e[1]] == [events[-1]]
    assert all(b[0] >= a[0] for a, b in itertools.pairwise(events))
    assert total > FAST["steps"] * result.tiles  # plus encoding and decoding tiles


def test_cancel_stops_before_the_next_model_call(engine: X4Upscaler):
    cancel = threading.Event()
    events: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        events.append((done, total))
        if len(events) == 5:  # partway through the first denoising step
            cancel.set()

    with pytest.raises(Cancelled):
        engine.upscale(
            image(64),
            CreativeOptions(seed=1, tile=128, **FAST),
            progress=progress,
            cancel=cancel,
        )
    assert len(events) == 5


def test_keeps_the_alpha_channel(engine: X4Upscaler):
    from engine.images.decode import decode

    rgba = np.dstack([photo(16, 16), np.full((16, 16), 200, np.uint8)])
    result = engine.upscale(
        decode(encoded(rgba), max_pixels=10**6, max_bytes=10**7), CreativeOptions(seed=1, **FAST)
    )
    assert result.image.alpha is not None and result.image.alpha.shape == (64, 64)
    assert int(result.image.alpha.mean()) == 200


def test_over_the_generative_limit_is_refused_before_loading(tiny: TinyModels):
    small = settings_for(tiny, generative_max_input_pixels=100, generative_model="/nowhere")
    with pytest.raises(ImageTooLarge, match="the limit is 100 pixels"):
        X4Upscaler(small).upscale(image(16), CreativeOptions(**FAST))


def test_a_missing_model_names_the_setting():
    unset = X4Upscaler(load_settings(engine={"device": "cpu"}).engine)
    with pytest.raises(CreativeModelMissing, match="UPSCALE_ENGINE__GENERATIVE_MODEL") as caught:
        unset.upscale(image(16), CreativeOptions(**FAST))
    assert str(caught.value).startswith("The creative engine has no model.")
    absent = X4Upscaler(
        load_settings(engine={"device": "cpu", "generative_model": "/no/x4"}).engine
    )
    with pytest.raises(
        CreativeModelMissing,
        match=r"'/no/x4' does not exist\. Set UPSCALE_ENGINE__GENERATIVE_MODEL",
    ):
        absent.pipeline()


def test_the_first_creative_names_still_work(tiny: TinyModels):
    """The first creative mode's preset names keep working, ``precise`` included."""
    result = X4Upscaler(settings_for(tiny)).upscale(
        image(16), CreativeOptions(preset="precise", steps=2, seed=11)
    )
    assert result.image.rgb.shape == (64, 64, 3) and result.seed == 11


def test_cli_creative_mode(
    tiny: TinyModels,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
):
    """`upscale-bot upscale IN OUT --mode creative --strength 3 --prompt ... --seed 42`."""
    from PIL import Image

    from bot.cli import main

    monkeypatch.setenv("UPSCALE_ENGINE__GENERATIVE_MODEL", str(tiny.x4))
    monkeypatch.setenv("UPSCALE_ENGINE__DEVICE", "cpu")
    source = tmp_path / "in.png"
    source.write_bytes(encoded(photo(12, 12)))
    out = tmp_path / "out.png"
    argv = ["upscale", str(source), str(out), "--mode", "creative", "--strength", "3"]
    argv += ["--steps", "2", "--prompt", "a cat", "--seed", "42"]
    assert main(argv) == 0
    with Image.open(out) as written:
        assert written.size == (48, 48)
    summary = capsys.readouterr().out
    assert "engine creative" in summary and "seed 42" in summary and "1 tiles" in summary
    assert main([*argv[:5], "--scale", "2"]) == 1
    assert "the creative mode upscales 4x" in capsys.readouterr().err


def _difference(a: np.ndarray, b: np.ndarray, blur: int = 1) -> float:
    """Mean absolute difference in 0-255 levels, of ``blur`` x ``blur`` block means."""
    pair = [torch.from_numpy(x.astype(np.float32)).permute(2, 0, 1)[None] for x in (a, b)]
    if blur > 1:
        pair = [F.avg_pool2d(x, blur) for x in pair]
    return float((pair[0] - pair[1]).abs().mean())
