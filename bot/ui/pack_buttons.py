"""Premium buttons for the credit packs, shared by every reply that offers them (the
low-balance confirmation, /credits).

Pressing one sends the bot no interaction: Discord runs its own checkout and the bot hears of
the purchase on the gateway, with no server named. So showing the buttons remembers the
member's server (``Shop.offer_shown``), and the purchase lands in this server's wallet. At
most :data:`MAX_PACK_BUTTONS` (four rows of five), which leaves a row free in any reply.
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

import discord

from bot.ui.context import BotContext
from storage.errors import StorageError

log = logging.getLogger(__name__)

BUTTONS_PER_ROW = 5
MAX_PACK_BUTTONS = 4 * BUTTONS_PER_ROW


async def pack_buttons(
    context: BotContext, guild_id: int, member_id: int, *, first_row: int = 0
) -> list[discord.ui.Item[Any]]:
    """One premium button per pack for sale (smallest first, at most MAX_PACK_BUTTONS), in
    rows from ``first_row`` (at most 1); remembers that the member was shown them in
    ``guild_id``. Empty when no packs are sold."""
    packs = context.shop.packs_for_sale()[:MAX_PACK_BUTTONS]
    if not packs:
        return []
    try:
        await context.shop.offer_shown(guild_id, member_id)
    except (StorageError, sqlite3.Error):
        # The buttons still sell; a purchase whose server is unknown waits to be placed.
        log.warning("could not remember the packs shown in server %s", guild_id, exc_info=True)
    # A premium button carries the SKU only: Discord draws its label, price and icon.
    return [
        discord.ui.Button(sku_id=pack.sku_id, row=first_row + index // BUTTONS_PER_ROW)
        for index, pack in enumerate(packs)
    ]
