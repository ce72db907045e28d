"""Tiled vs whole for each community architecture at its descriptor's seams (fp32)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import torch

from engine.networks.architectures import ARCHITECTURES
from engine.networks.archs import SRVGGNetCompact
from engine.tiling.inference import upscale_tiled
from engine.tiling.plan import plan_tiles
from testbed.images import photo
from tests.engine.networks.community_files import (
    StateDict,
    old_esrgan_layout,
    tiny_dat,
    tiny_plksr,
    tiny_rrdbnet,
)

WHOLE = 10**9
HEIGHT, WIDTH = 48, 240


def _compact() -> StateDict:
    torch.manual_seed(0)
    return SRVGGNetCompact(num_feat=24, num_conv=8, upscale=2).state_dict()


# name, builder, (max, mean) levels allowed. Networks whose statistics cover the whole input
# (GroupNorm, channel attention) differ a little everywhere, not only at seams: their bound
# is what was measured at their seams (see their descriptors), the others meet the target.
CASES: list[tuple[str, Callable[[], StateDict], tuple[float, float]]] = [
    ("esrgan-old", lambda: old_esrgan_layout(tiny_rrdbnet(4).state_dict(), 2), (4, 0.05)),
    ("compact", _compact, (4, 0.05)),
    ("plksr", lambda: tiny_plksr(4, real=False, kernel_size=17).state_dict(), (4, 0.05)),
    ("realplksr-layernorm",
     lambda: tiny_plksr(2, real=True, kernel_size=17, layer_norm=True).state_dict(), (4, 0.05)),
    ("realplksr-groupnorm",
     lambda: tiny_plksr(2, real=True, kernel_size=17).state_dict(), (4, 0.3)),
    ("dat-light", lambda: tiny_dat(2, "DAT-light").state_dict(), (4, 0.05)),
    ("dat-2", lambda: tiny_dat(2, "DAT-2").state_dict(), (4, 0.12)),
]  # fmt: skip


@pytest.mark.parametrize(("name", "build", "bound"), CASES, ids=[c[0] for c in CASES])
def test_tiles_match_one_pass_at_the_descriptors_seams(
    name: str, build: Callable[[], StateDict], bound: tuple[float, float]
):
    """A tiled upscale shows no seams: at the overlap and blend the descriptor chose, tiles
    match one whole-image pass within the bound (max 4, mean 0.05 levels where the network's
    statistics are local)."""
    state = build()
    spec = ARCHITECTURES.detect(state, f"{name}.pth")
    network = spec.load(state, f"{name}.pth")
    seams = spec.traits.seams
    image = torch.from_numpy(photo(WIDTH, HEIGHT).copy()).permute(2, 0, 1).float() / 255
    whole_plan = plan_tiles(
        HEIGHT, WIDTH, overlap=seams.overlap, blend=seams.blend, max_tile_pixels=WHOLE
    )
    tiled_plan = plan_tiles(
        HEIGHT, WIDTH, overlap=seams.overlap, blend=seams.blend, max_tile_pixels=WHOLE,
        max_tile_side=2 * seams.overlap + 40,
    )  # fmt: skip
    assert whole_plan.count == 1 and tiled_plan.count > 1
    whole = upscale_tiled(network, image, scale=spec.scale, plan=whole_plan)
    tiled = upscale_tiled(network, image, scale=spec.scale, plan=tiled_plan)
    assert tiled.shape == (3, HEIGHT * spec.scale, WIDTH * spec.scale)
    difference = ((whole * 255).round() - (tiled * 255).round()).abs()
    assert difference.max().item() <= bound[0]
    assert difference.mean().item() <= bound[1]
