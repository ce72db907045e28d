"""``/history``: the command (:mod:`.commands`) and its pages with their buttons (:mod:`.pages`)."""

from bot.features.history.commands import HistoryCommands
from bot.features.history.pages import HistoryPageButton

DYNAMIC_ITEMS = (HistoryPageButton,)

__all__ = ["DYNAMIC_ITEMS", "HistoryCommands"]
