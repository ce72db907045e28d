"""The generative controls on the confirmation: what will run in words, the preset choices,
the **Prompt & seed...** form and its checks, and the prompt found for an image.

The form is answered by custom id (``pm:<draft token>``), not by a modal object kept in
memory, so a form opened before a restart still lands on the draft it was opened for.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import discord

from bot.jobs.download import DownloadError
from bot.jobs.prompts import FoundPrompt, prompt_in_image, prompt_in_message, shortened
from bot.ui.attachments import ImageRef
from bot.ui.context import context_of
from bot.ui.wording import ENGLISH, PRESETS, Wording
from engine.creative.controls import MAX_PROMPT_CHARS, MAX_SEED
from storage.drafts import UpscaleDraft

# How the metadata's owner is named to members (the reader's source names).
TOOL_NAMES = {
    "a1111": "AUTOMATIC1111",
    "comfyui": "ComfyUI",
    "invokeai": "InvokeAI",
    "novelai": "NovelAI",
    "exif": "EXIF",
}
MODAL_PREFIX = "pm:"
SHOWN_PROMPT = 200
SHOWN_NEGATIVE = 120
DEFAULT_CONTROLS: dict[str, str | int] = {"preset": "balanced"}


class BadControl(ValueError):
    """A value in the form is refused; the message (``message_id`` with ``args``) says which
    and what is allowed. ``str()`` is the English sentence, for logs."""

    def __init__(self, message_id: str, **args: str | int) -> None:
        self.message_id, self.args_ = message_id, args
        super().__init__(self.words(ENGLISH))

    def words(self, say: Wording) -> str:
        return say(self.message_id, **self.args_)


def _prompt_line(source: str | None, prompt: str, say: Wording) -> str:
    """``Prompt (from the message): “...”``: the prompt and where it came from."""
    if source in ("member", "message", "again"):
        origin = {"member": "yours", "message": "message", "again": "again"}[source]
        return say(f"run-prompt-{origin}", prompt=prompt)
    if source and source.startswith("image"):
        tool = source.partition(":")[2]
        if tool:
            return say("run-prompt-image-tool", tool=TOOL_NAMES.get(tool, tool), prompt=prompt)
        return say("run-prompt-image", prompt=prompt)
    return say("run-prompt", prompt=prompt)


def describe_run(draft: UpscaleDraft, say: Wording = ENGLISH) -> list[str]:
    """What a generative upscale will run: engine, preset, seed and prompt, each line short."""
    seed = draft.controls.get("seed")
    engine, dial = say(f"engine-{draft.mode.value}"), say.dial(draft.controls)
    if seed is not None:
        lines = [say("run-seed", engine=engine, dial=dial, seed=str(seed))]
    else:
        lines = [say("run-new-seed", engine=engine, dial=dial)]
    prompt = str(draft.controls.get("prompt", ""))
    negative = str(draft.controls.get("negative_prompt", ""))
    if prompt:
        lines.append(_prompt_line(draft.prompt_source, shortened(prompt, SHOWN_PROMPT), say))
    else:
        lines.append(say("run-no-prompt"))
    if negative:
        lines.append(say("run-negative", prompt=shortened(negative, SHOWN_NEGATIVE)))
    return lines


def preset_options(draft: UpscaleDraft, say: Wording = ENGLISH) -> list[discord.SelectOption]:
    chosen = None if "strength" in draft.controls else draft.controls.get("preset", "balanced")
    return [
        discord.SelectOption(
            label=say.preset(name),
            value=name,
            description=say(f"preset-{name}-hint"),
            default=name == chosen,
        )
        for name in PRESETS
    ]


def prompt_form(draft: UpscaleDraft, say: Wording = ENGLISH) -> discord.ui.Modal:
    """The **Prompt & seed...** form, filled with the draft's values. It is answered by its
    custom id (see the module docstring), so it is never kept in memory."""
    modal = discord.ui.Modal(title=say("form-title"), custom_id=MODAL_PREFIX + draft.token)
    controls = draft.controls
    fields: list[tuple[str, str, str | int | None, discord.TextStyle, int, str]] = [
        ("prompt", say("form-prompt"), controls.get("prompt"), discord.TextStyle.paragraph,
         MAX_PROMPT_CHARS, say("form-prompt-hint")),
        ("negative_prompt", say("form-negative"), controls.get("negative_prompt"),
         discord.TextStyle.paragraph, MAX_PROMPT_CHARS, say("form-negative-hint")),
        ("seed", say("form-seed"), controls.get("seed"), discord.TextStyle.short, 19,
         say("form-seed-hint")),
        ("strength", say("form-strength"), controls.get("strength"),
         discord.TextStyle.short, 1, say("form-strength-hint")),
    ]  # fmt: skip
    for custom_id, label, value, style, longest, hint in fields:
        text = "" if value is None else str(value)
        modal.add_item(
            discord.ui.TextInput(
                label=label,
                custom_id=custom_id,
                style=style,
                required=False,
                max_length=longest,
                default=text[:longest] or None,
                placeholder=hint,
            )
        )
    modal.stop()  # not awaited in memory: the submit is routed by custom id
    return modal


def submitted_values(data: dict[str, Any]) -> dict[str, str]:
    """The text fields of a modal submit, by custom id (rows or labels, as Discord sends)."""
    values: dict[str, str] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("custom_id"), str) and isinstance(node.get("value"), str):
                values[node["custom_id"]] = node["value"]
            for child in (node.get("components"), node.get("component")):
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(data.get("components"))
    return values


def controls_from_form(draft: UpscaleDraft, values: dict[str, str]) -> UpscaleDraft:
    """The draft with the form's prompt, negative prompt, seed and strength.

    Raises:
        BadControl: a seed or strength that is not a whole number in range, or a text too long.
    """
    prompt = values.get("prompt", "").strip()
    negative = values.get("negative_prompt", "").strip()
    for name, text in (("prompt", prompt), ("negative", negative)):
        if len(text) > MAX_PROMPT_CHARS:
            raise BadControl(f"bad-{name}-length", limit=MAX_PROMPT_CHARS)
    seed_text = values.get("seed", "").strip()
    seed: int | None = None
    if seed_text:
        # isdigit() is true of "²" and other digits int() refuses: ASCII decimals only.
        if not (seed_text.isascii() and seed_text.isdecimal()) or int(seed_text) > MAX_SEED:
            raise BadControl("bad-seed", max=str(MAX_SEED), value=shortened(seed_text, 30))
        seed = int(seed_text)
    strength_text = values.get("strength", "").strip()
    strength: int | None = None
    if strength_text:
        if strength_text not in {str(n) for n in range(1, 10)}:
            raise BadControl("bad-strength", value=shortened(strength_text, 30))
        strength = int(strength_text)
    changed = draft.with_controls(
        prompt=prompt or None, negative_prompt=negative or None, seed=seed, strength=strength
    )
    return replace(changed, prompt_source="member")


async def find_prompt(
    interaction: discord.Interaction, message: discord.Message, ref: ImageRef
) -> FoundPrompt | None:
    """The prompt in the image's metadata, else in the generator's message; None when
    neither has one (or the image cannot be fetched now: the job will say why)."""
    context = context_of(interaction)
    try:
        data = await context.service.sources.download(ref.attachment.url)
    except DownloadError:
        data = None
    if data is not None and (found := await prompt_in_image(data)) is not None:
        return found
    return prompt_in_message(await _generator_text(interaction, message))


async def _generator_text(interaction: discord.Interaction, message: discord.Message) -> str:
    """The text of the message that brought the image: ours says nothing about it, so for
    the bot's own reply the message it answers."""
    me = interaction.client.user
    if me is None or message.author.id != me.id:
        return message.content
    reference = message.reference
    if reference is None or reference.message_id is None:
        return ""
    assert isinstance(interaction.channel, discord.abc.Messageable)
    try:
        original = await interaction.channel.fetch_message(reference.message_id)
    except discord.HTTPException:
        return ""
    return original.content if original.author.id != me.id else ""


def with_found_prompt(draft: UpscaleDraft, found: FoundPrompt | None) -> UpscaleDraft:
    """The draft with the prompt found (or none), marked as looked for."""
    if found is None:
        return replace(draft, prompt_source="none", token="")
    source = f"image:{found.tool}" if found.source == "image" and found.tool else found.source
    changed = draft.with_controls(
        prompt=found.prompt or None, negative_prompt=found.negative_prompt or None
    )
    return replace(changed, prompt_source=source)
