"""``upscale-bot db migrate`` and ``upscale-bot db backup PATH``."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from config import Settings
from storage.backup import BackupFailed, backup_database
from storage.database import Database
from storage.errors import SchemaTooNew


async def _migrate(settings: Settings) -> list[str]:
    database = await Database.open(settings.storage.database_file, migrate=False)
    try:
        return await database.migrate()
    finally:
        await database.close()


def run_migrate(settings: Settings) -> int:
    """Apply pending migrations and say what was done; 2 if the file is newer than the code."""
    try:
        applied = asyncio.run(_migrate(settings))
    except SchemaTooNew as exc:
        print(str(exc), file=sys.stderr)
        return 2
    path = settings.storage.database_file
    if applied:
        print(f"{path}: applied {', '.join(applied)}")
    else:
        print(f"{path}: schema is up to date")
    return 0


def run_backup(settings: Settings, target: Path) -> int:
    """Copy the database to ``target`` while the bot may be running; 1 if it failed."""
    source = settings.storage.database_file
    try:
        report = backup_database(source, target)
    except BackupFailed as exc:
        print(f"backup failed: {exc}", file=sys.stderr)
        return 1
    print(
        f"{source} -> {report.path}: {report.bytes} bytes, schema version "
        f"{report.schema_version}, integrity ok"
    )
    return 0
