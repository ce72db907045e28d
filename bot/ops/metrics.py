"""The bot's Prometheus metrics, made with ``prometheus_client``.

Job outcomes come from the job store: every committed state change is observed once
(:meth:`BotMetrics.observe_transition`), whichever path caused it, so the counters agree with
the database. Live values (queue depth, worker restarts, GPU memory) are read at scrape time.
Discord's 429 answers are counted from discord.py's HTTP session through an aiohttp trace.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from types import SimpleNamespace

import aiohttp
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from bot.jobs.service import UpscaleService
from storage.jobs import Job, JobState

WAIT_BUCKETS = (0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600)
RUN_BUCKETS = (0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600)
FINAL_STATES = frozenset({JobState.DELIVERED, JobState.FAILED, JobState.CANCELLED})


def _seconds_between(start: str | None, end: str | None) -> float | None:
    if start is None or end is None:
        return None
    return max(0.0, (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds())


class _LiveValues(Collector):
    """What is read from the running service at each scrape."""

    def __init__(self, service: UpscaleService) -> None:
        self.service = service

    def collect(self) -> Iterator[Metric]:
        service = self.service
        yield GaugeMetricFamily(
            "upscale_queue_depth",
            "Jobs confirmed and waiting for the engine (downloading or queued).",
            value=len(service.queue) + service.board.preparing(),
        )
        yield CounterMetricFamily(
            "upscale_worker_restarts",
            "Times the engine worker process was started again after it died.",
            value=service.place.restarts,
        )
        memory = service.place.gpu_memory_bytes
        if memory is not None:
            yield GaugeMetricFamily(
                "upscale_gpu_memory_bytes",
                "GPU memory held by the engine worker after its last job (CUDA only).",
                value=memory,
            )


class BotMetrics:
    """One registry per bot, so several bots in one process (tests) keep their own numbers."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.jobs = Counter(
            "upscale_jobs",
            "Jobs that reached a final state, by mode and state.",
            ["mode", "state"],
            registry=self.registry,
        )
        self.queue_wait = Histogram(
            "upscale_queue_wait_seconds",
            "From confirmation (or being put back) until the engine starts the job.",
            buckets=WAIT_BUCKETS,
            registry=self.registry,
        )
        self.job_seconds = Histogram(
            "upscale_job_seconds",
            "From the engine starting a job until its result is stored, by mode.",
            ["mode"],
            buckets=RUN_BUCKETS,
            registry=self.registry,
        )
        self.credits_captured = Counter(
            "upscale_credits_captured",
            "Credits charged for finished jobs.",
            registry=self.registry,
        )
        self.credits_refunded = Counter(
            "upscale_credits_refunded",
            "Credits given back for failed and cancelled jobs.",
            registry=self.registry,
        )
        self.discord_rate_limited = Counter(
            "upscale_discord_rate_limited",
            "Requests Discord answered with 429 (discord.py waits and retries them).",
            registry=self.registry,
        )
        self._live: _LiveValues | None = None

    def watch(self, service: UpscaleService) -> None:
        """Read queue depth, worker restarts and GPU memory from ``service`` at each scrape."""
        if self._live is not None:
            self.registry.unregister(self._live)
        self._live = _LiveValues(service)
        self.registry.register(self._live)

    def observe_transition(self, before: Job, after: Job) -> None:
        """A job changed state (called once the change has committed)."""
        mode = after.request.mode.value
        if before.state is JobState.QUEUED and after.state is JobState.RUNNING:
            # The first attempt waits from the confirmation; a retry from being put back.
            since = before.created_at if before.attempts == 0 else before.updated_at
            waited = _seconds_between(since, after.started_at)
            if waited is not None:
                self.queue_wait.observe(waited)
        elif after.state is JobState.SUCCEEDED:
            ran = _seconds_between(after.started_at, after.finished_at)
            if ran is not None:
                self.job_seconds.labels(mode=mode).observe(ran)
            if after.hold_id is not None:
                self.credits_captured.inc(after.price)
        if after.state in FINAL_STATES and before.state is not after.state:
            self.jobs.labels(mode=mode, state=after.state.value).inc()
            if after.state is not JobState.DELIVERED and after.hold_id is not None:
                self.credits_refunded.inc(after.price)

    def http_trace(self) -> aiohttp.TraceConfig:
        """Counts Discord's 429 answers on the session it is given to."""
        trace = aiohttp.TraceConfig()

        async def on_request_end(
            session: aiohttp.ClientSession,
            context: SimpleNamespace,
            params: aiohttp.TraceRequestEndParams,
        ) -> None:
            if params.response.status == 429:
                self.discord_rate_limited.inc()

        trace.on_request_end.append(on_request_end)
        return trace

    def exposition(self) -> bytes:
        """Everything, in Prometheus' text format."""
        return generate_latest(self.registry)
