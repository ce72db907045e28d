"""Image versions: every image the bot has shown on a message slot, original first.

Version 0 is the original; each upscale adds ``parent.version + 1``. A member's history is the
versions their jobs produced, across messages, newest first.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from storage.database import Database, utc_now
from storage.errors import ImageBusy, UnknownVersion


@dataclass(frozen=True, slots=True)
class ImageVersion:
    id: int
    guild_id: int
    channel_id: int
    message_id: int
    attachment_slot: int
    version: int
    parent_id: int | None
    job_id: int | None
    blob_sha256: str
    filename: str
    width: int
    height: int
    bytes: int
    discord_attachment_id: int | None
    discord_url: str | None
    created_at: str
    restored_from: int | None  # the version this one shows again, if it is a restore

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> ImageVersion:
        return cls(**dict(zip(row.keys(), row, strict=True)))


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One upscale in a member's ``/history``: the result and what it cost."""

    version: ImageVersion
    source_width: int | None
    source_height: int | None
    price: int
    model: str
    mode: str
    controls: dict[str, str | int] = field(default_factory=dict)  # the generative knobs asked for
    seed: int | None = None  # the seed a generative upscale ran with


@dataclass(frozen=True, slots=True)
class HistoryPage:
    entries: list[HistoryEntry]
    page: int
    pages: int
    total: int


class ImageHistory:
    def __init__(self, database: Database) -> None:
        self.database = database

    def add_in(
        self,
        conn: sqlite3.Connection,
        *,
        guild_id: int,
        channel_id: int,
        message_id: int,
        attachment_slot: int,
        blob_sha256: str,
        filename: str,
        width: int,
        height: int,
        size: int,
        job_id: int | None = None,
        discord_attachment_id: int | None = None,
        discord_url: str | None = None,
        restored_from: int | None = None,
    ) -> ImageVersion:
        """Append a version after the latest one of this slot.

        Idempotent per job: a job that already recorded its version gets that version back.
        """
        if job_id is not None:
            row = conn.execute(
                "SELECT * FROM image_versions WHERE job_id = ?", (job_id,)
            ).fetchone()
            if row is not None:
                return ImageVersion.from_row(row)
        parent = self._latest_in(conn, message_id, attachment_slot)
        row = conn.execute(
            "INSERT INTO image_versions (guild_id, channel_id, message_id, attachment_slot,"
            " version, parent_id, job_id, blob_sha256, filename, width, height, bytes,"
            " discord_attachment_id, discord_url, created_at, restored_from)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *",
            (
                guild_id,
                channel_id,
                message_id,
                attachment_slot,
                0 if parent is None else parent.version + 1,
                None if parent is None else parent.id,
                job_id,
                blob_sha256,
                filename,
                width,
                height,
                size,
                discord_attachment_id,
                discord_url,
                utc_now(),
                restored_from,
            ),
        ).fetchone()
        return ImageVersion.from_row(row)

    def _latest_in(
        self, conn: sqlite3.Connection, message_id: int, attachment_slot: int
    ) -> ImageVersion | None:
        row = conn.execute(
            "SELECT * FROM image_versions WHERE message_id = ? AND attachment_slot = ?"
            " ORDER BY version DESC LIMIT 1",
            (message_id, attachment_slot),
        ).fetchone()
        return ImageVersion.from_row(row) if row else None

    def record_original_in(self, conn: sqlite3.Connection, **fields: Any) -> ImageVersion:
        """Record version 0 of a slot (fields as :meth:`add_in`, without ``job_id``) unless
        the slot already has versions; returns the latest version either way."""
        latest = self._latest_in(conn, fields["message_id"], fields["attachment_slot"])
        return latest if latest is not None else self.add_in(conn, **fields)

    def set_discord_attachment_in(
        self, conn: sqlite3.Connection, version_id: int, attachment_id: int, url: str
    ) -> None:
        """Remember where Discord serves a version once the message shows it."""
        conn.execute(
            "UPDATE image_versions SET discord_attachment_id = ?, discord_url = ? WHERE id = ?",
            (attachment_id, url, version_id),
        )

    async def parent_of(self, version: ImageVersion) -> ImageVersion | None:
        """The version shown before ``version`` on its slot."""
        if version.parent_id is None:
            return None
        row = await self.database.read(
            lambda conn: conn.execute(
                "SELECT * FROM image_versions WHERE id = ?", (version.parent_id,)
            ).fetchone()
        )
        return ImageVersion.from_row(row) if row else None

    async def upscalers(self, message_id: int, attachment_slot: int) -> set[int]:
        """Members who ran a job on this image."""
        rows = await self.database.read(
            lambda conn: conn.execute(
                "SELECT DISTINCT requester_id FROM jobs WHERE message_id = ? AND attachment_slot = ?",
                (message_id, attachment_slot),
            ).fetchall()
        )
        return {row[0] for row in rows}

    async def result_attachment_ids(self, message_id: int) -> frozenset[int]:
        """Discord attachments on the message that show results (any version after 0)."""
        rows = await self.database.read(
            lambda conn: conn.execute(
                "SELECT discord_attachment_id FROM image_versions"
                " WHERE message_id = ? AND version > 0 AND discord_attachment_id IS NOT NULL",
                (message_id,),
            ).fetchall()
        )
        return frozenset(row[0] for row in rows)

    async def latest_by_slot(self, message_id: int) -> dict[int, ImageVersion]:
        """The version each slot of a message shows now."""
        rows = await self.database.read(
            lambda conn: conn.execute(
                "SELECT * FROM image_versions v WHERE message_id = ? AND version ="
                " (SELECT MAX(version) FROM image_versions w"
                "  WHERE w.message_id = v.message_id AND w.attachment_slot = v.attachment_slot)",
                (message_id,),
            ).fetchall()
        )
        return {row["attachment_slot"]: ImageVersion.from_row(row) for row in rows}

    async def restore(self, message_id: int, attachment_slot: int, version: int) -> ImageVersion:
        """Show an earlier version again: it becomes the slot's newest version (same blob, no
        job), so the history keeps the order things were shown in.

        Raises:
            ImageBusy: a job is working on this image; its result would replace it.
            UnknownVersion: the slot has no such version.
        """

        def work(conn: sqlite3.Connection) -> ImageVersion:
            busy = conn.execute(
                "SELECT id FROM jobs WHERE message_id = ? AND attachment_slot = ?"
                " AND state IN ('queued', 'running', 'succeeded')",
                (message_id, attachment_slot),
            ).fetchone()
            if busy is not None:
                raise ImageBusy(message_id, attachment_slot, busy["id"])
            row = conn.execute(
                "SELECT * FROM image_versions WHERE message_id = ? AND attachment_slot = ?"
                " AND version = ?",
                (message_id, attachment_slot, version),
            ).fetchone()
            if row is None:
                raise UnknownVersion(message_id, attachment_slot, version)
            chosen = ImageVersion.from_row(row)
            return self.add_in(
                conn,
                guild_id=chosen.guild_id,
                channel_id=chosen.channel_id,
                message_id=message_id,
                attachment_slot=attachment_slot,
                blob_sha256=chosen.blob_sha256,
                filename=chosen.filename,
                width=chosen.width,
                height=chosen.height,
                size=chosen.bytes,
                restored_from=chosen.version,
            )

        return await self.database.write(work)

    async def set_discord_attachment(self, version_id: int, attachment_id: int, url: str) -> None:
        """Remember where Discord serves a version once the message shows it."""
        await self.database.write(
            lambda conn: self.set_discord_attachment_in(conn, version_id, attachment_id, url)
        )

    async def versions(self, message_id: int, attachment_slot: int) -> list[ImageVersion]:
        """All versions of one image, oldest (the original) first."""
        rows = await self.database.read(
            lambda conn: conn.execute(
                "SELECT * FROM image_versions WHERE message_id = ? AND attachment_slot = ?"
                " ORDER BY version",
                (message_id, attachment_slot),
            ).fetchall()
        )
        return [ImageVersion.from_row(row) for row in rows]

    async def by_job(self, job_id: int) -> ImageVersion | None:
        row = await self.database.read(
            lambda conn: conn.execute(
                "SELECT * FROM image_versions WHERE job_id = ?", (job_id,)
            ).fetchone()
        )
        return ImageVersion.from_row(row) if row else None

    async def size_of_blob(self, sha256: str) -> tuple[int, int] | None:
        """The width and height of a kept image, from any version that shows it."""
        row = await self.database.read(
            lambda conn: conn.execute(
                "SELECT width, height FROM image_versions WHERE blob_sha256 = ? LIMIT 1",
                (sha256,),
            ).fetchone()
        )
        return (int(row[0]), int(row[1])) if row else None

    async def for_member(
        self, guild_id: int, member_id: int, *, page: int = 1, per_page: int = 10
    ) -> HistoryPage:
        """The member's upscales in a guild, newest first; ``page`` counts from 1."""

        def work(conn: sqlite3.Connection) -> HistoryPage:
            total = conn.execute(
                "SELECT COUNT(*) FROM image_versions v JOIN jobs j ON j.id = v.job_id"
                " WHERE j.guild_id = ? AND j.requester_id = ?",
                (guild_id, member_id),
            ).fetchone()[0]
            pages = max(1, -(-total // per_page))
            current = min(max(1, page), pages)
            rows = conn.execute(
                "SELECT v.*, p.width AS source_width, p.height AS source_height,"
                " j.price AS job_price, j.model AS job_model, j.mode AS job_mode,"
                " j.options AS job_options, j.seed AS job_seed"
                " FROM image_versions v JOIN jobs j ON j.id = v.job_id"
                " LEFT JOIN image_versions p ON p.id = v.parent_id"
                " WHERE j.guild_id = ? AND j.requester_id = ?"
                " ORDER BY v.id DESC LIMIT ? OFFSET ?",
                (guild_id, member_id, per_page, (current - 1) * per_page),
            ).fetchall()
            entries = [
                HistoryEntry(
                    version=ImageVersion(**{name: row[name] for name in ImageVersion.__slots__}),
                    source_width=row["source_width"],
                    source_height=row["source_height"],
                    price=row["job_price"],
                    model=row["job_model"],
                    mode=row["job_mode"],
                    controls=json.loads(row["job_options"] or "{}"),
                    seed=row["job_seed"],
                )
                for row in rows
            ]
            return HistoryPage(entries=entries, page=current, pages=pages, total=total)

        return await self.database.read(work)

    async def live_blobs(self) -> set[str]:
        """Every blob a version points to, the original of a job not over yet, and the upload
        copy of a job awaiting delivery; retention keeps these. A delivered (or ended) job's
        upload copy is not needed again: the message shows it, and ``/history`` links the
        version itself."""
        rows = await self.database.read(
            lambda conn: conn.execute(
                "SELECT blob_sha256 FROM image_versions"
                " UNION SELECT source_sha256 FROM jobs"
                "   WHERE source_sha256 IS NOT NULL AND state IN ('queued', 'running', 'succeeded')"
                " UNION SELECT result_sha256 FROM jobs WHERE result_sha256 IS NOT NULL"
                " UNION SELECT upload_sha256 FROM jobs"
                "   WHERE upload_sha256 IS NOT NULL AND state = 'succeeded'"
            ).fetchall()
        )
        return {row[0] for row in rows}
