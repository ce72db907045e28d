"""An online, consistent copy of the database while the bot keeps writing to it.

SQLite's backup API copies every page in one step under one read transaction, so the copy is
the database as of one commit (WAL lets the bot go on writing meanwhile). The copy is written
next to the target and renamed into place only once it is complete and passes
``integrity_check``, so a half-written backup never carries the target's name. It is turned
into a single self-contained file (no ``-wal``), ready to be put back as is.
"""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from storage.database import BUSY_TIMEOUT_MS


class BackupFailed(Exception):
    """The copy could not be made or did not check out; the target was not touched."""


@dataclass(frozen=True, slots=True)
class BackupReport:
    path: Path
    bytes: int
    schema_version: int


def backup_database(source: Path, target: Path) -> BackupReport:
    """Copy ``source`` to ``target`` (replacing it) while other processes may write to it.

    Raises:
        BackupFailed: no database at ``source``, or the copy failed its integrity check.
    """
    if not source.is_file():
        raise BackupFailed(f"no database at {source}")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        # The source is only read: the copy never takes the bot's write lock.
        with (
            contextlib.closing(sqlite3.connect(source)) as src,
            contextlib.closing(sqlite3.connect(partial)) as dst,
        ):
            src.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
            problems = [row[0] for row in dst.execute("PRAGMA integrity_check")]
            if problems != ["ok"]:
                raise BackupFailed(f"the copy failed its integrity check: {problems[:5]}")
            exists = dst.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_migrations'"
            ).fetchone()
            version = (
                dst.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()[0]
                if exists
                else 0
            )
        partial.replace(target)
    except sqlite3.Error as exc:
        raise BackupFailed(str(exc)) from exc
    finally:
        partial.unlink(missing_ok=True)
    return BackupReport(target, target.stat().st_size, int(version))
