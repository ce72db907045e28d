"""A full disk, at the operating system's door, for the chaos soak's bot processes only.

Python imports ``sitecustomize`` at start-up from ``sys.path``; the soak puts this folder on
``PYTHONPATH`` of the bot it starts (and so of the engine worker that bot spawns), never of
anything else. While the file named by ``UPSCALE_CHAOS_DISK_FULL`` exists, creating, opening
for writing or making a folder under any folder in ``UPSCALE_CHAOS_DISK_DIRS`` fails with
``ENOSPC``, the error the kernel gives when the disk is full. The product's code runs
unchanged; only the calls it makes into the OS (``os.open``, ``open``, ``os.mkdir``) answer
as a full disk would. SQLite writes through its own C calls and is not affected.
"""

from __future__ import annotations

import builtins
import errno
import io
import os
from pathlib import Path
from typing import Any

_CONTROL = os.environ.get("UPSCALE_CHAOS_DISK_FULL", "")
_DIRS = tuple(
    os.path.realpath(d) + os.sep
    for d in os.environ.get("UPSCALE_CHAOS_DISK_DIRS", "").split(os.pathsep)
    if d
)
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


def _disk_full(path: Any) -> bool:
    if isinstance(path, int) or not Path(_CONTROL).exists():
        return False
    try:
        where = os.path.realpath(os.fsdecode(path))
    except (TypeError, ValueError):
        return False
    return any(where.startswith(d) or where + os.sep == d for d in _DIRS)


def _refuse(path: Any) -> OSError:
    return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), os.fsdecode(path))


def _install() -> None:
    real_os_open = os.open
    real_open = builtins.open
    real_mkdir = os.mkdir

    def os_open(path: Any, flags: int, mode: int = 0o777, *, dir_fd: Any = None) -> int:
        if flags & _WRITE_FLAGS and dir_fd is None and _disk_full(path):
            raise _refuse(path)
        return real_os_open(path, flags, mode, dir_fd=dir_fd)

    def open_(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if any(c in mode for c in "wax+") and _disk_full(file):
            raise _refuse(file)
        return real_open(file, mode, *args, **kwargs)

    def mkdir(path: Any, mode: int = 0o777, *, dir_fd: Any = None) -> None:
        if dir_fd is None and _disk_full(path) and not Path(path).is_dir():
            raise _refuse(path)
        real_mkdir(path, mode, dir_fd=dir_fd)

    os.open = os_open
    builtins.open = open_
    io.open = open_
    os.mkdir = mkdir


if _CONTROL and _DIRS:
    _install()
