"""The upscale service end to end without Discord: many small jobs from many members.

    python -m bench.queue [--jobs 100] [--members 10] [--size 64] [--model x4plus-anime]

Real SQLite file, real engine worker process, images served over HTTP on 127.0.0.1. Reports
jobs/s; the share of wall time the engine worker had a job (decode and encode run beside the
network inside the worker, so the network rarely waits for them); the p50/p99 time from
confirm to the job queued with its credits held, and on to the job downloaded and waiting in
the engine queue; and the event loop's lag while it all runs. All confirms arrive at once.
Prints JSON lines.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from aiohttp import web

from bot.jobs.fair_queue import QueuedJob
from bot.jobs.places.local import LocalPlace
from bot.jobs.ports import DeliveryReceipt, FinishedImage, JobFailure, ProgressUpdate
from bot.jobs.service import UpscaleService
from config import Mode, load_settings
from engine.process.worker import EngineWorker
from storage.jobs import Job, JobRequest, SourceImage
from storage.store import Storage
from testbed.images import encoded, photo


class CountingPresenter:
    def __init__(self) -> None:
        self.delivered = 0
        self.failed: list[str] = []
        self.infer_s = 0.0

    async def show_progress(self, job: Job, update: ProgressUpdate) -> None:
        return None

    async def deliver(self, job: Job, image: FinishedImage) -> DeliveryReceipt:
        self.delivered += 1
        return DeliveryReceipt(None, None)

    async def tell_failure(self, job: Job, failure: JobFailure) -> None:
        self.failed.append(failure.code)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=100)
    parser.add_argument("--members", type=int, default=10)
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument("--model", default="x4plus-anime")
    parser.add_argument(
        "--rate",
        type=float,
        default=0.0,
        help="confirms per second (0: all at once, the worst case)",
    )
    args = parser.parse_args()

    image = encoded(photo(args.size, args.size))
    app = web.Application()
    app.router.add_get("/attachments/{name}", lambda _: web.Response(body=image))
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    with tempfile.TemporaryDirectory() as folder:
        settings = load_settings(
            storage={"data_dir": Path(folder)},
            discord={"api_base_url": f"http://127.0.0.1:{port}/api/v10"},
            credits={"starting_balance": 1000, "max_queued_per_user": args.jobs},
            queue={"max_length": args.jobs * 2},
        )
        storage = await Storage.open(settings)
        worker = EngineWorker(
            settings.engine, settings.storage.model_cache_dir, warm_models=[args.model]
        )
        delivery = CountingPresenter()
        place = LocalPlace(settings, storage, [worker])
        service = UpscaleService(settings, storage, place, delivery)
        await service.start()

        confirmed: dict[int, float] = {}
        accepted_s: list[float] = []
        queued_at: dict[int, float] = {}
        original_put = service.queue.put

        def timed_put(job: QueuedJob, *, force: bool = False) -> None:
            queued_at.setdefault(job.job_id, time.perf_counter())
            original_put(job, force=force)

        service.queue.put = timed_put  # type: ignore[method-assign]
        lags: list[float] = []
        done = asyncio.Event()

        async def watch_lag() -> None:
            while not done.is_set():
                started = time.perf_counter()
                await asyncio.sleep(0.01)
                lags.append(time.perf_counter() - started - 0.01)

        lag_task = asyncio.create_task(watch_lag())
        busy_before = worker.busy_s
        started = time.perf_counter()

        async def confirm(i: int) -> None:
            request = JobRequest(
                request_key=f"bench-{i}",
                guild_id=1,
                channel_id=1,
                message_id=10_000 + i,
                attachment_slot=0,
                source=SourceImage(
                    i, f"http://127.0.0.1:{port}/attachments/{i}.png", "a.png", len(image)
                ),
                requester_id=i % args.members,
                model=args.model,
                scale=4,
                mode=Mode.FAST,
                upload_limit=10 * 1024 * 1024,
            )
            t0 = time.perf_counter()
            accepted = await service.request_upscale(request)
            confirmed[accepted.job.id] = t0
            accepted_s.append(time.perf_counter() - t0)

        async def paced(i: int) -> None:
            if args.rate:
                await asyncio.sleep(i / args.rate)
            await confirm(i)

        await asyncio.gather(*(paced(i) for i in range(args.jobs)))
        await service.run_until_empty(timeout_s=3600)
        wall = time.perf_counter() - started
        done.set()
        await lag_task
        rows = await storage.database.read(
            lambda conn: conn.execute("SELECT state, COUNT(*) FROM jobs GROUP BY state").fetchall()
        )
        infer = await storage.database.read(
            lambda conn: conn.execute("SELECT started_at, finished_at FROM jobs").fetchall()
        )
        await service.stop()
        await storage.ledger.verify()
        await storage.close()
    await runner.cleanup()

    to_queue = [queued_at[j] - confirmed[j] for j in confirmed if j in queued_at]
    q = statistics.quantiles(to_queue, n=100)
    a = statistics.quantiles(accepted_s, n=100)
    lag_q = statistics.quantiles(lags, n=100)
    record: dict[str, Any] = {
        "bench": "queue",
        "machine": platform.machine(),
        "model": args.model,
        "size": args.size,
        "jobs": args.jobs,
        "members": args.members,
        "arrival": f"{args.rate}/s" if args.rate else "all at once",
        "states": {state: count for state, count in rows},
        "jobs_per_s": round(args.jobs / wall, 3),
        "wall_s": round(wall, 2),
        "worker_in_flight_share": round((worker.busy_s - busy_before) / wall, 3),
        # Confirm -> job row queued with its credits held (what the member is told).
        "confirm_to_queued_ms": {"p50": round(a[49] * 1000, 1), "p99": round(a[98] * 1000, 1)},
        # ... -> downloaded, checked and waiting in the engine's queue.
        "confirm_to_engine_queue_ms": {
            "p50": round(q[49] * 1000, 1),
            "p99": round(q[98] * 1000, 1),
        },
        "event_loop_lag_ms": {"p50": round(lag_q[49] * 1000, 2), "p99": round(lag_q[98] * 1000, 2)},
        "targets": {"worker_in_flight_share": ">= 0.9", "confirm_to_queued_p99_ms": "<= 50"},
        "failures": delivery.failed[:3],
        "job_rows": len(infer),
    }
    print(json.dumps(record), flush=True)


if __name__ == "__main__":
    asyncio.run(main())
