"""One package per Discord feature: its DynamicItems, their handlers and its commands side by
side. ``bot.app`` wires them; ``DYNAMIC_ITEMS`` is every persistent button and select."""

from typing import Any

import discord

from bot.features import admin, credits, history, upscale, versions

DYNAMIC_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (
    *upscale.DYNAMIC_ITEMS,
    *versions.DYNAMIC_ITEMS,
    *history.DYNAMIC_ITEMS,
    *admin.DYNAMIC_ITEMS,
    *credits.DYNAMIC_ITEMS,
)
