"""Cancel a job after Confirm: on the member's receipt, and in the admin queue. A queued job
leaves the line; a running one stops at the engine's next tile or step. Either is refunded."""

from __future__ import annotations

import re

import discord

from bot.ui.audience import for_member
from bot.ui.components import ButtonItem, Guarded, Item
from bot.ui.context import context_of
from bot.ui.errors import JobNotHere
from bot.ui.permissions import require_admin, require_guild
from bot.ui.wording import ENGLISH
from storage.errors import IllegalTransition, UnknownJob


class CancelJobButton(Guarded, ButtonItem, template=r"qc:(?P<job>\d+)"):
    """The requester, or an admin of the job's own server, cancels it."""

    def __init__(self, job_id: int, label: str | None = None) -> None:
        super().__init__(
            discord.ui.Button(
                label=label or ENGLISH("button-cancel-job", job=str(job_id)),
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
        guild_id = require_guild(interaction)
        context = context_of(interaction)
        try:
            job = await context.storage.jobs.get(self.job_id)
        except UnknownJob:
            raise JobNotHere(self.job_id) from None
        if job.request.guild_id != guild_id:
            raise JobNotHere(self.job_id)  # another server's job: not even its existence
        if job.request.requester_id != interaction.user.id:
            await require_admin(interaction)
        # Cancelling tells the member on the image's message too, an edit Discord may hold
        # back for seconds; the click is answered first, within Discord's 3 s.
        await interaction.response.defer(ephemeral=True, thinking=True)
        say = for_member(interaction)
        try:
            await context.service.cancel(self.job_id)
        except IllegalTransition:
            await interaction.edit_original_response(
                content=say("job-already-finished", job=str(self.job_id))
            )
            return
        await interaction.edit_original_response(content=say("job-cancelled", job=str(self.job_id)))
