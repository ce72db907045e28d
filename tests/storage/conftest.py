from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from config import Mode, Settings, load_settings
from storage.jobs import JobRequest, JobResult, SourceImage
from storage.store import Storage


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(storage={"data_dir": tmp_path / "data"})


@pytest.fixture
async def storage(settings: Settings) -> AsyncIterator[Storage]:
    opened = await Storage.open(settings)
    yield opened
    await opened.ledger.verify()
    await opened.close()


GUILD, ALICE = 100, 1


def job_request(
    key: str = "click-1",
    *,
    message_id: int = 500,
    slot: int = 0,
    member: int = ALICE,
    spoiler: bool = False,
) -> JobRequest:
    return JobRequest(
        request_key=key,
        guild_id=GUILD,
        channel_id=10,
        message_id=message_id,
        attachment_slot=slot,
        requester_id=member,
        source=SourceImage(
            attachment_id=900,
            url="https://cdn.discordapp.com/a.png",
            filename="a.png",
            size=1234,
            content_type="image/png",
        ),
        mode=Mode.FAST,
        model="x4plus",
        scale=4,
        spoiler=spoiler,
        upload_limit=8 * 1024 * 1024,
    )


def job_result(width: int, *, sha: str | None = None, seed: int | None = None) -> JobResult:
    digest = sha or f"{width:064x}"
    return JobResult(
        sha256=digest,
        width=width,
        height=width,
        bytes=width * 10,
        upload_sha256=digest[::-1],
        upload_format="webp",
        upload_filename="a-x4.webp",
        input_width=width // 4,
        input_height=width // 4,
        device="cpu",
        precision="fp32",
        seed=seed,
    )
