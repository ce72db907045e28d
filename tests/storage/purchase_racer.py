"""Records the same purchases as another process does at the same time (for the race test):
``purchase_racer.py DB FIRST COUNT`` records entitlements FIRST..FIRST+COUNT-1, in guild 1 of
member (id % 5), then prints how many this process credited itself."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from storage.database import Database
from storage.ledger import Ledger
from storage.purchase_rows import PackEntitlement, Placement
from storage.purchases import PurchaseStore


async def race(path: Path, first: int, count: int) -> None:
    database = await Database.open(path)
    purchases = PurchaseStore(database, Ledger(database, starting_balance=0, max_grant=1000))
    credited_here = 0
    for entitlement_id in range(first, first + count):
        outcome = await purchases.record(
            PackEntitlement(entitlement_id, 77, entitlement_id % 5, 100, False),
            1,
            Placement.OFFER,
        )
        credited_here += outcome.changed
    await database.close()
    print(credited_here, flush=True)


if __name__ == "__main__":
    asyncio.run(race(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])))
