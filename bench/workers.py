"""Jobs per second with one and with two `upscale-bot worker`s through Redis, and what the trip
through Redis costs a job.

    python -m bench.workers [--jobs 40] [--size 128] [--model animevideo-x4]

A real redis-server on 127.0.0.1, real worker processes (one engine thread each, so two
workers can use the two cores), the real service on a real SQLite file. The peer, in the same
run, is the bot's own local engine process with one thread. Every case queues all its jobs
first (dispatch paused), then lets them run, and times from resuming to the last delivery.
The dispatch overhead case runs one worker with one slot, so nothing overlaps: per job, the
time from the worker's ask to the input on its disk and the request in its engine
(``ask_to_ready``; of it, ``bot_dispatch``: from the ask arriving at the bot to the assignment
written), its upload of the result, and the bot's fetch of it. Prints JSON lines.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from aiohttp import web
from pydantic import SecretStr

from bot.jobs.places.remote.place import RemotePlace
from bot.jobs.ports import DeliveryReceipt, FinishedImage, JobFailure, ProgressUpdate
from bot.jobs.service import UpscaleService
from config import Mode, Settings, load_settings
from engine.networks.loading import load_model
from engine.process.worker import EngineWorker
from storage.jobs import Job, JobRequest, SourceImage
from storage.store import Storage
from testbed.images import encoded, photo
from testbed.redis_server import MISSING, RedisServer, available
from testbed.workers import WorkerProcess

MEMBERS = 5


class CountingPresenter:
    def __init__(self) -> None:
        self.delivered = 0
        self.failed: list[str] = []

    async def show_progress(self, job: Job, update: ProgressUpdate) -> None:
        return None

    async def deliver(self, job: Job, image: FinishedImage) -> DeliveryReceipt:
        self.delivered += 1
        return DeliveryReceipt(None, None)

    async def tell_failure(self, job: Job, failure: JobFailure) -> None:
        self.failed.append(failure.code)


def ms(values: list[float], q: int) -> float:
    return round(statistics.quantiles(values, n=100)[q - 1] * 1000, 2) if len(values) > 1 else 0.0


async def run_case(
    settings: Settings,
    place_for: Callable[[Storage], Any],
    jobs: int,
    url: str,
    ready: Callable[[Any], Awaitable[None]],
) -> tuple[float, CountingPresenter, Any]:
    """Queue ``jobs`` jobs with dispatch paused, then time them to the last delivery."""
    storage = await Storage.open(settings)
    place = place_for(storage)
    delivery = CountingPresenter()
    service = UpscaleService(settings, storage, place, delivery)
    await service.start()
    service.pause()
    for i in range(jobs):
        await service.request_upscale(
            JobRequest(
                request_key=f"bench-{i}",
                guild_id=1,
                channel_id=1,
                message_id=10_000 + i,
                attachment_slot=0,
                source=SourceImage(i, url, "a.png", 1000),
                requester_id=i % MEMBERS,
                model=settings.engine.model,
                scale=4,
                mode=Mode.FAST,
            )
        )
    async with asyncio.timeout(600):
        while len(service.queue) < jobs:  # noqa: ASYNC110 (downloads fill it)
            await asyncio.sleep(0.05)
    await ready(place)
    started = time.perf_counter()
    service.resume()
    await service.run_until_empty(timeout_s=3600)
    wall = time.perf_counter() - started
    await service.stop()
    await storage.ledger.verify()
    await storage.close()
    return wall, delivery, place


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=40)
    parser.add_argument("--size", type=int, default=128)
    parser.add_argument("--model", default="animevideo-x4")
    args = parser.parse_args()
    if not available():
        print(json.dumps({"bench": "workers", "skipped": MISSING}))
        return

    image = encoded(photo(args.size, args.size))
    app = web.Application()
    app.router.add_get("/attachments/{name}", lambda _: web.Response(body=image))
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    url = f"http://127.0.0.1:{port}/attachments/a.png"

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        redis = RedisServer(root / "redis")
        redis.start()
        worker_data = root / "worker-data"
        load_model(args.model, weights_dir=None, cache_dir=worker_data / "models")
        case_number = 0

        def settings_for(remote: bool) -> Settings:
            nonlocal case_number
            case_number += 1
            return load_settings(
                storage={"data_dir": root / f"bot-{case_number}"},
                discord={"api_base_url": f"http://127.0.0.1:{port}/api/v10"},
                credits={"starting_balance": 10_000, "max_queued_per_user": args.jobs},
                engine={"model": args.model},
                queue={
                    "max_length": args.jobs * 2,
                    "redis_url": SecretStr(redis.url) if remote else None,
                    "redis_prefix": f"bench{case_number}",
                },
            )

        common = {"model": args.model, "size": args.size, "jobs": args.jobs, "threads": 1}
        results: dict[str, float] = {}

        # The peer: the bot's own engine process, one thread.
        os.environ["OMP_NUM_THREADS"] = os.environ["MKL_NUM_THREADS"] = "1"
        local_settings = settings_for(remote=False)

        def local_place(storage: Storage) -> EngineWorker:
            return EngineWorker(
                local_settings.engine, worker_data / "models", warm_models=[args.model]
            )

        async def nothing(_: Any) -> None:
            return None

        wall, delivery, _ = await run_case(local_settings, local_place, args.jobs, url, nothing)
        results["local"] = args.jobs / wall
        print(
            json.dumps(
                {
                    "bench": "workers",
                    "case": "local engine process (peer)",
                    "workers": 1,
                    **common,
                    "jobs_per_s": round(results["local"], 3),
                    "wall_s": round(wall, 2),
                    "failed": delivery.failed[:3],
                }
            ),
            flush=True,
        )

        for count, slots in ((1, 2), (2, 2), (1, 1)):
            settings = settings_for(remote=True)
            workers = [
                WorkerProcess(
                    f"bench{n}",
                    redis.url,
                    root / "logs",
                    models=args.model,
                    slots=slots,
                    threads=1,
                    env={
                        "UPSCALE_STORAGE__DATA_DIR": str(worker_data),
                        "UPSCALE_QUEUE__REDIS_PREFIX": settings.queue.redis_prefix,
                        "UPSCALE_ENGINE__MODEL": args.model,
                    },
                )
                for n in range(count)
            ]

            async def all_ready(place: RemotePlace, expected: int = count) -> None:
                async with asyncio.timeout(300):
                    while len(place.roster.workers) < expected:  # noqa: ASYNC110
                        await asyncio.sleep(0.1)

            def remote_place(storage: Storage, settings: Settings = settings) -> RemotePlace:
                return RemotePlace(settings, storage)

            try:
                wall, delivery, place = await run_case(
                    settings, remote_place, args.jobs, url, all_ready
                )
            finally:
                for worker in workers:
                    worker.stop()
            timings = list(place.collector.timings)
            if slots == 1:
                print(
                    json.dumps(
                        {
                            "bench": "workers",
                            "case": "dispatch overhead (1 worker, 1 slot)",
                            **common,
                            "jobs_per_s": round(args.jobs / wall, 3),
                            "ask_to_ready_ms": {
                                "p50": ms([t["ask_to_ready_s"] for t in timings], 50),
                                "p90": ms([t["ask_to_ready_s"] for t in timings], 90),
                            },
                            "bot_dispatch_ms_p50": ms([t["dispatch_s"] for t in timings], 50),
                            "input_fetch_ms_p50": ms([t["fetch_s"] for t in timings], 50),
                            "result_upload_ms_p50": ms([t["upload_s"] for t in timings], 50),
                            "result_collect_ms_p50": ms([t["collect_s"] for t in timings], 50),
                            "infer_ms_p50": ms([t["infer_s"] for t in timings], 50),
                            "target": "ask_to_ready p50 < 5 ms",
                        }
                    ),
                    flush=True,
                )
                continue
            results[f"redis-{count}"] = args.jobs / wall
            record: dict[str, Any] = {
                "bench": "workers",
                "case": f"{count} remote worker{'s' if count > 1 else ''} through Redis",
                "workers": count,
                "slots": slots,
                **common,
                "jobs_per_s": round(results[f"redis-{count}"], 3),
                "wall_s": round(wall, 2),
                "vs_local_peer": round(results[f"redis-{count}"] / results["local"], 3),
                "finished_by": sorted(place.collector.finished_by.values()),
                "failed": delivery.failed[:3],
            }
            if count == 2:
                record["speedup_vs_1_worker"] = round(results["redis-2"] / results["redis-1"], 3)
                record["target"] = "speedup >= 1.8"
            print(json.dumps(record), flush=True)
        redis.stop()
    await runner.cleanup()
    print(
        json.dumps(
            {
                "bench": "workers",
                "machine": platform.machine(),
                "cpus": os.cpu_count(),
                "load_avg_1m": round(os.getloadavg()[0], 2),
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    asyncio.run(main())
