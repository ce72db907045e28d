"""Settings are read from the environment and .env, and bad values are named."""

from __future__ import annotations

from pathlib import Path

import pytest

from config import SettingsError, get_settings, load_settings


def test_defaults_match_the_documented_product():
    """A fresh install charges 3 credits and talks to Discord itself."""
    settings = load_settings()
    assert settings.credits.upscale_price == 3
    assert settings.discord.api_base_url == "https://discord.com/api/v10"
    assert settings.discord.token is None
    assert settings.engine.device == "auto"


def test_environment_overrides_nested_sections(monkeypatch: pytest.MonkeyPatch):
    """An admin can change the price and allow-list with environment variables."""
    monkeypatch.setenv("UPSCALE_CREDITS__UPSCALE_PRICE", "7")
    monkeypatch.setenv("UPSCALE_DISCORD__GUILD_ALLOW_LIST", "[1, 2]")
    monkeypatch.setenv("UPSCALE_DISCORD__TOKEN", "abc")
    settings = load_settings()
    assert settings.credits.upscale_price == 7
    assert settings.discord.guild_allow_list == [1, 2]
    assert settings.discord.token is not None
    assert settings.discord.token.get_secret_value() == "abc"
    assert "abc" not in repr(settings)


def test_dotenv_file_is_read(tmp_path: Path):
    """Settings written to .env in the working directory take effect."""
    (tmp_path / ".env").write_text("UPSCALE_CREDITS__STARTING_BALANCE=42\n")
    assert load_settings().credits.starting_balance == 42


def test_bad_value_names_the_setting_and_the_value(monkeypatch: pytest.MonkeyPatch):
    """A typo in configuration says which variable is wrong and what it held."""
    monkeypatch.setenv("UPSCALE_CREDITS__UPSCALE_PRICE", "-1")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    message = str(caught.value)
    assert "UPSCALE_CREDITS__UPSCALE_PRICE" in message
    assert "'-1'" in message or "-1" in message


def test_unknown_device_is_refused(monkeypatch: pytest.MonkeyPatch):
    """Only auto, cpu and cuda are devices."""
    monkeypatch.setenv("UPSCALE_ENGINE__DEVICE", "tpu")
    with pytest.raises(SettingsError, match=r"UPSCALE_ENGINE__DEVICE.*'tpu'"):
        load_settings()


def test_overlap_must_fit_in_a_tile():
    """Overlap that swallows the whole tile is refused with both numbers."""
    with pytest.raises(SettingsError, match=r"tile_overlap \(64\).*\(100\)"):
        load_settings(engine={"tile_size": 100, "tile_overlap": 64})


def test_get_settings_is_cached(monkeypatch: pytest.MonkeyPatch):
    """Settings are read once per process, not on every access."""
    first = get_settings()
    monkeypatch.setenv("UPSCALE_CREDITS__UPSCALE_PRICE", "9")
    assert get_settings() is first
    get_settings.cache_clear()
    assert get_settings().credits.upscale_price == 9


def test_database_defaults_into_the_data_dir(tmp_path: Path):
    """The database sits in the data dir unless a path is given."""
    settings = load_settings(storage={"data_dir": tmp_path / "d"})
    assert settings.storage.database_file == tmp_path / "d" / "upscale-bot.sqlite3"
