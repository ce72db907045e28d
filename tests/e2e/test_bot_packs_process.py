"""Credit packs against the bot as an operator runs it (``python -m bot`` in its own process):
killed with SIGKILL between recording a purchase and Discord accepting its consume, and
refusing to start on a bad pack setting."""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.playground.standin import FakeDiscord
from bot.playground.standin.shop import DURABLE
from testbed.chaos.bot_process import BotProcess

from .member import credits_text


def launcher(
    fake: FakeDiscord, tmp_path: Path, model_cache: Path, packs: dict[int, int]
) -> BotProcess:
    data = tmp_path / "data"
    data.mkdir()
    model_cache.mkdir(parents=True, exist_ok=True)
    (data / "models").symlink_to(model_cache, target_is_directory=True)
    settings = {
        "UPSCALE_ENGINE__MODEL": "animevideo-x4",
        "UPSCALE_CREDITS__PACKS": json.dumps({str(k): v for k, v in packs.items()}),
        "UPSCALE_CREDITS__CONSUME_RETRY_S": "0.05",
    }
    return BotProcess(fake, tmp_path, data, settings)


@pytest.fixture
async def processes() -> AsyncIterator[list[BotProcess]]:
    started: list[BotProcess] = []
    yield started
    for bot in started:
        await bot.stop()


def purchase_row(bot: BotProcess, entitlement_id: int) -> sqlite3.Row | None:
    database = bot.data_dir / "upscale-bot.sqlite3"
    if not database.exists():
        return None
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as conn:
        conn.row_factory = sqlite3.Row
        try:
            row: sqlite3.Row | None = conn.execute(
                "SELECT * FROM purchases WHERE entitlement_id = ?", (entitlement_id,)
            ).fetchone()
        except sqlite3.OperationalError:  # not migrated yet
            return None
        return row


def ledger_kinds(bot: BotProcess, member_id: int) -> list[str]:
    database = bot.data_dir / "upscale-bot.sqlite3"
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as conn:
        rows = conn.execute(
            "SELECT kind FROM ledger WHERE member_id = ? ORDER BY id", (member_id,)
        ).fetchall()
    return [row[0] for row in rows]


async def test_killed_between_the_ledger_commit_and_the_consume_credits_once(
    fake: FakeDiscord, tmp_path: Path, model_cache: Path, processes: list[BotProcess]
):
    """SIGKILL after the purchase is in the wallet but before Discord accepted the consume:
    after the restart the entitlement is consumed, and the pack counted once."""
    sku = fake.shop.add_sku("100 credits")
    bot = launcher(fake, tmp_path, model_cache, {sku.id: 100})
    processes.append(bot)
    await bot.start()
    alice = fake.add_member("alice")
    shown = (await fake.run_slash("credits", alice).response(within=60)).shown()[0]
    fake.shop.fail_consume(1_000_000, status=500)  # Discord refuses every consume for now
    bought = fake.buy(alice, shown)

    def committed_not_consumed() -> bool:
        row = purchase_row(bot, bought.id)
        tried = any("/consume" in fault.path for fault in fake.faults.injected)
        return row is not None and row["state"] == "credited" and tried

    await fake.wait_for(committed_not_consumed, within=30)
    assert not bought.consumed
    await bot.kill()
    fake.faults.pending.clear()

    await bot.start()
    await fake.wait_for(lambda: bought.consumed, within=60)
    assert "Balance 110" in await credits_text(fake, alice)
    assert ledger_kinds(bot, alice.user.id) == ["starting", "purchase"]
    row = purchase_row(bot, bought.id)
    assert row is not None and row["consumed_at"] is not None


async def test_a_bad_pack_setting_stops_the_bot_with_one_line_naming_it(
    fake: FakeDiscord, tmp_path: Path, model_cache: Path
):
    """A pack mapped to a durable SKU: the bot does not start, and says which and why in one
    line (no traceback)."""
    good = fake.shop.add_sku("100 credits")
    lifetime = fake.shop.add_sku("Lifetime", DURABLE)
    bot = launcher(fake, tmp_path, model_cache, {good.id: 100, lifetime.id: 50})
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=bot.home,
        env=bot.environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, stderr = await asyncio.wait_for(process.communicate(), timeout=120)
    text = stderr.decode()
    assert process.returncode == 2, text
    expected = f"UPSCALE_CREDITS__PACKS: SKU {lifetime.id} (Lifetime) is durable, not consumable"
    assert text.strip().splitlines()[-1] == expected
    assert "Traceback" not in text
    assert not re.search(r"SKU \d+ \(100 credits\)", text)
