"""Writes ledger operations as fast as it can, printing each committed key (for the crash test)."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from storage.database import Database
from storage.ledger import Ledger
from testbed import ledger_ops


async def burst(path: Path) -> None:
    database = await Database.open(path)
    ledger = Ledger(database, starting_balance=0, max_grant=1000)
    i = 0
    while True:
        i += 1
        member = i % 7
        await ledger.grant(1, member, 5, actor_id=0, reason="burst", key=f"grant-{i}")
        print(f"grant-{i}", flush=True)
        entry = await ledger_ops.hold(ledger, 1, member, 3, key=f"hold-{i}")
        print(f"hold-{i}", flush=True)
        assert entry.hold_id is not None
        if i % 2:
            await ledger_ops.capture(ledger, entry.hold_id, key=f"settle-{i}")
        else:
            await ledger_ops.release(ledger, entry.hold_id, key=f"settle-{i}")
        print(f"settle-{i}", flush=True)


if __name__ == "__main__":
    asyncio.run(burst(Path(sys.argv[1])))
