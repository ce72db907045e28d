"""What runs inside a probe process: the caps it puts on itself, and one file's header check.

The pool that starts these processes is :mod:`engine.process.probe_pool`. A probe process is
spawned (it shares nothing with the bot) and never imports torch: ``RLIMIT_AS`` breaks CUDA,
which reserves far more address space than it uses, and these processes hold no model, so
the cap is safe here. Its parts:

- :func:`start_probe_worker` caps the address space (``RLIMIT_AS``) at what the process uses
  after start-up plus :func:`address_space_allowance`, so a parser that tries to allocate
  more gets a ``MemoryError`` instead of the host's RAM;
- :func:`probe_in_worker` gives each file a CPU-time budget (``RLIMIT_CPU``): a parser stuck
  in a loop is killed by the kernel, even inside C code.
"""

from __future__ import annotations

import math
import os
import resource
import sys
from dataclasses import dataclass

from engine.images.decode import ImageHeader, probe

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


def start_probe_worker(allowance: int) -> None:
    """The process's set-up: one thread per native library, no core dumps, and an
    address-space cap of what it uses now plus ``allowance`` bytes."""
    # The decoder was imported with this module, before the cap: the cap bounds only the work.
    for name in _ONE_THREAD:
        os.environ[name] = "1"
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a worker killed by a cap leaves no core
    in_use = _address_space_in_use()
    if in_use is not None:
        limit = in_use + allowance
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def probe_in_worker(data: bytes, max_pixels: int, max_bytes: int, cpu_seconds: int) -> ImageHeader:
    """:func:`~engine.images.decode.probe` under a budget of ``cpu_seconds`` more CPU time;
    raises what ``probe`` raises (or the kernel ends the process)."""
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


def describe_probe_worker(cpu_seconds: int) -> ProbeWorkerInfo:
    """What this process is: its pid, caps and imported packages."""
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
