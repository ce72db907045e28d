"""The fair queue: turns between members, a hard length limit, positions and estimates."""

from __future__ import annotations

import asyncio
import time

import pytest

from bot.jobs.board import ActiveJob, JobBoard
from bot.jobs.fair_queue import IDLE_REMEMBERED, FairQueue, QueuedJob, QueueFull, Throughput


def job(job_id: int, owner: str, megapixels: float = 1.0, model: str = "x4plus") -> QueuedJob:
    return QueuedJob(job_id, owner, model, megapixels)


def drain(queue: FairQueue) -> list[int]:
    taken = []
    while (item := queue.take_first(lambda _: True)) is not None:
        taken.append(item.job_id)
    return taken


def test_members_take_turns():
    """A queues 3, then B queues 1: B runs second."""
    queue = FairQueue(10)
    for i in (1, 2, 3):
        queue.put(job(i, "A"))
    queue.put(job(4, "B"))
    assert [j.job_id for j in queue.order()] == [1, 4, 2, 3]
    assert drain(queue) == [1, 4, 2, 3]


def test_a_member_just_served_waits_behind_newcomers():
    """After A's job starts, a newcomer B goes before A's next job."""
    queue = FairQueue(10)
    queue.put(job(1, "A"))
    assert drain(queue) == [1]
    queue.put(job(2, "A"))
    queue.put(job(3, "B"))
    assert drain(queue) == [3, 2]


def test_the_queue_has_a_maximum():
    """Beyond the maximum, the job is refused (recovered jobs may still be forced in)."""
    queue = FairQueue(2)
    queue.put(job(1, "A"))
    queue.put(job(2, "B"))
    with pytest.raises(QueueFull, match="2 jobs"):
        queue.put(job(3, "C"))
    queue.put(job(3, "C"), force=True)
    assert len(queue) == 3


def test_positions_and_removal():
    """Positions follow the fair order; a cancelled job leaves the line."""
    queue = FairQueue(10)
    for i, owner in ((1, "A"), (2, "A"), (3, "B")):
        queue.put(job(i, owner))
    assert [q.job_id for q in queue.order()] == [1, 3, 2]
    assert queue.remove(3) and not queue.remove(3)
    assert [q.job_id for q in queue.order()] == [1, 2]


def test_estimates_come_from_measured_throughput():
    """#3 in line with 1 MP jobs at a measured 0.5 MP/s, behind a running job half done:
    about 6 s for the line plus 1 s for what runs."""
    queue = FairQueue(10)
    for i, owner in ((1, "A"), (2, "B"), (3, "C")):
        queue.put(job(i, owner))
    speed = Throughput()
    speed.record("x4plus", 1.0, 2.0)
    assert speed.rate("x4plus") == 0.5
    board = JobBoard(storage=None, presenter=None, queue=queue, throughput=speed, interval_s=1)
    running = ActiveJob(9, (1, 9), progress=None, megapixels=1.0, model="x4plus", started=0.0)
    running.fraction = 0.5
    board.jobs[9] = running
    third = board.place(3)
    assert third is not None and third.position == 3
    assert third.eta_s == pytest.approx(7.0)
    assert [w.position for w in board.waiting()] == [1, 2, 3]
    assert board.place(9) is None  # running, not waiting
    speed.record("x4plus", 1.0, 1.0)  # faster now: the average moves towards it
    assert 0.5 < speed.rate("x4plus") < 1.0


async def test_the_dispatcher_sleeps_until_work_arrives():
    """A watcher (the dispatcher's wake-up) is told only once a job is waiting."""
    queue = FairQueue(10)
    arrived = asyncio.Event()
    queue.watch(arrived.set)
    waiter = asyncio.create_task(arrived.wait())
    await asyncio.sleep(0.01)
    assert not waiter.done()
    queue.put(job(7, "A"))
    await asyncio.wait_for(waiter, 1)
    assert queue.take_first(lambda _: True).job_id == 7


def test_a_members_jobs_keep_confirm_order_whatever_order_they_arrive_in():
    """Downloads finish in any order; a member's jobs still run in the order confirmed."""
    queue = FairQueue(10)
    queue.put(job(3, "A"))
    queue.put(job(2, "A"))
    queue.put(job(4, "B"))
    queue.put(job(1, "A"))
    assert drain(queue) == [1, 4, 2, 3]


def test_members_with_nothing_queued_are_forgotten_so_order_stays_quick():
    """30k members served once each: the queue remembers a bounded few, its order comes back
    at once, and turns still go to the member who waited over the one just served."""
    queue = FairQueue(10)
    for n in range(30_000):
        queue.put(QueuedJob(n, (1, n), "x4plus", 0.1))
        assert queue.take_first(lambda _: True) is not None
    assert queue.remembered() <= IDLE_REMEMBERED
    queue.put(job(200_000, "A"))
    queue.put(job(200_001, "A"))
    queue.put(QueuedJob(200_002, (1, 29_999), "x4plus", 0.1))  # the member served last
    started = time.perf_counter()
    assert [j.job_id for j in queue.order()] == [200_000, 200_002, 200_001]
    assert time.perf_counter() - started < 0.05
    queue.put(job(200_003, "B"))
    assert drain(queue) == [200_000, 200_003, 200_002, 200_001]
