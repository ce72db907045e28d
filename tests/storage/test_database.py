"""The database file: migrations, pragmas, refusing a newer schema."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.cli import main
from config import Settings
from storage.database import Database, known_migrations, split_sql
from storage.errors import SchemaTooNew
from storage.store import Storage


async def test_migrations_create_the_schema_from_an_empty_file(tmp_path: Path):
    """A fresh install gets every table and records each migration."""
    database = await Database.open(tmp_path / "new.sqlite3")
    try:
        assert await database.schema_version() == len(known_migrations())
        rows = await database.read(
            lambda conn: conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table'"
            ).fetchall()
        )
        tables = {row[0] for row in rows}
        assert {"wallets", "ledger", "holds", "jobs", "image_versions"} <= tables
        assert await database.migrate() == []
    finally:
        await database.close()


async def test_reopening_applies_nothing_twice(tmp_path: Path):
    """Restarting the bot on an existing database leaves it as it was."""
    path = tmp_path / "db.sqlite3"
    first = await Database.open(path)
    await first.close()
    second = await Database.open(path)
    try:
        assert await second.migrate() == []
        row = await second.read(
            lambda conn: conn.execute("SELECT COUNT(*) FROM schema_migrations").fetchone()
        )
        assert row[0] == len(known_migrations())
    finally:
        await second.close()


async def test_pragmas_are_set(storage: Storage):
    """WAL, foreign keys and a busy timeout are on for every connection we open."""
    mode, fks, busy = await storage.database.read(
        lambda conn: [
            conn.execute(f"PRAGMA {name}").fetchone()[0]
            for name in ("journal_mode", "foreign_keys", "busy_timeout")
        ]
    )
    assert (mode, fks) == ("wal", 1)
    assert busy >= 1000


async def test_a_newer_schema_is_refused_with_a_clear_message(tmp_path: Path):
    """Downgrading upscale-bot does not silently corrupt a newer database."""
    path = tmp_path / "db.sqlite3"
    database = await Database.open(path)
    await database.write(
        lambda conn: conn.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 'x')"
        )
    )
    await database.close()
    with pytest.raises(SchemaTooNew, match=r"schema version 99.*only knows up to"):
        await Database.open(path)


def test_db_migrate_command_reports_what_it_did(
    settings: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
):
    """`upscale-bot db migrate` applies the schema once, then says it is up to date."""
    monkeypatch.setenv("UPSCALE_STORAGE__DATA_DIR", str(settings.storage.data_dir))
    assert main(["db", "migrate"]) == 0
    assert "applied 0001_initial.sql" in capsys.readouterr().out
    assert main(["db", "migrate"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_db_migrate_refuses_a_newer_file(
    settings: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
):
    """The command exits 2 with the explanation instead of a traceback."""
    monkeypatch.setenv("UPSCALE_STORAGE__DATA_DIR", str(settings.storage.data_dir))
    assert main(["db", "migrate"]) == 0
    with sqlite3.connect(settings.storage.database_file) as conn:
        future = len(known_migrations()) + 1
        conn.execute("INSERT INTO schema_migrations VALUES (?, 'future', 'x')", (future,))
    assert main(["db", "migrate"]) == 2
    assert "Upgrade upscale-bot" in capsys.readouterr().err


async def test_ledger_rows_cannot_be_changed(storage: Storage):
    """Nobody can rewrite credit history, not even with raw SQL."""
    await storage.ledger.grant(1, 2, 5, actor_id=9, reason="gift", key="g1")
    for statement in ("UPDATE ledger SET delta = 1000", "DELETE FROM ledger"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            await storage.database.write(lambda conn, s=statement: conn.execute(s))


def test_trigger_bodies_stay_whole():
    """Statements inside a trigger body are not split apart."""
    sql = "CREATE TABLE t (a);\nCREATE TRIGGER x BEFORE DELETE ON t\nBEGIN\n  SELECT 1;\nEND;\n"
    assert len(split_sql(sql)) == 2
