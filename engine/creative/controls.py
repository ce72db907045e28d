"""The controls both generative engines share, their presets and the strength dial.

Every control means the same thing to the member whichever engine runs:

- ``creativity`` (0-1): how much new detail the model may invent. The x4 engine turns it into
  the noise level of its low-resolution conditioning (``350 * creativity**2``); the detail
  engine into the img2img denoising strength (the share of the noise schedule redone).
- ``resemblance`` (0-1): how closely shapes and colours follow the input. At every step the
  low frequencies (above about 8 latent pixels: 64 output pixels for SD, 32 for x4) of the
  model's predicted image are moved that share of the way to the input's, so colours and
  composition stay put while finer detail remains the model's own; with a ControlNet tile
  model it is also the ControlNet's conditioning scale.
- ``tile``: tile edge in output pixels; ``None`` is the model's native size (x4 and SD 1.5:
  512, SDXL: 1024). Small tiles make the model invent finer detail, large ones keep the
  composition of bigger regions together.
- ``steps``: denoising steps (the detail engine runs ``steps * creativity`` of them, as img2img
  does). ``guidance``: classifier-free guidance toward the prompt; 1 turns it off.

Presets set them; ``strength`` 1-9 walks the same line (1 = subtle, 5 = balanced,
9 = creative). ``precise`` is the former name of ``subtle`` and still accepted.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

MAX_PROMPT_CHARS = 1000
MAX_SEED = 2**63 - 1
TILE_RANGE = (128, 4096)
STEPS_RANGE = (1, 100)
GUIDANCE_RANGE = (0.0, 30.0)


@dataclass(frozen=True, slots=True)
class Controls:
    creativity: float
    resemblance: float
    steps: int
    guidance: float
    tile: int | None = None

    def checked(self) -> Controls:
        """Raises: ValueError naming the control and its allowed range."""
        _within("creativity", self.creativity, 0.0, 1.0)
        _within("resemblance", self.resemblance, 0.0, 1.0)
        _within("steps", self.steps, *STEPS_RANGE)
        _within("guidance", self.guidance, *GUIDANCE_RANGE)
        if self.tile is not None:
            _within("tile", self.tile, *TILE_RANGE)
        return self


PRESETS: dict[str, Controls] = {
    "subtle": Controls(creativity=0.25, resemblance=0.85, steps=20, guidance=5.0),
    "balanced": Controls(creativity=0.40, resemblance=0.60, steps=24, guidance=6.5),
    "creative": Controls(creativity=0.60, resemblance=0.35, steps=30, guidance=8.0),
}
PRESET_ALIASES: dict[str, str] = {"precise": "subtle"}
PRESET_NAMES: tuple[str, ...] = (*PRESETS, *PRESET_ALIASES)


def preset(name: str) -> Controls:
    """Raises: ValueError listing the preset names."""
    key = PRESET_ALIASES.get(name, name)
    if key not in PRESETS:
        raise ValueError(f"preset must be one of {', '.join(PRESET_NAMES)}, not {name!r}")
    return PRESETS[key]


def controls_for_strength(strength: int) -> Controls:
    """Strength 1..9: 1 is ``subtle``, 5 ``balanced``, 9 ``creative``, linear in between."""
    if isinstance(strength, bool) or not isinstance(strength, int) or not 1 <= strength <= 9:
        raise ValueError(f"strength must be 1-9, not {strength!r}")
    low, high = (PRESETS["subtle"], PRESETS["balanced"])
    t = (strength - 1) / 4
    if strength > 5:
        low, high, t = PRESETS["balanced"], PRESETS["creative"], (strength - 5) / 4
    return Controls(
        creativity=round(low.creativity + t * (high.creativity - low.creativity), 4),
        resemblance=round(low.resemblance + t * (high.resemblance - low.resemblance), 4),
        steps=round(low.steps + t * (high.steps - low.steps)),
        guidance=round(low.guidance + t * (high.guidance - low.guidance), 2),
    )


@dataclass(frozen=True, slots=True)
class CreativeOptions:
    """What a member asks of a generative upscale. ``None`` controls come from the preset
    (or the strength dial, which wins over the preset); set ones override it."""

    preset: str = "balanced"
    strength: int | None = None
    creativity: float | None = None
    resemblance: float | None = None
    tile: int | None = None
    steps: int | None = None
    guidance: float | None = None
    prompt: str = ""
    negative_prompt: str = ""
    seed: int | None = None
    scale: int | None = None  # the detail engine's output scale (2-4); x4 is always 4

    def controls(self) -> Controls:
        """The resolved controls. Raises: ValueError naming the bad value."""
        base = controls_for_strength(self.strength) if self.strength is not None else None
        base = base or preset(self.preset)
        overrides = {
            name: value
            for name in ("creativity", "resemblance", "tile", "steps", "guidance")
            if (value := getattr(self, name)) is not None
        }
        return replace(base, **overrides).checked()

    def checked(self) -> CreativeOptions:
        """Every field within bounds. Raises: ValueError naming the bad value."""
        self.controls()
        for name in ("prompt", "negative_prompt"):
            text = getattr(self, name)
            if not isinstance(text, str) or len(text) > MAX_PROMPT_CHARS:
                raise ValueError(f"{name} must be text of at most {MAX_PROMPT_CHARS} characters")
        if self.seed is not None:
            _within("seed", self.seed, 0, MAX_SEED)
        if self.scale is not None:
            _within("scale", self.scale, 2, 4)
        return self

    def to_job(self) -> dict[str, Any]:
        """The options as a job stores them (JSON-safe; unset values left out)."""
        return {
            name: value
            for name in self.__dataclass_fields__
            if (value := getattr(self, name)) is not None
        }

    @classmethod
    def from_job(cls, options: Mapping[str, Any]) -> CreativeOptions:
        """Options a job carries (see :meth:`to_job`). Raises: ValueError naming the bad one."""
        fields: dict[str, Any] = {}
        for name, kind in _FIELD_TYPES.items():
            value = options.get(name)
            if value is None:
                continue
            try:
                fields[name] = kind(value)
            except (TypeError, ValueError):
                raise ValueError(f"{name} has an unusable value {value!r}") from None
        return cls(**fields).checked()


_FIELD_TYPES: dict[str, Any] = {
    "preset": str,
    "strength": int,
    "creativity": float,
    "resemblance": float,
    "tile": int,
    "steps": int,
    "guidance": float,
    "prompt": str,
    "negative_prompt": str,
    "seed": int,
    "scale": int,
}


def x4_noise_level(creativity: float, max_noise_level: int = 350) -> int:
    """The x4 upscaler's conditioning noise for a creativity (10/40/120 were the old presets)."""
    return min(max_noise_level, round(350 * creativity**2))


def img2img_steps(steps: int, creativity: float) -> int:
    """Steps the detail engine runs: the tail of a ``steps`` schedule, at least one."""
    return max(1, min(steps, math.ceil(steps * creativity)))


def _within(name: str, value: float, low: float, high: float) -> None:
    if isinstance(value, bool) or not low <= value <= high or value != value:
        raise ValueError(f"{name} must be between {low:g} and {high:g}, not {value!r}")
