"""Builds the discord.py client from settings and runs it until interrupted."""

from __future__ import annotations

import logging

import discord
import yarl
from discord.ext import commands

from config import Settings

log = logging.getLogger(__name__)


def point_discord_at(settings: Settings) -> None:
    """Send REST and gateway traffic to the configured URLs (a proxy, or a test server).

    discord.py reads ``Route.BASE`` each time it builds a route and the gateway URL when it
    connects, so setting them before login redirects everything without patching the library.
    """
    discord.http.Route.BASE = settings.discord.api_base_url.rstrip("/")
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord.gateway_url)


def build_client(settings: Settings) -> commands.Bot:
    """A bot with the intents the product needs and nothing else."""
    intents = discord.Intents.default()
    intents.message_content = False
    return commands.Bot(command_prefix=commands.when_mentioned, intents=intents)


def run_bot(settings: Settings) -> None:
    """Log in and serve until interrupted."""
    assert settings.discord.token is not None
    point_discord_at(settings)
    client = build_client(settings)
    client.run(settings.discord.token.get_secret_value(), log_handler=None)
