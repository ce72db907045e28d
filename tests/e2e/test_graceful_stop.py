"""SIGTERM to the real ``upscale-bot run`` process (``python -m bot``) in the middle of a job,
as Docker stops a container: it exits 0 within the grace period, still answering clicks
meanwhile; started again, the job finishes, is charged once, and did not spend an attempt."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sqlite3
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from bot.playground.standin import FakeDiscord
from config import load_settings
from storage.store import Storage
from testbed.images import encoded, photo

from .member import confirmation_of, credits_text, custom_id, post_with_button

ROOT = Path(__file__).resolve().parents[2]
GRACE_S = 1.0
# What Docker leaves after the grace (10 s against the default 8): closing takes less.
CLOSING_S = 2.0

Launch = Callable[[], Awaitable[asyncio.subprocess.Process]]


def job_row(database: Path) -> tuple[str, int]:
    with contextlib.closing(sqlite3.connect(database)) as conn:
        row = conn.execute("SELECT state, attempts FROM jobs").fetchone()
    return (row[0], row[1]) if row else ("none", 0)


@pytest.fixture
async def launch(fake: FakeDiscord, tmp_path: Path, model_cache: Path) -> AsyncIterator[Launch]:
    data = tmp_path / "data"
    data.mkdir()
    (data / "models").symlink_to(model_cache, target_is_directory=True)
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "UPSCALE_DISCORD__TOKEN": fake.token,
        "UPSCALE_DISCORD__API_BASE_URL": fake.api_base,
        "UPSCALE_DISCORD__GATEWAY_URL": fake.gateway_url,
        "UPSCALE_STORAGE__DATA_DIR": str(data),
        # The fast model warms up quickly; a 1024 px image runs for seconds even on a fast CPU
        # (a 384 px one can finish inside the 1 s grace on a fast CPU, and then nothing is cut off).
        "UPSCALE_ENGINE__MODEL": "animevideo-x4",
        "UPSCALE_ENGINE__DEVICE": "cpu",
        "UPSCALE_QUEUE__PROGRESS_INTERVAL_S": "0.05",
        "UPSCALE_QUEUE__SHUTDOWN_GRACE_S": str(GRACE_S),
    }
    started: list[asyncio.subprocess.Process] = []
    log = (tmp_path / "bot.log").open("ab")

    async def start() -> asyncio.subprocess.Process:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", env=env, cwd=tmp_path, stdout=log, stderr=log
        )
        started.append(process)
        connections = fake.gateway.connections
        await fake.wait_for(
            lambda: (
                process.returncode is not None
                or (
                    fake.gateway.connections > connections
                    and any(s.ready for s in fake.gateway.sessions.values())
                    and ("upscale", 1) in fake.commands
                )
            ),
            within=240,
        )
        assert process.returncode is None, (tmp_path / "bot.log").read_text()[-3000:]
        return process

    yield start
    for process in started:
        if process.returncode is None:
            process.kill()
            await process.wait()
    log.close()


async def stop(process: asyncio.subprocess.Process) -> tuple[int, float]:
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    code = await asyncio.wait_for(process.wait(), GRACE_S + 30)
    return code, time.monotonic() - started


async def test_sigterm_mid_job_exits_cleanly_and_the_job_resumes_charged_once(
    fake: FakeDiscord, launch: Launch, tmp_path: Path
):
    database = tmp_path / "data" / "upscale-bot.sqlite3"
    bot = await launch()
    alice, bob = fake.add_member("alice"), fake.add_member("bob")
    posted = await post_with_button(fake, alice, encoded(photo(1024, 1024)))
    confirmation = confirmation_of(fake, alice)
    assert confirmation is not None
    fake.click(confirmation, custom_id(confirmation, "cf:"), alice)
    await fake.wait_for(lambda: job_row(database)[0] == "running", within=120)
    assert job_row(database) == ("running", 1)

    stopping = asyncio.create_task(stop(bot))
    await asyncio.sleep(0.1)
    # A click during the grace period is still answered.
    answer = await fake.run_slash("credits", bob).response(within=GRACE_S + CLOSING_S)
    assert "Balance 10" in answer.shown()[0].content
    code, took = await stopping
    log = (tmp_path / "bot.log").read_text()[-3000:]
    assert code == 0, log
    assert took < GRACE_S + CLOSING_S, (took, log)
    assert not posted.content.startswith("Upscaled"), log  # it really was cut off
    assert job_row(database) == ("queued", 0), log  # back in line, no attempt spent
    wal = tmp_path / "data" / "upscale-bot.sqlite3-wal"
    assert not wal.exists() or wal.stat().st_size == 0  # the file alone is the database

    again = await launch()
    await fake.wait_for(lambda: posted.content.startswith("Upscaled x4"), within=240)
    await fake.wait_for(lambda: job_row(database)[0] == "delivered")
    assert job_row(database) == ("delivered", 1)  # one attempt in all
    assert "Balance 7** · reserved 0" in await credits_text(fake, alice)
    code, _ = await stop(again)
    assert code == 0

    storage = await Storage.open(load_settings(storage={"data_dir": tmp_path / "data"}))
    try:
        await storage.ledger.verify()
        entries = await storage.ledger.recent(fake.guild.id, alice.user.id, limit=20)
        assert sorted(e.kind for e in entries) == ["capture", "hold", "starting"]
    finally:
        await storage.close()
