"""What the bot and remote engine workers say to each other through Redis, and under which keys.

::

    {prefix}:events                 stream, every worker -> the bot (consumer group "bot")
    {prefix}:inbox:{worker}         stream, the bot -> one worker (consumer group "worker")
    {prefix}:worker:{worker}        a worker's capabilities, for operators (expires)
    {prefix}:input:{token}          a job's input image (expires)
    {prefix}:output:{token}:{part}  a result's files, ``png`` and ``upload`` (expire)

A worker *asks* for work when it has a free slot; the bot answers an ask with an
:class:`Assignment` that carries an attempt ``token``. Every later message about that job
names the token: the bot acts only on the token of a job's current attempt, so a result from
an attempt it gave up on (the worker went silent past its lease) is recognised and dropped.

Each stream entry is ``{"kind": ..., "body": JSON}``. Entries are validated on the way in:
a malformed one raises :class:`MalformedMessage` and is skipped, never trusted.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar

from pydantic import TypeAdapter, ValidationError

from engine.finished_run import FinishedRun

BOT_GROUP = "bot"
WORKER_GROUP = "worker"
# Streams are trimmed to about this many entries: enough for any backlog a restart leaves.
EVENTS_MAXLEN = 100_000
INBOX_MAXLEN = 1_000


class MalformedMessage(Exception):
    """A stream entry that is not one of the messages below."""


@dataclass(frozen=True, slots=True)
class RedisKeys:
    prefix: str

    @property
    def events(self) -> str:
        return f"{self.prefix}:events"

    def inbox(self, worker: str) -> str:
        return f"{self.prefix}:inbox:{worker}"

    def worker(self, worker: str) -> str:
        return f"{self.prefix}:worker:{worker}"

    def input(self, token: str) -> str:
        return f"{self.prefix}:input:{token}"

    def output(self, token: str, part: str) -> str:
        return f"{self.prefix}:output:{token}:{part}"


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What a worker can do. ``engines``: ``realesrgan`` and, when configured, ``diffusion``
    (the creative x4 upscaler) and ``detail`` (an SD checkpoint);
    ``memory_bytes``: the device's memory (RAM on a CPU); the limits are the largest input
    it takes; ``slots``: jobs it holds at once (one computes while the next is fetched)."""

    device: str
    engines: tuple[str, ...]
    models: tuple[str, ...]
    memory_bytes: int
    max_input_pixels: int
    max_creative_pixels: int
    max_input_bytes: int
    slots: int


class Message:
    KIND: ClassVar[str]


# -- worker -> bot ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Heartbeat(Message):
    """Alive; renews the leases of every job in ``holding``; next one within ``interval_s``."""

    KIND: ClassVar[str] = "heartbeat"
    worker: str
    capabilities: Capabilities
    holding: tuple[str, ...]
    interval_s: float


@dataclass(frozen=True, slots=True)
class Ask(Message):
    """A free slot. Sent again with the same id until answered (Redis may have lost it)."""

    KIND: ClassVar[str] = "ask"
    worker: str
    ask_id: str


@dataclass(frozen=True, slots=True)
class Accepted(Message):
    """The worker took the assignment; from now on a lost lease counts as an attempt."""

    KIND: ClassVar[str] = "accepted"
    worker: str
    token: str


@dataclass(frozen=True, slots=True)
class Started(Message):
    """The engine began computing (the job time limit counts from here)."""

    KIND: ClassVar[str] = "started"
    worker: str
    token: str


@dataclass(frozen=True, slots=True)
class Progress(Message):
    KIND: ClassVar[str] = "progress"
    worker: str
    token: str
    done: int
    total: int


@dataclass(frozen=True, slots=True)
class Finished(Message):
    """The result; its two files are at ``RedisKeys.output(token, "png" | "upload")``. ``run``
    is the worker's record of the run: its paths are the worker's own, never read here (the
    bot re-points the record at the copies it fetches)."""

    KIND: ClassVar[str] = "finished"
    worker: str
    token: str
    run: FinishedRun


@dataclass(frozen=True, slots=True)
class Failed(Message):
    """The engine refused or failed the job (``code`` as in the local worker's failures)."""

    KIND: ClassVar[str] = "failed"
    worker: str
    token: str
    code: str
    message: str
    retryable: bool


@dataclass(frozen=True, slots=True)
class Lost(Message):
    """The worker could not finish the job: its engine died, the input expired, or it had no
    free slot for it. ``bystander``: the job itself did nothing wrong (no attempt spent)."""

    KIND: ClassVar[str] = "lost"
    worker: str
    token: str
    bystander: bool
    reason: str


@dataclass(frozen=True, slots=True)
class Goodbye(Message):
    """The worker is stopping: forget its asks."""

    KIND: ClassVar[str] = "goodbye"
    worker: str


# -- bot -> worker ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Assignment(Message):
    """A job for the slot ``ask_id``; the input is at ``RedisKeys.input(token)``."""

    KIND: ClassVar[str] = "assignment"
    token: str
    ask_id: str
    job_id: int
    model: str
    scale: int
    mode: str
    upload_limit: int
    lease_s: float
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Cancel(Message):
    """Stop the job (the member cancelled it, it ran past its time, or its lease was lost)."""

    KIND: ClassVar[str] = "cancel"
    token: str


MESSAGES: dict[str, type[Message]] = {
    kind.KIND: kind
    for kind in (
        Heartbeat,
        Ask,
        Accepted,
        Started,
        Progress,
        Finished,
        Failed,
        Lost,
        Goodbye,
        Assignment,
        Cancel,
    )
}


_ADAPTERS: dict[str, TypeAdapter[Any]] = {}


def _adapter(kind: type[Message]) -> TypeAdapter[Any]:
    adapter = _ADAPTERS.get(kind.KIND)
    if adapter is None:
        adapter = _ADAPTERS[kind.KIND] = TypeAdapter(kind)
    return adapter


def encode(message: Message) -> dict[str, str]:
    """The stream entry's fields."""
    body = asdict(message)  # type: ignore[call-overload]
    return {"kind": message.KIND, "body": json.dumps(body, separators=(",", ":"))}


def decode(fields: Mapping[bytes, bytes]) -> Message:
    """Raises: MalformedMessage (unknown kind, bad JSON, a field missing or of a wrong type)."""
    kind_name = fields.get(b"kind", b"").decode("utf-8", "replace")
    kind = MESSAGES.get(kind_name)
    if kind is None:
        raise MalformedMessage(f"unknown message kind {kind_name!r}")
    try:
        body = json.loads(fields.get(b"body", b"{}"))
        message: Message = _adapter(kind).validate_python(body)
    except (ValueError, ValidationError) as exc:
        raise MalformedMessage(f"bad {kind_name} message: {exc}") from None
    return message
