"""Purchases of credit packs as Python sees them, and the keys of the ledger rows they cause."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from enum import StrEnum

from storage.ledger_rows import LedgerEntry


class PurchaseState(StrEnum):
    TO_PLACE = "to_place"  # recorded; no server known yet, the member picks one
    CREDITED = "credited"  # the pack's credits are in one server's wallet
    REFUNDED = "refunded"  # Discord took it back (after crediting it, or before)


class Placement(StrEnum):
    """How a purchase's server was decided."""

    ENTITLEMENT = "entitlement"  # the entitlement itself names the server
    OFFER = "offer"  # the one server that showed the member the packs recently
    MEMBER = "member"  # the member chose it for a purchase waiting to be placed


@dataclass(frozen=True, slots=True)
class PackEntitlement:
    """An entitlement to a pack as the bot records it: who bought which SKU, for how many
    credits (the pack's amount when it was first seen), and whether it was a test purchase."""

    entitlement_id: int
    sku_id: int
    member_id: int
    amount: int
    test: bool


@dataclass(frozen=True, slots=True)
class Purchase:
    entitlement_id: int
    sku_id: int
    member_id: int
    guild_id: int | None
    amount: int
    test: bool
    state: PurchaseState
    placement: Placement | None
    recorded_at: str
    credited_at: str | None
    consumed_at: str | None
    refunded_at: str | None
    refund_taken: int
    refund_owed: int

    @property
    def credited(self) -> bool:
        """Whether the credits ever reached a wallet (a refunded purchase may have been)."""
        return self.credited_at is not None

    @property
    def consumed(self) -> bool:
        """Whether Discord has accepted that the entitlement is used up."""
        return self.consumed_at is not None


@dataclass(frozen=True, slots=True)
class PurchaseOutcome:
    """What one credit, placement or refund call found or did.

    ``changed`` is False when an earlier call (in this process or another) had already done it,
    or the purchase's state forbids it (a refunded purchase is not credited); ``entry`` is the
    ledger row of that step, whichever call wrote it, or None when no wallet moved.
    """

    purchase: Purchase
    changed: bool
    entry: LedgerEntry | None


def purchase_key(entitlement_id: int) -> str:
    return f"purchase:{entitlement_id}"


def refund_key(entitlement_id: int) -> str:
    return f"refund:{entitlement_id}"


def purchase_from_row(row: sqlite3.Row) -> Purchase:
    return Purchase(
        entitlement_id=row["entitlement_id"],
        sku_id=row["sku_id"],
        member_id=row["member_id"],
        guild_id=row["guild_id"],
        amount=row["amount"],
        test=bool(row["test"]),
        state=PurchaseState(row["state"]),
        placement=Placement(row["placement"]) if row["placement"] else None,
        recorded_at=row["recorded_at"],
        credited_at=row["credited_at"],
        consumed_at=row["consumed_at"],
        refunded_at=row["refunded_at"],
        refund_taken=row["refund_taken"],
        refund_owed=row["refund_owed"],
    )


def purchase_in(conn: sqlite3.Connection, entitlement_id: int) -> Purchase | None:
    row = conn.execute(
        "SELECT * FROM purchases WHERE entitlement_id = ?", (entitlement_id,)
    ).fetchone()
    return purchase_from_row(row) if row else None
