"""A confirmation's choices, apart from Discord: which mode and model a choice names, the
scale a draft starts at, what **Again** offers (the earlier job's input, mode and controls,
with its seed or a new one), and the values the factor select carries. The Discord handlers
only render a draft and read a member's clicks into these."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.jobs.modes import Terms, model_for
from config import Mode
from engine.networks.community import find_model
from storage.job_rows import Job


class UnknownFactor(ValueError):
    """A factor value no confirmation offers (a crafted click)."""

    def __init__(self, value: str) -> None:
        super().__init__(f"{value[:40]!r} is not an upscale factor this confirmation offers.")


@dataclass(frozen=True, slots=True)
class Choice:
    """What a member picked: a mode, and the model it runs."""

    mode: Mode
    model: str


def choice_named(token: str) -> Choice:
    """A generative mode's name chooses that mode (and its fixed model); anything else names
    a fast model."""
    for mode in (Mode.CREATIVE, Mode.DETAIL):
        if token == mode.value:
            return Choice(mode, model_for(mode, token))
    return Choice(Mode.FAST, token)


def choice_for(mode: Mode, fast_model: str) -> Choice:
    """The choice of ``mode`` from the factor select: a fast mode keeps the draft's model."""
    return Choice(mode, model_for(mode, fast_model))


def native_scale(terms: Terms, model: str, weights_dir: Path | None) -> int:
    """The scale the model itself upscales by (fast mode), or the mode's first scale."""
    if terms.mode is Mode.FAST:
        return find_model(model, weights_dir).scale
    return terms.scales[0]


def starting_scale(terms: Terms, wanted: int | None, model: str, weights_dir: Path | None) -> int:
    """The scale a draft shows: the one asked for when it is offered, else the model's own
    when offered, else the largest offered. The model is looked up only when needed."""
    if wanted is not None and wanted in terms.scales:
        return wanted
    native = native_scale(terms, model, weights_dir)
    return native if native in terms.scales else terms.scales[-1]


@dataclass(frozen=True, slots=True)
class AgainOffer:
    """What **Again** under a result offers: that job's mode, model, scale and controls, on
    its input (at the input's size, when the job recorded it)."""

    choice: Choice
    scale: int
    controls: dict[str, str | int]
    input_size: tuple[int, int] | None


def again_offer(earlier: Job, *, new_seed: bool) -> AgainOffer:
    """The earlier job again: with the seed it ran with, unless a new one is asked for (the
    engine then draws one). The scale is the job's, never a control."""
    request = earlier.request
    controls = {k: v for k, v in request.controls.items() if k not in ("scale", "seed")}
    seed = earlier.result.seed if earlier.result else None
    if seed is not None and not new_seed:
        controls["seed"] = seed
    size = (earlier.result.input_width, earlier.result.input_height) if earlier.result else None
    return AgainOffer(Choice(request.mode, request.model), request.scale, controls, size)


def factor_value(mode: Mode, scale: int) -> str:
    """The factor select's value for ``mode`` at ``scale`` (creative has one scale)."""
    if mode is Mode.FAST:
        return str(scale)
    return mode.value if mode is Mode.CREATIVE else f"{mode.value}-{scale}"


def parse_factor_value(value: str) -> tuple[Mode, int | None]:
    """The mode and scale a factor select's value names (None: the mode's own scale).

    Raises:
        UnknownFactor: the value is none of :func:`factor_value`'s.
    """
    if value == Mode.CREATIVE.value:
        return Mode.CREATIVE, None
    mode, text = Mode.FAST, value
    if value.startswith(Mode.DETAIL.value + "-"):
        mode, text = Mode.DETAIL, value.removeprefix(Mode.DETAIL.value + "-")
    if not (text.isascii() and text.isdecimal() and 0 < len(text) <= 2):
        raise UnknownFactor(value)
    return mode, int(text)
