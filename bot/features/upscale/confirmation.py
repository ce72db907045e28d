"""The priced confirmation: every offered mode with its price, and for the generative modes a
preset select and the **Prompt & seed...** form. What will run and the balance before and after
are shown before anything is charged.

Each confirmation shown is a draft in SQLite (:mod:`storage.drafts`); its components carry the
draft's token only, so every click, after a restart too, acts on exactly what was shown.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import discord

from bot.features.upscale import creative_controls as controls
from bot.features.upscale.confirm import EXPIRED, GONE, confirm, current_image, locate
from bot.jobs.drafting import (
    again_offer,
    choice_for,
    choice_named,
    factor_value,
    parse_factor_value,
    starting_scale,
)
from bot.jobs.log_context import bind
from bot.ui.attachments import ImageRef
from bot.ui.audience import for_member
from bot.ui.components import ButtonItem, Guarded, Item, SelectItem, view_of
from bot.ui.context import BotContext, context_of
from bot.ui.errors import report
from bot.ui.pack_buttons import pack_buttons
from bot.ui.permissions import require_guild
from bot.ui.wording import PRESETS, Wording
from config import Mode
from storage.drafts import UpscaleDraft

TOKEN = r"(?P<token>[A-Za-z0-9_-]{1,20})"


async def open_confirmation(
    interaction: discord.Interaction,
    slot: int,
    *,
    target: discord.Message | None = None,
    choice: str | None = None,
    scale: int | None = None,
    again_of: int | None = None,
    new_seed: bool = False,
) -> None:
    """Show the priced confirmation for the image in ``slot`` (ephemeral). ``choice`` names a
    fast model or a generative mode; ``again_of`` a job whose input, mode and controls are
    offered again (with its seed unless ``new_seed``)."""
    guild_id = require_guild(interaction)
    context = context_of(interaction)
    message = target or interaction.message
    assert message is not None
    ref = await current_image(context.storage, message, slot)
    if ref is None:
        await _send(interaction, for_member(interaction)(GONE), None, update=False)
        return
    width, height = ref.attachment.width, ref.attachment.height
    picked = choice_named(choice or context.settings.engine.model)
    job_controls: dict[str, str | int] = {}
    if again_of is not None:
        offer = again_offer(await context.storage.jobs.get(again_of), new_seed=new_seed)
        picked, scale, job_controls = offer.choice, offer.scale, offer.controls
        if offer.input_size is not None:
            width, height = offer.input_size
    mode, model = picked.mode, picked.model
    terms = await context.service.policy.terms(mode, guild_id=guild_id)
    scale = starting_scale(terms, scale, model, context.settings.engine.weights_dir)
    draft = UpscaleDraft(
        guild_id=guild_id,
        member_id=interaction.user.id,
        message_id=message.id,
        attachment_slot=slot,
        mode=mode,
        model=model,
        scale=scale,
        price=terms.price_for(width, height, scale),
        input_width=width,
        input_height=height,
        controls=job_controls or (dict(controls.DEFAULT_CONTROLS) if mode.generative else {}),
        prompt_source="again" if again_of is not None else None,
        again_of=again_of,
    )
    await show_draft(interaction, draft, update=False, located=(message, ref))


async def _send(
    interaction: discord.Interaction, content: str, view: discord.ui.View | None, *, update: bool
) -> None:
    """Show the confirmation: in place of the one clicked (``update``), or as a new
    ephemeral message; after a deferral, through the interaction's webhook."""
    response = interaction.response
    if update:
        if response.is_done():
            await interaction.edit_original_response(content=content, view=view)
        else:
            await response.edit_message(content=content, view=view)
        return
    extra: dict[str, Any] = {"view": view} if view is not None else {}
    if response.is_done():
        await interaction.followup.send(content, ephemeral=True, **extra)
    else:
        await response.send_message(content, ephemeral=True, **extra)


async def show_draft(
    interaction: discord.Interaction,
    draft: UpscaleDraft,
    *,
    update: bool,
    located: tuple[discord.Message, ImageRef] | None = None,
) -> None:
    """Look up the prompt if a generative draft has none yet, keep the draft, and show it."""
    context = context_of(interaction)
    if draft.mode.generative and draft.prompt_source is None:
        if not interaction.response.is_done():  # the image is fetched: may take a while
            if update:
                await interaction.response.defer()
            else:
                await interaction.response.defer(ephemeral=True, thinking=True)
        located = located or await locate(interaction, draft.message_id, draft.attachment_slot)
        if located is None:
            await _send(interaction, for_member(interaction)(GONE), None, update=update)
            return
        found = await controls.find_prompt(interaction, *located)
        draft = controls.with_found_prompt(draft, found)
    draft = await context.storage.drafts.add(draft)
    content, view = await _render(context, draft, for_member(interaction))
    await _send(interaction, content, view, update=update)


async def _render(
    context: BotContext, draft: UpscaleDraft, say: Wording
) -> tuple[str, discord.ui.View | None]:
    wallet = await context.storage.ledger.wallet(draft.guild_id, draft.member_id)
    estimate = context.service.board.run_seconds(
        draft.model, draft.input_width or 512, draft.input_height or 512
    )
    kind = say(f"kind-{draft.mode.value}")
    lines = [say("confirm-title", kind=kind, scale=draft.scale, duration=say.duration(estimate))]
    if draft.mode.generative:
        lines += controls.describe_run(draft, say)
    if wallet.available < draft.price:
        lines.append(say("confirm-not-enough", available=wallet.available, price=draft.price))
        packs = await pack_buttons(context, draft.guild_id, draft.member_id)
        # Servers that sell credits elsewhere keep their link beside (or instead of) the packs.
        top_up = (await context.storage.servers.get(draft.guild_id)).top_up_url
        if top_up:
            lines.append(say("confirm-top-up", url=top_up))
        elif packs:
            lines.append(say("confirm-buy-pack"))
        else:
            lines.append(say("confirm-ask-admin"))
        return "\n".join(lines), view_of(*packs) if packs else None
    after = wallet.available - draft.price
    lines.append(say("confirm-price", price=draft.price, available=wallet.available, after=after))
    items: list[discord.ui.Item[Any]] = []
    if draft.again_of is None:
        options = await _mode_options(context, draft, say)
        items.append(FactorSelect(draft.token, options, say("select-factor")))
    if draft.mode.generative:
        preset = PresetSelect(
            draft.token, controls.preset_options(draft, say), say("select-preset")
        )
        items.append(preset)
    items += [ConfirmButton(draft.token, say("button-confirm"))]
    if draft.mode.generative:
        items.append(PromptSeedButton(draft.token, say("button-prompt-seed")))
    items.append(CancelButton(say("button-cancel")))
    return "\n".join(lines), view_of(*items)


async def _mode_options(
    context: BotContext, draft: UpscaleDraft, say: Wording
) -> list[discord.SelectOption]:
    """Every offered mode and scale with its price for this image (25 options at most)."""
    options = []
    for terms in await context.service.policy.offered(draft.guild_id):
        for scale in terms.scales:
            price = terms.price_for(draft.input_width, draft.input_height, scale)
            if terms.mode is Mode.FAST:
                label = say("option-fast", scale=scale, price=price)
            else:
                mode = say(f"mode-{terms.mode.value}")
                label = say("option-generative", mode=mode, scale=scale, price=price)
            options.append(
                discord.SelectOption(
                    label=label,
                    value=factor_value(terms.mode, scale),
                    default=terms.mode is draft.mode and scale == draft.scale,
                )
            )
    return options[:25]


async def _draft_of(interaction: discord.Interaction, token: str) -> UpscaleDraft | None:
    """The clicked confirmation's draft; None (and the member told) when it expired."""
    draft = await context_of(interaction).storage.drafts.get(token)
    if draft is None or draft.member_id != interaction.user.id:
        await _send(interaction, for_member(interaction)(EXPIRED), None, update=True)
        return None
    return draft


class ConfirmButton(Guarded, ButtonItem, template=r"cf:" + TOKEN):
    """On the confirmation: reserves the credits shown and queues the job."""

    def __init__(self, token: str, label: str = "Confirm") -> None:
        super().__init__(
            discord.ui.Button(
                label=label, style=discord.ButtonStyle.success, custom_id=f"cf:{token}"
            )
        )
        self.token = token

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: Item, match: re.Match[str]
    ) -> ConfirmButton:
        return cls(match["token"])

    async def handle(self, interaction: discord.Interaction) -> None:
        await confirm(interaction, self.token)


class FactorSelect(Guarded, SelectItem, template=r"fs:" + TOKEN):
    """On the confirmation: choose the mode and factor (each option shows its price)."""

    def __init__(
        self,
        token: str,
        options: list[discord.SelectOption] | None = None,
        placeholder: str | None = None,
    ) -> None:
        super().__init__(
            discord.ui.Select(
                custom_id=f"fs:{token}",
                options=options or [discord.SelectOption(label="x4", value="4")],
                placeholder=placeholder,
            )
        )
        self.token = token

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: Item, match: re.Match[str]
    ) -> FactorSelect:
        return cls(match["token"])

    async def handle(self, interaction: discord.Interaction) -> None:
        draft = await _draft_of(interaction, self.token)
        if draft is None:
            return
        data: dict[str, Any] = dict(interaction.data or {})
        values: list[str] = data.get("values", [])
        mode, wanted = parse_factor_value(values[0] if values else "4")
        context = context_of(interaction)
        terms = await context.service.policy.terms(mode, guild_id=draft.guild_id)
        fast_model = draft.model if draft.mode is Mode.FAST else context.settings.engine.model
        model = choice_for(mode, fast_model).model
        scale = starting_scale(terms, wanted, model, context.settings.engine.weights_dir)
        changed = replace(
            draft,
            mode=mode,
            model=model,
            scale=scale,
            price=terms.price_for(draft.input_width, draft.input_height, scale),
            token="",
        )
        if mode.generative and not changed.controls:
            changed = replace(changed, controls=dict(controls.DEFAULT_CONTROLS))
        await show_draft(interaction, changed, update=True)


class PresetSelect(Guarded, SelectItem, template=r"cp:" + TOKEN):
    """On a generative confirmation: Subtle, Balanced or Creative (clears a strength)."""

    def __init__(
        self,
        token: str,
        options: list[discord.SelectOption] | None = None,
        placeholder: str | None = None,
    ) -> None:
        super().__init__(
            discord.ui.Select(
                custom_id=f"cp:{token}",
                options=options or [discord.SelectOption(label="Balanced", value="balanced")],
                placeholder=placeholder,
            )
        )
        self.token = token

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: Item, match: re.Match[str]
    ) -> PresetSelect:
        return cls(match["token"])

    async def handle(self, interaction: discord.Interaction) -> None:
        draft = await _draft_of(interaction, self.token)
        if draft is None:
            return
        data: dict[str, Any] = dict(interaction.data or {})
        values: list[str] = data.get("values", [])
        picked = values[0] if values and values[0] in PRESETS else "balanced"
        await show_draft(
            interaction, draft.with_controls(preset=picked, strength=None), update=True
        )


class PromptSeedButton(Guarded, ButtonItem, template=r"ps:" + TOKEN):
    """On a generative confirmation: opens the form for prompt, negative prompt, seed and
    strength."""

    def __init__(self, token: str, label: str = "Prompt & seed...") -> None:
        super().__init__(
            discord.ui.Button(
                label=label,
                style=discord.ButtonStyle.secondary,
                custom_id=f"ps:{token}",
            )
        )
        self.token = token

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: Item, match: re.Match[str]
    ) -> PromptSeedButton:
        return cls(match["token"])

    async def handle(self, interaction: discord.Interaction) -> None:
        draft = await _draft_of(interaction, self.token)
        if draft is not None:
            await interaction.response.send_modal(
                controls.prompt_form(draft, for_member(interaction))
            )


async def submit_prompt_form(interaction: discord.Interaction) -> None:
    """The **Prompt & seed...** form was sent: check it, then show the confirmation with its
    values in place of the one it was opened from. Bad values change nothing and are named."""
    bind(guild_id=interaction.guild_id, member_id=interaction.user.id)
    try:
        require_guild(interaction)
        data: dict[str, Any] = dict(interaction.data or {})
        token = str(data.get("custom_id", "")).removeprefix(controls.MODAL_PREFIX)
        draft = await _draft_of(interaction, token)
        if draft is None:
            return
        try:
            changed = controls.controls_from_form(draft, controls.submitted_values(data))
        except controls.BadControl as exc:
            say = for_member(interaction)
            await interaction.response.send_message(
                say("form-refused", problem=exc.words(say)), ephemeral=True
            )
            return
        await show_draft(interaction, changed, update=True)
    except Exception as exc:
        await report(interaction, exc)


class CancelButton(Guarded, ButtonItem, template=r"cx"):
    """On the confirmation: nothing happens, nothing is charged."""

    def __init__(self, label: str = "Cancel") -> None:
        super().__init__(
            discord.ui.Button(label=label, style=discord.ButtonStyle.secondary, custom_id="cx")
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: Item, match: re.Match[str]
    ) -> CancelButton:
        return cls()

    async def handle(self, interaction: discord.Interaction) -> None:
        await interaction.response.edit_message(
            content=for_member(interaction)("confirm-cancelled"), view=None
        )
