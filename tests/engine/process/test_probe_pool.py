"""Members' files are probed in capped worker processes that never load torch."""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import AsyncIterator

import pytest

from engine.errors import (
    AnimatedImage,
    CorruptImage,
    DecodeLimitExceeded,
    ImageTooLarge,
    UnsupportedFormat,
)
from engine.images.decode import ImageHeader
from engine.images.probe_worker import address_space_allowance
from engine.process.probe_pool import ProbePool
from testbed.images import encoded, photo
from tests.engine.images import hostile_files as hostile

LIMITS = {"max_pixels": 4_194_304, "max_bytes": 25 * 1024 * 1024}
GIB = 1024**3


@pytest.fixture
async def pool() -> AsyncIterator[ProbePool]:
    probe_pool = ProbePool(**LIMITS)
    yield probe_pool
    await probe_pool.close()


async def test_probe_runs_in_a_capped_worker_that_never_loads_torch(pool: ProbePool):
    """The header comes back from another process, which has an address-space cap and has
    imported Pillow but not torch (a cap on a process that initialises CUDA breaks it)."""
    import torch  # noqa: F401 - loaded here, so a forked or torch-importing worker would have it

    header = await pool.probe(encoded(photo(30, 20), "JPEG"), **LIMITS)
    assert header == ImageHeader("JPEG", 30, 20)
    info = await pool.worker_info()
    assert info.pid != os.getpid()
    assert "PIL" in info.modules and "engine" in info.modules
    assert "torch" not in info.modules and "discord" not in info.modules
    assert info.address_space_limit is not None
    allowance = address_space_allowance(LIMITS["max_pixels"], LIMITS["max_bytes"])
    assert allowance < info.address_space_limit < allowance + 2 * GIB


async def test_refusals_come_back_with_their_data(pool: ProbePool):
    """Every refusal crosses the process boundary as the engine's own error, data included."""
    with pytest.raises(ImageTooLarge) as too_large:
        await pool.probe(hostile.png_claiming(100_000, 100_000), **LIMITS)
    assert (too_large.value.width, too_large.value.height) == (100_000, 100_000)
    with pytest.raises(AnimatedImage):
        await pool.probe(hostile.tiff_many_frames(60_000), **LIMITS)
    with pytest.raises(CorruptImage):
        await pool.probe(hostile.tiff_with_bad_next_ifd(99_999), **LIMITS)
    with pytest.raises(UnsupportedFormat, match=r"^SGI images are not supported"):
        await pool.probe(encoded(photo(8, 8), "SGI"), **LIMITS)
    # The worker is still there after all of that.
    assert await pool.probe(encoded(photo(9, 7)), **LIMITS) == ImageHeader("PNG", 9, 7)


async def test_a_file_that_kills_its_worker_fails_alone():
    """A worker killed by its memory cap fails only the file that killed it: the file probed
    beside it succeeds, and the pool works afterwards."""
    # Sized for tiny files, so a 300 MB one cannot even be received under the cap.
    small = ProbePool(max_pixels=1024, max_bytes=1024, workers=2)
    try:
        killer = bytes(300 * 1024 * 1024)
        innocent = encoded(photo(12, 10))
        outcomes = await asyncio.gather(
            small.probe(killer, max_pixels=1024, max_bytes=10**9),
            small.probe(innocent, max_pixels=1024, max_bytes=1024),
            return_exceptions=True,
        )
        assert isinstance(outcomes[0], DecodeLimitExceeded), outcomes[0]
        assert "too much memory or time" in str(outcomes[0])
        assert outcomes[1] == ImageHeader("PNG", 12, 10)
        again = await small.probe(innocent, max_pixels=1024, max_bytes=1024)
        assert again == ImageHeader("PNG", 12, 10)
    finally:
        await small.close()


async def test_a_dead_worker_is_replaced(pool: ProbePool):
    """A worker that disappears (killed from outside) costs no file: the pool starts another."""
    first = await pool.worker_info()
    os.kill(first.pid, signal.SIGKILL)
    await asyncio.sleep(0.2)
    assert await pool.probe(encoded(photo(5, 4)), **LIMITS) == ImageHeader("PNG", 5, 4)
    assert (await pool.worker_info()).pid != first.pid


async def test_a_closed_pool_refuses_work():
    """After close() no worker is left, and asking for one is a programming error."""
    closed = ProbePool(**LIMITS)
    await closed.probe(encoded(photo(4, 4)), **LIMITS)
    await closed.close()
    with pytest.raises(RuntimeError, match="closed"):
        await closed.probe(encoded(photo(4, 4)), **LIMITS)
