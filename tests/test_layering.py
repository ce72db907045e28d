"""The one-way arrows ``bot -> engine, storage -> config`` hold in every module."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "engine", "storage", "config")

# package -> top-level names it may not import
FORBIDDEN: dict[str, set[str]] = {
    "config": {"bot", "engine", "storage", "discord"},
    "engine": {"bot", "storage", "discord"},
    "storage": {"bot", "engine", "discord", "torch"},
    "bot": set(),
}


def imported_top_level_names(source: str) -> set[str]:
    """Every top-level module a file imports, at any depth in the file (lazy imports count)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def imported_modules(source: str) -> set[str]:
    """Every module a file imports, by full dotted name (lazy imports count)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def job_core_violations(root: Path) -> list[str]:
    """bot/jobs is the Discord-free core: no discord, and nothing of bot outside bot.jobs."""
    violations = []
    for path in sorted((root / "bot" / "jobs").rglob("*.py")):
        for name in sorted(imported_modules(path.read_text(encoding="utf-8"))):
            top = name.split(".")[0]
            outside_core = top == "bot" and not (name == "bot.jobs" or name.startswith("bot.jobs."))
            if top == "discord" or outside_core:
                violations.append(f"{path.relative_to(root)} imports {name}")
    return violations


def playground_violations(root: Path) -> list[str]:
    """bot/playground is reached only from the command line: the bot never depends on it."""
    violations = []
    for path in sorted((root / "bot").rglob("*.py")):
        relative = path.relative_to(root)
        if relative.parts[:2] == ("bot", "playground") or relative == Path("bot/cli.py"):
            continue
        for name in sorted(imported_modules(path.read_text(encoding="utf-8"))):
            if name == "bot.playground" or name.startswith("bot.playground."):
                violations.append(f"{relative} imports {name}")
    return violations


def layering_violations(root: Path) -> list[str]:
    violations = []
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            names = imported_top_level_names(path.read_text(encoding="utf-8"))
            for name in sorted(names & FORBIDDEN[package]):
                violations.append(f"{path.relative_to(root)} imports {name}")
    return violations + job_core_violations(root) + playground_violations(root)


def test_packages_import_only_down_the_layers():
    """If this fails, a lower layer reaches up (or engine/storage into each other)."""
    assert layering_violations(ROOT) == []


@pytest.mark.parametrize(
    ("package", "line"),
    [
        ("engine", "import discord"),
        ("engine", "from storage.ledger import Ledger"),
        ("storage", "from engine import decode"),
        ("config", "import bot.cli"),
    ],
)
def test_the_check_catches_a_forbidden_import(tmp_path: Path, package: str, line: str):
    """The layering check is not vacuous: a planted import is reported."""
    for name in PACKAGES:
        (tmp_path / name).mkdir()
        (tmp_path / name / "__init__.py").write_text("")
    (tmp_path / package / "planted.py").write_text(f"def f() -> None:\n    {line}\n")
    assert layering_violations(tmp_path) == [
        f"{package}/planted.py imports {line.split()[1].split('.')[0]}"
    ]


def test_only_the_command_line_reaches_the_playground(tmp_path: Path):
    """A planted import of the playground anywhere in bot/ but the CLI is reported."""
    for name in PACKAGES:
        (tmp_path / name).mkdir()
    (tmp_path / "bot" / "playground").mkdir()
    (tmp_path / "bot" / "playground" / "inside.py").write_text("import bot.app\n")
    (tmp_path / "bot" / "cli.py").write_text("from bot.playground import DEFAULT_PORT\n")
    (tmp_path / "bot" / "planted.py").write_text("from bot.playground.standin import FakeDiscord\n")
    assert layering_violations(tmp_path) == ["bot/planted.py imports bot.playground.standin"]


@pytest.mark.parametrize(
    ("line", "reported"),
    [
        ("import discord", "discord"),
        ("from discord.ext import commands", "discord.ext"),
        ("from bot.errors import describe", "bot.errors"),
        ("import bot.presenter", "bot.presenter"),
    ],
)
def test_the_job_core_stays_free_of_discord(tmp_path: Path, line: str, reported: str):
    """A planted Discord or UI import in bot/jobs is reported; bot.jobs imports are fine."""
    for name in PACKAGES:
        (tmp_path / name).mkdir()
    (tmp_path / "bot" / "jobs").mkdir()
    (tmp_path / "bot" / "jobs" / "fine.py").write_text("from bot.jobs.ports import Presenter\n")
    (tmp_path / "bot" / "jobs" / "planted.py").write_text(f"def f() -> None:\n    {line}\n")
    assert layering_violations(tmp_path) == [f"bot/jobs/planted.py imports {reported}"]
