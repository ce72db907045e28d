"""Which waiting job a worker's free slot gets: the fair queue's order, filtered to what the
worker can run; the jobs passed over keep their places. No Redis needed."""

from __future__ import annotations

from bot.jobs.fair_queue import FairQueue, QueuedJob
from bot.jobs.modes import CREATIVE_MODEL
from bot.jobs.places.remote.roster import Roster
from engine.remote.attempt_keys import KeyPair, fingerprint
from engine.remote.protocol import Capabilities, Heartbeat

KEYS: dict[str, KeyPair] = {}


def name(short: str) -> str:
    """A worker's name as workers make it: the chosen part, then its key's fingerprint."""
    key = KEYS.setdefault(short, KeyPair())
    return f"{short}-{fingerprint(key.public_hex)}"


def beat(short: str, caps: Capabilities, interval_s: float) -> Heartbeat:
    worker = name(short)
    return Heartbeat(worker, caps, (), interval_s, KEYS[short].public_hex)


def job(job_id: int, owner: str, model: str = "animevideo-x4", mp: float = 0.01) -> QueuedJob:
    return QueuedJob(job_id, (1, hash(owner)), model, mp)


def capabilities(
    *models: str, max_pixels: int = 1_000_000, diffusion: bool = False
) -> Capabilities:
    return Capabilities(
        device="cpu",
        engines=("realesrgan", "diffusion") if diffusion else ("realesrgan",),
        models=models,
        memory_bytes=8 << 30,
        max_input_pixels=max_pixels,
        max_creative_pixels=max_pixels // 4,
        max_input_bytes=1 << 20,
        slots=1,
    )


def test_a_slot_gets_the_first_job_in_fair_order_it_can_run():
    """A's first job needs a model the worker lacks: it keeps its place at the head of the
    line, and the worker gets the next jobs in fair order (B's, then A's second)."""
    queue = FairQueue(10)
    queue.put(job(1, "A", "x4plus"))
    queue.put(job(2, "A"))
    queue.put(job(3, "B"))
    assert [queued.job_id for queued in queue.order()] == [1, 3, 2]
    has_compact = lambda queued: queued.model == "animevideo-x4"  # noqa: E731
    taken = [queue.take_first(has_compact), queue.take_first(has_compact)]
    assert [queued.job_id for queued in taken if queued is not None] == [3, 2]
    assert queue.take_first(has_compact) is None
    assert [queued.job_id for queued in queue.order()] == [1]


def test_workers_are_matched_by_model_engine_and_input_size():
    roster = Roster()
    roster.heartbeat(beat("small", capabilities("animevideo-x4", max_pixels=10_000), 1.0), 0.0)
    roster.heartbeat(beat("gpu", capabilities("x4plus", diffusion=True), 1.0), 0.0)
    roster.add_ask(name("small"), "1", 0.0)
    roster.add_ask(name("gpu"), "1", 0.1)
    assert roster.ask_for(job(1, "A", mp=0.01), 0.5).worker == name("small")  # type: ignore[union-attr]
    assert roster.ask_for(job(2, "A", mp=0.02), 0.5) is None  # too large for "small"
    assert roster.ask_for(job(3, "A", "x4plus", mp=0.5), 0.5).worker == name("gpu")  # type: ignore[union-attr]
    assert roster.ask_for(job(4, "A", CREATIVE_MODEL, mp=0.2), 0.5).worker == name("gpu")  # type: ignore[union-attr]
    assert roster.ask_for(job(5, "A", CREATIVE_MODEL, mp=0.3), 0.5) is None
    assert not roster.can_run(job(6, "A", "animevideo-x2"), 0.5)


def test_a_silent_worker_is_taken_off_with_its_asks():
    roster = Roster()
    roster.heartbeat(beat("w", capabilities("animevideo-x4"), 0.5), 0.0)
    roster.add_ask(name("w"), "1", 0.0)
    assert not roster.prune(2.0)  # three missed heartbeats and a second of grace: not yet
    assert roster.ask_for(job(1, "A"), 2.0) is not None
    assert roster.prune(2.6)
    assert roster.ask_for(job(1, "A"), 2.6) is None and not roster.asks
