"""The message catalogs: one Project Fluent file per language in ``bot/ui/catalogs/``, read
once, with what each message expects.

Fluent over gettext because one English sentence often needs several shapes elsewhere
(Russian and Polish have three plural forms of "credits", Japanese none), and Fluent lets each
catalog choose its own shape from the same variables, with CLDR plural rules from Babel; the
English source stays one plain line per message. Numbers passed as ``int`` are formatted for
the language (Babel); ids, sizes and seeds are passed as text so they are never grouped.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from fluent.runtime import FluentBundle, FluentResource
from fluent.syntax import ast, parse
from fluent.syntax.visitor import Visitor

SOURCE = "en"
# Discord's locale codes (https://discord.com/developers/docs/reference#locales) for which a
# catalog exists, the file being named after the code. Other English and Spanish codes
# share a catalog; any other locale reads English.
LANGUAGES: tuple[str, ...] = (
    "en",
    "de",
    "fr",
    "es-ES",
    "pt-BR",
    "ru",
    "pl",
    "tr",
    "ja",
    "ko",
    "zh-CN",
)
ALIASES = {"en-US": "en", "en-GB": "en", "es-419": "es-ES"}
# How each language names itself, for the admin's language select.
NATIVE_NAMES = {
    "en": "English",
    "de": "Deutsch",
    "fr": "Français",
    "es-ES": "Español",
    "pt-BR": "Português do Brasil",
    "ru": "Русский",
    "pl": "Polski",
    "tr": "Türkçe",
    "ja": "日本語",
    "ko": "한국어",
    "zh-CN": "简体中文",
}


def language_of(locale: str | None) -> str:
    """The catalog for a Discord locale code (``de``, ``en-US``, ``pt-BR``); English for an
    unknown or missing one."""
    if not locale:
        return SOURCE
    locale = ALIASES.get(locale, locale)
    return locale if locale in LANGUAGES else SOURCE


class _Variables(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def visit_VariableReference(self, node: ast.VariableReference) -> None:
        self.names.add(node.id.name)
        self.generic_visit(node)


@dataclass(frozen=True, slots=True)
class Catalog:
    """One language's file: the bundle that formats, and each message's variables."""

    language: str
    bundle: FluentBundle
    variables: dict[str, frozenset[str]]
    errors: tuple[str, ...]  # syntax errors found while reading (the catalog test fails on any)


def catalog_text(language: str) -> str | None:
    """The file's text, or None when the language has no catalog (yet)."""
    path = resources.files("bot.ui").joinpath("catalogs", f"{language}.ftl")
    return path.read_text(encoding="utf-8") if path.is_file() else None


def parse_catalog(language: str, text: str) -> Catalog:
    resource = parse(text)
    variables: dict[str, frozenset[str]] = {}
    errors: list[str] = []
    for entry in resource.body:
        if isinstance(entry, ast.Message):
            found = _Variables()
            found.visit(entry)
            variables[entry.id.name] = frozenset(found.names)
        elif isinstance(entry, ast.Junk):
            errors.append(entry.content.strip().splitlines()[0] if entry.content else "junk")
    # Discord shows bidi isolation marks as boxes on some clients: none around placeables.
    bundle = FluentBundle([language, SOURCE], use_isolating=False)
    bundle.add_resource(FluentResource(text))
    return Catalog(language, bundle, variables, tuple(errors))


@cache
def catalog(language: str) -> Catalog | None:
    """The language's catalog, read once; None when there is no file for it."""
    text = catalog_text(language)
    return None if text is None else parse_catalog(language, text)
