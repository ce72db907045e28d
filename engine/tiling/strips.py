"""A network's last stage over its features a band of rows at a time.

Some networks (ESRGAN's RRDBNet) hold most of their memory in an upsampling stage that needs
only a few rows of context: run over the trunk's features in strips, a whole 1024x1024 image
needs a quarter to a fifth of the memory of a plain forward pass, and runs untiled. Which
networks can, and with how much context, their descriptors say
(:class:`~engine.networks.architecture.StripTraits`).
"""

from __future__ import annotations

from typing import Protocol

import torch


class StagedNetwork(Protocol):
    """A network in two stages: ``upsample(trunk(x))`` is its forward pass."""

    def trunk(self, x: torch.Tensor) -> torch.Tensor: ...

    def upsample(self, feat: torch.Tensor) -> torch.Tensor: ...


def forward_in_strips(
    model: StagedNetwork, x: torch.Tensor, rows: int, *, halo: int
) -> torch.Tensor:
    """``model(x)``, with the upsampling stage run over ``rows`` feature rows at a time.

    Each strip takes ``halo`` rows of context on each side (as many as the stage's
    convolutions reach), so the result equals one pass (to float rounding).
    """
    features = model.trunk(x)
    height = features.shape[-2]
    if rows <= 0 or rows >= height:
        return model.upsample(features)
    out: torch.Tensor | None = None
    for top in range(0, height, rows):
        bottom = min(height, top + rows)
        above, below = max(0, top - halo), min(height, bottom + halo)
        strip = model.upsample(features[..., above:below, :])
        factor = strip.shape[-2] // (below - above)
        if out is None:
            shape = (*strip.shape[:-2], height * factor, strip.shape[-1])
            out = strip.new_empty(shape).contiguous(memory_format=torch.channels_last)
        skip = (top - above) * factor
        out[..., top * factor : bottom * factor, :] = strip[
            ..., skip : skip + (bottom - top) * factor, :
        ]
    assert out is not None
    return out
