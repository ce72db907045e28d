"""Entry points for any image: ``/upscale``, the "Upscale image" context menu, and the
automatic Upscale button under generated images in configured channels."""

from __future__ import annotations

import io
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.features.upscale.buttons import MAX_BUTTONS, upscale_view
from bot.features.upscale.confirmation import open_confirmation, submit_prompt_form
from bot.features.upscale.creative_controls import MODAL_PREFIX
from bot.ui.attachments import images_of, is_image
from bot.ui.audience import for_member, for_server, for_server_of, locale_code
from bot.ui.context import BotContext
from bot.ui.errors import ModelNotOffered
from bot.ui.permissions import require_guild
from config import Settings
from engine.errors import FileTooLarge
from engine.networks.community import available_models
from engine.networks.registry import MODELS, Purpose


def model_choices(settings: Settings) -> list[app_commands.Choice[str]]:
    """The models members may choose: those the operator lists (``UPSCALE_ENGINE__MODELS``)
    and every file in the weights folder, installed here, grouped by what they are for, and
    within Discord's 25 choices. Nothing that is not installed is offered."""
    installed = available_models(settings.engine.weights_dir)
    listed = settings.engine.models
    community = [name for name, info in installed.items() if name not in MODELS]
    wanted = list(installed) if listed == ["all"] else [*listed, *community]
    chosen = {name: installed[name] for name in dict.fromkeys(wanted) if name in installed}
    by_purpose = sorted(chosen.items(), key=lambda item: list(Purpose).index(item[1].purpose))
    return [
        app_commands.Choice(name=f"{name} ({info.description})"[:100], value=name)
        for name, info in by_purpose
    ][:25]


class UpscaleCommands(commands.Cog):
    def __init__(self, bot: commands.Bot, context: BotContext) -> None:
        self.bot = bot
        self.context = context
        self.menu = app_commands.ContextMenu(name="Upscale image", callback=self.upscale_message)
        bot.tree.add_command(self.menu)
        self.choices = model_choices(context.settings)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.menu.name, type=self.menu.type)

    @app_commands.command(
        name="upscale", description="Post an image with an Upscale button and upscale it"
    )
    @app_commands.describe(
        image="the image to upscale", model="which model (default: the server's)"
    )
    async def upscale(
        self, interaction: discord.Interaction, image: discord.Attachment, model: str | None = None
    ) -> None:
        require_guild(interaction)
        if not is_image(image):
            await interaction.response.send_message(
                for_member(interaction)("upscale-not-image"), ephemeral=True
            )
            return
        limit = self.context.settings.engine.max_input_bytes
        if image.size > limit:
            raise FileTooLarge(image.size, limit)
        if model is not None and model not in {c.value for c in self.choices}:
            raise ModelNotOffered(model)
        await interaction.response.defer()
        data = await image.read()
        say = await for_server_of(interaction)  # a post everyone sees
        await interaction.edit_original_response(
            content=say("upscale-posted", member=interaction.user.mention),
            attachments=[
                discord.File(io.BytesIO(data), image.filename, spoiler=image.is_spoiler())
            ],
            view=upscale_view(1, say),
        )
        posted = await interaction.original_response()
        await open_confirmation(interaction, 0, target=posted, choice=model)

    @upscale.autocomplete("model")
    async def model_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        """Only the models installed here, filtered by what the member typed."""
        return [c for c in self.choices if current.lower() in c.name.lower()]

    async def upscale_message(
        self, interaction: discord.Interaction, message: discord.Message
    ) -> None:
        """The context menu: one confirmation per image. Someone else's message gets a reply
        from the bot that carries the images and then behaves like the bot's own."""
        require_guild(interaction)
        images = images_of(message)
        if not images:
            await interaction.response.send_message(
                for_member(interaction)("upscale-no-images"), ephemeral=True
            )
            return
        limit = self.context.settings.engine.max_input_bytes
        if any(a.size > limit for a in images[:10]):
            raise FileTooLarge(max(a.size for a in images[:10]), limit)
        await interaction.response.defer(ephemeral=True)
        target = message
        if self.bot.user is None or message.author.id != self.bot.user.id:
            files = [
                discord.File(io.BytesIO(await a.read()), a.filename, spoiler=a.is_spoiler())
                for a in images[:10]
            ]
            say = await for_server_of(interaction)
            target = await message.reply(
                say("upscale-reply", member=message.author.mention),
                files=files,
                view=upscale_view(len(files), say),
                mention_author=False,
            )
        for slot in range(min(len(images), MAX_BUTTONS)):
            await open_confirmation(interaction, slot, target=target)

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction) -> None:
        """The **Prompt & seed...** form, routed by its custom id (it is kept in no memory,
        so one opened before a restart still arrives)."""
        if interaction.type is not discord.InteractionType.modal_submit:
            return
        data: dict[str, Any] = dict(interaction.data or {})
        custom_id = str(data.get("custom_id", ""))
        if custom_id.startswith(MODAL_PREFIX):
            await submit_prompt_form(interaction)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """Generated images in the configured channels get a compact reply with buttons."""
        settings = self.context.settings.discord
        if message.guild is None:
            return
        server = await self.context.storage.servers.get(message.guild.id)
        if message.channel.id not in server.auto_button_channels:
            return
        if settings.guild_allow_list and message.guild.id not in settings.guild_allow_list:
            return
        if self.bot.user is not None and message.author.id == self.bot.user.id:
            return
        from_generator = message.author.bot or message.webhook_id is not None
        if not (from_generator or settings.auto_button_members):
            return
        images = images_of(message)
        if images:
            locale = locale_code(message.guild.preferred_locale)
            say = await for_server(self.context.storage, message.guild.id, locale)
            await message.reply(view=upscale_view(len(images), say), mention_author=False)
