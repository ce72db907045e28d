"""Playground fixtures: the whole playground (stand-in, page, the real bot and engine) on
127.0.0.1, in a temp data dir, with the session's converted weights."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from bot.playground.playground import Playground
from config import Settings, load_settings


def free_port_pair() -> int:
    """A port whose next port up is free too (the page and the stand-in)."""
    for _ in range(50):
        with socket.socket() as first:
            first.bind(("127.0.0.1", 0))
            port = int(first.getsockname()[1])
            if port >= 65535:
                continue
            with socket.socket() as second:
                try:
                    second.bind(("127.0.0.1", port + 1))
                except OSError:
                    continue
            return port
    raise RuntimeError("no two neighbouring free ports")


@pytest.fixture
def playground_settings(tmp_path: Path, model_cache: Path) -> Settings:
    settings = load_settings(
        storage={"data_dir": tmp_path / "data"},
        engine={"model": "animevideo-x4", "tile_size": 32, "tile_overlap": 8},
        queue={"progress_interval_s": 0.05, "delivery_backoff_s": 0.05},
    )
    models = settings.storage.data_dir / "playground" / "models"
    models.parent.mkdir(parents=True, exist_ok=True)
    models.symlink_to(model_cache, target_is_directory=True)
    return settings


PlaygroundFactory = Callable[[], Awaitable[Playground]]


@pytest.fixture
async def start_playground(playground_settings: Settings) -> AsyncIterator[PlaygroundFactory]:
    """Start a playground; every start uses the same data dir and ports (a restart)."""
    port = free_port_pair()
    started: list[Playground] = []

    async def start() -> Playground:
        playground = Playground(playground_settings, port=port)
        started.append(playground)
        await playground.start()
        return playground

    yield start
    for playground in started:
        await playground.stop()
