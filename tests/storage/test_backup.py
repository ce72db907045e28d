"""``upscale-bot db backup PATH`` while the database is busy: the copy is one consistent moment
of it, passes SQLite's integrity check and the ledger's invariants, and can be put back."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from bot.cli import main
from config import Settings, load_settings
from storage.backup import BackupFailed, backup_database
from storage.store import Storage
from testbed.ledger_ops import capture, hold, release

from .conftest import GUILD

MEMBERS = 8


async def burst(storage: Storage, stop: asyncio.Event) -> int:
    """Members hold, capture and release as fast as they can; returns the holds made."""
    ledger = storage.ledger
    made = 0
    while not stop.is_set():
        for member in range(1, MEMBERS + 1):
            entry = await hold(ledger, GUILD, member, 1, key=f"h{made}:{member}")
            assert entry.hold_id is not None
            if made % 2:
                await capture(ledger, entry.hold_id)
            else:
                await release(ledger, entry.hold_id)
        made += 1
        if made % 4 == 0:
            for member in range(1, MEMBERS + 1):
                await ledger.grant(
                    GUILD, member, 5, actor_id=0, reason="top-up", key=f"g{made}:{member}"
                )
    return made


async def test_a_backup_during_a_burst_of_holds_is_consistent(
    storage: Storage, settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    target = tmp_path / "backups" / "copy.sqlite3"
    stop = asyncio.Event()
    writer = asyncio.create_task(burst(storage, stop))
    await asyncio.sleep(0.2)
    codes = []
    for _ in range(3):
        codes.append(await asyncio.to_thread(main, ["db", "backup", str(target)]))
    stop.set()
    made = await writer
    assert codes == [0, 0, 0] and made > 0
    assert "integrity ok" in capsys.readouterr().out

    assert not target.with_name(target.name + "-wal").exists()  # one self-contained file
    with sqlite3.connect(target) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        copied = conn.execute("SELECT COUNT(*) FROM ledger").fetchone()[0]
    conn.close()
    live = await storage.database.read(
        lambda conn: conn.execute("SELECT COUNT(*) FROM ledger").fetchone()[0]
    )
    assert 0 < copied <= live

    # Restoring is putting the file in place: the bot opens it and the books balance.
    restored_dir = tmp_path / "restored"
    restored_dir.mkdir()
    (restored_dir / "upscale-bot.sqlite3").write_bytes(target.read_bytes())
    restored = await Storage.open(load_settings(storage={"data_dir": restored_dir}))
    try:
        await restored.ledger.verify()
        assert await restored.database.migrate() == []
    finally:
        await restored.close()


def test_no_database_means_no_backup(tmp_path: Path):
    with pytest.raises(BackupFailed, match="no database"):
        backup_database(tmp_path / "missing.sqlite3", tmp_path / "copy.sqlite3")
    assert not (tmp_path / "copy.sqlite3").exists()
    assert main(["db", "backup", str(tmp_path / "copy.sqlite3")]) == 1
