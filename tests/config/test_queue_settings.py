"""Where jobs run: a local engine process unless Redis is configured, and leases that a live
worker can always renew."""

from __future__ import annotations

import pytest

from config import SettingsError, load_settings


def test_one_local_engine_without_redis_none_with_it(monkeypatch: pytest.MonkeyPatch):
    assert load_settings().queue.engine_processes == 1
    monkeypatch.setenv("UPSCALE_QUEUE__REDIS_URL", "redis://:secret@10.0.0.5:6379/0")
    settings = load_settings()
    assert settings.queue.engine_processes == 0
    assert "secret" not in repr(settings.queue)
    monkeypatch.setenv("UPSCALE_QUEUE__LOCAL_WORKERS", "1")
    assert load_settings().queue.engine_processes == 1


def test_nowhere_to_run_and_unrenewable_leases_are_refused(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("UPSCALE_QUEUE__LOCAL_WORKERS", "0")
    with pytest.raises(SettingsError, match="no job could run"):
        load_settings()
    monkeypatch.delenv("UPSCALE_QUEUE__LOCAL_WORKERS")
    monkeypatch.setenv("UPSCALE_QUEUE__LEASE_S", "4")
    monkeypatch.setenv("UPSCALE_QUEUE__HEARTBEAT_S", "3")
    with pytest.raises(SettingsError, match="half of lease_s"):
        load_settings()
