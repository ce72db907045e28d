"""Everything storage offers, opened together from settings."""

from __future__ import annotations

from dataclasses import dataclass

from config import Settings
from storage.blobs import FileBlobStore
from storage.database import Database
from storage.history import ImageHistory
from storage.jobs import JobStore
from storage.ledger import Ledger


@dataclass(frozen=True, slots=True)
class Storage:
    database: Database
    ledger: Ledger
    jobs: JobStore
    history: ImageHistory
    blobs: FileBlobStore

    @classmethod
    async def open(cls, settings: Settings, *, migrate: bool = True) -> Storage:
        """Open the database (applying migrations unless told not to) and the blob store.

        Raises:
            SchemaTooNew: the database was written by a newer upscale-bot.
        """
        database = await Database.open(settings.storage.database_file, migrate=migrate)
        ledger = Ledger(
            database,
            starting_balance=settings.credits.starting_balance,
            max_grant=settings.credits.max_grant,
        )
        history = ImageHistory(database)
        return cls(
            database=database,
            ledger=ledger,
            jobs=JobStore(
                database, ledger, history, max_queued_per_user=settings.credits.max_queued_per_user
            ),
            history=history,
            blobs=FileBlobStore(settings.storage.blobs_dir),
        )

    async def close(self) -> None:
        await self.database.close()
