"""``upscale-bot worker``: its options, and serving until told to stop."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import socket

from config import Settings
from engine.process.protocol import WorkerCrashed

log = logging.getLogger(__name__)


def add_worker_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--name", default=socket.gethostname(), help="how this worker shows in logs and Redis"
    )
    parser.add_argument(
        "--slots", type=int, default=2, help="jobs held at once (one computes, the next waits)"
    )
    parser.add_argument(
        "--models", help="comma-separated models to offer (default: every model installed here)"
    )
    parser.add_argument(
        "--threads", type=int, help="CPU threads for the engine (default: PyTorch's choice)"
    )


def run_worker(args: argparse.Namespace, settings: Settings) -> int:
    """Serve until SIGINT or SIGTERM; returns the exit code."""
    if settings.queue.redis_url is None:
        log.error("set UPSCALE_QUEUE__REDIS_URL (for example redis://:PASSWORD@HOST:6379/0)")
        return 2
    if args.slots < 1:
        log.error("--slots must be at least 1")
        return 2
    if args.threads is not None:
        # Read by PyTorch when the engine process starts.
        os.environ["OMP_NUM_THREADS"] = os.environ["MKL_NUM_THREADS"] = str(args.threads)
    from engine.remote.worker import RemoteWorker, WorkerOptions, installed_models

    installed = installed_models(settings)
    models = [m.strip() for m in args.models.split(",") if m.strip()] if args.models else installed
    missing = [m for m in models if m not in installed]
    if missing or not models:
        log.error(
            "models not installed here: %s; installed: %s",
            ", ".join(missing) or "(none asked for)",
            ", ".join(installed) or "none (see UPSCALE_ENGINE__WEIGHTS_DIR)",
        )
        return 2
    worker = RemoteWorker(settings, WorkerOptions(args.name, args.slots, models))

    async def serve() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        await worker.run(stop)

    try:
        asyncio.run(serve())
    except WorkerCrashed as exc:
        log.error("the engine could not start: %s", exc)
        return 1
    return 0
