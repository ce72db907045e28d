"""Content-addressed image files: atomic, deduplicated, swept without touching live ones."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest

from storage.blobs import FileBlobStore


async def test_put_and_read_back(tmp_path: Path):
    """Stored bytes come back identical, under their SHA-256."""
    store = FileBlobStore(tmp_path / "blobs")
    blob = await store.put_bytes(b"hello image")
    assert blob.sha256 == hashlib.sha256(b"hello image").hexdigest()
    assert blob.path == tmp_path / "blobs" / blob.sha256[:2] / blob.sha256[2:4] / blob.sha256
    assert await store.read(blob.sha256) == b"hello image"
    assert await store.exists(blob.sha256)


async def test_same_bytes_are_stored_once(tmp_path: Path):
    """Upscaling the same picture twice does not double the disk use."""
    store = FileBlobStore(tmp_path / "blobs")
    source = tmp_path / "in.bin"
    source.write_bytes(os.urandom(3 << 20))
    first = await store.put_file(source)
    second = await store.put_bytes(source.read_bytes())
    assert first == second
    assert len(list((tmp_path / "blobs").rglob("*"))) == 3  # two folders and one file


async def test_no_temporary_files_are_left_behind(tmp_path: Path):
    """A completed write leaves only the final file."""
    store = FileBlobStore(tmp_path / "blobs")
    await store.put_bytes(b"x" * 1000)
    assert not [p for p in (tmp_path / "blobs").rglob(".incoming-*")]


def test_bad_names_are_refused(tmp_path: Path):
    """A path traversal through a crafted hash is impossible."""
    with pytest.raises(ValueError, match="not a sha256"):
        FileBlobStore(tmp_path).local_path("../../etc/passwd")


async def test_sweep_removes_old_and_excess_blobs_but_never_live_ones(tmp_path: Path):
    """Retention frees space yet every version still shown in history keeps its file."""
    store = FileBlobStore(tmp_path / "blobs")
    old_live = await store.put_bytes(b"a" * 100)
    old_dead = await store.put_bytes(b"b" * 100)
    new_dead = await store.put_bytes(b"c" * 100)
    new_dead_2 = await store.put_bytes(b"d" * 100)
    long_ago = time.time() - 10 * 86400
    for blob in (old_live, old_dead):
        os.utime(blob.path, (long_ago, long_ago))
    os.utime(new_dead.path, (time.time() - 60, time.time() - 60))

    report = await store.sweep({old_live.sha256}, max_bytes=10_000, max_age_s=86400)
    assert (report.deleted, report.kept_live) == (1, 1)
    assert old_live.path.exists() and not old_dead.path.exists()

    report = await store.sweep({old_live.sha256}, max_bytes=200, max_age_s=86400)
    assert report.deleted == 1
    assert not new_dead.path.exists()
    assert new_dead_2.path.exists() and old_live.path.exists()
    report = await store.sweep({old_live.sha256}, max_bytes=0, max_age_s=86400)
    assert old_live.path.exists()


async def test_a_blob_referenced_while_the_sweep_walked_is_kept(tmp_path: Path):
    """A result whose row commits while the sweep walks the store is not deleted: the sweep
    asks the database what is live after its walk, not before."""
    store = FileBlobStore(tmp_path / "blobs")
    result = await store.put_bytes(b"r" * 100)
    orphan = await store.put_bytes(b"o" * 100)
    referenced: set[str] = set()

    async def live() -> set[str]:
        referenced.add(result.sha256)  # the job's row committed during the walk
        return referenced

    report = await store.sweep(live, max_bytes=0, max_age_s=86400)
    assert result.path.exists() and not orphan.path.exists()
    assert (report.deleted, report.kept_live) == (1, 1)


async def test_a_blob_stored_again_during_a_sweep_is_kept(tmp_path: Path):
    """The same picture kept again while an old unreferenced copy is being swept: the copy
    counts as new and stays for the grace period, so the new job's file is there."""
    store = FileBlobStore(tmp_path / "blobs")
    again = await store.put_bytes(b"same picture")
    long_ago = time.time() - 10 * 86400
    os.utime(again.path, (long_ago, long_ago))

    async def live() -> set[str]:
        await store.put_bytes(b"same picture")  # a new job stores the same bytes
        return set()

    report = await store.sweep(live, max_bytes=0, max_age_s=86400, grace_s=3600)
    assert report.deleted == 0 and again.path.exists()
    assert await store.read(again.sha256) == b"same picture"


async def test_young_unreferenced_blobs_wait_out_the_grace(tmp_path: Path):
    """Over budget, the sweep deletes old orphans but not one written moments ago (its row
    may be about to commit)."""
    store = FileBlobStore(tmp_path / "blobs")
    old = await store.put_bytes(b"old" * 100)
    young = await store.put_bytes(b"young" * 100)
    long_ago = time.time() - 7200
    os.utime(old.path, (long_ago, long_ago))
    report = await store.sweep(set(), max_bytes=0, max_age_s=86400, grace_s=3600)
    assert report.deleted == 1 and not old.path.exists() and young.path.exists()
    assert report.remaining_bytes == young.size
