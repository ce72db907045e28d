"""A fake Discord that unmodified discord.py talks to over real HTTP and a real WebSocket.

- ``state``: snowflakes, users, guilds, channels, messages, interactions, as Discord models them.
- ``rest``: the REST routes discord.py calls, with Discord's deadlines, limits and errors.
- ``limits``: Discord's length and count limits on every message body and modal (50035).
- ``gateway``: HELLO, IDENTIFY, heartbeats, READY, GUILD_CREATE, RESUME, dispatches.
- ``shop``, ``shop_routes``, ``shop_actions``: SKUs, entitlements (listed, consumed, test ones
  created and deleted), the ENTITLEMENT_* events with drop/duplicate cues, and people buying
  through premium buttons and being refunded.
- ``server``: :class:`FakeDiscord`, started on 127.0.0.1 by a test, with an API that reads
  like a person using Discord (post a message, click a button, run a slash command), in any
  of its guilds (``actions``).
"""

from bot.playground.standin.server import FakeDiscord, Faults, InteractionHandle
from bot.playground.standin.shop import Entitlement, PurchaseBlocked, Sku
from bot.playground.standin.state import Attachment, Channel, Guild, Member, Message, User

__all__ = [
    "Attachment",
    "Channel",
    "Entitlement",
    "FakeDiscord",
    "Faults",
    "Guild",
    "InteractionHandle",
    "Member",
    "Message",
    "PurchaseBlocked",
    "Sku",
    "User",
]
