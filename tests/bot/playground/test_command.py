"""`make run` on a fresh machine: without a token it says so in one line and starts the
playground, whose URL it prints; `upscale-bot run` alone still refuses (exit 2)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from bot.cli import PLAYGROUND_INSTEAD
from bot.playground import DEFAULT_PORT

pytestmark = pytest.mark.e2e


def _port_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def test_make_run_without_a_token_starts_the_playground_and_prints_its_url(
    tmp_path: Path, model_cache: Path
):
    """The one line about the token, then a URL that serves the page; Ctrl-C stops it
    cleanly (exit 0)."""
    if not (_port_free(DEFAULT_PORT) and _port_free(DEFAULT_PORT + 1)):
        pytest.skip(f"ports {DEFAULT_PORT} and {DEFAULT_PORT + 1} are in use on this machine")
    data = tmp_path / "data"
    (data / "playground").mkdir(parents=True)
    (data / "playground" / "models").symlink_to(model_cache, target_is_directory=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("UPSCALE_")}
    env |= {"UPSCALE_STORAGE__DATA_DIR": str(data), "UPSCALE_ENGINE__MODEL": "animevideo-x4"}
    command = (
        "import sys; from bot.cli import main; sys.exit(main(['run', '--playground-if-no-token']))"
    )
    with subprocess.Popen(
        [sys.executable, "-c", command],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
        cwd=tmp_path,
    ) as process:
        _use_the_playground(process, url=f"http://127.0.0.1:{DEFAULT_PORT}/")
    assert (data / "playground" / "standin" / "world.json").exists()
    assert (data / "playground" / "upscale-bot.sqlite3").exists()


def _use_the_playground(process: subprocess.Popen[str], url: str) -> None:
    try:
        assert process.stdout is not None
        first = process.stdout.readline().strip()
        assert first == PLAYGROUND_INSTEAD
        assert "UPSCALE_DISCORD__TOKEN" in first
        ready = process.stdout.readline().strip()
        assert ready == f"Playground ready: open {url} in your browser (Ctrl-C stops it)."
        with urllib.request.urlopen(url, timeout=10) as page:
            assert "upscale-bot playground" in page.read().decode()
        with urllib.request.urlopen(f"{url}api/people", timeout=10) as people:
            assert "alice" in people.read().decode()
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_run_without_a_token_still_refuses_to_start_anything(tmp_path: Path):
    """A container without a token must not start a playground: `run` exits 2."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("UPSCALE_")}
    result = subprocess.run(
        [sys.executable, "-c", "import sys; from bot.cli import main; sys.exit(main(['run']))"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 2
    assert "No Discord bot token is configured" in result.stderr
    assert "Playground" not in result.stdout
