"""Shared fixtures: every test gets settings of its own and an empty data dir."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from config import get_settings


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No test reads the developer's .env or environment, or writes into ./data."""
    import os

    for name in list(os.environ):
        if name.startswith("UPSCALE_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("UPSCALE_STORAGE__DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def model_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Converted model weights, shared by every test of the session (converted once)."""
    return tmp_path_factory.mktemp("models")


@pytest.fixture(scope="session")
def tiny_pipeline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random x4 upscale pipeline saved to a folder (the creative mode's model)."""
    from tests.tiny_diffusion import save_tiny_pipeline

    return save_tiny_pipeline(tmp_path_factory.mktemp("sd-x4-tiny"))
