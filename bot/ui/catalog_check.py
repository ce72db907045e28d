"""What each catalog lacks against the English source: messages missing (untranslated),
messages English no longer has or whose variables changed (stale), lines Fluent cannot read,
and messages still word for word English (listed, not refused: "Original" is German too).
``scripts/catalog-status`` prints this; the catalog tests run it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bot.ui.catalogs import LANGUAGES, SOURCE, Catalog, parse_catalog


@dataclass
class CatalogReport:
    language: str
    missing: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    wrong_variables: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    same_as_english: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Nothing to fix (same-as-English lines are allowed)."""
        return not (self.missing or self.stale or self.wrong_variables or self.unreadable)

    def lines(self) -> list[str]:
        out = []
        for kind, ids in (
            ("untranslated", self.missing),
            ("stale (not in English)", self.stale),
            ("variables differ from English", self.wrong_variables),
            ("unreadable", self.unreadable),
            ("same as English", self.same_as_english),
        ):
            out += [f"{self.language}: {kind}: {message_id}" for message_id in ids]
        return out


def _text(catalog: Catalog, message_id: str) -> str:
    bundle = catalog.bundle
    pattern = bundle.get_message(message_id).value
    assert pattern is not None
    # Every variable filled with its own name, so equal sentences compare equal.
    args = {name: name for name in catalog.variables[message_id]}
    return str(bundle.format_pattern(pattern, args)[0])


def compare(english: Catalog, other: Catalog) -> CatalogReport:
    report = CatalogReport(other.language, unreadable=list(other.errors))
    for message_id, variables in english.variables.items():
        if message_id not in other.variables:
            report.missing.append(message_id)
        elif other.variables[message_id] != variables:
            report.wrong_variables.append(message_id)
        elif _text(other, message_id) == _text(english, message_id):
            report.same_as_english.append(message_id)
    report.stale = [i for i in other.variables if i not in english.variables]
    return report


def check(folder: Path, languages: tuple[str, ...] = LANGUAGES) -> list[CatalogReport]:
    """One report per language other than English (a missing file misses every message)."""
    english = parse_catalog(SOURCE, (folder / f"{SOURCE}.ftl").read_text(encoding="utf-8"))
    reports = []
    for language in languages:
        if language == SOURCE:
            continue
        path = folder / f"{language}.ftl"
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
        reports.append(compare(english, parse_catalog(language, text)))
    return reports
