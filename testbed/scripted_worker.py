"""A worker that speaks the wire protocol as a script tells it, without an engine: for tests
(and the chaos soak) that need a worker to do exactly one honest or hostile thing.

It uses a real Redis client on the test's real redis-server, so the bot hears it exactly as
it hears ``upscale-bot worker``.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
from dataclasses import replace

import redis.asyncio as aioredis
from PIL import Image

from engine.finished_run import FinishedRun, OutputFile
from engine.remote.attempt_keys import KeyPair, fingerprint
from engine.remote.protocol import (
    EVENTS_MAXLEN,
    Ask,
    Assignment,
    AttemptMessage,
    Capabilities,
    Finished,
    Heartbeat,
    Message,
    RedisKeys,
    decode,
    encode,
    signed,
)


def png_of(width: int, height: int) -> bytes:
    """A real PNG of that size (a flat colour: small, quick to make)."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), (40, 120, 200)).save(out, "PNG")
    return out.getvalue()


class ScriptedWorker:
    def __init__(
        self, url: str, prefix: str, *, name: str = "scripted", models: tuple[str, ...] = ()
    ) -> None:
        self.redis: aioredis.Redis = aioredis.Redis.from_url(url, protocol=2)
        self.keys = RedisKeys(prefix)
        self.key = KeyPair()
        self.name = f"{name}-{fingerprint(self.key.public_hex)}"
        self.capabilities = Capabilities(
            "cpu", ("realesrgan",), models or ("animevideo-x4",), 1 << 30, 4_194_304, 0, 1 << 25, 2
        )
        self._inbox_cursor = "0"

    async def close(self) -> None:
        await self.redis.aclose()

    async def send(self, message: Message) -> None:
        await self.redis.xadd(
            self.keys.events,
            encode(message),  # type: ignore[arg-type]
            maxlen=EVENTS_MAXLEN,
            approximate=True,
        )

    async def heartbeat(
        self, holding: tuple[str, ...] = (), *, public_key: str = "", interval_s: float = 1.0
    ) -> None:
        beat = Heartbeat(
            self.name, self.capabilities, holding, interval_s, public_key or self.key.public_hex
        )
        await self.send(beat)

    async def ask(self, ask_id: str = "1") -> None:
        await self.send(Ask(self.name, ask_id))

    async def next_assignment(self, timeout_s: float = 30.0) -> Assignment:
        """The next assignment in this worker's inbox (read without a consumer group)."""
        async with asyncio.timeout(timeout_s):
            while True:
                reply = await self.redis.xread(
                    {self.keys.inbox(self.name): self._inbox_cursor}, block=200
                )
                for _, entries in reply or []:
                    for entry_id, fields in entries:
                        self._inbox_cursor = entry_id
                        message = decode(fields)
                        if isinstance(message, Assignment):
                            return message

    async def inbox(self) -> list[Message]:
        """Everything in this worker's inbox, oldest first."""
        entries = await self.redis.xrange(self.keys.inbox(self.name))
        return [decode(fields) for _, fields in entries]

    def secret(self, assignment: Assignment) -> bytes:
        return self.key.attempt_secret(assignment.bot_key, assignment.token)

    async def report(self, assignment: Assignment, message: AttemptMessage) -> None:
        """Send ``message`` about ``assignment``, proved with its secret."""
        await self.send(signed(message, self.secret(assignment)))

    async def put_result(self, token: str, kept: bytes, upload: bytes) -> None:
        pipe = self.redis.pipeline(transaction=False)
        pipe.set(self.keys.output(token, "png"), kept, ex=60)
        pipe.set(self.keys.output(token, "upload"), upload, ex=60)
        await pipe.execute()

    def finished(
        self, assignment: Assignment, kept: bytes, upload: bytes, *, size: tuple[int, int]
    ) -> Finished:
        """The Finished message for these files, claiming the picture is ``size``."""
        width, height = size
        run = FinishedRun(
            model=assignment.model,
            device="cpu",
            precision="fp32",
            input_width=width // assignment.scale,
            input_height=height // assignment.scale,
            kept=OutputFile("/w/kept.png", "png", "png", len(kept), width, height),
            upload=OutputFile("/w/upload.png", "png", "png", len(upload), width, height),
            timings={"infer_s": 0.01},
        )
        return Finished(
            self.name,
            assignment.token,
            run,
            kept_sha256=hashlib.sha256(kept).hexdigest(),
            upload_sha256=hashlib.sha256(upload).hexdigest(),
        )

    async def finish(
        self,
        assignment: Assignment,
        kept: bytes,
        upload: bytes | None = None,
        *,
        size: tuple[int, int],
    ) -> None:
        """Put the files in Redis and report them, proved."""
        upload = kept if upload is None else upload
        await self.put_result(assignment.token, kept, upload)
        await self.report(assignment, self.finished(assignment, kept, upload, size=size))

    def as_other(self, message: Finished, other: ScriptedWorker) -> Finished:
        """The same message under another worker's name (a forgery)."""
        return replace(message, worker=other.name)
