"""Ledger throughput and latency on a real SQLite file. Prints one JSON line per measurement.

    python -m bench.ledger [--pairs 4000]

- hold+capture pairs per second on one wallet, and spread over 1,000 wallets;
- p50/p99 latency of a hold while 50 writers hold and capture concurrently, sharing the
  process's connection (how the bot runs) and each on its own connection (many processes).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import statistics
import tempfile
import time
from pathlib import Path

from storage.database import Database
from storage.ledger import Ledger
from testbed import ledger_ops


def emit(**fields: object) -> None:
    print(json.dumps({"bench": "ledger", "machine": platform.machine(), **fields}), flush=True)


async def pairs_per_second(path: Path, pairs: int, wallets: int) -> float:
    database = await Database.open(path)
    ledger = Ledger(database, starting_balance=10**9, max_grant=10)
    for member in range(wallets):
        await ledger.wallet(1, member)
    start = time.perf_counter()
    for i in range(pairs):
        entry = await ledger_ops.hold(ledger, 1, i % wallets, 3, key=f"{wallets}-{i}")
        assert entry.hold_id is not None
        await ledger_ops.capture(ledger, entry.hold_id)
    elapsed = time.perf_counter() - start
    await ledger.verify()
    await database.close()
    return pairs / elapsed


async def concurrent_hold_latency(
    path: Path, writers: int, per_writer: int, connections: int
) -> list[float]:
    databases = [await Database.open(path) for _ in range(connections)]
    ledgers = [Ledger(db, starting_balance=10**9, max_grant=10) for db in databases]
    latencies: list[float] = []

    async def writer(index: int) -> None:
        ledger = ledgers[index % len(ledgers)]
        for i in range(per_writer):
            start = time.perf_counter()
            entry = await ledger_ops.hold(ledger, 2, index % 10, 3, key=f"w{index}-{i}")
            latencies.append(time.perf_counter() - start)
            assert entry.hold_id is not None
            await ledger_ops.capture(ledger, entry.hold_id)

    await asyncio.gather(*(writer(i) for i in range(writers)))
    await ledgers[0].verify()
    for db in databases:
        await db.close()
    return latencies


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=4000)
    parser.add_argument("--writers", type=int, default=50)
    parser.add_argument("--per-writer", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for wallets in (1, 1000):
            rate = await pairs_per_second(Path(folder) / f"w{wallets}.sqlite3", args.pairs, wallets)
            emit(
                metric="hold_capture_pairs_per_s",
                wallets=wallets,
                pairs=args.pairs,
                value=round(rate, 1),
                target=2000,
            )
        # One connection shared by 50 coroutines is how the bot runs; 50 connections is the
        # worst case of many processes contending through SQLite's own busy handler.
        for connections in (1, args.writers):
            latencies = await concurrent_hold_latency(
                Path(folder) / f"concurrent-{connections}.sqlite3",
                args.writers,
                args.per_writer,
                connections,
            )
            quantiles = statistics.quantiles(latencies, n=100)
            emit(
                metric="hold_latency_ms",
                writers=args.writers,
                connections=connections,
                holds=len(latencies),
                p50=round(quantiles[49] * 1000, 2),
                p99=round(quantiles[98] * 1000, 2),
                target_p99=20,
            )


if __name__ == "__main__":
    asyncio.run(main())
