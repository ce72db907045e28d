"""What every Discord feature may use, reached from any interaction: settings, storage, the
job service and the presenter (as the little of it features call, so that neither this module
nor a feature imports the presenter). Features never import the app itself."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import discord

from bot.jobs.ports import DeliveryReceipt
from bot.jobs.service import UpscaleService
from config import Settings
from storage.history import ImageVersion
from storage.store import Storage


class FeaturePresenter(Protocol):
    """The presenter as features see it: a Confirm click to answer later, and a version to
    put on its message."""

    def remember_confirmation(self, job_id: int, interaction: discord.Interaction) -> None: ...

    async def show_on_message(
        self,
        channel_id: int,
        guild_id: int,
        version: ImageVersion,
        open_upload: Callable[[], discord.File],
        content: str,
    ) -> DeliveryReceipt: ...


@dataclass(frozen=True, slots=True)
class BotContext:
    settings: Settings
    storage: Storage
    service: UpscaleService
    presenter: FeaturePresenter


def context_of(interaction: discord.Interaction) -> BotContext:
    context: BotContext = interaction.client.context  # type: ignore[attr-defined]
    return context
