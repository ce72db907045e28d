"""An image's versions: the Original and History buttons of an image message and the Use this
version select (:mod:`.buttons`)."""

from bot.features.versions.buttons import OriginalButton, UseVersionSelect, VersionsButton

DYNAMIC_ITEMS = (OriginalButton, VersionsButton, UseVersionSelect)

__all__ = ["DYNAMIC_ITEMS", "OriginalButton", "UseVersionSelect", "VersionsButton"]
