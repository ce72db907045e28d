"""The `model` option of /upscale offers only models whose weights are on this host."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.features.upscale.commands import model_choices
from config import load_settings
from engine.networks.bundled import bundled_model_files


def test_only_installed_models_are_offered(tmp_path: Path):
    settings = load_settings(storage={"data_dir": tmp_path})
    offered = {choice.value for choice in model_choices(settings)}
    # The bundled weights ship with the package; these two need official files.
    assert {"x4plus", "x4plus-anime", "animevideo-x4"} <= offered
    assert "general-x4" not in offered and "x2plus" not in offered

    weights = tmp_path / "weights"
    weights.mkdir()
    files = bundled_model_files("realesr-animevideov3-x4")
    assert files is not None
    shutil.copy(files[1], weights / "realesr-general-x4v3.pth")  # present is what counts
    settings = load_settings(
        storage={"data_dir": tmp_path}, engine={"weights_dir": weights, "models": ["all"]}
    )
    assert "general-x4" in {choice.value for choice in model_choices(settings)}


def test_members_see_the_operators_short_list_grouped_by_purpose(tmp_path: Path):
    """By default a short list (within Discord's 25 choices although 30 models are bundled),
    photos first, then anime and art, fast and denoise; the operator's own list replaces it."""
    settings = load_settings(storage={"data_dir": tmp_path})
    offered = model_choices(settings)
    names = [choice.value for choice in offered]
    assert names[0] == "x4plus" and {"span-x4", "cugan-x2", "clearreality-x4"} <= set(names)
    assert "cugan-pro-x3-denoise3" not in names
    assert all(len(choice.name) <= 100 for choice in offered)
    everything = model_choices(
        load_settings(storage={"data_dir": tmp_path}, engine={"models": ["all"]})
    )
    assert len(everything) == 25
    own = load_settings(storage={"data_dir": tmp_path}, engine={"models": ["cugan-x4", "span-x2"]})
    assert [choice.value for choice in model_choices(own)] == ["cugan-x4", "span-x2"]


def test_community_files_are_offered_by_their_names(tmp_path: Path):
    """A downloaded model in the weights folder appears in /upscale's list under its file
    name with what it is; a file that cannot be used does not."""
    from tests.engine.networks.community_files import old_esrgan_layout, save, tiny_rrdbnet

    weights = tmp_path / "weights"
    save(old_esrgan_layout(tiny_rrdbnet(scale=4).state_dict(), 2), weights / "4x-UltraSharp.pth")
    (weights / "broken.pth").write_bytes(b"not a zip")
    settings = load_settings(storage={"data_dir": tmp_path}, engine={"weights_dir": weights})
    choices = {choice.value: choice.name for choice in model_choices(settings)}
    assert choices["4x-UltraSharp"] == "4x-UltraSharp (RRDBNet, from 4x-UltraSharp.pth)"
    assert "broken" not in choices
    assert "x4plus" in choices
