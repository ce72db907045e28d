"""What the shop core needs from Discord (its SKU and entitlement routes), and Discord's facts
about SKUs and entitlements as plain data.

The Discord side implements :class:`ShopApi` with discord.py (``Client.fetch_skus()``,
``Client.entitlements()``, ``Client.fetch_entitlement()``, ``Entitlement.consume()``) and
turns each ``discord.Entitlement`` into an :class:`Entitlement`; tests implement it in memory.
Numbers are Discord's (https://discord.com/developers/docs/resources/sku and
.../resources/entitlement).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Protocol

DISCORD_EPOCH_MS = 1_420_070_400_000
PAGE_LIMIT = 100  # the most entitlements Discord lists per request


class SkuType(IntEnum):
    DURABLE = 2
    CONSUMABLE = 3
    SUBSCRIPTION = 5
    SUBSCRIPTION_GROUP = 6  # made by Discord for each subscription SKU; never sold directly


class EntitlementType(IntEnum):
    PURCHASE = 1
    PREMIUM_SUBSCRIPTION = 2
    DEVELOPER_GIFT = 3
    TEST_MODE_PURCHASE = 4  # the application's owner tried the flow without paying
    FREE_PURCHASE = 5
    USER_GIFT = 6
    PREMIUM_PURCHASE = 7
    APPLICATION_SUBSCRIPTION = 8


@dataclass(frozen=True, slots=True)
class Sku:
    id: int
    name: str
    type: int

    def type_name(self) -> str:
        """The type as Discord's documentation names it ("consumable"), or its number."""
        try:
            return SkuType(self.type).name.lower().replace("_", " ")
        except ValueError:
            return f"type {self.type}"


@dataclass(frozen=True, slots=True)
class Entitlement:
    """An entitlement as an event or a listing carries it. ``user_id`` is the member who
    bought (None for one owned by a server alone); ``guild_id`` the server it was granted to,
    which Discord leaves out for a member's own purchases."""

    id: int
    sku_id: int
    user_id: int | None
    guild_id: int | None
    type: int
    deleted: bool = False
    consumed: bool = False

    @property
    def test(self) -> bool:
        return self.type == EntitlementType.TEST_MODE_PURCHASE


class EntitlementGone(Exception):
    """Discord no longer knows the entitlement (404): there is nothing left to consume."""

    def __init__(self, entitlement_id: int) -> None:
        self.entitlement_id = entitlement_id
        super().__init__(f"Discord has no entitlement {entitlement_id}")


class ShopApi(Protocol):
    """Discord's routes for the application's SKUs and entitlements."""

    async def skus(self) -> Sequence[Sku]:
        """Every SKU of the application (``GET /applications/{app}/skus``)."""

    async def entitlements(
        self, *, sku_ids: Sequence[int], after: int | None, limit: int
    ) -> Sequence[Entitlement]:
        """One page of the application's entitlements to ``sku_ids``, deleted (refunded)
        ones included, with ids above ``after`` (None: from the first), at most ``limit``,
        lowest id first (``GET /applications/{app}/entitlements?sku_ids=..&after=..&limit=..
        &exclude_deleted=false``)."""

    async def entitlement(self, entitlement_id: int) -> Entitlement | None:
        """One entitlement as Discord has it now, or None when Discord does not know it."""

    async def consume(self, entitlement_id: int) -> None:
        """Mark a consumable entitlement used (``POST .../entitlements/{id}/consume``).

        Raises:
            EntitlementGone: Discord answered 404.
            Exception: anything else means Discord did not accept it this time.
        """


def snowflake_at(unix_ms: int) -> int:
    """The lowest snowflake id of that moment (ids begin with their creation time)."""
    return max(0, unix_ms - DISCORD_EPOCH_MS) << 22


def snowflake_ms(snowflake: int) -> int:
    """When a snowflake id was made, in unix milliseconds."""
    return (snowflake >> 22) + DISCORD_EPOCH_MS
