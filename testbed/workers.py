"""``upscale-bot worker`` processes for tests and benchmarks: started as a person would start
them (the real command, its own process group), stopped, killed or paused with signals."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path


class WorkerProcess:
    """One ``upscale-bot worker``; its log goes to ``<folder>/<name>.log``."""

    def __init__(
        self,
        name: str,
        redis_url: str,
        folder: Path,
        *,
        models: str = "animevideo-x4",
        slots: int = 2,
        threads: int | None = 1,
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.name = name
        self.log_path = folder / f"{name}.log"
        folder.mkdir(parents=True, exist_ok=True)
        # `upscale-bot worker`, with this checkout's code (the command may be installed from
        # another one).
        command = [
            sys.executable, "-c", "import sys; from bot.cli import main; sys.exit(main())",
            "worker", "--name", name, "--models", models, "--slots", str(slots),
        ]  # fmt: skip
        if threads is not None:
            command += ["--threads", str(threads)]
        environment = {
            **{k: v for k, v in os.environ.items() if not k.startswith("UPSCALE_")},
            "UPSCALE_QUEUE__REDIS_URL": redis_url,
            **(env or {}),
        }
        with self.log_path.open("ab") as log:
            # A session of its own: a signal to the group reaches its engine process too.
            self.process = subprocess.Popen(
                command,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=environment,
                cwd=Path(__file__).resolve().parents[1],
                start_new_session=True,
            )

    @property
    def running(self) -> bool:
        return self.process.poll() is None

    @property
    def pid(self) -> int:
        return self.process.pid

    def kill_all(self) -> None:
        """kill -9 the worker and its engine, as when a machine dies."""
        with_group(self.pid, signal.SIGKILL)
        self.process.wait()

    def pause(self) -> None:
        """SIGSTOP the worker process (its engine goes on computing, unheard)."""
        os.kill(self.pid, signal.SIGSTOP)

    def resume(self) -> None:
        os.kill(self.pid, signal.SIGCONT)

    def stop(self, timeout_s: float = 30.0) -> None:
        if self.process.poll() is None:
            os.kill(self.pid, signal.SIGCONT)
            os.kill(self.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=timeout_s)
        with_group(self.pid, signal.SIGKILL)
        self.process.wait()

    def log_tail(self, lines: int = 40) -> str:
        text = self.log_path.read_text(errors="replace") if self.log_path.is_file() else ""
        return "\n".join(text.splitlines()[-lines:])


def with_group(pid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signum)
