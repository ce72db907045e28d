"""Command names, descriptions and option names in every catalog's language, given to
discord.py as its :class:`~discord.app_commands.Translator`, so the sync sends them as
``name_localizations`` / ``description_localizations``.

A command's messages are named after it: ``command-<qualified name>`` and ``...-description``
for commands and groups, ``command-<command>-<option>`` (or ``command-<group>-<option>``, shared
by a group's subcommands) for options. Model choices are model names and stay as they are. A
translated name that breaks Discord's rules is never sent (Discord would refuse the whole
sync): the English name stands for that language, and the catalog test names the culprit.
"""

from __future__ import annotations

import logging
import re

import discord
from discord import app_commands
from discord.app_commands import TranslationContextLocation as Where

from bot.ui.catalogs import SOURCE, catalog, language_of
from bot.ui.wording import wording_for

log = logging.getLogger(__name__)

# Discord's rule for chat command and option names (lower case where the script has case).
CHAT_NAME = re.compile(r"^[-_\w\u0900-\u097F\u0E00-\u0E7F]{1,32}$")
MAX_NAME = 32
MAX_DESCRIPTION = 100
MENU_ID = "command-upscale-image-menu"
MENU_NAMES = {"Upscale image": MENU_ID}


def valid_chat_name(name: str) -> bool:
    """Whether Discord accepts ``name`` for a slash command, group or option."""
    return bool(CHAT_NAME.match(name)) and name == name.lower()


def valid_menu_name(name: str) -> bool:
    """Context menu names may have spaces and capitals: 1-32 characters."""
    return 1 <= len(name) <= MAX_NAME and name.strip() == name


def _qualified(command: object) -> str:
    name = getattr(command, "qualified_name", None) or getattr(command, "name", "")
    return str(name).replace(" ", "-")


def message_ids(context: app_commands.TranslationContextTypes, english: str) -> list[str]:
    """The catalog ids that may hold this string, most specific first."""
    data = context.data
    match context.location:
        case Where.command_name | Where.group_name:
            if isinstance(data, app_commands.ContextMenu):
                return [MENU_NAMES.get(english, "")]
            return [f"command-{_qualified(data)}"]
        case Where.command_description | Where.group_description:
            return [f"command-{_qualified(data)}-description"]
        case Where.parameter_name | Where.parameter_description:
            assert isinstance(data, app_commands.Parameter)
            suffix = "" if context.location is Where.parameter_name else "-description"
            command = data.command
            ids = [f"command-{_qualified(command)}-{data.name}{suffix}"]
            if command.parent is not None:
                ids.append(f"command-{_qualified(command.parent)}-{data.name}{suffix}")
            return ids
    return []


def translated(
    context: app_commands.TranslationContextTypes, english: str, language: str
) -> str | None:
    """``english`` in ``language`` for this place of a command; None to keep English."""
    found = catalog(language)
    if language == SOURCE or found is None:
        return None
    message_id = next((i for i in message_ids(context, english) if i in found.variables), None)
    if message_id is None:
        return None
    text = wording_for(language)(message_id)
    if context.location in (Where.command_name, Where.group_name, Where.parameter_name):
        menu = isinstance(context.data, app_commands.ContextMenu)
        if not (valid_menu_name(text) if menu else valid_chat_name(text)):
            log.warning("%s name %r breaks Discord's rules; English is sent", language, text)
            return None
    elif len(text) > MAX_DESCRIPTION:
        log.warning("%s description of %s is too long; English is sent", language, message_id)
        return None
    return text


class CatalogTranslator(app_commands.Translator):
    """discord.py asks this once per string and Discord locale at sync."""

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        language = language_of(locale.value)
        if language == SOURCE:
            return None
        return translated(context, string.message, language)
