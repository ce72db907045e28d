"""Images to and from remote workers, through Redis: the input goes in under the attempt's
token with an expiry; a result's two files come back into the work folder as the local
worker's would, and their keys are deleted once fetched (or left to expire)."""

from __future__ import annotations

import asyncio
import re
import secrets
import time
from pathlib import Path

import redis.asyncio as aioredis
from redis.asyncio.client import Pipeline

from engine.finished_run import FinishedRun
from engine.remote.protocol import Finished, RedisKeys

# The worker names the upload copy's extension; anything unexpected is not used in a path.
EXTENSION = re.compile(r"^[a-z0-9]{1,5}$")


class ResultGone(Exception):
    """The result's files were not in Redis any more (expired, or Redis lost them)."""


class Transfers:
    def __init__(self, redis: aioredis.Redis, keys: RedisKeys, work_dir: Path, ttl_s: int) -> None:
        self.redis = redis
        self.keys = keys
        self.work_dir = work_dir
        self.ttl_s = ttl_s

    def clear_work_dir(self) -> None:
        """Results fetched by an earlier run: nothing is in flight at start."""
        self.work_dir.mkdir(parents=True, exist_ok=True)
        for leftover in self.work_dir.glob("remote-*"):
            leftover.unlink(missing_ok=True)

    def put_input(self, pipe: Pipeline, token: str, data: bytes) -> None:
        """Add the input's upload to ``pipe`` (sent with the assignment)."""
        pipe.set(self.keys.input(token), data, ex=self.ttl_s)

    async def forget_input(self, token: str) -> None:
        await self.redis.delete(self.keys.input(token))

    async def fetch_result(self, job_id: int, finished: Finished) -> FinishedRun:
        """The worker's record, re-pointed at its files fetched into the work folder (sized
        as fetched; an unexpected upload extension becomes ``bin``).

        Raises:
            ResultGone: its files were not in Redis.
            RedisError: Redis could not be reached.
        """
        started = time.perf_counter()
        token = finished.token
        pipe = self.redis.pipeline(transaction=False)
        pipe.get(self.keys.output(token, "png"))
        pipe.get(self.keys.output(token, "upload"))
        png, fitted = await pipe.execute()
        if not isinstance(png, bytes) or not isinstance(fitted, bytes):
            raise ResultGone(token)
        stem = self.work_dir / f"remote-{job_id}-{secrets.token_hex(4)}"
        extension = finished.run.upload.extension.lower()
        if not EXTENSION.match(extension):
            extension = "bin"
        png_path = Path(f"{stem}.png")
        fitted_path = Path(f"{stem}-upload.{extension}")
        await asyncio.to_thread(png_path.write_bytes, png)
        await asyncio.to_thread(fitted_path.write_bytes, fitted)
        moved = finished.run.moved(
            kept=str(png_path),
            kept_bytes=len(png),
            upload=str(fitted_path),
            upload_bytes=len(fitted),
            upload_extension=extension,
        )
        return moved.with_timings(collect_s=time.perf_counter() - started)

    async def forget_output(self, token: str) -> None:
        await self.redis.delete(self.keys.output(token, "png"), self.keys.output(token, "upload"))
