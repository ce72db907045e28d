"""Engine fixtures: one warm Upscaler per test session (models convert once), natural photos."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from skimage import data as samples

from config import EngineSettings, load_settings
from engine.upscaler import Upscaler


@pytest.fixture(scope="session")
def model_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("models")


@pytest.fixture(scope="session")
def engine_settings() -> EngineSettings:
    return load_settings().engine


@pytest.fixture(scope="session")
def upscaler(engine_settings: EngineSettings, model_cache: Path) -> Upscaler:
    return Upscaler(engine_settings, model_cache)


def photo(width: int, height: int, name: str = "astronaut") -> np.ndarray:
    """A natural photo from scikit-image's bundled samples, resized (H x W x 3 uint8)."""
    image = Image.fromarray(getattr(samples, name)())
    return np.asarray(image.resize((width, height), Image.Resampling.LANCZOS))


def encoded(pixels: np.ndarray | Image.Image, fmt: str = "PNG", **options: object) -> bytes:
    image = pixels if isinstance(pixels, Image.Image) else Image.fromarray(pixels)
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()
