"""What a server's admins use, under ``/upscale-admin`` and ``/credits-admin``: the commands
(:mod:`.commands`), the queue with its cancel buttons (:mod:`.queue`), recent failures
(:mod:`.failures`), the credits audit (:mod:`.audit`) and the server's settings panel
(:mod:`.settings`). Each view and its page buttons share a module: a button redraws its view."""

from bot.features.admin import settings
from bot.features.admin.audit import AuditPageButton
from bot.features.admin.commands import CreditsAdminCommands, QueueAdminCommands
from bot.features.admin.failures import FailuresPageButton
from bot.features.admin.queue import QueuePageButton

DYNAMIC_ITEMS = (QueuePageButton, FailuresPageButton, AuditPageButton, *settings.DYNAMIC_ITEMS)

__all__ = ["DYNAMIC_ITEMS", "CreditsAdminCommands", "QueueAdminCommands"]
