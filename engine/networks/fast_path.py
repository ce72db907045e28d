"""The execution paths a network can run on, chosen once when the engine places a network.

- ``eager``: the networks' reference forward passes, one fresh tensor per step.
- ``fused``: the same arithmetic with activations and residual sums written into the tensor
  that holds their input (``leaky_relu_``, ``mul_().add_()``), so each of those steps is one
  pass over memory instead of a read, a write and a new buffer. The order of operations is
  the eager path's, so the pixels are the same.

A network offers the fused path by giving its modules a ``fused`` attribute that their
forward pass reads (the arch code, :mod:`engine.networks.archs`); activation modules
(``nn.LeakyReLU``, ``nn.ReLU``, ``nn.SiLU``) that only ever see a convolution's fresh output
are switched to ``inplace`` as well. Nothing here knows an architecture by its type.

Measured on the CPU (BENCHMARKS.md, "The engine against the machine's ceiling"): the other
candidates (a preallocated dense-block buffer instead of ``torch.cat``, oneDNN's fused
convolution + activation, weights split so the dense block never concatenates) were slower
or no faster there, so they are not paths.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from torch import nn

PathPreference = Literal["auto", "eager", "fused"]


class EnginePath(StrEnum):
    EAGER = "eager"  # the reference forward passes
    FUSED = "fused"  # in-place activations and residuals, same order of operations


_INPLACE_ACTIVATIONS = (nn.LeakyReLU, nn.ReLU, nn.SiLU)


def fusable_modules(module: nn.Module) -> list[nn.Module]:
    """The submodules of ``module`` (itself included) whose forward pass has a fused form."""
    return [part for part in module.modules() if isinstance(getattr(part, "fused", None), bool)]


def choose_path(module: nn.Module, preference: PathPreference) -> EnginePath:
    """The path ``module`` runs on for ``preference``: ``auto`` and ``fused`` give fused
    where the network offers it, else eager; ``eager`` always gives eager."""
    if preference != "eager" and fusable_modules(module):
        return EnginePath.FUSED
    return EnginePath.EAGER


def apply_path(module: nn.Module, path: EnginePath) -> None:
    """Switch ``module`` (placed for inference, not shared with another path) to ``path``."""
    fused = path is EnginePath.FUSED
    for part in fusable_modules(module):
        part.fused = fused  # type: ignore[assignment]
        for child in part.children():
            if isinstance(child, nn.Sequential):
                for layer in child:
                    if isinstance(layer, _INPLACE_ACTIVATIONS):
                        layer.inplace = fused
