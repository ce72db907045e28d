"""**Again (same seed)** and **Again (new seed)** under a generative result: the same input,
engine, preset and prompt run again, through a priced confirmation like any upscale."""

from __future__ import annotations

import re

import discord

from bot.features.upscale.confirmation import open_confirmation
from bot.ui.audience import for_member
from bot.ui.components import ButtonItem, Guarded, Item
from bot.ui.context import context_of


class AgainButton(Guarded, ButtonItem, template=r"ag:(?P<slot>\d+):(?P<seed>same|new)"):
    """Offers the slot's current (generative) upscale again, with its seed or a new one."""

    def __init__(self, slot: int, seed: str, label: str = "") -> None:
        super().__init__(
            discord.ui.Button(label=label or None, emoji="🎲" if seed == "new" else "🔁",
                              custom_id=f"ag:{slot}:{seed}")
        )  # fmt: skip
        self.slot, self.seed = slot, seed

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: Item, match: re.Match[str]
    ) -> AgainButton:
        return cls(int(match["slot"]), match["seed"])

    async def handle(self, interaction: discord.Interaction) -> None:
        assert interaction.message is not None
        storage = context_of(interaction).storage
        shown = (await storage.history.latest_by_slot(interaction.message.id)).get(self.slot)
        job = await storage.jobs.get(shown.job_id) if shown and shown.job_id else None
        if job is None or not job.request.mode.generative or job.source_sha256 is None:
            await interaction.response.send_message(
                for_member(interaction)("again-not-generative"), ephemeral=True
            )
            return
        await open_confirmation(
            interaction, self.slot, again_of=job.id, new_seed=self.seed == "new"
        )
