"""What is read about purchases: one purchase, those waiting to be placed, a server's
purchases and refunds for the audit, what members owe after refunds, and sales totals."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from storage.database import Database
from storage.purchase_rows import Purchase, purchase_from_row


@dataclass(frozen=True, slots=True)
class PurchaseEvent:
    """One line of a server's audit: a pack credited (``at`` = when) or a refund applied."""

    kind: Literal["purchase", "refund"]
    at: str
    purchase: Purchase


@dataclass(frozen=True, slots=True)
class Debt:
    """Credits a member of a server had already spent when Discord refunded their packs."""

    guild_id: int
    member_id: int
    owed: int
    refunds: int


@dataclass(frozen=True, slots=True)
class SalesTotals:
    """Credits sold (credited to wallets, refunded or not), credits refunded, of those how
    many were taken back and how many are owed, and credits bought but not yet placed."""

    purchases: int = 0
    sold: int = 0
    refunds: int = 0
    refunded: int = 0
    taken_back: int = 0
    owed: int = 0
    waiting: int = 0


@dataclass(frozen=True, slots=True)
class Sales:
    """Totals of paid purchases and, apart, of Discord's test purchases."""

    paid: SalesTotals
    test: SalesTotals


class PurchaseQueries:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def get(self, entitlement_id: int) -> Purchase | None:
        found = await self._purchases(
            "SELECT * FROM purchases WHERE entitlement_id = ?", (entitlement_id,)
        )
        return found[0] if found else None

    async def waiting_to_place(self, member_id: int) -> list[Purchase]:
        """The member's purchases whose server is not known yet, oldest first."""
        return await self._purchases(
            "SELECT * FROM purchases WHERE member_id = ? AND state = 'to_place'"
            " ORDER BY entitlement_id",
            (member_id,),
        )

    async def audit(
        self, guild_id: int, member_id: int | None = None, *, limit: int = 25, offset: int = 0
    ) -> tuple[list[PurchaseEvent], int]:
        """A server's purchases and refunds (with SKU, entitlement id, test mark), newest
        first, optionally of one member: one page, and how many there are in all."""
        where = "guild_id = ?"
        params: tuple[Any, ...] = (guild_id,)
        if member_id is not None:
            where += " AND member_id = ?"
            params += (member_id,)
        events = (
            f"SELECT 'purchase' AS event, credited_at AS at, * FROM purchases WHERE {where}"
            " AND credited_at IS NOT NULL"
            " UNION ALL"
            f" SELECT 'refund' AS event, refunded_at AS at, * FROM purchases WHERE {where}"
            " AND credited_at IS NOT NULL AND state = 'refunded'"
        )

        def work(conn: sqlite3.Connection) -> tuple[list[PurchaseEvent], int]:
            total = conn.execute(f"SELECT COUNT(*) FROM ({events})", params * 2).fetchone()
            rows = conn.execute(
                f"SELECT * FROM ({events}) ORDER BY at DESC, entitlement_id DESC LIMIT ? OFFSET ?",
                (*params, *params, limit, offset),
            ).fetchall()
            page = [PurchaseEvent(row["event"], row["at"], purchase_from_row(row)) for row in rows]
            return page, int(total[0])

        return await self.database.read(work)

    async def debts(
        self, guild_id: int, *, limit: int = 25, offset: int = 0
    ) -> tuple[list[Debt], int]:
        """Members of a server who owe credits after refunds, largest debt first: one page,
        and how many such members there are."""

        def work(conn: sqlite3.Connection) -> tuple[list[Debt], int]:
            grouped = (
                "SELECT guild_id, member_id, SUM(refund_owed) AS owed, COUNT(*) AS refunds"
                " FROM purchases WHERE guild_id = ? AND refund_owed > 0 GROUP BY member_id"
            )
            total = conn.execute(f"SELECT COUNT(*) FROM ({grouped})", (guild_id,)).fetchone()
            rows = conn.execute(
                f"{grouped} ORDER BY owed DESC, member_id LIMIT ? OFFSET ?",
                (guild_id, limit, offset),
            ).fetchall()
            debts = [
                Debt(row["guild_id"], row["member_id"], row["owed"], row["refunds"]) for row in rows
            ]
            return debts, int(total[0])

        return await self.database.read(work)

    async def owed(self, guild_id: int, member_id: int) -> int:
        """What one member owes in one server after refunds (0 when nothing)."""
        row = await self.database.read(
            lambda conn: conn.execute(
                "SELECT COALESCE(SUM(refund_owed), 0) FROM purchases"
                " WHERE guild_id = ? AND member_id = ?",
                (guild_id, member_id),
            ).fetchone()
        )
        return int(row[0])

    async def sales(self) -> Sales:
        """Totals over every purchase, paid and test apart (for the metrics)."""
        rows = await self.database.read(
            lambda conn: conn.execute(
                "SELECT test,"
                " SUM(credited_at IS NOT NULL) AS purchases,"
                " SUM(CASE WHEN credited_at IS NOT NULL THEN amount ELSE 0 END) AS sold,"
                " SUM(state = 'refunded' AND credited_at IS NOT NULL) AS refunds,"
                " SUM(CASE WHEN state = 'refunded' AND credited_at IS NOT NULL"
                "     THEN amount ELSE 0 END) AS refunded,"
                " SUM(refund_taken) AS taken_back, SUM(refund_owed) AS owed,"
                " SUM(CASE WHEN state = 'to_place' THEN amount ELSE 0 END) AS waiting"
                " FROM purchases GROUP BY test"
            ).fetchall()
        )
        totals = {
            bool(row["test"]): SalesTotals(*(int(row[i]) for i in range(1, 8))) for row in rows
        }
        return Sales(paid=totals.get(False, SalesTotals()), test=totals.get(True, SalesTotals()))

    async def _purchases(self, sql: str, params: Sequence[object]) -> list[Purchase]:
        rows = await self.database.read(lambda conn: conn.execute(sql, params).fetchall())
        return [purchase_from_row(row) for row in rows]
