"""Credit packs bought in Discord: credited exactly once, placed once, refunded once.

A purchase is keyed by its entitlement id. Crediting it is one transaction holding the
``purchases`` row and the ``purchase`` ledger row (key ``purchase:<entitlement id>``), so
however often and from however many processes it is attempted, the first commit wins and every
later attempt finds that row and changes nothing. The row is committed before anything asks
Discord to consume the entitlement: a crash in between leaves a credited, unconsumed purchase
that :meth:`PurchaseStore.unconsumed` lists for consuming again.

Refunds are a ``refund`` ledger row (key ``refund:<entitlement id>``) taking back what the
wallet has available, never going below zero or below what is held for running jobs; the
rest is recorded on the purchase as owed. A refund of a purchase never seen records the
purchase as refunded, so a late credit attempt finds it and credits nothing.

========  ===================================  ==========
kind      delta                                held_delta
========  ===================================  ==========
purchase  +amount of the pack                  0
refund    -min(amount, balance - held)         0
========  ===================================  ==========
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from storage.database import Database, utc_now
from storage.errors import NotYourPurchase, PurchaseRefunded, UnknownPurchase
from storage.ledger import Ledger
from storage.ledger_rows import LedgerEntry, append_entry, entry_by_key
from storage.purchase_queries import PurchaseQueries
from storage.purchase_rows import (
    PackEntitlement,
    Placement,
    Purchase,
    PurchaseOutcome,
    PurchaseState,
    purchase_in,
    purchase_key,
    refund_key,
)


@dataclass(frozen=True, slots=True)
class ListingCursor:
    """Where the next entitlement listing starts (``after`` this id), for these SKUs."""

    after_id: int
    sku_ids: tuple[int, ...]


class PurchaseStore(PurchaseQueries):
    """Purchases of credit packs and the wallets they credit. Safe to call concurrently, from
    any number of processes on one database file."""

    def __init__(self, database: Database, ledger: Ledger) -> None:
        super().__init__(database)
        self.ledger = ledger

    # -- crediting ---------------------------------------------------------------------

    async def record(
        self, entitlement: PackEntitlement, guild_id: int | None, placement: Placement | None
    ) -> PurchaseOutcome:
        """Record a purchase the first time it is seen: credited into the wallet of
        ``guild_id`` (decided by ``placement``), or, with ``guild_id`` None, waiting to be
        placed. A purchase already recorded (or refunded) is returned as it is, whatever the
        arguments now say.

        Raises:
            ValueError: ``guild_id`` and ``placement`` are not both given or both None, or the
                entitlement's amount is not positive.
        """
        if (guild_id is None) != (placement is None):
            raise ValueError("a purchase's server and how it was decided go together")
        if entitlement.amount <= 0:
            raise ValueError(f"a pack adds credits, not {entitlement.amount}")
        return await self.database.write(
            lambda conn: self.record_in(conn, entitlement, guild_id, placement)
        )

    def record_in(
        self,
        conn: sqlite3.Connection,
        entitlement: PackEntitlement,
        guild_id: int | None,
        placement: Placement | None,
    ) -> PurchaseOutcome:
        existing = purchase_in(conn, entitlement.entitlement_id)
        if existing is not None:
            return PurchaseOutcome(
                existing, False, entry_by_key(conn, purchase_key(existing.entitlement_id))
            )
        now = utc_now()
        if guild_id is not None:
            self.ledger.ensure_wallet_in(conn, guild_id, entitlement.member_id)
        conn.execute(
            "INSERT INTO purchases (entitlement_id, sku_id, member_id, guild_id, amount, test,"
            " state, placement, recorded_at, credited_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                entitlement.entitlement_id,
                entitlement.sku_id,
                entitlement.member_id,
                guild_id,
                entitlement.amount,
                int(entitlement.test),
                PurchaseState.TO_PLACE if guild_id is None else PurchaseState.CREDITED,
                placement,
                now,
                None if guild_id is None else now,
            ),
        )
        entry = None if guild_id is None else self._credit_in(conn, entitlement, guild_id)
        return PurchaseOutcome(self._get_in(conn, entitlement.entitlement_id), True, entry)

    async def place(self, entitlement_id: int, member_id: int, guild_id: int) -> PurchaseOutcome:
        """Credit a purchase waiting to be placed into the member's wallet in ``guild_id``,
        once: a purchase already placed (here or in another server) is returned unchanged.

        Raises:
            UnknownPurchase: no purchase with this entitlement id.
            NotYourPurchase: ``member_id`` did not buy it.
            PurchaseRefunded: it was refunded before it was placed.
        """

        def work(conn: sqlite3.Connection) -> PurchaseOutcome:
            purchase = purchase_in(conn, entitlement_id)
            if purchase is None:
                raise UnknownPurchase(entitlement_id)
            if purchase.member_id != member_id:
                raise NotYourPurchase(entitlement_id, member_id)
            if purchase.state is PurchaseState.REFUNDED:
                raise PurchaseRefunded(entitlement_id)
            if purchase.state is PurchaseState.CREDITED:
                return PurchaseOutcome(
                    purchase, False, entry_by_key(conn, purchase_key(entitlement_id))
                )
            self.ledger.ensure_wallet_in(conn, guild_id, member_id)
            conn.execute(
                "UPDATE purchases SET state = 'credited', guild_id = ?, placement = ?,"
                " credited_at = ? WHERE entitlement_id = ? AND state = 'to_place'",
                (guild_id, Placement.MEMBER, utc_now(), entitlement_id),
            )
            entry = self._credit_in(conn, _bought(purchase), guild_id)
            return PurchaseOutcome(self._get_in(conn, entitlement_id), True, entry)

        return await self.database.write(work)

    def _credit_in(
        self, conn: sqlite3.Connection, entitlement: PackEntitlement, guild_id: int
    ) -> LedgerEntry:
        wallet = conn.execute(
            "UPDATE wallets SET balance = balance + ? WHERE guild_id = ? AND member_id = ?"
            " RETURNING balance, held",
            (entitlement.amount, guild_id, entitlement.member_id),
        ).fetchone()
        test = " (test purchase)" if entitlement.test else ""
        return append_entry(
            conn,
            guild_id=guild_id,
            member_id=entitlement.member_id,
            kind="purchase",
            delta=entitlement.amount,
            held_delta=0,
            balance_after=wallet["balance"],
            held_after=wallet["held"],
            key=purchase_key(entitlement.entitlement_id),
            reason=f"bought {entitlement.amount} credits, SKU {entitlement.sku_id}{test}",
        )

    # -- refunds -------------------------------------------------------------------------

    async def refund(self, entitlement: PackEntitlement) -> PurchaseOutcome:
        """Apply Discord's refund of ``entitlement``, once.

        A credited purchase gives back what its wallet has available, up to the pack's
        amount, as a ``refund`` ledger row; what had been spent is recorded as owed. A purchase
        waiting to be placed, or never seen, is recorded as refunded with nothing taken, so it
        can no longer be credited. A second refund changes nothing.
        """
        return await self.database.write(lambda conn: self.refund_in(conn, entitlement))

    def refund_in(self, conn: sqlite3.Connection, entitlement: PackEntitlement) -> PurchaseOutcome:
        entitlement_id = entitlement.entitlement_id
        purchase = purchase_in(conn, entitlement_id)
        now = utc_now()
        if purchase is None:
            conn.execute(
                "INSERT INTO purchases (entitlement_id, sku_id, member_id, amount, test, state,"
                " recorded_at, refunded_at) VALUES (?, ?, ?, ?, ?, 'refunded', ?, ?)",
                (
                    entitlement_id,
                    entitlement.sku_id,
                    entitlement.member_id,
                    entitlement.amount,
                    int(entitlement.test),
                    now,
                    now,
                ),
            )
            return PurchaseOutcome(self._get_in(conn, entitlement_id), True, None)
        if purchase.state is PurchaseState.REFUNDED:
            return PurchaseOutcome(purchase, False, entry_by_key(conn, refund_key(entitlement_id)))
        if purchase.state is PurchaseState.TO_PLACE:
            conn.execute(
                "UPDATE purchases SET state = 'refunded', refunded_at = ?"
                " WHERE entitlement_id = ? AND state = 'to_place'",
                (now, entitlement_id),
            )
            return PurchaseOutcome(self._get_in(conn, entitlement_id), True, None)
        assert purchase.guild_id is not None  # credited: the schema's CHECK says so
        guild_id, member_id = purchase.guild_id, purchase.member_id
        self.ledger.ensure_wallet_in(conn, guild_id, member_id)
        available = self.ledger.wallet_in(conn, guild_id, member_id).available
        taken = min(purchase.amount, max(0, available))
        # Inside BEGIN IMMEDIATE nothing moves between the read and this UPDATE; the condition
        # still guards the rule itself (never below what is held).
        wallet = conn.execute(
            "UPDATE wallets SET balance = balance - ? WHERE guild_id = ? AND member_id = ?"
            " AND balance - held >= ? RETURNING balance, held",
            (taken, guild_id, member_id, taken),
        ).fetchone()
        owed = purchase.amount - taken
        spent = f"; {owed} already spent, owed" if owed else ""
        entry = append_entry(
            conn,
            guild_id=guild_id,
            member_id=member_id,
            kind="refund",
            delta=-taken,
            held_delta=0,
            balance_after=wallet["balance"],
            held_after=wallet["held"],
            key=refund_key(entitlement_id),
            reason=f"refund of {purchase.amount} credits bought, SKU {purchase.sku_id}{spent}",
        )
        conn.execute(
            "UPDATE purchases SET state = 'refunded', refunded_at = ?, refund_taken = ?,"
            " refund_owed = ? WHERE entitlement_id = ? AND state = 'credited'",
            (now, taken, owed, entitlement_id),
        )
        return PurchaseOutcome(self._get_in(conn, entitlement_id), True, entry)

    # -- consuming -----------------------------------------------------------------------

    async def mark_consumed(self, entitlement_id: int) -> bool:
        """Note that Discord accepted the consume (the first time counts); False when no
        purchase has this entitlement id."""

        def work(conn: sqlite3.Connection) -> bool:
            cursor = conn.execute(
                "UPDATE purchases SET consumed_at = COALESCE(consumed_at, ?)"
                " WHERE entitlement_id = ?",
                (utc_now(), entitlement_id),
            )
            return cursor.rowcount == 1

        return await self.database.write(work)

    async def unconsumed(self) -> list[Purchase]:
        """Purchases recorded (credited or waiting to be placed) whose entitlement Discord has
        not yet accepted as consumed, oldest first. Refunded ones are left alone."""
        return await self._purchases(
            "SELECT * FROM purchases WHERE consumed_at IS NULL AND state <> 'refunded'"
            " ORDER BY entitlement_id",
            (),
        )

    # -- where members were shown the packs ------------------------------------------------

    async def remember_offer(self, member_id: int, guild_id: int, at: float) -> None:
        """The member was shown the packs in ``guild_id`` at ``at`` (unix seconds)."""
        await self.database.write(
            lambda conn: conn.execute(
                "INSERT INTO pack_offers (member_id, guild_id, shown_at) VALUES (?, ?, ?)"
                " ON CONFLICT DO UPDATE SET shown_at = MAX(shown_at, excluded.shown_at)",
                (member_id, guild_id, at),
            )
        )

    async def offered_guilds(self, member_id: int, since: float) -> list[int]:
        """The servers that showed the member the packs at ``since`` or later, latest first."""
        rows = await self.database.read(
            lambda conn: conn.execute(
                "SELECT guild_id FROM pack_offers WHERE member_id = ? AND shown_at >= ?"
                " ORDER BY shown_at DESC",
                (member_id, since),
            ).fetchall()
        )
        return [row["guild_id"] for row in rows]

    # -- the entitlement listing ---------------------------------------------------------

    async def listing_cursor(self) -> ListingCursor | None:
        row = await self.database.read(
            lambda conn: conn.execute("SELECT * FROM entitlement_listing").fetchone()
        )
        if row is None:
            return None
        return ListingCursor(row["after_id"], tuple(json.loads(row["sku_ids"])))

    async def set_listing_cursor(self, cursor: ListingCursor) -> None:
        """Remember where the next listing starts (after a complete listing)."""
        await self.database.write(
            lambda conn: conn.execute(
                "INSERT INTO entitlement_listing (id, after_id, sku_ids, updated_at)"
                " VALUES (1, ?, ?, ?) ON CONFLICT DO UPDATE SET after_id = excluded.after_id,"
                " sku_ids = excluded.sku_ids, updated_at = excluded.updated_at",
                (cursor.after_id, json.dumps(sorted(cursor.sku_ids)), utc_now()),
            )
        )

    # -- reading ---------------------------------------------------------------------------

    def _get_in(self, conn: sqlite3.Connection, entitlement_id: int) -> Purchase:
        purchase = purchase_in(conn, entitlement_id)
        assert purchase is not None
        return purchase


def _bought(purchase: Purchase) -> PackEntitlement:
    return PackEntitlement(
        entitlement_id=purchase.entitlement_id,
        sku_id=purchase.sku_id,
        member_id=purchase.member_id,
        amount=purchase.amount,
        test=purchase.test,
    )
