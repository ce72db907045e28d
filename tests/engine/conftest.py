"""Engine fixtures: one warm Upscaler per test session (models convert once)."""

from __future__ import annotations

from pathlib import Path

import pytest

from config import EngineSettings, load_settings
from engine.upscaler import Upscaler
from testbed.images import encoded, photo

__all__ = ["encoded", "photo"]


@pytest.fixture(scope="session")
def engine_settings() -> EngineSettings:
    return load_settings().engine


@pytest.fixture(scope="session")
def upscaler(engine_settings: EngineSettings, model_cache: Path) -> Upscaler:
    return Upscaler(engine_settings, model_cache)
