"""How the bot's lines read in one language: a :class:`Wording` formats catalog messages
(:mod:`bot.ui.catalogs`) and the pieces many messages share (durations, progress, what a
generative version was made with). Times are Discord's timestamp markup, which every member's
client shows in their own language and time zone."""

from __future__ import annotations

import logging
from datetime import datetime
from functools import cache

import discord
from babel.numbers import format_decimal

from bot.jobs.ports import ProgressUpdate
from bot.ui.catalogs import SOURCE, catalog, language_of
from config import Mode

log = logging.getLogger(__name__)

BAR_WIDTH = 10
Value = str | int | float
PRESETS = ("subtle", "balanced", "creative")
# A stored preset name that is not offered any more, read as the one that replaced it.
PRESET_ALIASES = {"precise": "subtle"}


def progress_bar(fraction: float) -> str:
    filled = round(max(0.0, min(1.0, fraction)) * BAR_WIDTH)
    return "▓" * filled + "░" * (BAR_WIDTH - filled)


def when(iso_timestamp: str) -> str:
    """A stored UTC time as Discord's timestamp markup: each member sees it in their own
    time zone."""
    return discord.utils.format_dt(datetime.fromisoformat(iso_timestamp), "f")


def size(width: int, height: int) -> str:
    """``1920x1080``: never grouped like a number."""
    return f"{width}x{height}"


class Wording:
    """The messages of one language, English where its catalog lacks one."""

    def __init__(self, language: str) -> None:
        self.language = language
        found = catalog(language)
        english = catalog(SOURCE)
        assert english is not None, "the English catalog ships with the package"
        self._english = english
        self._catalog = found or english

    def __call__(self, message_id: str, /, **args: Value) -> str:
        """The message in this language with ``args`` in place.

        Raises:
            KeyError: no catalog, English included, has ``message_id`` (a bug of ours).
        """
        source = self._catalog
        if message_id not in source.variables:
            source = self._english
        bundle = source.bundle
        pattern = bundle.get_message(message_id).value
        assert pattern is not None, message_id
        text, errors = bundle.format_pattern(pattern, dict(args))
        if errors:
            log.warning("message %s in %s: %s", message_id, source.language, errors)
        return str(text)

    def number(self, value: float, *, digits: int = 0) -> str:
        """``value`` with the language's separators, ``digits`` decimals at most."""
        pattern = "#,##0" + ("." + "#" * digits if digits else "")
        return str(format_decimal(value, format=pattern, locale=self._babel_locale()))

    def _babel_locale(self) -> str:
        return self.language.replace("-", "_")

    def duration(self, seconds: float) -> str:
        """``40 s``, ``3 min``, ``1.5 h``, in the language's words."""
        if seconds < 60:
            return self("duration-seconds", count=max(1, round(seconds)))
        minutes = seconds / 60
        if minutes < 90:
            return self("duration-minutes", count=round(minutes))
        return self("duration-hours", count=self.number(minutes / 60, digits=1))

    def progress(self, update: ProgressUpdate) -> str:
        """`42% ▓▓▓▓░░░░░░`, `#3 in queue, about 40 s`, or `#1 in queue, waiting for a worker
        with the x2plus model`."""
        if update.stage != "queued":
            percent = round(update.fraction * 100)
            return self("progress-running", percent=percent, bar=progress_bar(update.fraction))
        at = "-at" if update.position else ""
        position = str(update.position or "")
        if update.no_worker_for is not None:
            return self(f"progress-queued{at}-no-worker", position=position,
                        model=update.no_worker_for)  # fmt: skip
        if update.eta_s is not None:
            return self(f"progress-queued{at}-eta", position=position,
                        duration=self.duration(update.eta_s))  # fmt: skip
        return self(f"progress-queued{at}", position=position)

    def preset(self, name: str) -> str:
        name = PRESET_ALIASES.get(name, name)
        return self(f"preset-{name}") if name in PRESETS else name.capitalize()

    def dial(self, controls: dict[str, str | int]) -> str:
        """``strength 7`` or ``preset Subtle``: how strongly a generative run may change."""
        strength = controls.get("strength")
        if strength is not None:
            return self("dial-strength", strength=str(strength))
        return self("dial-preset", preset=self.preset(str(controls.get("preset", "balanced"))))

    def generative(self, mode: Mode, controls: dict[str, str | int], seed: int | None) -> str:
        """`Detail · preset Subtle · seed 42`: what a creative or detail version was made
        with."""
        made = self(f"mode-{mode.value}")
        if seed is None:
            return self("made-with", mode=made, dial=self.dial(controls))
        return self("made-with-seed", mode=made, dial=self.dial(controls), seed=str(seed))


@cache
def wording_for(locale: str | None) -> Wording:
    """The wording for a Discord locale code; English for an unknown or missing one."""
    return Wording(language_of(locale))


ENGLISH = wording_for(SOURCE)
