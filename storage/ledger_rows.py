"""The ledger's records as Python sees them: wallets, ledger rows, holds."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


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
