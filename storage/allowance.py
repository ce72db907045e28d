"""The allowance: free credits every period, up to a cap, credited lazily when a wallet is read.

Periods are counted from the Unix epoch (so 24-hour periods start at midnight UTC). A wallet
remembers the start of the last period it was looked at in (``wallets.allowance_period``); a
read in a later period credits ``amount`` for each period since, never lifting the balance
above ``cap``, as one ``allowance`` ledger row whose key names the period. Reading twice in one
period, or two reads racing, credit it once: the second finds the period already taken (and
the key already used), so ``balance == SUM(delta)`` keeps holding.

A wallet's first look only starts the count: the starting balance covers the first period.
"""

from __future__ import annotations

import sqlite3

from storage.ledger_rows import LedgerEntry, append_entry, entry_by_key
from storage.server_settings import Allowance


def allowance_key(guild_id: int, member_id: int, period_start: int) -> str:
    return f"allowance:{guild_id}:{member_id}:{period_start}"


def accrue_allowance_in(
    conn: sqlite3.Connection, guild_id: int, member_id: int, allowance: Allowance, now: float
) -> LedgerEntry | None:
    """Credit what the allowance owes the (existing) wallet at ``now``; the row, if any."""
    period_s = allowance.period_s
    current = int(now // period_s) * period_s
    wallet = conn.execute(
        "SELECT balance, allowance_period FROM wallets WHERE guild_id = ? AND member_id = ?",
        (guild_id, member_id),
    ).fetchone()
    last = wallet["allowance_period"]
    periods = 0 if last is None else (current - (last // period_s) * period_s) // period_s
    if last is not None and periods <= 0:
        return None  # this period is done (or the clock went back): nothing is owed
    key = allowance_key(guild_id, member_id, current)
    amount = min(allowance.amount * periods, max(0, allowance.cap - wallet["balance"]))
    if amount <= 0 or entry_by_key(conn, key) is not None:
        conn.execute(
            "UPDATE wallets SET allowance_period = ? WHERE guild_id = ? AND member_id = ?",
            (current, guild_id, member_id),
        )
        return None
    row = conn.execute(
        "UPDATE wallets SET balance = balance + ?, allowance_period = ?"
        " WHERE guild_id = ? AND member_id = ? RETURNING balance, held",
        (amount, current, guild_id, member_id),
    ).fetchone()
    return append_entry(
        conn,
        guild_id=guild_id,
        member_id=member_id,
        kind="allowance",
        delta=amount,
        held_delta=0,
        balance_after=row["balance"],
        held_after=row["held"],
        key=key,
        reason=f"{allowance.amount} every {allowance.every_hours} h, up to {allowance.cap}",
    )
