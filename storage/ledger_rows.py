"""The ledger's records as Python sees them (wallets, ledger rows, holds), and how a row is
appended and found by its idempotency key."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from storage.database import utc_now


@dataclass(frozen=True, slots=True)
class Wallet:
    guild_id: int
    member_id: int
    balance: int
    held: int

    @property
    def available(self) -> int:
        return self.balance - self.held


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    id: int
    guild_id: int
    member_id: int
    kind: str
    delta: int
    held_delta: int
    balance_after: int
    held_after: int
    hold_id: int | None
    actor_id: int | None
    reason: str | None
    idempotency_key: str
    created_at: str

    @property
    def available_after(self) -> int:
        return self.balance_after - self.held_after


@dataclass(frozen=True, slots=True)
class Hold:
    id: int
    guild_id: int
    member_id: int
    amount: int
    state: str
    created_at: str
    settled_at: str | None


def entry_from_row(row: sqlite3.Row) -> LedgerEntry:
    return LedgerEntry(**dict(zip(row.keys(), row, strict=True)))


def hold_from_row(row: sqlite3.Row) -> Hold:
    return Hold(**dict(zip(row.keys(), row, strict=True)))


def entry_by_key(conn: sqlite3.Connection, key: str) -> LedgerEntry | None:
    row = conn.execute("SELECT * FROM ledger WHERE idempotency_key = ?", (key,)).fetchone()
    return entry_from_row(row) if row else None


def append_entry(
    conn: sqlite3.Connection,
    *,
    guild_id: int,
    member_id: int,
    kind: str,
    delta: int,
    held_delta: int,
    balance_after: int,
    held_after: int,
    key: str,
    hold_id: int | None = None,
    actor_id: int | None = None,
    reason: str | None = None,
) -> LedgerEntry:
    """Append one ledger row (inside the caller's transaction, beside its wallet update)."""
    row = conn.execute(
        "INSERT INTO ledger (guild_id, member_id, kind, delta, held_delta, balance_after,"
        " held_after, hold_id, actor_id, reason, idempotency_key, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *",
        (
            guild_id,
            member_id,
            kind,
            delta,
            held_delta,
            balance_after,
            held_after,
            hold_id,
            actor_id,
            reason,
            key,
            utc_now(),
        ),
    ).fetchone()
    return entry_from_row(row)
