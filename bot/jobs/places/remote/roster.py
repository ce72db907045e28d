"""The remote workers the bot has heard from, what each can run, and their unanswered asks.

A worker is alive while its heartbeats keep coming; one silent for :data:`MISSED_HEARTBEATS`
of its own intervals is taken off the roster with its asks. An ask is a free slot: the
earliest ask from a live worker that can run a job gets it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.jobs.fair_queue import QueuedJob
from bot.jobs.modes import CREATIVE_MODEL, DETAIL_MODEL
from engine.remote.attempt_keys import name_matches_key
from engine.remote.protocol import Capabilities, Heartbeat

log = logging.getLogger(__name__)

MISSED_HEARTBEATS = 3
# Asks from a worker never heard from otherwise are forgotten after this long.
STRAY_ASK_S = 30.0
# At most this many of them are kept at all (a worker's first ask can beat its heartbeat;
# invented names must not grow the list: a worker sends its asks again soon anyway).
STRAY_ASKS_MAX = 100


@dataclass(slots=True)
class RemoteWorkerInfo:
    capabilities: Capabilities
    seen: float
    interval_s: float
    public_key: str

    def alive(self, now: float) -> bool:
        return now - self.seen <= MISSED_HEARTBEATS * self.interval_s + 1.0

    def accepts(self, job: QueuedJob) -> bool:
        """It has the job's model (or engine) and takes an input that large."""
        caps = self.capabilities
        pixels = round(job.megapixels * 1e6)
        if job.model == CREATIVE_MODEL:
            return "diffusion" in caps.engines and pixels <= caps.max_creative_pixels
        if job.model == DETAIL_MODEL:
            return "detail" in caps.engines and pixels <= caps.max_creative_pixels
        return job.model in caps.models and pixels <= caps.max_input_pixels


@dataclass(slots=True)
class WorkerAsk:
    worker: str
    ask_id: str
    since: float


class Roster:
    def __init__(self) -> None:
        self.workers: dict[str, RemoteWorkerInfo] = {}
        self.asks: dict[tuple[str, str], WorkerAsk] = {}  # in arrival order
        self._asks_of: dict[str, int] = {}  # how many asks each worker has here

    def heartbeat(self, beat: Heartbeat, now: float) -> bool:
        """Record a heartbeat; True when the worker is new or offers something else now.
        A name not made for the beat's key, or a known name with another key, is refused:
        a second client cannot take an honest worker's name (and its attempts' secrets)."""
        known = self.workers.get(beat.worker)
        if not name_matches_key(beat.worker, beat.public_key) or (
            known is not None and known.public_key != beat.public_key
        ):
            log.warning("heartbeat for %s with a key not its own ignored", beat.worker)
            return False
        self.workers[beat.worker] = RemoteWorkerInfo(
            beat.capabilities, now, beat.interval_s, beat.public_key
        )
        if known is not None and known.capabilities == beat.capabilities:
            return False
        caps = beat.capabilities
        log.info(
            "worker %s: %s, models %s, %s slots",
            beat.worker,
            caps.device,
            ", ".join(caps.models),
            caps.slots,
        )
        return True

    def heard_from(self, name: str, now: float) -> None:
        worker = self.workers.get(name)
        if worker is not None:
            worker.seen = now

    def add_ask(self, worker: str, ask_id: str, now: float) -> bool:
        """Remember a free slot; False when it was known already, or the worker has as many
        asks as it has slots (more would only be a flood), or it is unknown and too many
        strays wait already."""
        if (worker, ask_id) in self.asks:
            return False
        known = self.workers.get(worker)
        limit = known.capabilities.slots if known is not None else 1
        held = self._asks_of.get(worker, 0)
        if held >= limit or (known is None and self._strays() >= STRAY_ASKS_MAX):
            return False
        self.asks[(worker, ask_id)] = WorkerAsk(worker, ask_id, now)
        self._asks_of[worker] = held + 1
        return True

    def _strays(self) -> int:
        return sum(n for name, n in self._asks_of.items() if name not in self.workers)

    def _drop_ask(self, key: tuple[str, str]) -> None:
        del self.asks[key]
        left = self._asks_of[key[0]] - 1
        if left:
            self._asks_of[key[0]] = left
        else:
            del self._asks_of[key[0]]

    def ask_for(self, job: QueuedJob, now: float) -> WorkerAsk | None:
        """The earliest ask from a live worker that can run ``job``."""
        for ask in self.asks.values():
            worker = self.workers.get(ask.worker)
            if worker is not None and worker.alive(now) and worker.accepts(job):
                return ask
        return None

    def take(self, ask: WorkerAsk) -> None:
        self._drop_ask((ask.worker, ask.ask_id))

    def give_back(self, ask: WorkerAsk) -> bool:
        """An ask whose job never ran is the worker's free slot again (if it is still here)."""
        if ask.worker not in self.workers or (ask.worker, ask.ask_id) in self.asks:
            return False
        self.asks[(ask.worker, ask.ask_id)] = ask
        self._asks_of[ask.worker] = self._asks_of.get(ask.worker, 0) + 1
        return True

    def can_run(self, job: QueuedJob, now: float) -> bool:
        return any(w.alive(now) and w.accepts(job) for w in self.workers.values())

    def forget(self, name: str) -> None:
        self.workers.pop(name, None)
        for key in [key for key in self.asks if key[0] == name]:
            self._drop_ask(key)

    def prune(self, now: float) -> bool:
        """Forget workers gone silent (and their asks), and stray asks; True if any went."""
        gone = [name for name, worker in self.workers.items() if not worker.alive(now)]
        for name in gone:
            log.warning("worker %s: no heartbeat; taken off the list", name)
            self.forget(name)
        for key, ask in list(self.asks.items()):
            if ask.worker not in self.workers and now - ask.since > STRAY_ASK_S:
                self._drop_ask(key)
        return bool(gone)

    def excuse_silence(self, now: float) -> None:
        """The bot could not hear anyone for a while: that was not the workers' fault."""
        for worker in self.workers.values():
            worker.seen = max(worker.seen, now)
