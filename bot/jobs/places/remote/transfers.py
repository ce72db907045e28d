"""Images to and from remote workers, through Redis: the input goes in under the attempt's
token with an expiry; a result's two files come back into the work folder as the local
worker's would, and their keys are deleted once fetched (or left to expire)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import time
from pathlib import Path

import redis.asyncio as aioredis
from redis.asyncio.client import Pipeline

from bot.jobs.places.remote.result_check import (
    ResultBounds,
    ResultRefused,
    check_digest,
    check_files,
    checked_record,
)
from engine.finished_run import FinishedRun
from engine.remote.protocol import Finished, RedisKeys

CHUNK = 1 << 20


class ResultGone(Exception):
    """The result's files were not in Redis any more (expired, or Redis lost them)."""


class LocalWriteFailed(Exception):
    """The bot host could not write a fetched result (a full disk, say): the bot's fault,
    never the link's or the worker's, so it must not send the job round again for free."""

    def __init__(self, error: OSError) -> None:
        self.error = error
        super().__init__(f"could not write a fetched result here: {error}")


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

    async def fetch_result(
        self, job_id: int, finished: Finished, bounds: ResultBounds
    ) -> FinishedRun:
        """The worker's result, checked (:mod:`~bot.jobs.places.remote.result_check`) and
        fetched into the work folder, its record re-pointed at the copies and describing what
        they are.

        Raises:
            ResultGone: its files were not in Redis.
            ResultRefused: a file is over its cap, not the one proved, or not the image the
                job asks for (the worker's fault).
            LocalWriteFailed: the files could not be written here (the bot host's fault);
                nothing of them is left behind.
            RedisError: Redis could not be reached.
        """
        started = time.perf_counter()
        token = finished.token
        pipe = self.redis.pipeline(transaction=False)
        # One byte past each cap is enough to know it is too large: never more in memory.
        pipe.getrange(self.keys.output(token, "png"), 0, bounds.kept_max_bytes)
        pipe.getrange(self.keys.output(token, "upload"), 0, bounds.upload_limit)
        png, fitted = await pipe.execute()
        if not png or not fitted:
            raise ResultGone(token)
        if len(png) > bounds.kept_max_bytes or len(fitted) > bounds.upload_limit:
            raise ResultRefused("a file is larger than the job allows")
        check_digest(png, finished.kept_sha256, "full-quality file")
        check_digest(fitted, finished.upload_sha256, "upload copy")
        kept_header, upload_header, extension = await asyncio.to_thread(
            check_files, png, fitted, bounds
        )
        run = checked_record(finished.run, bounds, kept_header, upload_header, extension)
        stem = self.work_dir / f"remote-{job_id}-{secrets.token_hex(4)}"
        png_path = Path(f"{stem}.png")
        fitted_path = Path(f"{stem}-upload.{extension}")
        await asyncio.to_thread(_write_both, (png_path, png), (fitted_path, fitted))
        moved = run.moved(
            kept=str(png_path),
            kept_bytes=len(png),
            upload=str(fitted_path),
            upload_bytes=len(fitted),
            upload_extension=extension,
        )
        return moved.with_timings(collect_s=time.perf_counter() - started)

    async def forget_output(self, token: str) -> None:
        await self.redis.delete(self.keys.output(token, "png"), self.keys.output(token, "upload"))


def _write_both(*files: tuple[Path, bytes]) -> None:
    """Write each new file whole, or leave none of them.

    Raises:
        LocalWriteFailed: a write failed (the ones already written are removed too).
    """
    written: list[Path] = []
    try:
        for path, data in files:
            written.append(path)
            _write_new(path, data)
    except OSError as exc:
        for path in written:
            with contextlib.suppress(OSError):
                path.unlink()
        raise LocalWriteFailed(exc) from exc


def _write_new(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view[:CHUNK]) :]
    finally:
        os.close(fd)
