"""A chaos soak: a crowd against the real bot while everything around it fails.

    python -m bench.chaos [--jobs 5000] [--seed 19] [--members 40] [--rate-bot-killed 0.6 ...]

The bot runs as an operator runs it (``python -m bot``, a process of its own) against the
fake Discord started here, with real SQLite in a temporary data directory and the real engine
worker on the compact model (16-64 px inputs). Members in two servers post single and
multi-image messages, click Upscale, change the factor, confirm (sometimes twice), cancel,
ask /credits and /history, buy credit packs (some refunded by Discord later); admins grant
and revoke. Faults, each at its own rate per 100
confirmed jobs (see ``testbed/chaos/faults.py``): 429s, 500s and slow answers on Discord's
REST routes, gateway drops with RESUME and with a fresh IDENTIFY, messages deleted mid-job,
attachment links expired, the engine worker killed, the bot killed with SIGKILL and started
again on the same data directory, and the disk refusing writes (ENOSPC) for a moment.

At the end, with the bot stopped, it checks every job is final, every delivered result is on
its message (or the message is gone and the result is in history), every wallet adds up
(start + grants - revokes + packs bought - refunded - delivered prices), every pack
bought in Discord landed once and every refund was taken back once, no hold is open, the ledger's invariants and
SQLite's integrity hold, and every interaction was answered within 3 s while the bot could
hear Discord. Prints one JSON line; exits 1 if anything was wrong.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import random
import re
import shutil
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.playground.standin import FakeDiscord
from config import load_settings
from storage.store import Storage
from testbed.chaos.audit import Findings, audit
from testbed.chaos.bot_process import BotProcess
from testbed.chaos.crowd import Crowd
from testbed.chaos.faults import Chaos, FaultRates, draw_plan
from testbed.chaos.world import Availability, LoopLag, Server, build_world

DRAIN_TIMEOUT_S = 300.0
PACK_CREDITS = 100


@dataclass
class SoakOptions:
    jobs: int = 300
    seed: int = 19
    members: int = 40
    starting_balance: int = 30
    rates: FaultRates = field(default_factory=FaultRates)
    # Torch threads in the engine worker. One: on a shared 2-core host, two OpenMP threads
    # fighting other processes made each tiny upscale 10x slower.
    engine_threads: int = 1
    model_cache: Path | None = None  # converted weights to reuse between runs
    keep: Path | None = None  # copy the data directory and the bot's log here
    max_minutes: float | None = None  # stop the crowd then (the end checks still run)
    progress_every_s: float | None = None  # a progress line on stderr this often


def bot_settings(servers: list[Server], options: SoakOptions, pack_sku: int) -> dict[str, str]:
    return {
        "UPSCALE_CREDITS__PACKS": json.dumps({str(pack_sku): PACK_CREDITS}),
        "UPSCALE_CREDITS__CONSUME_RETRY_S": "0.5",
        "UPSCALE_ENGINE__MODEL": "animevideo-x4",
        # Results of 64 px inputs may be upscaled again at x2, not at x4 (the limit refuses
        # those, with a refund), so images stay small.
        "UPSCALE_ENGINE__MAX_INPUT_PIXELS": str(128 * 128),
        "UPSCALE_DISCORD__AUTO_BUTTON_CHANNELS": json.dumps(
            [s.generator_channel.id for s in servers]
        ),
        "UPSCALE_CREDITS__STARTING_BALANCE": str(options.starting_balance),
        "UPSCALE_QUEUE__PROGRESS_INTERVAL_S": "0.5",
        "UPSCALE_QUEUE__DELIVERY_BACKOFF_S": "0.2",
        "UPSCALE_QUEUE__REDELIVERY_INTERVAL_S": "5",
        "OMP_NUM_THREADS": str(options.engine_threads),
    }


def active_jobs(database: Path) -> int:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=10) as conn:
        row = conn.execute(
            "SELECT COUNT(*) FROM jobs WHERE state IN ('queued', 'running', 'succeeded')"
        ).fetchone()
    return int(row[0])


async def drain(database: Path, timeout_s: float) -> float:
    """Wait until no job is waiting, running or waiting to be shown; returns seconds."""
    began = time.monotonic()
    quiet_since: float | None = None
    while time.monotonic() - began < timeout_s:
        if await asyncio.to_thread(active_jobs, database) == 0:
            quiet_since = quiet_since or time.monotonic()
            if time.monotonic() - quiet_since > 2.0:
                break
        else:
            quiet_since = None
        await asyncio.sleep(0.5)
    return time.monotonic() - began


async def balances_shown(fake: FakeDiscord, servers: list[Server]) -> dict[tuple[int, int], int]:
    """Every member's /credits, as they see it."""
    shown: dict[tuple[int, int], int] = {}
    for server in servers:
        for member in [*server.members, server.guild.owner]:
            handle = await fake.run_slash("credits", member, channel=server.channels[0]).response(
                within=30
            )
            match = re.search(r"\*\*Balance (\d+)\*\*", handle.shown()[0].content)
            if match:
                shown[(server.guild.id, member.user.id)] = int(match.group(1))
    return shown


async def run_soak(options: SoakOptions) -> dict[str, Any]:
    began = time.monotonic()
    fake = FakeDiscord()
    await fake.start()
    home = Path(tempfile.mkdtemp(prefix="upscale-chaos-"))
    data = home / "data"
    data.mkdir()
    if options.model_cache is not None:
        options.model_cache.mkdir(parents=True, exist_ok=True)
        (data / "models").symlink_to(options.model_cache, target_is_directory=True)
    disk_full = home / "disk-full"
    servers = build_world(fake, options.members, random.Random(f"{options.seed}:world"))
    pack = fake.shop.add_sku(f"{PACK_CREDITS} credits")
    bot = BotProcess(fake, home, data, bot_settings(servers, options, pack.id), disk_full)
    availability = Availability()
    lag = LoopLag()
    lag.start()
    try:
        startup_s = await bot.start()
        availability.came_up()
        plan = draw_plan(options.rates, options.jobs, random.Random(f"{options.seed}:faults"))
        chaos = Chaos(
            fake, bot, availability, plan, random.Random(f"{options.seed}:chaos"), disk_full
        )
        crowd = Crowd(
            fake,
            servers,
            options.seed,
            options.jobs,
            availability,
            chaos.on_confirmed,
            chaos.before_confirm,
        )
        chaos.watch()
        watchers = [asyncio.create_task(_report(crowd, chaos, options, began))]
        if options.max_minutes is not None:
            watchers.append(asyncio.create_task(_stop_after(crowd, options.max_minutes * 60)))
        await crowd.run()
        for watcher in watchers:
            watcher.cancel()
        crowd_s = time.monotonic() - began
        await chaos.settle()
        drain_s = await drain(data / "upscale-bot.sqlite3", DRAIN_TIMEOUT_S)
        shown = await balances_shown(fake, servers)
        await bot.stop()
        settings = load_settings(storage={"data_dir": data})
        storage = await Storage.open(settings, migrate=False)
        try:
            findings, figures = await audit(
                storage,
                fake,
                crowd.seen,
                availability,
                lag,
                options.starting_balance,
                shown,
                home=str(home),
                servers=servers,
                pack_credits=PACK_CREDITS,
            )
        finally:
            await storage.close()
    finally:
        lag.stop()
        await bot.stop()
        await fake.stop()
        if options.keep is not None:
            shutil.copytree(home, options.keep, dirs_exist_ok=True, symlinks=True)
        shutil.rmtree(home, ignore_errors=True)
    jobs, interactions = figures.jobs, figures.interactions
    return {
        "benchmark": "chaos",
        "seed": options.seed,
        "jobs_target": options.jobs,
        "stopped_by_time_limit": crowd.seen.confirmed < options.jobs,
        "members": options.members,
        "jobs_confirmed": jobs["confirmed"],
        "delivered": jobs["delivered"],
        "delivered_message_gone": jobs["delivered_message_gone"],
        "refunded": jobs["failed"] + jobs["cancelled"],
        "failed": jobs["failed"],
        "cancelled": jobs["cancelled"],
        "stranded": len(findings.stranded),
        "faults": dict(sorted(chaos.injected.items())),
        "bot_restarts": bot.starts - 1,
        "bot_exited_on_its_own": chaos.unexpected_exits,
        "interactions": interactions["total"],
        "interactions_missed": interactions["missed"],
        "interactions_unanswerable": {
            "bot_unreachable": interactions["missed_bot_unreachable"],
            "injected_fault": interactions["missed_injected_fault"],
            "fake_discord_stalled": interactions["missed_fake_discord_stalled"],
        },
        "fake_discord_worst_lag_s": round(lag.worst_s, 2),
        "credit_discrepancies": len(findings.credits),
        "packs": figures.purchases,
        "findings": findings.count(),
        "crowd": dict(sorted(crowd.seen.actions.items())),
        "crowd_gave_up_waiting": crowd.seen.no_answer,
        "startup_s": round(startup_s, 1),
        "crowd_s": round(crowd_s, 1),
        "drain_s": round(drain_s, 1),
        "elapsed_s": round(time.monotonic() - began, 1),
        "details": details(findings),
    }


async def _stop_after(crowd: Crowd, seconds: float) -> None:
    await asyncio.sleep(seconds)
    crowd.stop()


async def _report(crowd: Crowd, chaos: Chaos, options: SoakOptions, began: float) -> None:
    if options.progress_every_s is None:
        return
    while True:
        await asyncio.sleep(options.progress_every_s)
        line = {
            "elapsed_s": round(time.monotonic() - began),
            "confirmed": crowd.seen.confirmed,
            "faults": sum(chaos.injected.values()),
            "bot_starts": chaos.bot.starts,
        }
        print(json.dumps(line), file=sys.stderr, flush=True)


def details(findings: Findings, limit: int = 20) -> dict[str, list[str]]:
    return {
        name: items[:limit]
        for name in findings.__dataclass_fields__
        if (items := getattr(findings, name))
    }


def clean(result: dict[str, Any]) -> bool:
    return not any(result["findings"].values())


def parse_options(argv: list[str] | None = None) -> SoakOptions:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=300, help="confirmed jobs to reach")
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--members", type=int, default=40)
    parser.add_argument("--starting-balance", type=int, default=30)
    parser.add_argument("--engine-threads", type=int, default=1)
    parser.add_argument("--model-cache", type=Path, default=None)
    parser.add_argument("--keep", type=Path, default=None, help="keep data dir and bot log here")
    parser.add_argument(
        "--max-minutes", type=float, default=None, help="stop the crowd then; still checked"
    )
    parser.add_argument("--progress", type=float, default=None, help="stderr line every N s")
    defaults = FaultRates()
    for kind in FaultRates.kinds():
        parser.add_argument(
            f"--rate-{kind.replace('_', '-')}",
            type=float,
            default=getattr(defaults, kind),
            help=f"{kind} per 100 confirmed jobs (default {getattr(defaults, kind)})",
        )
    args = parser.parse_args(argv)
    rates = FaultRates(**{kind: getattr(args, f"rate_{kind}") for kind in FaultRates.kinds()})
    return SoakOptions(
        jobs=args.jobs,
        seed=args.seed,
        members=args.members,
        starting_balance=args.starting_balance,
        engine_threads=args.engine_threads,
        rates=rates,
        model_cache=args.model_cache,
        keep=args.keep,
        max_minutes=args.max_minutes,
        progress_every_s=args.progress,
    )


def main() -> int:
    # A bot killed mid-request leaves the fake Discord's server a cut request, which aiohttp
    # logs with a traceback each time: expected here, and noise.
    logging.getLogger("aiohttp.server").setLevel(logging.CRITICAL)
    result = asyncio.run(run_soak(parse_options()))
    print(json.dumps(result))
    return 0 if clean(result) else 1


if __name__ == "__main__":
    sys.exit(main())
