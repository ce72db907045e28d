"""``/upscale-admin queue``: what is waiting and running, with cancel buttons. The
``/upscale-admin`` group also carries ``settings`` and ``failures``, whose features live in
their own packages."""

from __future__ import annotations

import re

import discord
from discord import app_commands
from discord.ext import commands

from bot.components import ButtonItem, Guarded, Item, view_of
from bot.context import BotContext, context_of
from bot.features.failures import show_failures
from bot.features.server_settings import show_settings
from bot.permissions import admin_only, require_admin, require_guild
from bot.wording import format_duration
from storage.errors import IllegalTransition

MAX_CANCEL_BUTTONS = 5


class CancelJobButton(Guarded, ButtonItem, template=r"qc:(?P<job>\d+)"):
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

    async def handle(self, interaction: discord.Interaction) -> None:
        context = context_of(interaction)
        job = await context.storage.jobs.get(self.job_id)
        if job.request.requester_id != interaction.user.id:
            await require_admin(interaction)
        try:
            await context.service.cancel(self.job_id)
        except IllegalTransition:
            await interaction.response.send_message(
                f"Job #{self.job_id} already finished.", ephemeral=True
            )
            return
        await interaction.response.send_message(
            f"Job #{self.job_id} cancelled and refunded.", ephemeral=True
        )


class QueueAdminCommands(commands.Cog):
    group = app_commands.Group(
        name="upscale-admin",
        description="Manage the upscale queue",
        default_permissions=discord.Permissions(manage_guild=True),
        guild_only=True,
    )

    def __init__(self, bot: commands.Bot, context: BotContext) -> None:
        self.bot = bot
        self.context = context

    @group.command(name="queue", description="The queue, in the order jobs will run")
    @admin_only()
    async def queue(self, interaction: discord.Interaction) -> None:
        guild_id = require_guild(interaction)
        service = self.context.service
        waiting = service.board.waiting()
        running = await self.context.storage.jobs.running(guild_id)
        lines = [f"Running: {', '.join(f'#{j.id}' for j in running) or 'none'}"]
        for waiting_job in waiting:
            lines.append(
                f"{waiting_job.position}. job #{waiting_job.job_id} for <@{waiting_job.owner[1]}> · "
                f"{waiting_job.model} · about {format_duration(waiting_job.eta_s)}"
            )
        if not waiting:
            lines.append("Nothing is waiting.")
        text = "\n".join(lines)
        if waiting:
            view = view_of(*(CancelJobButton(w.job_id) for w in waiting[:MAX_CANCEL_BUTTONS]))
            await interaction.response.send_message(text, ephemeral=True, view=view)
        else:
            await interaction.response.send_message(text, ephemeral=True)

    @group.command(name="settings", description="This server's prices, allowance and channels")
    @admin_only()
    async def settings(self, interaction: discord.Interaction) -> None:
        await show_settings(interaction)

    @group.command(name="failures", description="Recent failed and cancelled upscales")
    @admin_only()
    async def failures(self, interaction: discord.Interaction) -> None:
        await show_failures(interaction, 1, update=False)


DYNAMIC_ITEMS = (CancelJobButton,)
