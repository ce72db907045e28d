"""The real bot as an operator runs it: ``python -m bot`` in a process of its own, pointed at
the fake Discord by its settings, killed with SIGKILL and started again on the same data
directory, and stopped with SIGINT at the end."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from bot.playground.standin import FakeDiscord

REPO_ROOT = Path(__file__).resolve().parents[2]
DISK_FULL_HOOK = Path(__file__).resolve().parent / "disk_full"
START_TIMEOUT_S = 240.0
STOP_TIMEOUT_S = 60.0


@dataclass
class BotProcess:
    """Starts ``python -m bot`` with ``settings`` (``UPSCALE_*`` variables) in ``home``.

    ``disk_full_control``: while that file exists, file writes under ``data_dir`` fail with
    ENOSPC in the bot and its engine worker (see ``disk_full/sitecustomize.py``).
    """

    fake: FakeDiscord
    home: Path
    data_dir: Path
    settings: dict[str, str]
    disk_full_control: Path | None = None
    starts: int = 0
    kills: int = 0
    log_path: Path = field(init=False)
    process: subprocess.Popen[bytes] | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.log_path = self.home / "bot.log"

    def environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("UPSCALE_")}
        paths = [str(REPO_ROOT)]
        if self.disk_full_control is not None:
            paths.insert(0, str(DISK_FULL_HOOK))
            env["UPSCALE_CHAOS_DISK_FULL"] = str(self.disk_full_control)
            env["UPSCALE_CHAOS_DISK_DIRS"] = str(self.data_dir)
        env["PYTHONPATH"] = os.pathsep.join(paths)
        env["UPSCALE_DISCORD__TOKEN"] = self.fake.token
        env["UPSCALE_DISCORD__API_BASE_URL"] = self.fake.api_base
        env["UPSCALE_DISCORD__GATEWAY_URL"] = self.fake.gateway_url
        env["UPSCALE_STORAGE__DATA_DIR"] = str(self.data_dir)
        env.update(self.settings)
        return env

    async def start(self) -> float:
        """Start the bot and wait until it has identified on the gateway; returns seconds."""
        assert self.process is None or self.process.poll() is not None
        began = time.monotonic()
        identified = self.fake.gateway.identifies
        self.process = self._spawn()
        self.starts += 1
        deadline = began + START_TIMEOUT_S
        while self.fake.gateway.identifies == identified or not self.fake.gateway.connected:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"the bot exited with {self.process.returncode}; see {self.log_path}"
                )
            if time.monotonic() > deadline:
                raise TimeoutError(f"the bot did not connect in {START_TIMEOUT_S:.0f} s")
            await asyncio.sleep(0.05)
        return time.monotonic() - began

    def _spawn(self) -> subprocess.Popen[bytes]:
        with self.log_path.open("ab") as log:
            log.write(f"--- start {self.starts + 1} ---\n".encode())
            log.flush()
            # The bot's cwd is its home: no developer's .env is read.
            return subprocess.Popen(
                [sys.executable, "-m", "bot"],
                cwd=self.home,
                env=self.environment(),
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    @property
    def pid(self) -> int | None:
        return (
            self.process.pid if self.process is not None and self.process.poll() is None else None
        )

    def worker_pid(self) -> int | None:
        """The engine worker: the bot's child started by multiprocessing's spawn."""
        if self.pid is None:
            return None
        try:
            children = psutil.Process(self.pid).children()
        except psutil.NoSuchProcess:
            return None
        for child in children:
            try:
                command = " ".join(child.cmdline())
            except psutil.Error:
                continue
            if "spawn_main" in command:
                return int(child.pid)
        return None

    def kill_worker(self) -> bool:
        pid = self.worker_pid()
        if pid is None:
            return False
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            return False
        return True

    def _descendants(self) -> list[psutil.Process]:
        if self.pid is None:
            return []
        try:
            children: list[psutil.Process] = psutil.Process(self.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []
        return children

    async def kill(self) -> None:
        """SIGKILL, as the OOM killer or a power cut would; its children go the same way
        (nothing would be left of them on a real crash of the host)."""
        assert self.process is not None
        children = self._descendants()
        self.process.kill()
        _kill_all(children)
        await asyncio.to_thread(self.process.wait)
        await asyncio.to_thread(psutil.wait_procs, children, 10)
        self.kills += 1

    async def stop(self) -> int:
        """SIGINT (Ctrl-C) and wait for a clean exit; SIGKILL after a time limit."""
        if self.process is None or self.process.poll() is not None:
            return self.process.returncode if self.process else 0
        children = self._descendants()
        self.process.send_signal(signal.SIGINT)
        try:
            code = await asyncio.to_thread(self.process.wait, STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            await self.kill()
            code = -9
        await asyncio.to_thread(psutil.wait_procs, children, 10)
        _kill_all(children)
        return code


def _kill_all(processes: list[psutil.Process]) -> None:
    for process in processes:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.kill()
