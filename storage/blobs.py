"""Content-addressed image files under the data dir.

A blob is named by the SHA-256 of its bytes and stored at ``ab/cd/abcd...``. Writes go to a
temporary file in the same folder, are fsynced, then renamed into place, so a crash leaves
either the whole file or none. The same bytes are stored once.

:class:`BlobStore` is the seam for other backends (S3-compatible storage); the service only
uses its methods, never paths it builds itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class StoredBlob:
    sha256: str
    size: int
    path: Path


@dataclass(frozen=True, slots=True)
class SweepReport:
    deleted: int
    freed_bytes: int
    kept_live: int
    remaining_bytes: int


class BlobStore(Protocol):
    async def put_bytes(self, data: bytes) -> StoredBlob: ...
    async def put_file(self, source: Path) -> StoredBlob: ...
    async def read(self, sha256: str) -> bytes: ...
    def local_path(self, sha256: str) -> Path: ...
    async def exists(self, sha256: str) -> bool: ...


class FileBlobStore:
    """Blobs as files below ``root``. Blocking file work runs in a thread."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def local_path(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ValueError(f"not a sha256 hex digest: {sha256!r}")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    async def put_bytes(self, data: bytes) -> StoredBlob:
        return await asyncio.to_thread(self._put_bytes, data)

    async def put_file(self, source: Path) -> StoredBlob:
        """Store a file's bytes (the source is left in place)."""
        return await asyncio.to_thread(self._put_file, source)

    async def read(self, sha256: str) -> bytes:
        return await asyncio.to_thread(self.local_path(sha256).read_bytes)

    async def exists(self, sha256: str) -> bool:
        return await asyncio.to_thread(self.local_path(sha256).exists)

    async def sweep(
        self,
        live: set[str] | Callable[[], Awaitable[set[str]]],
        *,
        max_bytes: int,
        max_age_s: float,
        grace_s: float = 0.0,
    ) -> SweepReport:
        """Delete unreferenced blobs older than ``max_age_s``, then the oldest unreferenced ones
        until the store is under ``max_bytes``. Blobs in ``live`` are never deleted.

        Safe beside writers: ``live`` given as a function is read after the walk (a blob
        referenced while the walk ran is live), and each candidate is looked at again just
        before it goes: one written (or stored again) in the last ``grace_s`` seconds stays,
        covering the moment between a blob's write and the row that references it.
        """
        found = await asyncio.to_thread(self._scan)
        live_now = await live() if callable(live) else live
        return await asyncio.to_thread(
            self._delete_unreferenced, found, live_now, max_bytes, max_age_s, grace_s
        )

    # -- blocking parts ----------------------------------------------------------------

    def _put_bytes(self, data: bytes) -> StoredBlob:
        sha256 = hashlib.sha256(data).hexdigest()
        target = self.local_path(sha256)
        if not _refreshed(target):
            self._write_atomically(target, [data])
        return StoredBlob(sha256, len(data), target)

    def _put_file(self, source: Path) -> StoredBlob:
        digest = hashlib.sha256()
        size = 0
        with source.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
        sha256 = digest.hexdigest()
        target = self.local_path(sha256)
        if not _refreshed(target):
            with source.open("rb") as handle:
                self._write_atomically(target, iter(lambda: handle.read(CHUNK), b""))
        return StoredBlob(sha256, size, target)

    def _write_atomically(self, target: Path, chunks: Iterable[bytes]) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as handle:
                for chunk in chunks:
                    handle.write(chunk)
                handle.flush()
                os.fsync(handle.fileno())
            Path(temp_name).replace(target)
        except BaseException:
            Path(temp_name).unlink(missing_ok=True)
            raise
        # The rename is durable only once the folder entry is on disk too.
        dir_fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)

    def _scan(self) -> list[tuple[float, int, Path]]:
        """Every blob file: (mtime, size, path)."""
        if not self.root.exists():
            return []
        found = []
        for path in self.root.glob("??/??/*"):
            if path.name.startswith(".incoming-"):
                continue
            with contextlib.suppress(FileNotFoundError):  # swept by another pass meanwhile
                stat = path.stat()
                found.append((stat.st_mtime, stat.st_size, path))
        return found

    def _delete_unreferenced(
        self,
        found: list[tuple[float, int, Path]],
        live: set[str],
        max_bytes: int,
        max_age_s: float,
        grace_s: float,
    ) -> SweepReport:
        total = sum(size for _, size, _ in found)
        candidates = sorted(entry for entry in found if entry[2].name not in live)
        kept_live = len(found) - len(candidates)
        deleted = freed = 0
        for mtime, size, path in candidates:
            now = time.time()
            too_old = now - mtime > max_age_s
            too_big = total - freed > max_bytes
            if not (too_old or too_big):
                continue
            try:
                current = path.stat().st_mtime  # stored again since the walk?
            except FileNotFoundError:
                continue
            if now - current < grace_s or (current != mtime and now - current <= max_age_s):
                continue
            path.unlink(missing_ok=True)
            deleted += 1
            freed += size
        return SweepReport(deleted, freed, kept_live, total - freed)


def _refreshed(target: Path) -> bool:
    """Mark an existing blob as just written (a sweep's grace then covers it); False when
    there is none (it must be written)."""
    try:
        os.utime(target)
    except FileNotFoundError:
        return False
    return True
