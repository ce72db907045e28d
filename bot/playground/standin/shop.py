"""The application's shop as the fake Discord keeps it: SKUs, entitlements, and the gateway
events they cause, with cues to drop or repeat an event.

Shapes follow Discord's SKU and Entitlement resources and what discord.py 2.7 parses
(``discord/sku.py``): a SKU is ``{id, type, application_id, name, slug, flags}``; an
entitlement ``{id, sku_id, application_id, user_id, guild_id?, type, deleted, starts_at,
ends_at, consumed}``, where a test entitlement (type 4) has no ``starts_at``/``ends_at``.
Discord's rules kept here: a member cannot buy a consumable SKU again while an entitlement to
it is unconsumed (except in test mode); deleting through the API is for test entitlements only;
a refund deletes the entitlement and dispatches ENTITLEMENT_DELETE.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bot.playground.standin.state import iso, snowflake

if TYPE_CHECKING:
    from bot.playground.standin.world import World

DURABLE, CONSUMABLE, SUBSCRIPTION, SUBSCRIPTION_GROUP = 2, 3, 5, 6
PURCHASE, TEST_MODE_PURCHASE = 1, 4
EVENTS = ("ENTITLEMENT_CREATE", "ENTITLEMENT_UPDATE", "ENTITLEMENT_DELETE")


@dataclass
class Sku:
    id: int
    name: str
    type: int
    application_id: int
    flags: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "type": self.type,
            "application_id": str(self.application_id),
            "name": self.name,
            "slug": re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-"),
            "flags": self.flags,
        }


@dataclass
class Entitlement:
    id: int
    sku_id: int
    application_id: int
    user_id: int | None
    guild_id: int | None
    type: int
    deleted: bool = False
    consumed: bool = False
    ends_at: float | None = None

    @property
    def test(self) -> bool:
        return self.type == TEST_MODE_PURCHASE

    def ended(self, now: float) -> bool:
        return self.ends_at is not None and self.ends_at <= now

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "sku_id": str(self.sku_id),
            "application_id": str(self.application_id),
            "user_id": str(self.user_id) if self.user_id is not None else None,
            "type": self.type,
            "deleted": self.deleted,
            "consumed": self.consumed,
            "gift_code_flags": 0,
            "promotion_id": None,
        }
        if self.guild_id is not None:
            data["guild_id"] = str(self.guild_id)
        if not self.test:  # test entitlements are valid in perpetuity and carry no dates
            data["starts_at"] = None
            data["ends_at"] = iso(self.ends_at) if self.ends_at is not None else None
        return data


@dataclass
class EventCues:
    """Gateway faults for the shop's events: the next N of an event are not delivered at all
    (``drop``) or delivered twice (``duplicate``). ``dropped`` counts what was held back."""

    drops: dict[str, int] = field(default_factory=dict)
    duplicates: dict[str, int] = field(default_factory=dict)
    dropped: list[tuple[str, int]] = field(default_factory=list)

    def drop(self, event: str, times: int = 1) -> None:
        assert event in EVENTS, event
        self.drops[event] = self.drops.get(event, 0) + times

    def duplicate(self, event: str, times: int = 1) -> None:
        assert event in EVENTS, event
        self.duplicates[event] = self.duplicates.get(event, 0) + times

    def copies(self, event: str, entitlement_id: int) -> int:
        """How many times to deliver this event now (0, 1 or 2), spending a cue."""
        if self.drops.get(event):
            self.drops[event] -= 1
            self.dropped.append((event, entitlement_id))
            return 0
        if self.duplicates.get(event):
            self.duplicates[event] -= 1
            return 2
        return 1


class PurchaseBlocked(AssertionError):
    """Discord would not let this purchase happen (the test asked for something impossible)."""


class Shop:
    """SKUs and entitlements of the fake's one application.

    ``refuse_repeat_consume`` makes a second consume of the same entitlement answer 400
    instead of 204 (Discord does not document which it does; a bot must cope with either).
    ``consumes`` lists every consume Discord accepted, repeats included.
    """

    def __init__(self, world: World) -> None:
        self.world = world
        self.skus: dict[int, Sku] = {}
        self.entitlements: dict[int, Entitlement] = {}
        self.cues = EventCues()
        self.consumes: list[int] = []
        self.refuse_repeat_consume = False

    def add_sku(self, name: str, type: int = CONSUMABLE) -> Sku:
        """A SKU made in the Developer Portal (Monetization -> SKUs) and published."""
        sku = Sku(snowflake(), name, type, self.world.application_id)
        self.skus[sku.id] = sku
        return sku

    def fail_consume(self, times: int, status: int = 500) -> None:
        """The next ``times`` consume requests are answered ``status``."""
        self.world.faults.fail("POST", "/consume", times=times, status=status)

    def grant(
        self,
        sku: Sku | int,
        *,
        user_id: int | None = None,
        guild_id: int | None = None,
        type: int = PURCHASE,
    ) -> Entitlement:
        """A new entitlement (a purchase, or a test entitlement), announced on the gateway."""
        sku_id = sku.id if isinstance(sku, Sku) else sku
        if sku_id not in self.skus:
            raise PurchaseBlocked(f"the application has no SKU {sku_id}")
        if self.skus[sku_id].type == CONSUMABLE and type != TEST_MODE_PURCHASE and user_id:
            held = self.unconsumed(user_id, sku_id)
            if held:
                raise PurchaseBlocked(
                    f"user {user_id} holds unconsumed entitlement {held[0].id} to SKU {sku_id}:"
                    " Discord does not sell it again until it is consumed"
                )
        entitlement = Entitlement(
            id=snowflake(),
            sku_id=sku_id,
            application_id=self.world.application_id,
            user_id=user_id,
            guild_id=guild_id,
            type=type,
        )
        self.entitlements[entitlement.id] = entitlement
        self.announce("ENTITLEMENT_CREATE", entitlement)
        return entitlement

    def unconsumed(self, user_id: int, sku_id: int) -> list[Entitlement]:
        return [
            e
            for e in self.entitlements.values()
            if e.user_id == user_id and e.sku_id == sku_id and not e.consumed and not e.deleted
        ]

    def delete(self, entitlement: Entitlement) -> None:
        """Discord deletes the entitlement (a refund, or a test entitlement removed)."""
        entitlement.deleted = True
        self.announce("ENTITLEMENT_DELETE", entitlement)
        self.world.changed()

    def announce(self, event: str, entitlement: Entitlement) -> None:
        """Dispatch an entitlement event to every session, as the cues say."""
        for _ in range(self.cues.copies(event, entitlement.id)):
            self.world.dispatch(event, entitlement.to_json())
        self.world.changed()
