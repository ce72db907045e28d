"""Whether the bot is fit to serve: the gateway is connected and the engine worker is alive.

The bot answers ``GET /healthz`` with this (see :mod:`bot.ops.ops_server`). ``upscale-bot health``
(Docker's HEALTHCHECK) asks that endpoint when the metrics port is set, and falls back to the
heartbeat file otherwise.
"""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass

from bot.ops.heartbeat import check_heartbeat
from config import Settings

ASK_TIMEOUT_S = 5.0


@dataclass(frozen=True, slots=True)
class HealthReport:
    gateway_connected: bool
    worker_alive: bool
    stopping: bool = False

    @property
    def healthy(self) -> bool:
        return self.gateway_connected and self.worker_alive and not self.stopping

    def as_json(self) -> dict[str, str]:
        return {
            "status": "ok" if self.healthy else ("stopping" if self.stopping else "unhealthy"),
            "gateway": "connected" if self.gateway_connected else "disconnected",
            "worker": "alive" if self.worker_alive else "down",
        }


def health_url(settings: Settings) -> str:
    """Where the running bot answers ``/healthz`` (a wildcard address is asked locally)."""
    host = settings.metrics.host
    if host in ("", "0.0.0.0", "::"):
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{settings.metrics.port}/healthz"


def check_health(settings: Settings) -> int:
    """0 when the running bot says it is healthy, 1 otherwise, with a line saying why."""
    if settings.metrics.port is None:
        return check_heartbeat(settings)
    url = health_url(settings)
    try:
        with urllib.request.urlopen(url, timeout=ASK_TIMEOUT_S) as response:
            body = response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        print(f"unhealthy: {exc.read().decode('utf-8', 'replace')}", file=sys.stderr)
        return 1
    except (urllib.error.URLError, OSError) as exc:
        print(f"unhealthy: no answer from {url} ({exc})", file=sys.stderr)
        return 1
    print(f"healthy: {body}")
    return 0


def report_body(report: HealthReport) -> str:
    return json.dumps(report.as_json())
