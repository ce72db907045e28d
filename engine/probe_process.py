"""Probe members' files in separate processes with hard memory and CPU limits.

The bot never parses a member's file on its event loop or in its own process: a parser that
goes wrong there freezes every member's clicks or takes the bot down. A :class:`ProbePool`
runs :func:`engine.decode.probe` (size, format, frames, every limit) in small worker
processes that

- are spawned, not forked, so they share nothing with the bot and never import torch
  (``RLIMIT_AS`` breaks CUDA, which reserves far more address space than it uses; these
  processes hold no model, so the cap is safe here);
- run under an address-space cap (``RLIMIT_AS``): what the process uses after start-up plus
  an allowance sized from the pixel and byte limits, so a parser that tries to allocate more
  gets a ``MemoryError`` (reported as :class:`DecodeLimitExceeded`) instead of the host's RAM;
- get a CPU-time budget per file (``RLIMIT_CPU``): a parser stuck in a loop is killed by the
  kernel, even inside C code.

A worker that dies (killed by the CPU cap, or crashed by a parser out of memory) fails only
the file that killed it: files in flight beside it are tried once more, each alone in a fresh
process, and the pool is rebuilt.
"""

from __future__ import annotations

import asyncio
import math
import multiprocessing
import os
import resource
import sys
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import TYPE_CHECKING

from engine.errors import DecodeLimitExceeded, ProbeUnavailable

if TYPE_CHECKING:  # the parent gets ImageHeader back by unpickling; the name is for typing
    from engine.decode import ImageHeader

MIB = 1 << 20
# Interpreter arenas, Pillow's and zlib's working buffers, the pickled call itself.
BASE_ALLOWANCE = 256 * MIB
# Native libraries that start thread pools reserve address space per core; one thread each.
_ONE_THREAD = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def address_space_allowance(max_pixels: int, max_bytes: int) -> int:
    """Bytes of address space a probe worker may add to what it uses once started.

    A probe reads headers only, but the allowance is sized as if it decoded, so the same cap
    would hold a decoder: 8 bytes a pixel (16-bit RGBA) twice over, plus the file four times
    (the pickled call, the bytes, and parsers' copies), plus ``BASE_ALLOWANCE``.
    """
    return BASE_ALLOWANCE + 2 * 8 * max_pixels + 4 * max_bytes


@dataclass(frozen=True, slots=True)
class ProbeWorkerInfo:
    """What a worker process is: for health checks and for tests of the isolation itself."""

    pid: int
    address_space_limit: int | None  # bytes; None where the OS offers no cap
    cpu_seconds_per_file: int
    modules: frozenset[str]  # top-level packages it has imported


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
        """:func:`engine.decode.probe` in a worker: the header of a still image within limits.

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
                    await asyncio.wrap_future(alone.submit(_describe_worker, self.cpu_seconds))
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
            return await asyncio.wrap_future(executor.submit(_describe_worker, self.cpu_seconds))
        except BrokenProcessPool:
            self._replace(executor)
        return await asyncio.wrap_future(self._executor.submit(_describe_worker, self.cpu_seconds))

    async def close(self) -> None:
        """Stop the workers; a probe in progress finishes first (within its CPU budget)."""
        self._closed = True
        await asyncio.to_thread(self._executor.shutdown, wait=True, cancel_futures=True)

    async def _run(
        self, executor: ProcessPoolExecutor, data: bytes, max_pixels: int, max_bytes: int
    ) -> ImageHeader:
        future = executor.submit(_probe_in_worker, data, max_pixels, max_bytes, self.cpu_seconds)
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
            initializer=_start_worker,
            initargs=(self.allowance,),
        )


# -- in the worker process ---------------------------------------------------------------


def _start_worker(allowance: int) -> None:
    for name in _ONE_THREAD:
        os.environ[name] = "1"
    import engine.decode  # noqa: F401 - loaded before the cap, so the cap bounds only the work

    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a worker killed by a cap leaves no core
    in_use = _address_space_in_use()
    if in_use is not None:
        limit = in_use + allowance
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _probe_in_worker(data: bytes, max_pixels: int, max_bytes: int, cpu_seconds: int) -> ImageHeader:
    from engine.decode import probe

    usage = resource.getrusage(resource.RUSAGE_SELF)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    # The kernel sends SIGXCPU, which ends the process, once this file has used its budget.
    budget = math.ceil(usage.ru_utime + usage.ru_stime) + cpu_seconds
    if hard != resource.RLIM_INFINITY:
        budget = min(budget, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (budget, hard))
    try:
        return probe(data, max_pixels=max_pixels, max_bytes=max_bytes)
    finally:
        resource.setrlimit(resource.RLIMIT_CPU, (hard, hard))


def _describe_worker(cpu_seconds: int) -> ProbeWorkerInfo:
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    return ProbeWorkerInfo(
        pid=os.getpid(),
        address_space_limit=None if soft == resource.RLIM_INFINITY else soft,
        cpu_seconds_per_file=cpu_seconds,
        modules=frozenset(name.partition(".")[0] for name in list(sys.modules)),
    )


def _address_space_in_use() -> int | None:
    """The process's virtual size in bytes (Linux), or None where it cannot be read."""
    try:
        with open("/proc/self/statm") as statm:  # noqa: PTH123 - a procfs read, not a path
            pages = int(statm.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")
