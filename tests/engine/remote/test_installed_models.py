"""A remote worker offers the community files it holds, by the names the bot uses."""

from __future__ import annotations

from pathlib import Path

from config import load_settings
from engine.remote.worker import installed_models
from tests.engine.networks.community_files import save, tiny_plksr, tiny_rrdbnet


def test_a_worker_offers_its_community_files_by_name(tmp_path: Path):
    """Files in the worker's weights folder are offered under their stems, after the default
    model; an unusable one is not offered."""
    weights = tmp_path / "weights"
    save(tiny_rrdbnet(scale=4).state_dict(), weights / "4x-Remacri.safetensors")
    save(tiny_plksr(2, real=True).state_dict(), weights / "2x-RealPLKSR.pth")
    (weights / "half.pth").write_bytes(b"PK\x03\x04 truncated")
    settings = load_settings(
        storage={"data_dir": tmp_path},
        engine={"weights_dir": weights, "model": "2x-RealPLKSR"},
        queue={"redis_url": "redis://127.0.0.1:1/0"},
    )
    names = installed_models(settings)
    assert names[0] == "2x-RealPLKSR"  # the default model comes first
    assert "4x-Remacri" in names and "x4plus" in names
    assert "half" not in names
