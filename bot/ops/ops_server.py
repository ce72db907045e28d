"""``GET /metrics`` and ``GET /healthz`` over HTTP, inside the bot process (aiohttp).

Off unless ``UPSCALE_METRICS__PORT`` is set; listens on ``UPSCALE_METRICS__HOST``
(127.0.0.1 by default, so nothing is exposed beyond the machine unless asked). Port 0 picks a
free port (tests), found afterwards in :attr:`OpsServer.port`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST

from bot.ops.health import HealthReport, report_body
from bot.ops.metrics import BotMetrics
from config import MetricsSettings


class OpsServer:
    def __init__(
        self, settings: MetricsSettings, metrics: BotMetrics, health: Callable[[], HealthReport]
    ) -> None:
        assert settings.port is not None
        self.settings = settings
        self.metrics = metrics
        self.health = health
        self.port = settings.port
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/metrics", self._metrics)
        app.router.add_get("/healthz", self._healthz)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.settings.host, self.settings.port)
        await site.start()
        server = site._server
        if isinstance(server, asyncio.Server) and server.sockets:
            self.port = server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _metrics(self, request: web.Request) -> web.Response:
        return web.Response(
            body=self.metrics.exposition(), headers={"Content-Type": CONTENT_TYPE_LATEST}
        )

    async def _healthz(self, request: web.Request) -> web.Response:
        report = self.health()
        return web.Response(
            text=report_body(report),
            status=200 if report.healthy else 503,
            content_type="application/json",
        )
