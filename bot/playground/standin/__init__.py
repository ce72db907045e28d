"""A fake Discord that unmodified discord.py talks to over real HTTP and a real WebSocket.

- ``state``: snowflakes, users, guilds, channels, messages, interactions, as Discord models them.
- ``rest``: the REST routes discord.py calls, with Discord's deadlines, limits and errors.
- ``limits``: Discord's length and count limits on every message body and modal (50035).
- ``gateway``: HELLO, IDENTIFY, heartbeats, READY, GUILD_CREATE, RESUME, dispatches.
- ``server``: :class:`FakeDiscord`, started on 127.0.0.1 by a test, with an API that reads
  like a person using Discord (post a message, click a button, run a slash command), in any
  of its guilds (``actions``).
"""

from bot.playground.standin.server import FakeDiscord, Faults, InteractionHandle
from bot.playground.standin.state import Attachment, Channel, Guild, Member, Message, User

__all__ = [
    "Attachment",
    "Channel",
    "FakeDiscord",
    "Faults",
    "Guild",
    "InteractionHandle",
    "Member",
    "Message",
    "User",
]
