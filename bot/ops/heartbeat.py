"""A file the connected bot touches regularly, so ``upscale-bot health`` can tell it is alive."""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

from config import Settings

HEARTBEAT_INTERVAL_S = 30.0
# Three missed beats: the gateway reconnects on its own within that, a dead bot does not.
HEARTBEAT_STALE_S = HEARTBEAT_INTERVAL_S * 3


def heartbeat_file(settings: Settings) -> Path:
    return settings.storage.data_dir / "heartbeat"


async def beat_forever(path: Path, is_connected: object) -> None:
    """Touch ``path`` every interval while ``is_connected()`` is true."""
    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        if callable(is_connected) and is_connected():
            await asyncio.to_thread(path.touch)
        await asyncio.sleep(HEARTBEAT_INTERVAL_S)


def check_heartbeat(settings: Settings) -> int:
    """0 when the bot beat recently, 1 otherwise, with a line saying why."""
    path = heartbeat_file(settings)
    try:
        age = time.time() - path.stat().st_mtime
    except FileNotFoundError:
        print(f"unhealthy: no heartbeat at {path}", file=sys.stderr)
        return 1
    if age > HEARTBEAT_STALE_S:
        print(f"unhealthy: last heartbeat {age:.0f} s ago", file=sys.stderr)
        return 1
    print(f"healthy: last heartbeat {age:.0f} s ago")
    return 0
