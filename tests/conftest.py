"""Shared fixtures: every test gets settings of its own and an empty data dir."""

from __future__ import annotations

from collections.abc import Iterator
from fnmatch import fnmatch
from pathlib import Path

import pytest

from config import get_settings

TESTS = Path(__file__).resolve().parent

# The slow tiers, by where a test lives: `make test-fast` leaves them out and proves that what
# is left starts no torch process (scripts/without-torch). Patterns are
# fnmatch patterns relative to tests/ (`*` crosses folders).
TIERS: dict[str, tuple[str, ...]] = {
    "engine": (
        "engine/*",
        "bot/test_service*.py",
        "bot/test_faults.py",
        "bot/test_logs.py",
        "bot/test_time_limits.py",
        "bot/test_model_choices.py",
        "bot/test_remote*.py",
    ),
    "redis": ("engine/remote/*", "bot/test_remote*.py"),
    "e2e": ("e2e/*", "chaos/*", "bot/playground/*"),
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        where = item.path.resolve().relative_to(TESTS)
        for marker, patterns in TIERS.items():
            if any(fnmatch(where.as_posix(), pattern) for pattern in patterns):
                item.add_marker(marker)


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No test reads the developer's .env or environment, or writes into ./data."""
    import os

    for name in list(os.environ):
        if name.startswith("UPSCALE_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("UPSCALE_STORAGE__DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def model_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Converted model weights, shared by every test of the session (converted once)."""
    return tmp_path_factory.mktemp("models")


@pytest.fixture(scope="session")
def tiny_pipeline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random x4 upscale pipeline saved to a folder (the creative mode's model)."""
    from testbed.tiny_diffusion import save_tiny_pipeline

    return save_tiny_pipeline(tmp_path_factory.mktemp("sd-x4-tiny"))
