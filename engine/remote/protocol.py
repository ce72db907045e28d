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
from dataclasses import asdict, dataclass, field, replace
from typing import Annotated, Any, ClassVar

from pydantic import Field, TypeAdapter, ValidationError

from engine.finished_run import FinishedRun
from engine.remote.attempt_keys import PUBLIC_HEX_MAX, proof_holds, prove

BOT_GROUP = "bot"
WORKER_GROUP = "worker"
# Streams are trimmed to about this many entries: enough for any backlog a restart leaves.
EVENTS_MAXLEN = 100_000
INBOX_MAXLEN = 1_000

# Every field a worker writes is bounded: a message past these is refused whole.
Name = Annotated[str, Field(min_length=1, max_length=100)]
Token = Annotated[str, Field(min_length=1, max_length=100)]
Count = Annotated[int, Field(ge=0, le=1_000_000_000)]
Proof = Annotated[str, Field(max_length=64)]
Digest = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
MAX_HOLDING = 64  # tokens one heartbeat may list: far above any worker's slots
MAX_INTERVAL_S = 60.0


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

    device: Annotated[str, Field(max_length=100)]
    engines: Annotated[tuple[Name, ...], Field(max_length=16)]
    models: Annotated[tuple[Name, ...], Field(max_length=256)]
    memory_bytes: Annotated[int, Field(ge=0, le=1 << 50)]
    max_input_pixels: Count
    max_creative_pixels: Count
    max_input_bytes: Count
    slots: Annotated[int, Field(ge=1, le=MAX_HOLDING)]


class Message:
    KIND: ClassVar[str]


# -- worker -> bot ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Heartbeat(Message):
    """Alive; renews the leases of every job in ``holding``; next one within ``interval_s``.
    ``public_key``: the worker's Diffie-Hellman public value (hex); its name ends with the
    key's fingerprint (:mod:`engine.remote.attempt_keys`)."""

    KIND: ClassVar[str] = "heartbeat"
    worker: Name
    capabilities: Capabilities
    holding: Annotated[tuple[Token, ...], Field(max_length=MAX_HOLDING)]
    interval_s: Annotated[float, Field(gt=0, le=MAX_INTERVAL_S)]
    public_key: Annotated[str, Field(min_length=1, max_length=PUBLIC_HEX_MAX)]


@dataclass(frozen=True, slots=True)
class Ask(Message):
    """A free slot. Sent again with the same id until answered (Redis may have lost it)."""

    KIND: ClassVar[str] = "ask"
    worker: Name
    ask_id: Token


@dataclass(frozen=True, slots=True)
class Accepted(Message):
    """The worker took the assignment; from now on a lost lease counts as an attempt."""

    KIND: ClassVar[str] = "accepted"
    worker: Name
    token: Token
    proof: Proof = ""


@dataclass(frozen=True, slots=True)
class Started(Message):
    """The engine began computing (the job time limit counts from here)."""

    KIND: ClassVar[str] = "started"
    worker: Name
    token: Token
    proof: Proof = ""


@dataclass(frozen=True, slots=True)
class Progress(Message):
    KIND: ClassVar[str] = "progress"
    worker: Name
    token: Token
    done: Count
    total: Count
    proof: Proof = ""


@dataclass(frozen=True, slots=True)
class Finished(Message):
    """The result; its two files are at ``RedisKeys.output(token, "png" | "upload")``. ``run``
    is the worker's record of the run: its paths are the worker's own, never read here (the
    bot re-points the record at the copies it fetches). ``kept_sha256`` and ``upload_sha256``
    are the files' hashes: the proof covers them, so the files fetched must be these."""

    KIND: ClassVar[str] = "finished"
    worker: Name
    token: Token
    run: FinishedRun
    kept_sha256: Digest
    upload_sha256: Digest
    proof: Proof = ""


@dataclass(frozen=True, slots=True)
class Failed(Message):
    """The engine refused or failed the job (``code`` as in the local worker's failures)."""

    KIND: ClassVar[str] = "failed"
    worker: Name
    token: Token
    code: Annotated[str, Field(max_length=64)]
    message: Annotated[str, Field(max_length=10_000)]
    retryable: bool
    proof: Proof = ""


@dataclass(frozen=True, slots=True)
class Lost(Message):
    """The worker could not finish the job: its engine died, the input expired, or it had no
    free slot for it. ``bystander``: the job itself did nothing wrong (no attempt spent)."""

    KIND: ClassVar[str] = "lost"
    worker: Name
    token: Token
    bystander: bool
    reason: Annotated[str, Field(max_length=10_000)]
    proof: Proof = ""


@dataclass(frozen=True, slots=True)
class Goodbye(Message):
    """The worker is stopping: forget its asks."""

    KIND: ClassVar[str] = "goodbye"
    worker: Name


# -- bot -> worker ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Assignment(Message):
    """A job for the slot ``ask_id``; the input is at ``RedisKeys.input(token)``.
    ``bot_key``: the bot's public value, from which the worker derives the attempt's secret."""

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
    bot_key: str = ""


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


# The messages about one attempt: each must carry the attempt's proof.
ATTEMPT_MESSAGES = (Accepted, Started, Progress, Finished, Failed, Lost)
AttemptMessage = Accepted | Started | Progress | Finished | Failed | Lost


def _proof_payload(message: AttemptMessage) -> bytes:
    body = asdict(message)
    body.pop("proof", None)
    return f"{message.KIND}:".encode() + json.dumps(body, sort_keys=True).encode()


def signed(message: AttemptMessage, secret: bytes) -> AttemptMessage:
    """``message`` with the proof that its sender holds the attempt's ``secret``."""
    # As the bot will read it back (an int in a float field becomes a float), so both
    # sides compute the proof over the same text.
    as_read: AttemptMessage = _adapter(type(message)).validate_python(asdict(message))
    return replace(as_read, proof=prove(secret, _proof_payload(as_read)))


def proven(message: AttemptMessage, secret: bytes) -> bool:
    """Whether ``message`` was written by the holder of ``secret``, unchanged since."""
    return proof_holds(secret, _proof_payload(message), message.proof)


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
