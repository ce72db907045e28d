"""Credit packs sold inside Discord, apart from Discord: the shop's rules (``shop``), consuming
entitlements until Discord accepts (``consumer``), the start-up check of the packs setting
(``pack_check``), and what the core needs from Discord's SKU and entitlement routes (``api``)."""

from bot.jobs.shop.api import (
    Entitlement,
    EntitlementGone,
    EntitlementType,
    ShopApi,
    Sku,
    SkuType,
)
from bot.jobs.shop.consumer import Consumer, ConsumeResult
from bot.jobs.shop.pack_check import PackProblem, PacksMisconfigured, check_packs
from bot.jobs.shop.shop import Pack, Reconciled, Shop

__all__ = [
    "ConsumeResult",
    "Consumer",
    "Entitlement",
    "EntitlementGone",
    "EntitlementType",
    "Pack",
    "PackProblem",
    "PacksMisconfigured",
    "Reconciled",
    "Shop",
    "ShopApi",
    "Sku",
    "SkuType",
    "check_packs",
]
