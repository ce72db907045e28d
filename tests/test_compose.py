"""docker-compose.yml runs the image the way the Dockerfile means it to be run: same command,
same user, the data volume where the bot keeps its state, the same health check, the metrics
port published on localhost only, a GPU, and time for a graceful stop."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path
from typing import Any

import yaml

from config import load_settings

ROOT = Path(__file__).resolve().parents[1]


def dockerfile_instructions() -> list[tuple[str, str]]:
    """``(INSTRUCTION, arguments)`` in order, continuation lines joined, comments dropped."""
    instructions: list[tuple[str, str]] = []
    pending = ""
    for raw in (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        pending = f"{pending} {line}".strip()
        if pending.endswith("\\"):
            pending = pending[:-1].strip()
            continue
        keyword, _, rest = pending.partition(" ")
        instructions.append((keyword.upper(), rest.strip()))
        pending = ""
    return instructions


def dockerfile(keyword: str) -> list[str]:
    return [rest for name, rest in dockerfile_instructions() if name == keyword]


def env_from_dockerfile() -> dict[str, str]:
    env: dict[str, str] = {}
    for rest in dockerfile("ENV"):
        for pair in shlex.split(rest):
            name, _, value = pair.partition("=")
            env[name] = value
    return env


def seconds(duration: str) -> float:
    match = re.fullmatch(r"(\d+)(s|m)", duration)
    assert match, duration
    return int(match[1]) * (60 if match[2] == "m" else 1)


def compose_bot() -> dict[str, Any]:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    service: dict[str, Any] = compose["services"]["bot"]
    for volume in service["volumes"]:
        name = volume.split(":")[0]
        assert name in compose.get("volumes", {}), f"volume {name} is not declared"
    return service


def test_command_user_and_volume_match_the_image():
    bot = compose_bot()
    (cmd,) = dockerfile("CMD")
    assert bot["command"] == json.loads(cmd) == ["upscale-bot", "run"]
    (user,) = dockerfile("USER")
    assert bot["user"] == user
    assert any(f"--uid 10001 {user}" in run for run in dockerfile("RUN"))  # the user exists
    (volume,) = dockerfile("VOLUME")
    (data_dir,) = json.loads(volume)
    mounts = {entry.split(":")[1] for entry in bot["volumes"]}
    assert data_dir in mounts
    assert env_from_dockerfile()["UPSCALE_STORAGE__DATA_DIR"] == data_dir
    assert bot["environment"].get("UPSCALE_STORAGE__DATA_DIR", data_dir) == data_dir


def test_health_check_matches_the_image_and_uses_the_metrics_port():
    bot = compose_bot()
    (healthcheck,) = dockerfile("HEALTHCHECK")
    flags, _, command = healthcheck.partition(" CMD ")
    assert bot["healthcheck"]["test"] == ["CMD", *json.loads(command)]
    options = dict(flag.removeprefix("--").split("=") for flag in flags.split())
    for option in ("interval", "timeout", "retries"):
        assert str(bot["healthcheck"][option]) == options[option]
    assert bot["healthcheck"]["start_period"] == options["start-period"]

    # The health command asks /healthz because the port is set; the port is published on
    # the host's loopback only, and the bot listens where the published port arrives.
    env = {**env_from_dockerfile(), **bot["environment"]}
    port = int(env["UPSCALE_METRICS__PORT"])
    assert env["UPSCALE_METRICS__HOST"] == "0.0.0.0"
    assert bot["ports"] == [f"127.0.0.1:{port}:{port}"]
    settings = load_settings(
        metrics={"port": port, "host": env["UPSCALE_METRICS__HOST"]},
    )
    from bot.ops.health import health_url

    assert health_url(settings) == f"http://127.0.0.1:{port}/healthz"


def test_a_gpu_and_time_for_a_graceful_stop():
    bot = compose_bot()
    (device,) = bot["deploy"]["resources"]["reservations"]["devices"]
    assert device["driver"] == "nvidia" and device["capabilities"] == ["gpu"]
    grace = load_settings().queue.shutdown_grace_s
    # Docker kills after stop_grace_period; running jobs get the grace, closing the rest.
    assert seconds(bot["stop_grace_period"]) >= grace + 2
    assert dockerfile("STOPSIGNAL") == ["SIGTERM"]


def test_the_workers_file_adds_a_private_redis_and_a_gpu_worker_of_the_same_image():
    base = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    extra = yaml.safe_load((ROOT / "docker-compose.workers.yml").read_text(encoding="utf-8"))
    services = extra["services"]
    redis, worker = services["redis"], services["worker"]
    assert "ports" not in redis  # only services of these files reach it
    password = "${REDIS_PASSWORD:?set REDIS_PASSWORD in .env}"
    assert redis["command"][redis["command"].index("--requirepass") + 1] == password
    url = f"redis://:{password}@redis:6379/0"
    # The bot and the worker meet on that Redis; the worker runs the bot's own image.
    assert services["bot"]["environment"]["UPSCALE_QUEUE__REDIS_URL"] == url
    assert worker["environment"]["UPSCALE_QUEUE__REDIS_URL"] == url
    assert worker["image"] == base["services"]["bot"]["image"]
    assert worker["command"][:2] == ["upscale-bot", "worker"]
    (user,) = dockerfile("USER")
    assert worker["user"] == user
    (device,) = worker["deploy"]["resources"]["reservations"]["devices"]
    assert device["driver"] == "nvidia" and device["capabilities"] == ["gpu"]
    for service in services.values():
        for volume in service.get("volumes", []):
            name = volume.split(":")[0]
            assert name in {**base.get("volumes", {}), **extra.get("volumes", {})}, name
    settings = load_settings(queue={"redis_url": "redis://:pw@redis:6379/0"})
    assert settings.queue.engine_processes == 0  # the bot's host runs no engine of its own
