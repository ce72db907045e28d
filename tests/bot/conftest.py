"""Service fixtures: a local attachment server, a delivery that records what members see, and
factories for services on a real SQLite file: with the real engine worker process, or with a
scripted place (testbed.fake_place) for tests about the service itself."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from aiohttp import web

from bot.jobs.places.local import LocalPlace
from bot.jobs.ports import (
    DeliveryReceipt,
    DeliveryRefused,
    FinishedImage,
    JobFailure,
    MessageGone,
    ProgressUpdate,
)
from bot.jobs.service import UpscaleService
from bot.ui.errors import describe_failure
from config import Mode, Settings, load_settings
from engine.process.worker import EngineWorker
from storage.jobs import Job, JobRequest, SourceImage
from storage.store import Storage
from testbed.fake_place import Cue, FakePlace


@dataclass
class Cdn:
    """Serves uploaded files at http://127.0.0.1:PORT/attachments/NAME, like Discord's CDN."""

    files: dict[str, bytes] = field(default_factory=dict)
    delay_s: float = 0.0
    base: str = ""

    def add(self, name: str, data: bytes) -> str:
        self.files[name] = data
        return f"{self.base}/attachments/{name}"


@pytest.fixture
async def cdn() -> AsyncIterator[Cdn]:
    state = Cdn()

    async def serve(request: web.Request) -> web.StreamResponse:
        if state.delay_s:
            await asyncio.sleep(state.delay_s)
        data = state.files.get(request.match_info["name"])
        if data is None:
            return web.Response(status=404)
        return web.Response(body=data, content_type="application/octet-stream")

    app = web.Application()
    app.router.add_get("/attachments/{name}", serve)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    state.base = f"http://127.0.0.1:{port}"
    yield state
    await runner.cleanup()


@dataclass
class RecordingPresenter:
    """Records what the requester would see (the failure sentences as the bot words them);
    can be told to fail like Discord does."""

    progress: list[tuple[int, ProgressUpdate]] = field(default_factory=list)
    delivered: list[tuple[Job, FinishedImage, bytes]] = field(default_factory=list)
    failures: list[tuple[Job, str]] = field(default_factory=list)
    fail_next_deliveries: int = 0
    message_gone: bool = False
    refused_status: int | None = None  # Discord answers every delivery with this 4xx
    refusals: int = 0

    async def show_progress(self, job: Job, update: ProgressUpdate) -> None:
        self.progress.append((job.id, update))

    async def deliver(self, job: Job, image: FinishedImage) -> DeliveryReceipt:
        if self.message_gone:
            raise MessageGone()
        if self.refused_status is not None:
            self.refusals += 1
            raise DeliveryRefused(self.refused_status, "Missing Access")
        if self.fail_next_deliveries:
            self.fail_next_deliveries -= 1
            raise ConnectionError("Discord is down")
        self.delivered.append((job, image, await asyncio.to_thread(image.path.read_bytes)))
        return DeliveryReceipt(
            attachment_id=9000 + job.id, url=f"https://cdn.discordapp.com/r/{job.id}.png"
        )

    async def tell_failure(self, job: Job, failure: JobFailure) -> None:
        self.failures.append((job, describe_failure(failure)))


@dataclass
class HeldBackPresenter(RecordingPresenter):
    """Shows results only once ``shown`` is set, as Discord holds back edits to a channel
    that is over its rate limit."""

    shown: asyncio.Event = field(default_factory=asyncio.Event)

    async def deliver(self, job: Job, image: FinishedImage) -> DeliveryReceipt:
        await self.shown.wait()
        return await super().deliver(job, image)


ServiceFactory = Callable[..., Awaitable[UpscaleService]]


@pytest.fixture
def service_settings(tmp_path: Path, cdn: Cdn, model_cache: Path) -> Settings:
    return load_settings(
        storage={"data_dir": tmp_path / "data"},
        discord={"api_base_url": f"{cdn.base}/api/v10"},
        queue={"progress_interval_s": 0.05, "delivery_backoff_s": 0.05, "max_attempts": 3},
        engine={"model": "animevideo-x4"},
    )


@pytest.fixture
async def make_service(
    service_settings: Settings, model_cache: Path
) -> AsyncIterator[ServiceFactory]:
    started: list[tuple[UpscaleService, Storage]] = []

    async def factory(
        delivery: RecordingPresenter,
        settings: Settings | None = None,
        *,
        warm: list[str] | None = None,
    ) -> UpscaleService:
        settings = settings or service_settings
        storage = await Storage.open(settings)
        worker = EngineWorker(settings.engine, model_cache, warm_models=warm or ["animevideo-x4"])
        place = LocalPlace(settings, storage, [worker])
        service = UpscaleService(settings, storage, place, delivery)
        await service.start()
        started.append((service, storage))
        return service

    yield factory
    for service, storage in started:
        await service.stop()
        await storage.ledger.verify()
        await storage.close()


FakeServiceFactory = Callable[..., Awaitable[tuple[UpscaleService, FakePlace]]]


@pytest.fixture
async def on_fake_place(service_settings: Settings) -> AsyncIterator[FakeServiceFactory]:
    """Services whose jobs run on a scripted :class:`FakePlace` (no engine, no torch)."""
    started: list[tuple[UpscaleService, Storage]] = []

    async def factory(
        delivery: RecordingPresenter, settings: Settings | None = None, *cues: Cue, slots: int = 1
    ) -> tuple[UpscaleService, FakePlace]:
        settings = settings or service_settings
        storage = await Storage.open(settings)
        place = FakePlace(
            storage,
            settings.storage.data_dir / "work",
            limit_s=settings.queue.job_timeout_s,
            slots=slots,
            cues=list(cues),
        )
        service = UpscaleService(settings, storage, place, delivery)
        await service.start()
        started.append((service, storage))
        return service, place

    yield factory
    for service, storage in started:
        await service.stop()
        await storage.ledger.verify()
        await storage.close()


def upscale_request(
    url: str,
    *,
    key: str = "click-1",
    member: int = 1,
    message_id: int = 500,
    model: str = "animevideo-x4",
    size: int = 1000,
    content_type: str | None = "image/png",
) -> JobRequest:
    return JobRequest(
        request_key=key,
        guild_id=100,
        channel_id=10,
        message_id=message_id,
        attachment_slot=0,
        source=SourceImage(
            attachment_id=77, url=url, filename="art.png", size=size, content_type=content_type
        ),
        requester_id=member,
        model=model,
        scale=4,
        mode=Mode.FAST,
        upload_limit=10 * 1024 * 1024,
    )
