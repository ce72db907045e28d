"""``/upscale-admin queue``: what is waiting and running, with cancel buttons."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.buttons import CancelJobButton, view_of
from bot.permissions import is_admin
from bot.progress import format_duration

if TYPE_CHECKING:
    from bot.app import UpscaleBot


class AdminCommands(commands.Cog):
    group = app_commands.Group(
        name="upscale-admin",
        description="Manage the upscale queue",
        default_permissions=discord.Permissions(manage_guild=True),
        guild_only=True,
    )

    def __init__(self, bot: UpscaleBot) -> None:
        self.bot = bot

    @group.command(name="queue", description="The queue, in the order jobs will run")
    async def queue(self, interaction: discord.Interaction) -> None:
        if not is_admin(interaction, self.bot.settings):
            await interaction.response.send_message(
                "Only admins can manage the queue.", ephemeral=True
            )
            return
        service = self.bot.service
        waiting = service.queue.order()
        running = await service.storage.jobs.recoverable()
        lines = [
            f"Running: {', '.join(f'#{j.id}' for j in running if j.state.value == 'running') or 'none'}"
        ]
        for position, queued in enumerate(waiting, start=1):
            eta = service.queue.wait_estimate(queued.job_id, service.throughput) or 0.0
            member = queued.owner[1]  # type: ignore[index]
            lines.append(
                f"{position}. job #{queued.job_id} for <@{member}> · {queued.model} · about {format_duration(eta)}"
            )
        if not waiting:
            lines.append("Nothing is waiting.")
        text = "\n".join(lines)
        if waiting:
            view = view_of(*(CancelJobButton(q.job_id) for q in waiting[:5]))
            await interaction.response.send_message(text, ephemeral=True, view=view)
        else:
            await interaction.response.send_message(text, ephemeral=True)
