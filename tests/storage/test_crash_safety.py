"""A process killed mid-write leaves a database that opens, balances, and lost nothing committed."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from storage.database import Database
from storage.ledger import Ledger

ROOT = Path(__file__).resolve().parents[2]


def _write_then_kill(path: Path) -> list[str]:
    """Start the writer, read 300 committed keys, then SIGKILL it mid-burst."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writer = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("crash_writer.py")), str(path)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert writer.stdout is not None
    committed: list[str] = []
    deadline = time.monotonic() + 60
    while len(committed) < 300 and time.monotonic() < deadline:
        line = writer.stdout.readline()
        if not line:
            break
        committed.append(line.strip())
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    writer.stdout.close()
    return committed


async def test_sigkill_in_a_burst_of_writes_loses_no_committed_row(tmp_path: Path):
    """Credits survive `kill -9`: every operation reported committed is still there."""
    path = tmp_path / "crash.sqlite3"
    committed = await asyncio.to_thread(_write_then_kill, path)
    assert len(committed) >= 300, "the writer did not get going"

    database = await Database.open(path)
    try:
        await Ledger(database, starting_balance=0, max_grant=1000).verify()
        rows = await database.read(
            lambda conn: conn.execute("SELECT idempotency_key FROM ledger").fetchall()
        )
        keys = {row[0] for row in rows}
        missing = [key for key in committed if key not in keys]
        assert missing == []
    finally:
        await database.close()
