"""Tiny generative models, built once per test session and saved like downloaded ones."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from config import EngineSettings, load_settings
from engine.images.decode import DecodedImage, decode
from testbed.images import encoded, photo
from testbed.tiny_diffusion import (
    save_tiny_controlnet,
    save_tiny_sd15,
    save_tiny_sd15_single_file,
    save_tiny_sdxl,
)

FAST_FIRST_PASS = "animevideo-x2"  # the lightest Real-ESRGAN model for the detail engine


@dataclass(frozen=True)
class TinyModels:
    x4: Path
    sd15: Path
    sd15_file: Path
    sd15_config: Path
    sdxl: Path
    controlnet: Path
    controlnet_file: Path


@pytest.fixture(scope="session")
def tiny(tiny_pipeline: Path, tmp_path_factory: pytest.TempPathFactory) -> TinyModels:
    root = tmp_path_factory.mktemp("tiny-generative")
    sd15 = save_tiny_sd15(root / "sd15")
    sd15_file, sd15_config = save_tiny_sd15_single_file(root / "sd15-single")
    controlnet, controlnet_file = save_tiny_controlnet(root / "controlnet", sd15)
    return TinyModels(
        x4=tiny_pipeline,
        sd15=sd15,
        sd15_file=sd15_file,
        sd15_config=sd15_config,
        sdxl=save_tiny_sdxl(root / "sdxl"),
        controlnet=controlnet,
        controlnet_file=controlnet_file,
    )


def settings_for(tiny: TinyModels, **engine: object) -> EngineSettings:
    """CPU settings with the x4 upscaler and the single-file SD 1.5 checkpoint."""
    values: dict[str, object] = {
        "device": "cpu",
        "generative_model": str(tiny.x4),
        "detail_model": str(tiny.sd15_file),
        "detail_model_config": str(tiny.sd15_config),
        "detail_upscale_model": FAST_FIRST_PASS,
        **engine,
    }
    return load_settings(engine=values).engine


def image(width: int, height: int | None = None, name: str = "astronaut") -> DecodedImage:
    data = encoded(photo(width, height or width, name))
    return decode(data, max_pixels=10**8, max_bytes=10**9)
