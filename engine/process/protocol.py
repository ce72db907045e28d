"""Messages between the bot process and the engine worker process.

Small picklable dataclasses; pixels travel as files named in them, never through the pipe.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from engine.finished_run import FinishedRun


@dataclass(frozen=True, slots=True)
class WorkRequest:
    job_id: int
    input_path: str
    output_dir: str
    upload_limit: int
    model: str | None = None
    scale: int | None = None
    mode: str = "fast"
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class WorkStarted:
    """The worker began computing the job (it may have waited behind another one)."""

    job_id: int


@dataclass(frozen=True, slots=True)
class WorkProgress:
    job_id: int
    done: int
    total: int


@dataclass(frozen=True, slots=True)
class WorkDone:
    """The job's files are written; ``run`` describes them. ``gpu_memory_bytes``: what the
    worker holds on the GPU after the job (None on the CPU)."""

    job_id: int
    run: FinishedRun
    gpu_memory_bytes: int | None = None


@dataclass(frozen=True, slots=True)
class WorkFailure:
    job_id: int
    code: str
    message: str
    retryable: bool


@dataclass(frozen=True, slots=True)
class CancelJob:
    job_id: int


@dataclass(frozen=True, slots=True)
class WorkerReady:
    pid: int
    device: str
    memory_bytes: int = 0  # the device's memory (RAM on a CPU), as workers announce it


class Shutdown:
    pass


class EngineFailure(Exception):
    """The engine refused or failed a job; ``code`` is the engine error's code."""

    def __init__(self, code: str, message: str, retryable: bool) -> None:
        self.code, self.message, self.retryable = code, message, retryable
        super().__init__(message)


class WorkerCrashed(Exception):
    """The worker process died while the job was in flight. ``bystander`` is true when it was
    killed on purpose to stop another job: this job did nothing wrong."""

    def __init__(self, exitcode: int | None, *, bystander: bool = False) -> None:
        self.exitcode = exitcode
        self.bystander = bystander
        super().__init__(f"the engine worker stopped unexpectedly (exit code {exitcode})")
