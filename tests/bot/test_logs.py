"""Logs a machine can read: with UPSCALE_LOG__FORMAT=json every line is one JSON object, and
lines about a job carry its id, server and member (and the error id of a fault of ours)."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.ops.logging_setup import JsonFormatter
from storage.jobs import JobState
from testbed.images import encoded, photo

from .conftest import Cdn, RecordingPresenter, ServiceFactory, upscale_request

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield stream
    root.removeHandler(handler)
    root.setLevel(level)


def lines_of(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


async def test_job_lines_name_the_job_server_member_and_error_id(
    cdn: Cdn, make_service: ServiceFactory, json_log: io.StringIO
):
    service = await make_service(RecordingPresenter())
    good = await service.request_upscale(upscale_request(cdn.add("a.png", encoded(photo(16, 16)))))
    await service.run_until_empty(timeout_s=120)
    # SQLite refuses to record the original: a fault of ours, logged with an error id.
    await service.storage.database.write(
        lambda conn: conn.execute(
            "CREATE TEMP TRIGGER no_source BEFORE UPDATE OF source_sha256 ON jobs"
            " BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
        )
    )
    bad = await service.request_upscale(
        upscale_request(cdn.add("b.png", encoded(photo(16, 12))), key="b", member=2, message_id=7)
    )
    await service.run_until_empty(timeout_s=120)

    lines = lines_of(json_log)
    assert all({"time", "level", "logger", "message"} <= set(line) for line in lines)
    about_good = [line for line in lines if line.get("job_id") == good.job.id]
    assert {line["message"] for line in about_good} >= {f"job {good.job.id}: accepted for member 1"}
    assert any("->" in str(line["message"]) for line in about_good)  # the engine's result
    assert all(line["guild_id"] == 100 and line["member_id"] == 1 for line in about_good)

    failed = await service.storage.jobs.get(bad.job.id)
    assert failed.state is JobState.FAILED and failed.error_id
    (error,) = [line for line in lines if line.get("error_id") == failed.error_id]
    assert error["level"] == "error" and error["job_id"] == bad.job.id
    assert error["member_id"] == 2 and "database or disk is full" in str(error["exception"])


def test_the_command_line_writes_json_when_asked(tmp_path: Path):
    """`upscale-bot db migrate` under UPSCALE_LOG__FORMAT=json: its log lines are JSON."""
    env = {
        **os.environ,
        "UPSCALE_LOG__FORMAT": "json",
        "UPSCALE_STORAGE__DATA_DIR": str(tmp_path / "data"),
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from bot.cli import main; sys.exit(main(['db', 'migrate']))",
        ],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    logged = [json.loads(line) for line in done.stderr.splitlines()]
    assert [line["message"] for line in logged][:1] == ["applied migration 0001_initial.sql"]
    assert all(line["logger"] == "storage.database" for line in logged)
    assert "applied 0001_initial.sql" in done.stdout
