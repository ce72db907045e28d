"""One SQLite file: connection set-up, numbered migrations, and write transactions.

Durability: WAL with ``synchronous=NORMAL`` survives a killed process without losing a
committed transaction; a power cut may lose the last few commits but never leaves a half
transaction, so ledger invariants hold either way.
"""

from __future__ import annotations

import asyncio
import logging
import re
import sqlite3
import weakref
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import TypeVar

import aiosqlite

from storage.errors import SchemaTooNew

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000
_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


def utc_now() -> str:
    """Timestamps are ISO-8601 UTC text: readable in the sqlite3 shell and sortable."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def known_migrations() -> list[tuple[int, str, str]]:
    """``(version, name, sql)`` for every migration file shipped, in order."""
    found = []
    for entry in resources.files("storage.migrations").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort()
    versions = [version for version, _, _ in found]
    if versions != list(range(1, len(versions) + 1)):
        raise RuntimeError(f"migration numbers must run 1..n without gaps, got {versions}")
    return found


T = TypeVar("T")
Work = Callable[[sqlite3.Connection], T]

_write_locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[Path, asyncio.Lock]] = (
    weakref.WeakKeyDictionary()
)


def _shared_write_lock(path: Path) -> asyncio.Lock:
    """One FIFO lock per file and event loop, shared by every ``Database`` on that file.

    Connections in one process then take turns in arrival order instead of polling SQLite's
    busy handler, whose sleeps (1, 2, 5 ... 100 ms) leave unlucky writers waiting hundreds of
    milliseconds. Other processes still wait through ``busy_timeout``.
    """
    locks = _write_locks.setdefault(asyncio.get_running_loop(), {})
    return locks.setdefault(path.resolve(), asyncio.Lock())


class Database:
    """An open database file, used through :meth:`write` and :meth:`read`.

    Each call runs one plain function against the ``sqlite3`` connection on aiosqlite's
    connection thread, so a whole transaction costs one hop off the event loop instead of one
    per statement, and the write lock is held for microseconds, not for event-loop turns.
    Calls on one ``Database`` run one after another; separate ``Database`` objects on the same
    file (the bot and a recovery task, or two processes) serialise through SQLite's write lock
    and ``busy_timeout``.
    """

    def __init__(self, connection: aiosqlite.Connection, path: Path) -> None:
        self.connection = connection
        self.path = path
        self._write_lock = _shared_write_lock(path)
        self._after_commit: list[Callable[[], None]] = []

    @classmethod
    async def open(cls, path: Path, *, migrate: bool = True) -> Database:
        """Open (creating if needed) and, by default, bring the schema up to date.

        Raises:
            SchemaTooNew: the file was migrated by a newer version of upscale-bot.
        """
        path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: we issue BEGIN/COMMIT ourselves, so a transaction is exactly
        # what `write()` encloses and nothing is committed implicitly.
        connection = await aiosqlite.connect(path, isolation_level=None)
        connection.row_factory = sqlite3.Row
        await connection.execute("PRAGMA journal_mode=WAL")
        await connection.execute("PRAGMA synchronous=NORMAL")
        await connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        await connection.execute("PRAGMA foreign_keys=ON")
        database = cls(connection, path)
        try:
            if migrate:
                await database.migrate()
            else:
                await database.check_schema()
        except BaseException:
            await connection.close()
            raise
        return database

    async def close(self) -> None:
        await self.connection.close()

    async def checkpoint(self) -> None:
        """Fold the write-ahead log into the database file and empty it, so the file alone
        is the whole database (before a stop, or before copying it by hand)."""
        async with self._write_lock:
            await self._on_connection_thread(
                lambda conn: conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            )

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Inside :meth:`write`: call ``callback`` on the event loop once this transaction has
        committed; never if it rolls back (observers see only what happened)."""
        self._after_commit.append(callback)

    async def _on_connection_thread(self, work: Work[T]) -> T:
        # aiosqlite owns the sqlite3 connection and the one thread allowed to use it; queueing
        # a whole function there is its documented-by-source `_execute` path (pinned < 0.23).
        raw = self.connection._conn
        result: T = await self.connection._execute(work, raw)  # type: ignore[no-untyped-call]
        return result

    async def write(self, work: Work[T]) -> T:
        """Run ``work(conn)`` in one write transaction: committed when it returns, rolled back
        if it raises. ``BEGIN IMMEDIATE`` takes the write lock up front, so a read-then-write
        inside never fails half-way with SQLITE_BUSY."""

        def transaction(conn: sqlite3.Connection) -> T:
            conn.execute("BEGIN IMMEDIATE")
            try:
                result = work(conn)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
            return result

        async with self._write_lock:
            self._after_commit = []
            try:
                result = await self._on_connection_thread(transaction)
            finally:
                callbacks, self._after_commit = self._after_commit, []
        for callback in callbacks:
            try:
                callback()
            except Exception:
                log.warning("an after-commit observer failed", exc_info=True)
        return result

    async def read(self, work: Work[T]) -> T:
        """Run ``work(conn)`` in a read transaction: one consistent snapshot, no write lock."""

        def snapshot(conn: sqlite3.Connection) -> T:
            conn.execute("BEGIN DEFERRED")
            try:
                return work(conn)
            finally:
                conn.execute("ROLLBACK")

        return await self._on_connection_thread(snapshot)

    async def schema_version(self) -> int:
        def version(conn: sqlite3.Connection) -> int:
            exists = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_migrations'"
            ).fetchone()
            if exists is None:
                return 0
            row = conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()
            return int(row[0])

        return await self.read(version)

    async def check_schema(self) -> None:
        known = len(known_migrations())
        found = await self.schema_version()
        if found > known:
            raise SchemaTooNew(found, known, str(self.path))

    async def migrate(self) -> list[str]:
        """Apply pending migrations, each in its own transaction; returns the names applied.

        Raises:
            SchemaTooNew: the file is ahead of this code; nothing is changed.
        """
        await self.check_schema()
        await self.write(
            lambda conn: conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
        )
        applied: list[str] = []
        for version, name, sql in known_migrations():

            def apply(
                conn: sqlite3.Connection, version: int = version, name: str = name, sql: str = sql
            ) -> bool:
                done = conn.execute(
                    "SELECT 1 FROM schema_migrations WHERE version = ?", (version,)
                ).fetchone()
                if done is not None:
                    return False
                for statement in split_sql(sql):
                    conn.execute(statement)
                conn.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    (version, name, utc_now()),
                )
                return True

            if await self.write(apply):
                log.info("applied migration %s", name)
                applied.append(name)
        return applied


def split_sql(script: str) -> list[str]:
    """Statements of a migration file, keeping trigger bodies (``BEGIN ... END;``) whole.

    ``executescript`` would commit the open transaction first, so migrations run statement by
    statement inside ours instead.
    """
    statements: list[str] = []
    current: list[str] = []
    depth = 0
    for line in script.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("--"):
            continue
        current.append(line)
        upper = stripped.upper()
        if upper.startswith("CREATE TRIGGER"):
            depth = 1
        if depth and upper.startswith("END"):
            depth = 0
        if stripped.endswith(";") and not depth:
            statements.append("\n".join(current))
            current = []
    if current:
        statements.append("\n".join(current))
    return statements
