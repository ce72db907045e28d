"""A job's time limit, the same for every place: it counts from the moment an engine starts
computing the job (the wait before that is not the job's own time); past it the engine is told
to stop, given a grace period, then stopped the hard way."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Any

from bot.jobs.results import remove_work_files
from engine.finished_run import FinishedRun
from engine.process.protocol import EngineFailure, WorkerCrashed

CANCEL_GRACE_S = 10.0


class JobTimedOut(Exception):
    """The engine worked on the job longer than the limit; it was stopped."""

    def __init__(self, limit_s: float) -> None:
        self.limit_s = limit_s
        super().__init__(f"the job ran longer than {limit_s:.0f} s")


class NotStarted(Exception):
    """The engine did not start the job within its allowance from the hand-out."""

    def __init__(self, allowance_s: float) -> None:
        self.allowance_s = allowance_s
        super().__init__(f"not started within {allowance_s:.0f} s of the hand-out")


async def within_time_limit(
    outcome: asyncio.Future[FinishedRun],
    started: asyncio.Event,
    limit_s: float,
    *,
    stop: Callable[[], None],
    on_stuck: Callable[[], None] | None = None,
    start_within_s: float | None = None,
) -> FinishedRun:
    """``outcome``'s result, with ``limit_s`` counted from ``started``. Past the limit:
    ``stop()``, a grace period, then ``on_stuck()`` if it is still running.
    ``start_within_s``: how long it may take to start at all (``stop()`` when it does not).

    Raises:
        JobTimedOut: past the limit (a result that comes within the grace is thrown away).
        NotStarted: not started within ``start_within_s``.
    """
    waiter = asyncio.ensure_future(started.wait())
    watched: list[asyncio.Future[Any]] = [outcome, waiter]
    try:
        await asyncio.wait(watched, timeout=start_within_s, return_when=asyncio.FIRST_COMPLETED)
    finally:
        waiter.cancel()
    if outcome.done():
        return outcome.result()
    if not started.is_set():
        assert start_within_s is not None
        stop()
        raise NotStarted(start_within_s)
    try:
        return await asyncio.wait_for(asyncio.shield(outcome), limit_s)
    except TimeoutError:
        pass
    stop()
    try:
        late = await asyncio.wait_for(asyncio.shield(outcome), CANCEL_GRACE_S)
    except (TimeoutError, EngineFailure, WorkerCrashed):
        if not outcome.done() and on_stuck is not None:
            on_stuck()
            with contextlib.suppress(Exception):
                await outcome
    else:
        await remove_work_files(late)  # finished within the grace: too late all the same
    raise JobTimedOut(limit_s)
