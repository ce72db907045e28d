"""UPSCALE_CREDITS__PACKS: SKU ids to credits, and a bad value named with what it held."""

from __future__ import annotations

from pathlib import Path

import pytest

from config import SettingsError, load_settings


def test_packs_map_sku_ids_to_credits(monkeypatch: pytest.MonkeyPatch):
    """An operator's two packs are read as SKU ids with their credits."""
    monkeypatch.setenv("UPSCALE_CREDITS__PACKS", '{"1234567890": 100, "1234567891": 500}')
    assert load_settings().credits.packs == {1234567890: 100, 1234567891: 500}


def test_no_packs_by_default():
    """A fresh install sells nothing inside Discord."""
    assert load_settings().credits.packs == {}


def test_packs_are_read_from_dotenv(tmp_path: Path):
    """The JSON object written in .env, unquoted, as .env.example shows it, takes effect."""
    (tmp_path / ".env").write_text('UPSCALE_CREDITS__PACKS={"1103355774000000000": 250}\n')
    assert load_settings().credits.packs == {1103355774000000000: 250}


@pytest.mark.parametrize(
    ("value", "named"),
    [
        ('{"1234567890": 0}', "SKU 1234567890: 0 credits is not a whole number"),
        ('{"1234567890": -5}', "SKU 1234567890: -5 credits"),
        ('{"1234567890": 2.5}', "2.5 credits"),
        ('{"1234567890": "100"}', "'100' credits"),
        ('{"1234567890": true}', "True credits"),
        ('{"1234567890": 1000001}', "from 1 to 1,000,000"),
        ('{"pack-a": 100}', "SKU id 'pack-a' is not a snowflake id"),
        ('{"-12": 100}', "SKU id '-12' is not a snowflake id"),
        ('{"0": 100}', "SKU id '0' is not a snowflake id"),
        ('{"99999999999999999999": 100}', "SKU id '99999999999999999999'"),
        ('{"12": 100, "012": 5}', "listed twice"),
        ('{"1234567890": 100', "must be a JSON object"),
        ("[1234567890]", "must be a JSON object"),
        ("100", "must be a JSON object"),
    ],
)
def test_a_bad_pack_names_the_variable_the_entry_and_the_value(
    monkeypatch: pytest.MonkeyPatch, value: str, named: str
):
    """A typo in the packs stops the bot with a line naming the variable, the entry and the value."""
    monkeypatch.setenv("UPSCALE_CREDITS__PACKS", value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    message = str(caught.value)
    assert "UPSCALE_CREDITS__PACKS" in message
    assert named in message
    assert repr(value) in message
