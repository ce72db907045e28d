"""The priced confirmation and the Confirm click: the price and the balance before and after
are shown before anything is charged; Confirm reserves the credits and queues the job."""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.attachments import ImageRef, find_image
from bot.components import ButtonItem, Guarded, Item, SelectItem, view_of
from bot.context import context_of
from bot.features.upscale.cancel_job import CancelJobButton
from bot.jobs.modes import CREATIVE_MODEL, Terms
from bot.permissions import require_guild
from bot.wording import format_duration
from config import Mode
from engine.registry import model_info
from storage.jobs import JobRequest, SourceImage
from storage.store import Storage

# In custom ids the model slot names a Real-ESRGAN model, or this word for a creative upscale.
CREATIVE_CHOICE = "creative"


def parse_choice(token: str) -> tuple[Mode, str]:
    """The mode and model a custom id's model token stands for."""
    if token == CREATIVE_CHOICE:
        return Mode.CREATIVE, CREATIVE_MODEL
    return Mode.FAST, token


def choice_of(mode: Mode, model: str) -> str:
    return CREATIVE_CHOICE if mode is Mode.CREATIVE else model


async def open_confirmation(
    interaction: discord.Interaction,
    slot: int,
    *,
    scale: int | None = None,
    message_id: int | None = None,
    update: bool = False,
    target: discord.Message | None = None,
    choice: str | None = None,
) -> None:
    """Show the price, the balance before and after, and Confirm/Cancel (ephemeral)."""
    guild_id = require_guild(interaction)
    context = context_of(interaction)
    message = target or interaction.message
    if message_id is not None and (message is None or message.id != message_id):
        assert isinstance(interaction.channel, discord.abc.Messageable)
        message = await interaction.channel.fetch_message(message_id)
    assert message is not None
    ref = await _current_image(context.storage, message, slot)
    send = interaction.response.edit_message if update else _ephemeral(interaction)
    if ref is None:
        await send(content="That image is no longer on the message.", view=None)
        return
    mode, model = parse_choice(choice or context.settings.engine.model)
    policy = context.service.policy
    terms = await policy.terms(mode, guild_id=guild_id)
    scale = scale if scale in terms.scales else _default_scale(terms, model)
    price = terms.price
    wallet = await context.storage.ledger.wallet(guild_id, interaction.user.id)
    estimate = context.service.board.run_seconds(
        model, ref.attachment.width or 512, ref.attachment.height or 512
    )
    kind = "Creative upscale" if mode is Mode.CREATIVE else "Upscale"
    header = f"**{kind} x{scale}** · about {format_duration(estimate)}"
    if wallet.available < price:
        top_up = (await context.storage.servers.get(guild_id)).top_up_url
        how = f"Get more credits: {top_up}" if top_up else "Ask an admin for more credits."
        await send(
            content=f"{header}\nPrice: {price} credits · you have {wallet.available} available.\n{how}",
            view=None,
        )
        return
    fast_model = context.settings.engine.model if mode is Mode.CREATIVE else model
    options = [
        discord.SelectOption(
            label=f"{offered.mode.value.capitalize()} x{s} · {offered.price} credits"
            if offered.mode is not Mode.FAST
            else f"x{s} · {offered.price} credits",
            value=CREATIVE_CHOICE if offered.mode is Mode.CREATIVE else str(s),
            default=offered.mode is mode and s == scale,
        )
        for offered in await policy.offered(guild_id)
        for s in offered.scales
    ]
    view = view_of(
        FactorSelect(message.id, slot, fast_model, options),
        ConfirmButton(message.id, slot, choice_of(mode, model), scale),
        CancelButton(),
    )
    await send(
        content=f"{header}\nPrice: {price} credits · balance {wallet.available} → {wallet.available - price}",
        view=view,
    )


async def _current_image(storage: Storage, message: discord.Message, slot: int) -> ImageRef | None:
    """What the slot shows now: after an upscale, the result (never the original again)."""
    shown = (await storage.history.latest_by_slot(message.id)).get(slot)
    results = await storage.history.result_attachment_ids(message.id)
    return await find_image(message, slot, shown.discord_attachment_id if shown else None, results)


def _default_scale(terms: Terms, model: str) -> int:
    native = model_info(model).scale if terms.mode is Mode.FAST else terms.scales[-1]
    return native if native in terms.scales else terms.scales[-1]


def _ephemeral(interaction: discord.Interaction) -> Any:
    async def send(*, content: str, view: discord.ui.View | None) -> None:
        extra: dict[str, Any] = {"view": view} if view is not None else {}
        if interaction.response.is_done():
            await interaction.followup.send(content, ephemeral=True, **extra)
        else:
            await interaction.response.send_message(content, ephemeral=True, **extra)

    return send


async def confirm(
    interaction: discord.Interaction, message_id: int, slot: int, choice: str, scale: int
) -> None:
    guild_id = require_guild(interaction)
    context = context_of(interaction)
    # Answer within Discord's 3 seconds; the work below (a fetch, a transaction) may not.
    await interaction.response.defer()
    assert isinstance(interaction.channel, discord.abc.Messageable)
    try:
        message = await interaction.channel.fetch_message(message_id)
    except discord.NotFound:  # deleted while the member looked at the price
        ref = None
    else:
        ref = await _current_image(context.storage, message, slot)
    if ref is None:
        await interaction.edit_original_response(
            content="That image is no longer on the message.", view=None
        )
        return
    mode, model = parse_choice(choice)
    # The confirmation message's id is the click's key: a second click on the same
    # Confirm (or a retry after a restart) finds the same job and charges nothing.
    key = f"confirm:{interaction.message.id if interaction.message else interaction.id}"
    submission = await context.service.request_upscale(
        JobRequest(
            request_key=key,
            guild_id=guild_id,
            channel_id=message.channel.id,
            message_id=message.id,
            attachment_slot=slot,
            requester_id=interaction.user.id,
            source=SourceImage(
                attachment_id=ref.attachment.id,
                url=ref.attachment.url,
                filename=ref.attachment.filename,
                size=ref.attachment.size,
                content_type=ref.attachment.content_type,
            ),
            mode=mode,
            model=model,
            scale=scale,
            spoiler=ref.attachment.is_spoiler(),
            upload_limit=interaction.filesize_limit,
        )
    )
    if not submission.created:
        await interaction.edit_original_response(
            content="Already in progress: this upscale was confirmed once and is charged once.",
            view=None,
        )
        return
    job = submission.job
    context.presenter.remember_confirmation(job.id, interaction)
    place = context.service.board.place(job.id)
    where = f"#{place.position} in queue" if place else "starting"
    eta_text = f", about {format_duration(place.eta_s)}" if place else ""
    await interaction.edit_original_response(
        content=(
            f"Queued: {where}{eta_text}. {job.price} credits reserved; "
            f"available {submission.hold.available_after}."
        ),
        view=view_of(CancelJobButton(job.id, "Cancel this upscale")),
    )


class ConfirmButton(
    Guarded,
    ButtonItem,
    template=r"cf:(?P<message>\d+):(?P<slot>\d+):(?P<model>[a-z0-9-]+):(?P<scale>\d)",
):
    """On the ephemeral confirmation: reserves the credits and queues the job."""

    def __init__(self, message_id: int, slot: int, choice: str, scale: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Confirm",
                style=discord.ButtonStyle.success,
                custom_id=f"cf:{message_id}:{slot}:{choice}:{scale}",
            )
        )
        self.message_id, self.slot, self.choice, self.scale = message_id, slot, choice, scale

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: Item, match: re.Match[str]
    ) -> ConfirmButton:
        return cls(int(match["message"]), int(match["slot"]), match["model"], int(match["scale"]))

    async def handle(self, interaction: discord.Interaction) -> None:
        await confirm(interaction, self.message_id, self.slot, self.choice, self.scale)


class FactorSelect(
    Guarded,
    SelectItem,
    template=r"fs:(?P<message>\d+):(?P<slot>\d+):(?P<model>[a-z0-9-]+)",
):
    """On the confirmation: choose the factor or mode (each option shows its price)."""

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

    async def handle(self, interaction: discord.Interaction) -> None:
        data: dict[str, Any] = dict(interaction.data or {})
        values: list[str] = data.get("values", [])
        picked = values[0] if values else "4"
        creative = picked == CREATIVE_CHOICE
        await open_confirmation(
            interaction,
            self.slot,
            scale=None if creative else int(picked),
            message_id=self.message_id,
            update=True,
            choice=CREATIVE_CHOICE if creative else self.model,
        )


class CancelButton(Guarded, ButtonItem, template=r"cx"):
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

    async def handle(self, interaction: discord.Interaction) -> None:
        await interaction.response.edit_message(
            content="Cancelled. You were not charged.", view=None
        )
