"""Credits for members: ``/credits`` (:mod:`.commands`), the credit packs' buttons
(:mod:`.packs`), purchases arriving from Discord (:mod:`.shop_events`, :mod:`.shop_api`) and
how they are told (:mod:`.purchase_notices`)."""

from bot.features.credits.commands import CreditCommands
from bot.features.credits.packs import PlaceButton
from bot.features.credits.shop_events import ShopEvents

DYNAMIC_ITEMS = (PlaceButton,)

__all__ = ["DYNAMIC_ITEMS", "CreditCommands", "ShopEvents"]
