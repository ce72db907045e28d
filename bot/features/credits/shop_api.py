"""The shop core's view of Discord (:class:`bot.jobs.shop.ShopApi`) over a discord.py client:
the application's SKUs, its entitlements page by page, one entitlement, and consuming one.

discord.py objects never leave this module: each ``discord.Entitlement`` becomes the core's
plain :class:`bot.jobs.shop.Entitlement`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import discord

from bot.jobs.shop import Entitlement, EntitlementGone, Sku


def entitlement_facts(entitlement: discord.Entitlement) -> Entitlement:
    """What the core needs of an entitlement from an event or a listing."""
    return Entitlement(
        id=entitlement.id,
        sku_id=entitlement.sku_id,
        user_id=entitlement.user_id,
        guild_id=entitlement.guild_id,
        type=entitlement.type.value,
        deleted=entitlement.deleted,
        consumed=entitlement.consumed,
    )


def listed_facts(data: Mapping[str, Any]) -> Entitlement:
    """The same from an entitlement object as Discord's listing sends it."""

    def snowflake(name: str) -> int | None:
        value = data.get(name)
        return int(value) if value is not None else None

    return Entitlement(
        id=int(data["id"]),
        sku_id=int(data["sku_id"]),
        user_id=snowflake("user_id"),
        guild_id=snowflake("guild_id"),
        type=int(data["type"]),
        deleted=bool(data.get("deleted", False)),
        consumed=bool(data.get("consumed", False)),
    )


class DiscordShopApi:
    """:class:`bot.jobs.shop.ShopApi` over ``client`` (which must be logged in: the routes
    need the application's id)."""

    def __init__(self, client: discord.Client) -> None:
        self.client = client

    def _application_id(self) -> int:
        application_id = self.client.application_id
        if application_id is None:
            raise RuntimeError("the client is not logged in: no application id yet")
        return application_id

    async def skus(self) -> Sequence[Sku]:
        return [Sku(s.id, s.name, s.type.value) for s in await self.client.fetch_skus()]

    async def entitlements(
        self, *, sku_ids: Sequence[int], after: int | None, limit: int
    ) -> Sequence[Entitlement]:
        # The route itself: discord.py 2.7's Client.entitlements() drops exclude_deleted when
        # paging with ``after``, and deleted ones are wanted here (a refund whose
        # ENTITLEMENT_DELETE was missed is found this way).
        page = await self.client.http.get_entitlements(
            self._application_id(),
            limit=limit,
            after=after,
            sku_ids=list(sku_ids),
            exclude_ended=False,
            exclude_deleted=False,
        )
        return [listed_facts(data) for data in page]

    async def entitlement(self, entitlement_id: int) -> Entitlement | None:
        try:
            return entitlement_facts(await self.client.fetch_entitlement(entitlement_id))
        except discord.NotFound:
            return None

    async def consume(self, entitlement_id: int) -> None:
        # The route itself, not Entitlement.consume(): that needs the whole entitlement
        # fetched first, one more request that can fail while Discord is unwell.
        try:
            await self.client.http.consume_entitlement(self._application_id(), entitlement_id)
        except discord.NotFound:
            raise EntitlementGone(entitlement_id) from None
