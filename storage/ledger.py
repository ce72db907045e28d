"""The credit ledger: wallets per (guild, member), two-phase holds, append-only history.

Every operation is one transaction holding one conditional ``UPDATE wallets`` plus one
``ledger`` row whose ``idempotency_key`` is unique, so repeating an operation with the same key
is a no-op that returns the first result. ``balance == SUM(delta)`` and
``held == SUM(held_delta)`` hold for every wallet at every commit; ``verify()`` checks it.

Ledger rows by kind (delta is the balance change, held_delta the held change):

=========  =========  ==========
kind       delta      held_delta
=========  =========  ==========
starting   +start     0
grant      +n         0
revoke     -n         0
hold       0          +price
capture    -price     -price
release    0          -price
allowance  +n         0
purchase   +pack      0
refund     -taken     0
=========  =========  ==========

``purchase`` and ``refund`` rows are written by ``storage.purchases`` (credit packs bought in
Discord), keyed by the entitlement id.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from storage.allowance import accrue_allowance_in
from storage.database import Database, utc_now
from storage.errors import (
    AmountOutOfRange,
    HoldAlreadySettled,
    InsufficientCredits,
    LedgerInvariantBroken,
    UnknownHold,
)
from storage.ledger_invariants import invariant_problems
from storage.ledger_rows import (
    Hold,
    LedgerEntry,
    Wallet,
    append_entry,
    entry_by_key,
    entry_from_row,
    hold_from_row,
)
from storage.server_settings import ServerSettingsStore


class Ledger:
    """Credits of every member in every guild. All methods are safe to call concurrently.

    ``starting_balance`` is credited (as a ``starting`` ledger row) the first time a wallet is
    touched; ``max_grant`` bounds one grant or revoke. With ``servers``, each server's own
    starting balance applies instead, and its allowance is credited whenever a wallet is
    touched, at the time ``clock()`` says. Methods ending in ``_in`` run inside a caller's
    transaction (``Database.write``), so other stores can combine them with their own rows
    atomically.
    """

    def __init__(
        self,
        database: Database,
        *,
        starting_balance: int,
        max_grant: int,
        servers: ServerSettingsStore | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.database = database
        self.starting_balance = starting_balance
        self.max_grant = max_grant
        self.servers = servers
        self.clock = clock

    def _starting_balance_in(self, conn: sqlite3.Connection, guild_id: int) -> int:
        if self.servers is None:
            return self.starting_balance
        return self.servers.settings_in(conn, guild_id).starting_balance

    # -- inside a caller's transaction -------------------------------------------------

    def ensure_wallet_in(self, conn: sqlite3.Connection, guild_id: int, member_id: int) -> None:
        """Create the wallet with the server's starting balance on first sight, then credit
        the allowance it is owed, if the server gives one."""
        server = self.servers.settings_in(conn, guild_id) if self.servers is not None else None
        start = server.starting_balance if server is not None else self.starting_balance
        cursor = conn.execute(
            "INSERT INTO wallets (guild_id, member_id, balance, held, created_at)"
            " VALUES (?, ?, ?, 0, ?) ON CONFLICT DO NOTHING",
            (guild_id, member_id, start, utc_now()),
        )
        if cursor.rowcount == 1:
            append_entry(
                conn,
                guild_id=guild_id,
                member_id=member_id,
                kind="starting",
                delta=start,
                held_delta=0,
                balance_after=start,
                held_after=0,
                key=f"starting:{guild_id}:{member_id}",
                reason="starting balance",
            )
        if server is not None and server.allowance is not None:
            accrue_allowance_in(conn, guild_id, member_id, server.allowance, self.clock())

    def wallet_in(self, conn: sqlite3.Connection, guild_id: int, member_id: int) -> Wallet:
        row = conn.execute(
            "SELECT balance, held FROM wallets WHERE guild_id = ? AND member_id = ?",
            (guild_id, member_id),
        ).fetchone()
        if row is None:
            return Wallet(guild_id, member_id, self._starting_balance_in(conn, guild_id), 0)
        return Wallet(guild_id, member_id, row["balance"], row["held"])

    def _update_or_refuse(
        self,
        conn: sqlite3.Connection,
        assignment: str,
        params: tuple[int, ...],
        guild_id: int,
        member_id: int,
        *,
        needed: int,
    ) -> sqlite3.Row:
        """One conditional ``UPDATE wallets <assignment>``; the new balance and held.

        Raises:
            InsufficientCredits: the condition failed (``needed`` versus what is available).
        """
        row: sqlite3.Row | None = conn.execute(
            f"UPDATE wallets {assignment} RETURNING balance, held", params
        ).fetchone()
        if row is None:
            available = self.wallet_in(conn, guild_id, member_id).available
            raise InsufficientCredits(needed=needed, available=available)
        return row

    def hold_in(
        self, conn: sqlite3.Connection, guild_id: int, member_id: int, amount: int, *, key: str
    ) -> LedgerEntry:
        """Reserve ``amount``; see :meth:`hold`."""
        if amount < 0:
            raise AmountOutOfRange(amount, "a hold cannot be negative")
        existing = entry_by_key(conn, key)
        if existing is not None:
            return existing
        self.ensure_wallet_in(conn, guild_id, member_id)
        row = self._update_or_refuse(
            conn,
            "SET held = held + ? WHERE guild_id = ? AND member_id = ? AND balance - held >= ?",
            (amount, guild_id, member_id, amount),
            guild_id,
            member_id,
            needed=amount,
        )
        hold_row = conn.execute(
            "INSERT INTO holds (guild_id, member_id, amount, state, created_at)"
            " VALUES (?, ?, ?, 'open', ?) RETURNING id",
            (guild_id, member_id, amount, utc_now()),
        ).fetchone()
        return append_entry(
            conn,
            guild_id=guild_id,
            member_id=member_id,
            kind="hold",
            delta=0,
            held_delta=amount,
            balance_after=row["balance"],
            held_after=row["held"],
            hold_id=hold_row["id"],
            key=key,
        )

    def settle_in(
        self, conn: sqlite3.Connection, hold_id: int, outcome: str, *, key: str | None = None
    ) -> LedgerEntry:
        """Capture (``outcome="captured"``) or release (``"released"``) a hold."""
        assert outcome in ("captured", "released")
        kind = "capture" if outcome == "captured" else "release"
        key = key or f"hold:{hold_id}:{outcome}"
        existing = entry_by_key(conn, key)
        if existing is not None:
            return existing
        hold = conn.execute(
            "UPDATE holds SET state = ?, settled_at = ? WHERE id = ? AND state = 'open'"
            " RETURNING guild_id, member_id, amount",
            (outcome, utc_now(), hold_id),
        ).fetchone()
        if hold is None:
            current = conn.execute("SELECT state FROM holds WHERE id = ?", (hold_id,)).fetchone()
            if current is None:
                raise UnknownHold(hold_id)
            if current["state"] != outcome:
                raise HoldAlreadySettled(hold_id, current["state"])
            # Settled the same way under another key: the money moved once; report that.
            first = conn.execute(
                "SELECT * FROM ledger WHERE hold_id = ? AND kind = ?", (hold_id, kind)
            ).fetchone()
            return entry_from_row(first)
        amount = hold["amount"]
        debit = amount if outcome == "captured" else 0
        wallet = conn.execute(
            "UPDATE wallets SET balance = balance - ?, held = held - ?"
            " WHERE guild_id = ? AND member_id = ? RETURNING balance, held",
            (debit, amount, hold["guild_id"], hold["member_id"]),
        ).fetchone()
        return append_entry(
            conn,
            guild_id=hold["guild_id"],
            member_id=hold["member_id"],
            kind=kind,
            delta=-debit,
            held_delta=-amount,
            balance_after=wallet["balance"],
            held_after=wallet["held"],
            hold_id=hold_id,
            key=key,
        )

    def grant_in(
        self,
        conn: sqlite3.Connection,
        guild_id: int,
        member_id: int,
        amount: int,
        *,
        actor_id: int,
        reason: str,
        key: str,
        repeat_window_s: float | None = None,
    ) -> LedgerEntry:
        existing = entry_by_key(conn, key) or self._repeated_in(
            conn, guild_id, member_id, amount, actor_id, reason, repeat_window_s
        )
        if existing is not None:
            return existing
        self.ensure_wallet_in(conn, guild_id, member_id)
        row = self._update_or_refuse(
            conn,
            "SET balance = balance + ? WHERE guild_id = ? AND member_id = ? AND balance + ? >= held",
            (amount, guild_id, member_id, amount),
            guild_id,
            member_id,
            needed=-amount,
        )
        return append_entry(
            conn,
            guild_id=guild_id,
            member_id=member_id,
            kind="grant" if amount > 0 else "revoke",
            delta=amount,
            held_delta=0,
            balance_after=row["balance"],
            held_after=row["held"],
            actor_id=actor_id,
            reason=reason,
            key=key,
        )

    @staticmethod
    def _repeated_in(
        conn: sqlite3.Connection,
        guild_id: int,
        member_id: int,
        amount: int,
        actor_id: int,
        reason: str,
        window_s: float | None,
    ) -> LedgerEntry | None:
        """The same grant (actor, member, amount, reason) made within the last ``window_s``
        seconds, if any: a sliding window, so a repeat is found whatever the time of day."""
        if window_s is None:
            return None
        since = (datetime.now(UTC) - timedelta(seconds=window_s)).isoformat(timespec="microseconds")
        row = conn.execute(
            "SELECT * FROM ledger WHERE guild_id = ? AND member_id = ?"
            " AND kind IN ('grant', 'revoke') AND actor_id = ? AND delta = ? AND reason = ?"
            " AND created_at >= ? ORDER BY id DESC LIMIT 1",
            (guild_id, member_id, actor_id, amount, reason, since),
        ).fetchone()
        return entry_from_row(row) if row else None

    # -- each in its own transaction ---------------------------------------------------

    async def wallet(self, guild_id: int, member_id: int) -> Wallet:
        """The member's wallet, created with the starting balance if this is the first sight."""

        def work(conn: sqlite3.Connection) -> Wallet:
            self.ensure_wallet_in(conn, guild_id, member_id)
            return self.wallet_in(conn, guild_id, member_id)

        return await self.database.write(work)

    async def grant(
        self,
        guild_id: int,
        member_id: int,
        amount: int,
        *,
        actor_id: int,
        reason: str,
        key: str,
        repeat_window_s: float | None = None,
    ) -> LedgerEntry:
        """Add ``amount`` credits (negative: revoke). Returns the ledger row. With
        ``repeat_window_s``, the same grant by the same actor within that many seconds is
        taken as a repeat: the earlier row is returned and nothing changes.

        Raises:
            AmountOutOfRange: zero, or beyond ``max_grant`` either way.
            InsufficientCredits: a revoke would take the balance below what is held.
        """
        if amount == 0 or abs(amount) > self.max_grant:
            raise AmountOutOfRange(amount, f"must be between 1 and {self.max_grant} either way")
        return await self.database.write(
            lambda conn: self.grant_in(
                conn,
                guild_id,
                member_id,
                amount,
                actor_id=actor_id,
                reason=reason,
                key=key,
                repeat_window_s=repeat_window_s,
            )
        )

    # -- queries -----------------------------------------------------------------------

    async def open_holds(self, guild_id: int, member_id: int) -> list[Hold]:
        rows = await self.database.read(
            lambda conn: conn.execute(
                "SELECT * FROM holds WHERE guild_id = ? AND member_id = ? AND state = 'open'"
                " ORDER BY id",
                (guild_id, member_id),
            ).fetchall()
        )
        return [hold_from_row(row) for row in rows]

    async def recent(self, guild_id: int, member_id: int, limit: int = 10) -> list[LedgerEntry]:
        """The member's latest ledger rows, newest first (for ``/credits``)."""
        return await self._select(
            "SELECT * FROM ledger WHERE guild_id = ? AND member_id = ? ORDER BY id DESC LIMIT ?",
            (guild_id, member_id, limit),
        )

    async def grants(
        self,
        guild_id: int,
        member_id: int | None = None,
        *,
        limit: int = 25,
        offset: int = 0,
        kinds: tuple[str, ...] = ("grant", "revoke"),
    ) -> tuple[list[LedgerEntry], int]:
        """Grants and revokes (or the rows of ``kinds``) in a guild, newest first, optionally
        of one member (the audit): one page of them, and how many there are in all."""
        where = f"guild_id = ? AND kind IN ({', '.join('?' * len(kinds))})"
        params: tuple[Any, ...] = (guild_id, *kinds)
        if member_id is not None:
            where += " AND member_id = ?"
            params += (member_id,)

        def work(conn: sqlite3.Connection) -> tuple[list[LedgerEntry], int]:
            total = conn.execute(f"SELECT COUNT(*) FROM ledger WHERE {where}", params).fetchone()
            rows = conn.execute(
                f"SELECT * FROM ledger WHERE {where} ORDER BY id DESC LIMIT ? OFFSET ?",
                (*params, limit, offset),
            ).fetchall()
            return [entry_from_row(row) for row in rows], int(total[0])

        return await self.database.read(work)

    async def _select(self, sql: str, params: tuple[Any, ...]) -> list[LedgerEntry]:
        rows = await self.database.read(lambda conn: conn.execute(sql, params).fetchall())
        return [entry_from_row(row) for row in rows]

    async def verify(self) -> None:
        """Check every invariant of every wallet and hold.

        Raises:
            LedgerInvariantBroken: listing each wallet or hold that disagrees.
        """
        problems = await self.database.read(invariant_problems)
        if problems:
            raise LedgerInvariantBroken(problems)
