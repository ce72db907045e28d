"""What a confirmed click asks the upscale service for, and what it answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from storage.jobs import Job
from storage.ledger_rows import LedgerEntry


@dataclass(frozen=True, slots=True)
class SourceImage:
    attachment_id: int
    url: str
    filename: str
    size: int
    content_type: str | None = None


@dataclass(frozen=True, slots=True)
class UpscaleRequest:
    request_key: str
    guild_id: int
    channel_id: int
    message_id: int
    attachment_slot: int
    source: SourceImage
    requester_id: int
    model: str
    scale: int
    mode: str
    price: int
    upload_limit: int
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Accepted:
    job: Job
    hold: LedgerEntry
    created: bool
