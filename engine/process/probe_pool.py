"""Probe members' files in separate processes with hard memory and CPU limits.

The bot never parses a member's file on its event loop or in its own process: a parser that
goes wrong there freezes every member's clicks or takes the bot down. A :class:`ProbePool`
runs :func:`engine.images.decode.probe` (size, format, frames, every limit) in small worker
processes that

- are spawned, not forked, so they share nothing with the bot and never import torch;
- run under an address-space cap (``RLIMIT_AS``) sized from the pixel and byte limits, so a
  parser that tries to allocate more gets a ``MemoryError`` (reported as
  :class:`DecodeLimitExceeded`) instead of the host's RAM;
- get a CPU-time budget per file (``RLIMIT_CPU``): a parser stuck in a loop is killed by the
  kernel, even inside C code.

What runs inside them, the caps included, is :mod:`engine.images.probe_worker`.

A worker that dies (killed by the CPU cap, or crashed by a parser out of memory) fails only
the file that killed it: files in flight beside it are tried once more, each alone in a fresh
process, and the pool is rebuilt.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from engine.errors import DecodeLimitExceeded, ProbeUnavailable
from engine.images.decode import ImageHeader
from engine.images.probe_worker import (
    ProbeWorkerInfo,
    address_space_allowance,
    describe_probe_worker,
    probe_in_worker,
    start_probe_worker,
)


class ProbePool:
    """Probes image files in worker processes; see the module docstring.

    ``max_pixels`` and ``max_bytes`` size the memory cap: pass the largest limits any call
    will be checked against. Workers start on the first call (about a second) and stay warm.
    """

    def __init__(
        self, *, max_pixels: int, max_bytes: int, workers: int = 1, cpu_seconds: int = 10
    ) -> None:
        if workers < 1 or cpu_seconds < 1:
            raise ValueError("a probe pool needs at least one worker and one CPU second")
        self.workers = workers
        self.cpu_seconds = cpu_seconds
        self.allowance = address_space_allowance(max_pixels, max_bytes)
        self._executor = self._new_executor(workers)
        self._alone = asyncio.Lock()
        self._closed = False

    async def probe(self, data: bytes, *, max_pixels: int, max_bytes: int) -> ImageHeader:
        """:func:`engine.images.decode.probe` in a worker: the header of a still image within limits.

        Raises:
            InputError subclasses, as ``probe`` does (EmptyFile, FileTooLarge, NotAnImage,
            UnsupportedFormat, TooComplex, ImageTooLarge, AnimatedImage, CorruptImage), and
            DecodeLimitExceeded when reading the file needs more memory or CPU time than the
            caps allow.
            ProbeUnavailable: a worker process cannot start; not the file's fault.
            RuntimeError: the pool is closed.
        """
        if self._closed:
            raise RuntimeError("the probe pool is closed")
        executor = self._executor
        try:
            return await self._run(executor, data, max_pixels, max_bytes)
        except BrokenProcessPool:
            self._replace(executor)
        # A worker died: this file or one probed beside it went past a cap. Try this one again
        # alone in a fresh process, so that only the file that kills a worker is refused.
        async with self._alone:
            alone = self._new_executor(1)
            try:
                try:
                    await asyncio.wrap_future(alone.submit(describe_probe_worker, self.cpu_seconds))
                except BrokenProcessPool as exc:  # it died before seeing any file
                    raise ProbeUnavailable(str(exc)) from exc
                try:
                    return await self._run(alone, data, max_pixels, max_bytes)
                except BrokenProcessPool as exc:
                    raise DecodeLimitExceeded("memory or time") from exc
            finally:
                alone.shutdown(wait=False, cancel_futures=True)

    async def worker_info(self) -> ProbeWorkerInfo:
        """Ask a worker what it is (its caps and what it has imported)."""
        executor = self._executor
        try:
            return await asyncio.wrap_future(
                executor.submit(describe_probe_worker, self.cpu_seconds)
            )
        except BrokenProcessPool:
            self._replace(executor)
        return await asyncio.wrap_future(
            self._executor.submit(describe_probe_worker, self.cpu_seconds)
        )

    async def close(self) -> None:
        """Stop the workers; a probe in progress finishes first (within its CPU budget)."""
        self._closed = True
        await asyncio.to_thread(self._executor.shutdown, wait=True, cancel_futures=True)

    async def _run(
        self, executor: ProcessPoolExecutor, data: bytes, max_pixels: int, max_bytes: int
    ) -> ImageHeader:
        future = executor.submit(probe_in_worker, data, max_pixels, max_bytes, self.cpu_seconds)
        return await asyncio.wrap_future(future)

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        # Every caller that saw this executor break lands here; only the first replaces it.
        if self._executor is broken and not self._closed:
            self._executor = self._new_executor(self.workers)
        broken.shutdown(wait=False, cancel_futures=True)

    def _new_executor(self, workers: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=start_probe_worker,
            initargs=(self.allowance,),
        )
