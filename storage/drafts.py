"""Upscale drafts: a confirmation as the member sees it, kept until they click.

A draft is what Confirm would run and charge: the mode, scale and model, the price shown, and
the generative controls (preset, strength, prompt, negative prompt, seed). Its components carry
only the draft's short token, so a long prompt never has to fit in a custom id, and a click
after a restart finds exactly what the message showed. Drafts are never changed: a change is
a new draft shown in place of the old one.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from config import Mode
from storage.database import Database, utc_now

# A confirmation's buttons stop working after this long; Discord drops ephemeral messages
# much sooner.
DRAFT_LIFETIME = timedelta(days=1)
TOKEN_BYTES = 9  # 12 characters of URL-safe base64


@dataclass(frozen=True, slots=True)
class UpscaleDraft:
    """``prompt_source`` says where the prompt came from (``member``, ``image``, ``message``,
    ``none``; ``image:<tool>`` names the generator); None means nobody looked yet (a fast
    upscale needs no prompt)."""

    guild_id: int
    member_id: int
    message_id: int
    attachment_slot: int
    mode: Mode
    model: str
    scale: int
    price: int
    input_width: int | None = None
    input_height: int | None = None
    controls: dict[str, str | int] = field(default_factory=dict)
    prompt_source: str | None = None
    again_of: int | None = None  # the job whose input this upscales again (Again buttons)
    token: str = ""

    def with_controls(self, **changes: str | int | None) -> UpscaleDraft:
        """The draft with these controls set (None removes one)."""
        controls = dict(self.controls)
        for name, value in changes.items():
            if value is None:
                controls.pop(name, None)
            else:
                controls[name] = value
        return replace(self, controls=controls, token="")

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> UpscaleDraft:
        return cls(
            guild_id=row["guild_id"],
            member_id=row["member_id"],
            message_id=row["message_id"],
            attachment_slot=row["attachment_slot"],
            mode=Mode(row["mode"]),
            model=row["model"],
            scale=row["scale"],
            price=row["price"],
            input_width=row["input_width"],
            input_height=row["input_height"],
            controls=json.loads(row["controls"]),
            prompt_source=row["prompt_source"],
            again_of=row["again_of"],
            token=row["token"],
        )


class UpscaleDrafts:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def add(self, draft: UpscaleDraft) -> UpscaleDraft:
        """Keep ``draft`` under a new token (returned in the copy); expired drafts go."""
        token = secrets.token_urlsafe(TOKEN_BYTES)
        expired = (datetime.now(UTC) - DRAFT_LIFETIME).isoformat(timespec="microseconds")
        values: dict[str, Any] = {
            "token": token,
            "guild_id": draft.guild_id,
            "member_id": draft.member_id,
            "message_id": draft.message_id,
            "attachment_slot": draft.attachment_slot,
            "mode": draft.mode.value,
            "model": draft.model,
            "scale": draft.scale,
            "price": draft.price,
            "input_width": draft.input_width,
            "input_height": draft.input_height,
            "controls": json.dumps(draft.controls, sort_keys=True),
            "prompt_source": draft.prompt_source,
            "again_of": draft.again_of,
            "created_at": utc_now(),
        }

        def work(conn: sqlite3.Connection) -> None:
            conn.execute("DELETE FROM upscale_drafts WHERE created_at < ?", (expired,))
            columns = ", ".join(values)
            marks = ", ".join("?" for _ in values)
            conn.execute(
                f"INSERT INTO upscale_drafts ({columns}) VALUES ({marks})", tuple(values.values())
            )

        await self.database.write(work)
        return replace(draft, token=token)

    async def get(self, token: str) -> UpscaleDraft | None:
        """The draft, or None when it expired or never existed."""
        row = await self.database.read(
            lambda conn: conn.execute(
                "SELECT * FROM upscale_drafts WHERE token = ?", (token,)
            ).fetchone()
        )
        return UpscaleDraft.from_row(row) if row else None
