"""Who a log line is about: the job, server and member being worked on.

A context variable carries them, so every line logged while a task works on a job (or answers
a member's click) names them without each call passing them; asyncio gives every task its own
copy, so concurrent jobs never mix. The JSON log writes them as fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextvars import ContextVar
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storage.jobs import Job

_NONE: Mapping[str, int | str] = MappingProxyType({})
_fields: ContextVar[Mapping[str, int | str]] = ContextVar("log_fields", default=_NONE)


def bind(**fields: int | str | None) -> None:
    """Add fields for the rest of the current task (None values are left out)."""
    _fields.set({**_fields.get(), **{k: v for k, v in fields.items() if v is not None}})


def bind_job(job: Job) -> None:
    bind(job_id=job.id, guild_id=job.request.guild_id, member_id=job.request.requester_id)


def current() -> Mapping[str, int | str]:
    return _fields.get()
