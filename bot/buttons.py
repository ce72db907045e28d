"""Buttons and selects whose ``custom_id`` carries all their state (``discord.ui.DynamicItem``),
so they keep working after the bot restarts. Each one hands its click to :mod:`bot.flow`."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import discord

if TYPE_CHECKING:
    from bot.flow import UpscaleFlow

Item = discord.ui.Item[discord.ui.View]


def flow_of(interaction: discord.Interaction) -> UpscaleFlow:
    flow: UpscaleFlow = interaction.client.flow  # type: ignore[attr-defined]
    return flow


class UpscaleButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=r"up:(?P<slot>\d+)"
):
    """Under an image (or a reply pointing at one): opens the priced confirmation."""

    def __init__(self, slot: int, label: str = "Upscale") -> None:
        super().__init__(
            discord.ui.Button(
                label=label, style=discord.ButtonStyle.primary, emoji="🔍", custom_id=f"up:{slot}"
            )
        )
        self.slot = slot

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: Item, match: re.Match[str]
    ) -> UpscaleButton:
        return cls(int(match["slot"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await flow_of(interaction).open_confirmation(interaction, self.slot)


class ConfirmButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=r"cf:(?P<message>\d+):(?P<slot>\d+):(?P<model>[a-z0-9-]+):(?P<scale>\d)",
):
    """On the ephemeral confirmation: reserves the credits and queues the job."""

    def __init__(self, message_id: int, slot: int, model: str, scale: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Confirm",
                style=discord.ButtonStyle.success,
                custom_id=f"cf:{message_id}:{slot}:{model}:{scale}",
            )
        )
        self.message_id, self.slot, self.model, self.scale = message_id, slot, model, scale

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: Item, match: re.Match[str]
    ) -> ConfirmButton:
        return cls(int(match["message"]), int(match["slot"]), match["model"], int(match["scale"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await flow_of(interaction).confirm(
            interaction, self.message_id, self.slot, self.model, self.scale
        )


class FactorSelect(
    discord.ui.DynamicItem[discord.ui.Select[discord.ui.View]],
    template=r"fs:(?P<message>\d+):(?P<slot>\d+):(?P<model>[a-z0-9-]+)",
):
    """On the confirmation: choose x2 or x4 (each option shows its price)."""

    def __init__(
        self,
        message_id: int,
        slot: int,
        model: str,
        options: list[discord.SelectOption] | None = None,
    ) -> None:
        super().__init__(
            discord.ui.Select(
                custom_id=f"fs:{message_id}:{slot}:{model}",
                options=options or [discord.SelectOption(label="x4", value="4")],
                placeholder="Upscale factor",
            )
        )
        self.message_id, self.slot, self.model = message_id, slot, model

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: Item, match: re.Match[str]
    ) -> FactorSelect:
        return cls(int(match["message"]), int(match["slot"]), match["model"])

    async def callback(self, interaction: discord.Interaction) -> None:
        data: dict[str, Any] = dict(interaction.data or {})
        values: list[str] = data.get("values", [])
        choice = values[0] if values else "4"
        creative = choice == "creative"
        await flow_of(interaction).open_confirmation(
            interaction,
            self.slot,
            scale=4 if creative else int(choice),
            message_id=self.message_id,
            update=True,
            model="creative" if creative else self.model,
        )


class CancelButton(discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=r"cx"):
    """On the confirmation: nothing happens, nothing is charged."""

    def __init__(self) -> None:
        super().__init__(
            discord.ui.Button(label="Cancel", style=discord.ButtonStyle.secondary, custom_id="cx")
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: Item, match: re.Match[str]
    ) -> CancelButton:
        return cls()

    async def callback(self, interaction: discord.Interaction) -> None:
        await interaction.response.edit_message(
            content="Cancelled. You were not charged.", view=None
        )


class OriginalButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=r"og:(?P<slot>\d+)"
):
    """After an upscale: shows the previous version, only to the clicker."""

    def __init__(self, slot: int) -> None:
        super().__init__(discord.ui.Button(label="Original", custom_id=f"og:{slot}"))
        self.slot = slot

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: Item, match: re.Match[str]
    ) -> OriginalButton:
        return cls(int(match["slot"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await flow_of(interaction).show_original(interaction, self.slot)


class VersionsButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=r"vh:(?P<slot>\d+)"
):
    """After an upscale: lists this image's versions, only to the clicker."""

    def __init__(self, slot: int) -> None:
        super().__init__(discord.ui.Button(label="History", custom_id=f"vh:{slot}"))
        self.slot = slot

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: Item, match: re.Match[str]
    ) -> VersionsButton:
        return cls(int(match["slot"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await flow_of(interaction).show_versions(interaction, self.slot)


class HistoryPageButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=r"hp:(?P<page>\d+):(?P<label>prev|next)",
):
    """Paging through ``/history``."""

    def __init__(self, page: int, label: str) -> None:
        super().__init__(
            discord.ui.Button(label="◀" if label == "prev" else "▶", custom_id=f"hp:{page}:{label}")
        )
        self.page = page

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: Item, match: re.Match[str]
    ) -> HistoryPageButton:
        return cls(int(match["page"]), match["label"])

    async def callback(self, interaction: discord.Interaction) -> None:
        await flow_of(interaction).show_history(interaction, self.page, update=True)


class CancelJobButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=r"qc:(?P<job>\d+)"
):
    """In the admin queue view: cancel one job (refunded)."""

    def __init__(self, job_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label=f"Cancel #{job_id}",
                style=discord.ButtonStyle.danger,
                custom_id=f"qc:{job_id}",
            )
        )
        self.job_id = job_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: Item, match: re.Match[str]
    ) -> CancelJobButton:
        return cls(int(match["job"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await flow_of(interaction).cancel_job(interaction, self.job_id)


DYNAMIC_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (
    UpscaleButton,
    ConfirmButton,
    FactorSelect,
    CancelButton,
    OriginalButton,
    VersionsButton,
    HistoryPageButton,
    CancelJobButton,
)


def view_of(*items: discord.ui.Item[Any]) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for item in items:
        view.add_item(item)
    return view
