"""The start-up check of the packs setting against the application's SKUs in Discord."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.jobs.shop.api import ShopApi, Sku, SkuType

PACKS_SETTING = "UPSCALE_CREDITS__PACKS"


@dataclass(frozen=True, slots=True)
class PackProblem:
    """A configured pack whose SKU is missing from the application (``sku`` None) or is not
    a consumable one."""

    sku_id: int
    sku: Sku | None

    def describe(self) -> str:
        if self.sku is None:
            return f"SKU {self.sku_id} is not one of this application's SKUs"
        return f"SKU {self.sku_id} ({self.sku.name}) is {self.sku.type_name()}, not consumable"


class PacksMisconfigured(Exception):
    """Some configured packs cannot be sold; ``problems`` names each."""

    def __init__(self, problems: list[PackProblem]) -> None:
        self.problems = problems
        super().__init__(
            f"{PACKS_SETTING}: " + "; ".join(problem.describe() for problem in problems)
        )


async def check_packs(api: ShopApi, packs: Mapping[int, int]) -> None:
    """Check that every pack's SKU exists in the application and is consumable (a durable or
    subscription SKU would sell once, or monthly, not as credits bought again and again).

    Raises:
        PacksMisconfigured: naming every SKU that is missing or not consumable.
        Exception: whatever listing the SKUs raised.
    """
    if not packs:
        return
    skus = {sku.id: sku for sku in await api.skus()}
    problems = [
        PackProblem(sku_id, skus.get(sku_id))
        for sku_id in sorted(packs)
        if sku_id not in skus or skus[sku_id].type != SkuType.CONSUMABLE
    ]
    if problems:
        raise PacksMisconfigured(problems)
