"""Everything storage offers, opened together from settings."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from config import Settings
from storage.blobs import FileBlobStore
from storage.database import Database
from storage.drafts import UpscaleDrafts
from storage.history import ImageHistory
from storage.jobs import JobStore
from storage.ledger import Ledger
from storage.purchases import PurchaseStore
from storage.server_settings import ServerSettingsStore, defaults_from


@dataclass(frozen=True, slots=True)
class Storage:
    database: Database
    ledger: Ledger
    jobs: JobStore
    history: ImageHistory
    blobs: FileBlobStore
    servers: ServerSettingsStore
    drafts: UpscaleDrafts
    purchases: PurchaseStore

    @classmethod
    async def open(
        cls,
        settings: Settings,
        *,
        migrate: bool = True,
        clock: Callable[[], float] = time.time,
    ) -> Storage:
        """Open the database (applying migrations unless told not to) and the blob store.
        ``clock`` is the time the allowance goes by.

        Raises:
            SchemaTooNew: the database was written by a newer upscale-bot.
        """
        database = await Database.open(settings.storage.database_file, migrate=migrate)
        servers = ServerSettingsStore(database, defaults_from(settings))
        ledger = Ledger(
            database,
            starting_balance=settings.credits.starting_balance,
            max_grant=settings.credits.max_grant,
            servers=servers,
            clock=clock,
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
            servers=servers,
            drafts=UpscaleDrafts(database),
            purchases=PurchaseStore(database, ledger),
        )

    async def close(self) -> None:
        """Checkpoint (the file alone is then the whole database) and close."""
        try:
            await self.database.checkpoint()
        finally:
            await self.database.close()
