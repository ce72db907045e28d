from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from config import Settings, load_settings
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
