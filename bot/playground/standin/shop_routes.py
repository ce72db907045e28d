"""Discord's SKU and entitlement routes, as discord.py 2.7 calls them (``http.py``:
``get_skus``, ``get_entitlements``, ``get_entitlement``, ``consume_entitlement``,
``create_entitlement``, ``delete_entitlement``).

Listing follows Discord's List Entitlements: filters ``user_id``, ``sku_ids`` (comma-separated),
``guild_id``, ``exclude_ended`` (default false), ``exclude_deleted`` (default true); ``limit``
1-100 (default 100); lowest id first; ``after`` gives the first ``limit`` above that id,
``before`` the last ``limit`` below it (discord.py pages on from the first id of that page).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from aiohttp import web

from bot.playground.standin.responses import error, invalid_form_body, ok
from bot.playground.standin.shop import CONSUMABLE, TEST_MODE_PURCHASE, Entitlement, Shop

if TYPE_CHECKING:
    from bot.playground.standin.world import World

UNKNOWN_APPLICATION, UNKNOWN_ENTITLEMENT = 10002, 10029
TRUE, FALSE = {"true", "1", "True"}, {"false", "0", "False"}


class QueryError(Exception):
    def __init__(self, field: str, message: str) -> None:
        self.field, self.message = field, message


def _snowflake(query: Any, name: str) -> int | None:
    value = query.get(name)
    if value is None:
        return None
    if not value.isdigit():
        raise QueryError(name, f'Value "{value}" is not snowflake.')
    return int(value)


def _boolean(query: Any, name: str, default: bool) -> bool:
    value = query.get(name)
    if value is None:
        return default
    if value in TRUE | FALSE:
        return value in TRUE
    raise QueryError(name, "Must be either true or false.")


class ShopRoutes:
    def __init__(self, world: World, shop: Shop) -> None:
        self.world = world
        self.shop = shop

    def routes(self, app: web.Application) -> None:
        base = "/api/v10/applications/{app}"
        r = app.router
        r.add_get(f"{base}/skus", self.skus)
        r.add_get(f"{base}/entitlements", self.list_entitlements)
        r.add_post(f"{base}/entitlements", self.create_test_entitlement)
        r.add_get(f"{base}/entitlements/{{entitlement}}", self.get_entitlement)
        r.add_delete(f"{base}/entitlements/{{entitlement}}", self.delete_test_entitlement)
        r.add_post(f"{base}/entitlements/{{entitlement}}/consume", self.consume)

    def _wrong_application(self, request: web.Request) -> web.Response | None:
        if request.match_info["app"] != str(self.world.application_id):
            return error(404, UNKNOWN_APPLICATION, "Unknown Application")
        return None

    def _entitlement(self, request: web.Request) -> Entitlement | web.Response:
        wrong = self._wrong_application(request)
        if wrong is not None:
            return wrong
        raw = request.match_info["entitlement"]
        entitlement = self.shop.entitlements.get(int(raw)) if raw.isdigit() else None
        if entitlement is None:
            return error(404, UNKNOWN_ENTITLEMENT, "Unknown Entitlement")
        return entitlement

    async def skus(self, request: web.Request) -> web.Response:
        wrong = self._wrong_application(request)
        if wrong is not None:
            return wrong
        return ok([sku.to_json() for sku in self.shop.skus.values()])

    async def list_entitlements(self, request: web.Request) -> web.Response:
        wrong = self._wrong_application(request)
        if wrong is not None:
            return wrong
        query = request.query
        try:
            user_id = _snowflake(query, "user_id")
            guild_id = _snowflake(query, "guild_id")
            before = _snowflake(query, "before")
            after = _snowflake(query, "after")
            sku_ids = None
            if query.get("sku_ids"):
                parts = query["sku_ids"].split(",")
                if not all(part.isdigit() for part in parts):
                    raise QueryError("sku_ids", "Value is not a list of snowflakes.")
                sku_ids = {int(part) for part in parts}
            exclude_ended = _boolean(query, "exclude_ended", False)
            exclude_deleted = _boolean(query, "exclude_deleted", True)
            limit_text = query.get("limit", "100")
            if not limit_text.isdigit() or not 1 <= int(limit_text) <= 100:
                raise QueryError("limit", "int value should be between 1 and 100.")
            limit = int(limit_text)
        except QueryError as bad:
            return invalid_form_body(
                {bad.field: {"_errors": [{"code": "BASE_TYPE_INVALID", "message": bad.message}]}}
            )
        now = time.time()
        found = sorted(
            (
                e
                for e in self.shop.entitlements.values()
                if (user_id is None or e.user_id == user_id)
                and (guild_id is None or e.guild_id == guild_id)
                and (sku_ids is None or e.sku_id in sku_ids)
                and not (exclude_ended and e.ended(now))
                and not (exclude_deleted and e.deleted)
                and (after is None or e.id > after)
                and (before is None or e.id < before)
            ),
            key=lambda e: e.id,
        )
        page = found[-limit:] if before is not None and after is None else found[:limit]
        return ok([e.to_json() for e in page])

    async def get_entitlement(self, request: web.Request) -> web.Response:
        entitlement = self._entitlement(request)
        if isinstance(entitlement, web.Response):
            return entitlement
        return ok(entitlement.to_json())

    async def consume(self, request: web.Request) -> web.Response:
        entitlement = self._entitlement(request)
        if isinstance(entitlement, web.Response):
            return entitlement
        shop = self.shop
        if entitlement.deleted:
            return error(404, UNKNOWN_ENTITLEMENT, "Unknown Entitlement")
        if shop.skus[entitlement.sku_id].type != CONSUMABLE:
            return error(400, 0, "Only entitlements to consumable SKUs can be consumed")
        if entitlement.consumed and shop.refuse_repeat_consume:
            return error(400, 0, "Entitlement already consumed")
        entitlement.consumed = True
        shop.consumes.append(entitlement.id)
        self.world.changed()
        return web.Response(status=204)

    async def create_test_entitlement(self, request: web.Request) -> web.Response:
        wrong = self._wrong_application(request)
        if wrong is not None:
            return wrong
        body = await request.json()
        shop = self.shop
        problems: dict[str, Any] = {}
        sku_id = str(body.get("sku_id", ""))
        owner_id = str(body.get("owner_id", ""))
        owner_type = body.get("owner_type")
        if not sku_id.isdigit() or int(sku_id) not in shop.skus:
            problems["sku_id"] = "Unknown SKU."
        if owner_type not in (1, 2):
            problems["owner_type"] = "Value must be one of (1, 2)."
        elif not owner_id.isdigit() or not self._owner_exists(int(owner_id), owner_type):
            problems["owner_id"] = "Unknown owner."
        if problems:
            return invalid_form_body(
                {
                    name: {"_errors": [{"code": "BASE_TYPE_INVALID", "message": message}]}
                    for name, message in problems.items()
                }
            )
        owner = int(owner_id)
        entitlement = shop.grant(
            int(sku_id),
            user_id=owner if owner_type == 2 else None,
            guild_id=owner if owner_type == 1 else None,
            type=TEST_MODE_PURCHASE,
        )
        return ok(entitlement.to_json())

    def _owner_exists(self, owner_id: int, owner_type: int) -> bool:
        guilds = self.world.guilds
        if owner_type == 1:
            return owner_id in guilds
        return any(owner_id in guild.members for guild in guilds.values())

    async def delete_test_entitlement(self, request: web.Request) -> web.Response:
        entitlement = self._entitlement(request)
        if isinstance(entitlement, web.Response):
            return entitlement
        if entitlement.type != TEST_MODE_PURCHASE or entitlement.deleted:
            return error(404, UNKNOWN_ENTITLEMENT, "Unknown Entitlement")
        self.shop.delete(entitlement)
        return web.Response(status=204)
