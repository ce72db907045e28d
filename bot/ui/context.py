"""What every Discord feature may use, reached from any interaction: settings, storage, the
job service, the presenter, the shop of credit packs and the metrics. Features never
import the app itself."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import discord

from bot.jobs.service import UpscaleService
from bot.jobs.shop import Shop
from bot.ops.metrics import BotMetrics
from config import Settings
from storage.store import Storage

if TYPE_CHECKING:
    from bot.presenter import DiscordPresenter


@dataclass(frozen=True, slots=True)
class BotContext:
    settings: Settings
    storage: Storage
    service: UpscaleService
    presenter: DiscordPresenter
    shop: Shop
    metrics: BotMetrics


def context_of(interaction: discord.Interaction) -> BotContext:
    context: BotContext = interaction.client.context  # type: ignore[attr-defined]
    return context
