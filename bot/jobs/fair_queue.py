"""The waiting line in front of the engine: fair between members, bounded.

Fairness: the next job comes from the member who was served least recently (members never
served come first, in arrival order), so one member with many queued jobs takes turns with
everyone else instead of blocking them. Within a member, jobs run in the order queued.

Members with nothing queued are remembered only while they are among the
:data:`IDLE_REMEMBERED` who went idle last: one served longer ago than that counts as new
when it comes back (a small favour to it), and the queue's memory, and the work of each
:meth:`FairQueue.order`, stay the size of who is waiting, not of everyone ever served.

:class:`Throughput` measures megapixels per second per model (an exponential moving average,
updated after every job); the job board turns it into the one estimate members see.
"""

from __future__ import annotations

import bisect
import itertools
from collections import OrderedDict, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

DEFAULT_MP_PER_S = 0.01  # a cautious first guess (x4plus on a small CPU) until measured
SMOOTHING = 0.3
IDLE_REMEMBERED = 1000

# Members are served fairly per server: (guild id, member id).
Owner = tuple[int, int]


class QueueFull(Exception):
    """The queue holds its maximum; nothing was added."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(f"the queue is full ({limit} jobs)")


@dataclass(slots=True)
class QueuedJob:
    job_id: int
    owner: Owner  # who is served fairly
    model: str
    megapixels: float
    seq: int = 0


@dataclass(slots=True)
class _Owner:
    jobs: deque[QueuedJob] = field(default_factory=deque)
    last_served: int = -1


class Throughput:
    """Measured megapixels per second per model, and time estimates from it."""

    def __init__(self) -> None:
        self._rates: dict[str, float] = {}

    def record(self, model: str, megapixels: float, seconds: float) -> None:
        if seconds <= 0 or megapixels <= 0:
            return
        rate = megapixels / seconds
        previous = self._rates.get(model)
        self._rates[model] = rate if previous is None else previous + SMOOTHING * (rate - previous)

    def rate(self, model: str) -> float:
        return self._rates.get(model, DEFAULT_MP_PER_S)

    def seconds_for(self, model: str, megapixels: float) -> float:
        return megapixels / self.rate(model)


class FairQueue:
    """A queue of jobs, fair across owners. Not thread-safe (one event loop)."""

    def __init__(self, max_length: int) -> None:
        self.max_length = max_length
        self._owners: dict[Owner, _Owner] = {}
        self._idle: OrderedDict[Owner, None] = OrderedDict()  # nothing queued, oldest first
        self._by_id: dict[int, QueuedJob] = {}
        self._turn = itertools.count()
        self._watchers: list[Callable[[], None]] = []

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, job_id: int) -> bool:
        return job_id in self._by_id

    def put(self, job: QueuedJob, *, force: bool = False) -> None:
        """Add a job; ``force`` admits recovered jobs even beyond the maximum.

        Raises:
            QueueFull: at the maximum length (and not ``force``).
        """
        if job.job_id in self._by_id:
            return
        if not force and len(self) >= self.max_length:
            raise QueueFull(self.max_length)
        # Arrival order is the job id (ids grow with each confirm), not the moment the job got
        # here: downloads finish in any order, and that must not reorder a member's jobs.
        job.seq = job.job_id
        owner = self._owners.get(job.owner)
        if owner is None:
            owner = self._owners[job.owner] = _Owner()
        self._idle.pop(job.owner, None)
        index = bisect.bisect(owner.jobs, job.seq, key=lambda queued: queued.seq)
        owner.jobs.insert(index, job)
        self._by_id[job.job_id] = job
        for watcher in self._watchers:
            watcher()

    def take_first(self, accept: Callable[[QueuedJob], bool]) -> QueuedJob | None:
        """Take the first job in :meth:`order` that ``accept`` takes (a worker that has its
        model), serving its owner; the jobs passed over keep their places."""
        job = next((queued for queued in self._in_order() if accept(queued)), None)
        if job is not None:
            self.remove(job.job_id)
            self._owners[job.owner].last_served = next(self._turn)
        return job

    def watch(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` after every :meth:`put`."""
        self._watchers.append(callback)

    def remove(self, job_id: int) -> bool:
        """Take a waiting job out (cancelled); False if it is not waiting."""
        job = self._by_id.pop(job_id, None)
        if job is None:
            return False
        owner = self._owners[job.owner]
        owner.jobs.remove(job)
        if not owner.jobs:
            self._idle[job.owner] = None
            self._idle.move_to_end(job.owner)
            while len(self._idle) > IDLE_REMEMBERED:
                forgotten, _ = self._idle.popitem(last=False)
                del self._owners[forgotten]
        return True

    def remembered(self) -> int:
        """How many members the queue keeps a turn for (waiting or lately served)."""
        return len(self._owners)

    def order(self) -> list[QueuedJob]:
        """Waiting jobs in the order they will run (if nothing else arrives)."""
        return list(self._in_order())

    def _in_order(self) -> Iterator[QueuedJob]:
        simulated = {
            key: (owner.last_served, deque(owner.jobs))
            for key, owner in self._owners.items()
            if owner.jobs  # the idle ones have no turn to take
        }
        turn = max((o.last_served for o in self._owners.values()), default=-1)
        while True:
            waiting = [
                (served, jobs[0].seq, key) for key, (served, jobs) in simulated.items() if jobs
            ]
            if not waiting:
                return
            *_, key = min(waiting, key=lambda t: (t[0], t[1]))
            turn += 1
            jobs = simulated[key][1]
            yield jobs.popleft()
            simulated[key] = (turn, jobs)
