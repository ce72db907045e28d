"""Typed settings for upscale-bot. Imports nothing else of ours."""

from config.modes import Mode
from config.settings import (
    CreditSettings,
    DiscordSettings,
    EngineSettings,
    LogSettings,
    MetricsSettings,
    QueueSettings,
    Settings,
    SettingsError,
    StorageSettings,
    get_settings,
    load_settings,
)

__all__ = [
    "CreditSettings",
    "DiscordSettings",
    "EngineSettings",
    "LogSettings",
    "MetricsSettings",
    "Mode",
    "QueueSettings",
    "Settings",
    "SettingsError",
    "StorageSettings",
    "get_settings",
    "load_settings",
]
