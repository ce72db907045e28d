"""One try of a job on one remote worker, and what the bot believes of what it hears about it.

An attempt is known by its token and holds the secret only the bot and its worker share
(:mod:`engine.remote.attempt_keys`): a message about it counts only when it comes under the
worker's name with that secret's proof. An attempt that ended is remembered a while by its
token and secret, so a late result it proves can still be cleared from Redis.
"""

from __future__ import annotations

import asyncio
import collections
import logging
from dataclasses import dataclass, field

from bot.jobs.places.protocol import ProgressHandler, StartHandler
from bot.jobs.places.remote.result_check import ResultBounds
from engine.finished_run import FinishedRun
from engine.process.protocol import EngineFailure, WorkerCrashed
from engine.remote.protocol import (
    Accepted,
    Assignment,
    AttemptMessage,
    Failed,
    Finished,
    Lost,
    Progress,
    Started,
    proven,
)

log = logging.getLogger(__name__)

# What a member may read of a worker's own words about a failure.
FAILURE_TEXT_MAX = 300
# Attempts that ended lately, by token: a late result they prove is still cleared from Redis.
ENDED_KEPT = 1000
# From the hand-out to Started, a worker may wait for its other slot's job (up to the job
# time limit) and fetch the input: this allowance, plus a second per MiB of input.
TRANSFER_ALLOWANCE_S = 30.0
TRANSFER_FLOOR_BYTES_PER_S = 1 << 20


def start_within_s(limit_s: float, allowance_s: float, input_bytes: int) -> float:
    """How long after its hand-out a job may go without starting."""
    return limit_s + allowance_s + input_bytes / TRANSFER_FLOOR_BYTES_PER_S


@dataclass(slots=True)
class RemoteAttempt:
    """One try of a job on one worker, known by its token until it ends."""

    assignment: Assignment
    worker: str
    secret: bytes  # derived by this bot and the worker only: its messages prove it
    bounds: ResultBounds
    future: asyncio.Future[FinishedRun]
    on_start: StartHandler
    on_progress: ProgressHandler
    lease_until: float
    started: asyncio.Event = field(default_factory=asyncio.Event)
    accepted: bool = False
    collecting: bool = False  # the result is being fetched: the lease no longer matters
    dispatch_s: float = 0.0  # from the worker's ask arriving to its assignment written
    cancel_requested: bool = False

    def believes(self, message: AttemptMessage) -> bool:
        """Whether ``message`` comes from this attempt's worker, proved with its secret."""
        return message.worker == self.worker and proven(message, self.secret)

    def hear(self, message: AttemptMessage, lease_until: float) -> Finished | None:
        """Apply a believed message; a result to collect comes back (once)."""
        self.lease_until = lease_until
        if isinstance(message, Accepted):
            self.accepted = True
        elif isinstance(message, Started):
            self.accepted = True
            self.started.set()
            self.on_start()
        elif isinstance(message, Progress):
            total = max(message.total, 1)
            self.on_progress(min(message.done, total), total)
        elif isinstance(message, Finished) and not self.collecting:
            self.collecting = True
            return message
        elif isinstance(message, Failed):
            text = member_safe(message.message)
            self.future.set_exception(EngineFailure(message.code, text, message.retryable))
        elif isinstance(message, Lost):
            log.warning("job %s: worker %s lost it: %s", message.token, self.worker, message.reason)
            self.future.set_exception(WorkerCrashed(None, bystander=message.bystander))
        return None


class EndedAttempts:
    """The secrets of the latest attempts that ended, by token (bounded)."""

    def __init__(self, kept: int = ENDED_KEPT) -> None:
        self.kept = kept
        self._secrets: collections.OrderedDict[str, bytes] = collections.OrderedDict()

    def remember(self, token: str, secret: bytes) -> None:
        self._secrets[token] = secret
        while len(self._secrets) > self.kept:
            self._secrets.popitem(last=False)

    def proves(self, message: AttemptMessage) -> bool:
        """Whether ``message`` is proved by the attempt of its token that ended."""
        secret = self._secrets.get(message.token)
        return secret is not None and proven(message, secret)


def member_safe(text: str) -> str:
    """A worker's failure text as a member may see it: short, and pinging nobody."""
    short = text if len(text) <= FAILURE_TEXT_MAX else text[: FAILURE_TEXT_MAX - 1] + "…"
    return short.replace("@", "@\u200b")
