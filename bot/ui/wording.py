"""How times and progress read to members."""

from __future__ import annotations

from datetime import datetime

import discord

from bot.jobs.ports import ProgressUpdate
from config import Mode

BAR_WIDTH = 10


def progress_bar(fraction: float) -> str:
    filled = round(max(0.0, min(1.0, fraction)) * BAR_WIDTH)
    return "▓" * filled + "░" * (BAR_WIDTH - filled)


def describe_progress(update: ProgressUpdate) -> str:
    """`42% ▓▓▓▓░░░░░░`, `#3 in queue, about 40 s`, or `#1 in queue, waiting for a worker
    with the x2plus model`."""
    if update.stage == "queued":
        text = f"#{update.position} in queue" if update.position else "queued"
        if update.no_worker_for is not None:
            text += f", waiting for a worker with the {update.no_worker_for} model"
        elif update.eta_s is not None:
            text += f", about {format_duration(update.eta_s)}"
        return text
    return f"{round(update.fraction * 100)}% {progress_bar(update.fraction)}"


def format_duration(seconds: float) -> str:
    if seconds < 60:
        return f"{max(1, round(seconds))} s"
    minutes = seconds / 60
    return f"{round(minutes)} min" if minutes < 90 else f"{minutes / 60:.1f} h"


def when(iso_timestamp: str) -> str:
    """A stored UTC time as Discord's timestamp markup: each member sees it in their own
    time zone."""
    return discord.utils.format_dt(datetime.fromisoformat(iso_timestamp), "f")


def describe_generative(mode: Mode, controls: dict[str, str | int], seed: int | None) -> str:
    """`Detail · preset Subtle · seed 42`: what a creative or detail version was made with."""
    strength = controls.get("strength")
    if strength is not None:
        dial = f"strength {strength}"
    else:
        preset = str(controls.get("preset", "balanced"))
        dial = f"preset {PRESET_NAMES.get(preset, preset.capitalize())}"
    made = f"{mode.value.capitalize()} · {dial}"
    return made + (f" · seed {seed}" if seed is not None else "")


PRESET_NAMES = {
    "subtle": "Subtle",
    "precise": "Subtle",
    "balanced": "Balanced",
    "creative": "Creative",
}
