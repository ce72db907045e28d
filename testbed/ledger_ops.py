"""Single ledger operations, each in a transaction of its own, for tests and benchmarks that
exercise the ledger directly. The product always combines them with a job's state change
(storage.jobs), so it never calls these."""

from __future__ import annotations

from storage.ledger import Ledger
from storage.ledger_rows import LedgerEntry


async def hold(
    ledger: Ledger, guild_id: int, member_id: int, amount: int, *, key: str
) -> LedgerEntry:
    """Reserve ``amount`` credits. Raises: InsufficientCredits."""
    return await ledger.database.write(
        lambda conn: ledger.hold_in(conn, guild_id, member_id, amount, key=key)
    )


async def capture(ledger: Ledger, hold_id: int, *, key: str | None = None) -> LedgerEntry:
    """Turn a hold into a debit. Raises: UnknownHold, HoldAlreadySettled."""
    return await ledger.database.write(
        lambda conn: ledger.settle_in(conn, hold_id, "captured", key=key)
    )


async def release(ledger: Ledger, hold_id: int, *, key: str | None = None) -> LedgerEntry:
    """Give held credits back. Raises: UnknownHold, HoldAlreadySettled."""
    return await ledger.database.write(
        lambda conn: ledger.settle_in(conn, hold_id, "released", key=key)
    )
