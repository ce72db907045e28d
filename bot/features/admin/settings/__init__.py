"""Per-server settings, changed live by the server's admins: ``/upscale-admin settings``."""

from bot.features.admin.settings.panel import DYNAMIC_ITEMS, apply_changes, show_settings

__all__ = ["DYNAMIC_ITEMS", "apply_changes", "show_settings"]
