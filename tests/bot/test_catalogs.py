"""The message catalogs: complete in every language, every message within Discord's limits
with the longest values the bot can put in, command names Discord accepts."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.features.admin.settings.modals import DEFAULT_SHOWN
from bot.ui.catalog_check import check
from bot.ui.catalogs import LANGUAGES, SOURCE, catalog, language_of
from bot.ui.command_names import MAX_DESCRIPTION, MENU_ID, valid_chat_name, valid_menu_name
from bot.ui.wording import ENGLISH, wording_for

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "bot" / "ui" / "catalogs"
SCRIPT = ROOT / "scripts" / "catalog-status"

MENTION = "<@" + "9" * 20 + ">"
# The longest value each variable takes (bounded where the bot takes it: a reason by
# MAX_REASON, a shown prompt by SHOWN_PROMPT, a link by MAX_URL_LENGTH, 25 channels...).
LONGEST: dict[str, str | int] = {
    "member": MENTION,
    "actor": MENTION,
    "reason": "r" * 200,
    "prompt": "p" * 200,
    "url": "https://" + "u" * 192,
    "link": "https://discord.com/channels/" + "/".join(["9" * 20] * 3),
    "when": "<t:9999999999:f>",
    "size": "16384x16384",
    "input": "16384x16384",
    "output": "65536x65536",
    "sizes": "16384x16384 → 65536x65536",
    "job": "9" * 12,
    "position": "9999",
    "version": "999",
    "recorded": "999",
    "from": "999",
    "number": "999",
    "seed": "9" * 19,
    "max": "9" * 19,
    "value": "<#" + "9" * 20 + ">, " * 25,
    "before": "<#" + "9" * 20 + ">, " * 25,
    "changes": "c" * 600,
    "jobs": ", ".join(["#" + "9" * 12] * 20),
    "model": "m" * 64,
    "error_id": "f" * 8,
    "problem": "b" * 160,
    "progress": "p" * 120,
    "duration": "99,9 min",
    "made": "m" * 90,
    "dial": "d" * 40,
    "engine": "e" * 50,
    "kind": "k" * 40,
    "mode": "m" * 20,
    "preset": "p" * 20,
    "strength": "9",
    "label": "l" * 40,
    "bar": "▓" * 10,
    "tool": "AUTOMATIC1111",
    "marks": "m" * 100,
    "sku": "9" * 20,
    "entitlement": "9" * 20,
    "setting": "s" * 40,
    "amount": 999_999_999,
    "percent": 100,
}
# Where the bot cuts a value before it goes in (a top-up link in a placeholder).
CUT = {"field-default": {"value": "v" * DEFAULT_SHOWN}}
LIMITS = [
    (r"button-.*", 80),  # button labels
    (r"(option-.*|version-option.*|preset-[a-z]+(-hint)?)", 100),  # select options
    (
        r"form-(prompt|negative|seed|strength|title|credits-title|allowance-title)|field-(?!default).*",
        45,
    ),
    (r"form-.*-hint|field-default", 100),  # text input placeholders
    (r"select-.*", 150),  # select placeholders
    (r"command-.*-description", MAX_DESCRIPTION),
]


def limit_of(message_id: str) -> int:
    for pattern, limit in LIMITS:
        if re.fullmatch(pattern, message_id):
            return limit
    return 2000  # a message


def args_for(variables: frozenset[str]) -> dict[str, str | int]:
    return {name: LONGEST.get(name, 999_999_999) for name in variables}


def test_the_status_script_finds_every_catalog_complete():
    """A catalog that misses a message, keeps a stale one or changes its variables fails."""
    done = subprocess.run(
        [sys.executable, str(SCRIPT)], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stdout
    assert f"{len(LANGUAGES) - 1} of {len(LANGUAGES) - 1} catalogs complete" in done.stderr


def test_the_status_script_names_what_a_catalog_lacks(tmp_path: Path):
    """Translators see which message to add, which to drop and which lost a variable."""
    english = (FOLDER / "en.ftl").read_text(encoding="utf-8")
    (tmp_path / "en.ftl").write_text(english, encoding="utf-8")
    german = (
        english.replace("confirm-cancelled = Cancelled. You were not charged.\n", "")
        .replace("{ $balance } credits.\n", "credits.\n", 1)
        .replace("button-cancel = Cancel\n", "button-cancel = Abbrechen\nbutton-gone = Weg\n")
    )
    (tmp_path / "de.ftl").write_text(german, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert "de: untranslated: confirm-cancelled" in done.stdout
    assert "de: stale (not in English): button-gone" in done.stdout
    assert "de: variables differ from English: receipt" in done.stdout
    assert "fr: untranslated: confirm-cancelled" in done.stdout  # no file at all


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_has_the_english_variables(language: str):
    """A translation that drops $price (or invents $prise) would show members a gap."""
    if language == SOURCE:
        english = catalog(SOURCE)
        assert english is not None and not english.errors
        return
    (report,) = check(FOLDER, (language,))
    assert report.complete, report.lines()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_fits_discords_limits_with_the_longest_values(language: str):
    """No reply, button, option, form label or command description is ever refused by
    Discord for its length, in any language."""
    say = wording_for(language)
    own = catalog(language)
    assert own is not None
    too_long = {}
    for message_id, variables in own.variables.items():
        text = say(message_id, **(args_for(variables) | CUT.get(message_id, {})))
        if len(text) > limit_of(message_id):
            too_long[message_id] = len(text)
    assert not too_long


@pytest.mark.parametrize("language", LANGUAGES)
def test_command_names_follow_discords_rules(language: str):
    """Discord refuses the whole command sync for one bad name: lower case, no spaces,
    1-32 letters, digits, - or _; the context menu's name 1-32 characters."""
    own = catalog(language)
    assert own is not None
    names = [
        i for i in own.variables if i.startswith("command-") and not i.endswith("-description")
    ]
    english = catalog(SOURCE)
    assert english is not None
    assert len(names) == len(
        [
            i
            for i in english.variables
            if i.startswith("command-") and not i.endswith("-description")
        ]
    )
    say = wording_for(language)
    bad = [
        (i, say(i))
        for i in names
        if not (valid_menu_name(say(i)) if i == MENU_ID else valid_chat_name(say(i)))
    ]
    assert not bad


def test_unknown_locales_read_english_and_regional_ones_their_language():
    """A member whose Discord is in Hindi, or sends no locale, reads English; es-419 reads
    the Spanish catalog."""
    assert language_of("hi") == language_of(None) == language_of("en-GB") == "en"
    assert language_of("es-419") == "es-ES" and language_of("pt-BR") == "pt-BR"
    assert wording_for("hi")("button-confirm") == "Confirm"
    assert wording_for("de")("button-confirm") != "Confirm"


def test_numbers_read_as_each_language_writes_them():
    """Credits are grouped the member's way; sizes and ids never are."""
    assert ENGLISH("error-insufficient-credits", needed=12000, available=3) == (
        "You need 12,000 credits but have 3 available."
    )
    german = wording_for("de")("versions-original", size="1920x1080")
    assert "1920x1080" in german
    assert "12.000" in wording_for("de")("error-insufficient-credits", needed=12000, available=3)
    assert ENGLISH.duration(5400) == "1.5 h" and wording_for("de").duration(5400).startswith("1,5")
