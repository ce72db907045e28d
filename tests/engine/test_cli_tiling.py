"""`upscale-bot upscale --tile N [--overlap M]`: any tile from 32 up works, like the settings."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from bot.cli import main
from config import get_settings
from testbed.images import photo

# Worst pixel, in levels, against the untiled result. The overlap must stay under half the
# tile, so 32-pixel tiles keep only 5 pixels of context at their seams.
WORST_LEVELS = {32: 16, 48: 6, 64: 3, 96: 3, 300: 0}


def _upscale(source: Path, out: Path, *options: str) -> int:
    return main(["upscale", str(source), str(out), "--model", "animevideo-x4", *options])


def _pixels(path: Path) -> np.ndarray:
    with Image.open(path) as image:
        return np.asarray(image).astype(np.int16)


@pytest.fixture(scope="module")
def untiled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, np.ndarray]:
    """A 128x128 photo and its upscale in one piece (the default 512-pixel tile)."""
    folder = tmp_path_factory.mktemp("untiled")
    source = folder / "in.png"
    Image.fromarray(photo(128, 128)).save(source)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("UPSCALE_STORAGE__DATA_DIR", str(folder / "data"))
        get_settings.cache_clear()
        assert _upscale(source, folder / "untiled.png") == 0
        get_settings.cache_clear()
    return source, _pixels(folder / "untiled.png")


@pytest.mark.parametrize("tile", sorted(WORST_LEVELS))
def test_any_tile_size_matches_the_untiled_result(
    tile: int,
    untiled: tuple[Path, np.ndarray],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
):
    """A 128x128 image with 32, 48, 64, 96 or 300-pixel tiles: it finishes with a sensible
    number of tiles (96 used to run 2,809 and 48 to crash) and stays within a few levels of
    the untiled result."""
    source, reference = untiled
    capsys.readouterr()
    assert _upscale(source, tmp_path / "tiled.png", "--tile", str(tile)) == 0
    captured = capsys.readouterr()
    summary = re.search(r"(\d+) tiles", captured.out)
    assert summary is not None and int(summary.group(1)) <= 81
    # No overlap is configured: the model's own seam is used, fitted to the tile by the plan.
    assert "overlap reduced" not in captured.err

    difference = np.abs(_pixels(tmp_path / "tiled.png") - reference)
    assert difference.shape == (512, 512, 3)
    assert difference.max() <= WORST_LEVELS[tile]
    assert np.percentile(difference, 99.9) <= 5 and difference.mean() < 0.5


def test_tile_and_overlap_are_checked_like_the_settings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    """Out-of-range values get the settings' own message, naming the option; a fitting
    explicit overlap is used as given."""
    source = tmp_path / "in.png"
    Image.fromarray(photo(40, 40)).save(source)
    out = tmp_path / "out.png"
    assert _upscale(source, out, "--tile", "16") == 1
    assert "--tile: Input should be greater than or equal to 32" in capsys.readouterr().err
    assert _upscale(source, out, "--tile", "64", "--overlap", "32") == 1
    assert "tile_overlap (32) must be less than half of tile_size (64)" in capsys.readouterr().err
    assert _upscale(source, out, "--overlap", "-1") == 1
    assert "--overlap: Input should be greater than or equal to 0" in capsys.readouterr().err
    assert not out.exists()
    assert _upscale(source, out, "--tile", "32", "--overlap", "8") == 0
    captured = capsys.readouterr()
    assert "overlap reduced" not in captured.err and "40x40 -> 160x160" in captured.out


def test_an_overlap_from_the_settings_that_does_not_fit_the_tile_is_reduced_visibly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
):
    source = tmp_path / "in.png"
    Image.fromarray(photo(40, 40)).save(source)
    monkeypatch.setenv("UPSCALE_STORAGE__DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("UPSCALE_ENGINE__TILE_OVERLAP", "128")
    get_settings.cache_clear()
    try:
        assert _upscale(source, tmp_path / "out.png", "--tile", "64") == 0
    finally:
        get_settings.cache_clear()
    captured = capsys.readouterr()
    assert "overlap reduced from 128 to 31 pixels to fit 64-pixel tiles" in captured.err
    assert "40x40 -> 160x160" in captured.out
