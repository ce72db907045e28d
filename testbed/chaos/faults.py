"""Faults, each at its own rate: Discord answering 429 or 500 or slowly, the gateway dropping
(with a RESUME, or so that the bot must IDENTIFY afresh), messages deleted mid-job, attachment
links expired, the engine worker killed, the bot killed with SIGKILL and started again, and the
disk refusing writes for a moment.

The plan is drawn up front from the seed: which confirmed job (by its number) sets off which
fault, so a seed replays the same faults at the same points of the crowd's progress (the
timing of a multi-process system is not replayable, the decisions are).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections import Counter
from collections.abc import Coroutine
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from bot.playground.standin import FakeDiscord, Message
from testbed.chaos.bot_process import BotProcess
from testbed.chaos.world import Availability, Confirmation

log = logging.getLogger(__name__)

# REST routes the bot uses, as (method, part of the path).
ROUTES = (
    ("POST", "/callback"),  # interaction responses
    ("PATCH", "/webhooks/"),  # edits of interaction responses
    ("POST", "/webhooks/"),  # followups
    ("GET", "/messages/"),  # fetching a message
    ("PATCH", "/messages/"),  # progress and results on a message
    ("POST", "/messages"),  # channel messages (replies, notices)
)
RECONNECT_TIMEOUT_S = 90.0


@dataclass
class FaultRates:
    """Expected faults per 100 confirmed jobs, by kind."""

    rest_500: float = 8.0
    rest_429: float = 8.0
    slow_response: float = 8.0
    gateway_resume: float = 2.0
    gateway_identify: float = 1.0
    message_deleted: float = 3.0
    link_expired: float = 2.0
    worker_killed: float = 1.5
    bot_killed: float = 0.6
    disk_full: float = 1.5

    @classmethod
    def kinds(cls) -> list[str]:
        return [f.name for f in fields(cls)]

    def scaled(self, factor: float) -> FaultRates:
        return FaultRates(**{k: getattr(self, k) * factor for k in self.kinds()})


def draw_plan(rates: FaultRates, jobs: int, rng: random.Random) -> dict[int, list[str]]:
    """Which confirmed job (1..jobs) sets off which faults. A kind with a positive rate
    fires at least once, so a short run still meets every fault."""
    plan: dict[int, list[str]] = {}
    for kind in FaultRates.kinds():
        rate = getattr(rates, kind) / 100.0
        hits = []
        for index in range(1, jobs + 1):
            count = int(rate) + (1 if rng.random() < rate - int(rate) else 0)
            hits += [index] * count
        if rate > 0 and not hits:
            hits = [rng.randint(1, jobs)]
        for index in hits:
            plan.setdefault(index, []).append(kind)
    return plan


class Chaos:
    """Sets off the planned faults as the crowd confirms jobs. Faults that take the bot out
    of Discord (a drop, a kill) run one at a time, and the crowd's availability follows them.
    """

    def __init__(
        self,
        fake: FakeDiscord,
        bot: BotProcess,
        availability: Availability,
        plan: dict[int, list[str]],
        rng: random.Random,
        disk_full_control: Path,
    ) -> None:
        self.fake = fake
        self.bot = bot
        self.availability = availability
        self.plan = plan
        self.rng = rng
        self.disk_full_control = disk_full_control
        self.injected: Counter[str] = Counter()
        self.unexpected_exits = 0
        self._confirmed = 0
        self._expire_next = 0
        self._outage = asyncio.Lock()
        self._tasks: set[asyncio.Task[None]] = set()
        self._watching: asyncio.Task[None] | None = None

    # -- hooks the crowd calls ------------------------------------------------------------

    def on_confirmed(self, confirmation: Confirmation) -> None:
        self._confirmed += 1
        for kind in self.plan.get(self._confirmed, []):
            self._set_off(kind, confirmation)

    def before_confirm(self, target: Message) -> None:
        """Just before a member confirms: expire the image links, when one is due."""
        if self._expire_next and not target.deleted:
            self._expire_next -= 1
            for attachment in target.attachments:
                self.fake.expire_attachment(attachment)
            self.injected["link_expired"] += 1

    # -- setting off ----------------------------------------------------------------------

    def _set_off(self, kind: str, confirmation: Confirmation) -> None:
        rng = self.rng
        faults = self.fake.faults
        if kind in ("rest_500", "rest_429", "slow_response"):
            method, part = rng.choice(ROUTES)
            if kind == "rest_500":
                faults.fail(method, part, times=rng.randint(1, 2), status=500)
            elif kind == "rest_429":
                faults.rate_limit(
                    method, part, times=rng.randint(1, 3), retry_after=rng.uniform(0.05, 1.0)
                )
            else:
                # Slow, not dead: a callback that arrives after 3 s is Discord's refusal.
                longest = 1.0 if part == "/callback" else 2.5
                faults.delay(method, part, rng.uniform(0.2, longest), times=rng.randint(1, 3))
            self.injected[kind] += 1
        elif kind == "link_expired":
            self._expire_next += 1
        elif kind == "message_deleted":
            self._spawn(self._delete_later(confirmation, rng.uniform(0.0, 2.0)))
        elif kind == "worker_killed":
            self._spawn(self._kill_worker())
        elif kind == "disk_full":
            self._spawn(self._disk_full(rng.uniform(0.3, 2.0)))
        elif kind in ("gateway_resume", "gateway_identify"):
            self._spawn(self._drop(resume=kind == "gateway_resume"))
        elif kind == "bot_killed":
            self._spawn(self._restart(rng.uniform(0.0, 2.0)))
        else:
            raise AssertionError(f"unknown fault {kind}")

    def _spawn(self, coroutine: Coroutine[Any, Any, None]) -> None:
        task = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _delete_later(self, confirmation: Confirmation, delay_s: float) -> None:
        await asyncio.sleep(delay_s)
        if not confirmation.target.deleted:
            self.fake.delete_message(confirmation.target)
            self.injected["message_deleted"] += 1

    async def _kill_worker(self) -> None:
        async with self._outage:  # not while the bot is being restarted
            if self.bot.kill_worker():
                self.injected["worker_killed"] += 1

    async def _disk_full(self, seconds: float) -> None:
        self.disk_full_control.touch()
        self.injected["disk_full"] += 1
        try:
            await asyncio.sleep(seconds)
        finally:
            self.disk_full_control.unlink(missing_ok=True)

    async def _drop(self, *, resume: bool) -> None:
        async with self._outage:
            self.availability.went_down()
            try:
                await self.fake.gateway.drop(resume=resume)
                self.injected["gateway_resume" if resume else "gateway_identify"] += 1
                await self._reconnected()
            finally:
                self.availability.came_up()

    async def _reconnected(self) -> None:
        deadline = time.monotonic() + RECONNECT_TIMEOUT_S
        while not self.fake.gateway.connected:
            if time.monotonic() > deadline:
                raise TimeoutError("the bot did not reconnect to the gateway")
            await asyncio.sleep(0.02)

    async def _restart(self, down_s: float) -> None:
        async with self._outage:
            self.availability.went_down()
            try:
                await self.bot.kill()
                self.fake.gateway.forget_closed()
                self.injected["bot_killed"] += 1
                await asyncio.sleep(down_s)
                await self.bot.start()
            finally:
                self.availability.came_up()

    # -- watching, and the end ------------------------------------------------------------

    def watch(self) -> None:
        """Restart the bot if it ever exits on its own (counted: it should not)."""
        self._watching = asyncio.create_task(self._watch())

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(1.0)
            async with self._outage:
                process = self.bot.process
                if process is not None and process.poll() is not None:
                    log.error("the bot exited on its own with %s", process.returncode)
                    self.unexpected_exits += 1
                    self.availability.went_down()
                    self.fake.gateway.forget_closed()
                    try:
                        await self.bot.start()
                    finally:
                        self.availability.came_up()

    async def settle(self) -> None:
        """Let faults in progress finish, then stop injecting: Discord and the disk are well
        again and the bot is connected."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)
        if self._watching is not None:
            self._watching.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watching
        self.fake.faults.pending.clear()
        self.disk_full_control.unlink(missing_ok=True)
        await self._reconnected()
