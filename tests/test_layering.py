"""The one-way arrows ``bot -> engine, storage -> config`` hold in every module; inside
engine/, each room imports only what it may, no import goes round in a circle, and no code
outside a network's descriptor tests which network it holds."""

from __future__ import annotations

import ast
from collections.abc import Iterator
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


# engine/ rooms that never import torch (they run where torch is not wanted: the probe
# processes, the remote worker's own process)
TORCH_FREE_ROOMS = ("images", "remote")
# the only engine/ rooms that start processes or talk to Redis
PROCESS_ROOMS = ("process", "remote")
PROCESS_MODULES = {"multiprocessing", "redis"}


def engine_room_violations(root: Path) -> list[str]:
    """Imports a room of engine/ may not make (at any depth in the file: lazy and type-only
    imports count)."""
    violations = []
    engine = root / "engine"
    for path in sorted(engine.rglob("*.py")):
        relative = path.relative_to(engine).parts
        room = relative[0] if len(relative) > 1 else ""
        names = imported_top_level_names(path.read_text(encoding="utf-8"))
        if room in TORCH_FREE_ROOMS and "torch" in names:
            violations.append(f"{path.relative_to(root)} imports torch")
        if room not in PROCESS_ROOMS:
            for name in sorted(names & PROCESS_MODULES):
                violations.append(f"{path.relative_to(root)} imports {name}")
    return violations


def module_files(root: Path, package: str) -> dict[str, Path]:
    """Every module of ``package`` under ``root`` by dotted name (a package by its own name)."""
    modules = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


def _ancestors(module: str) -> Iterator[str]:
    parts = module.split(".")
    for end in range(len(parts) - 1, 0, -1):
        yield ".".join(parts[:end])


def _imported_targets(module: str, is_package: bool, tree: ast.AST, known: set[str]) -> set[str]:
    """Modules that running ``module`` may import, resolved against ``known`` (lazy and
    type-only imports included): ``from a.b import c`` names ``a.b.c`` when that is a module,
    and always ``a.b``."""
    targets: set[str] = set()
    own_package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = own_package.split(".")[: len(own_package.split(".")) - node.level + 1]
                base = ".".join([*base_parts, *([node.module] if node.module else [])])
            else:
                base = node.module or ""
            targets.add(base)
            targets.update(f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in known)
    return targets


def import_graph(root: Path, package: str) -> dict[str, set[str]]:
    """Which modules of ``package`` each of its modules makes Python run on import.

    Importing ``a.b.c`` runs ``a/__init__``, ``a/b/__init__`` and ``a/b/c``; a module's own
    parent packages are already running when it is imported, so arrows to them are left out
    (a package's ``__init__`` importing its submodules is no circle).
    """
    files = module_files(root, package)
    known = set(files)
    graph: dict[str, set[str]] = {}
    for module, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        own_ancestors = set(_ancestors(module))
        edges: set[str] = set()
        for target in _imported_targets(module, path.name == "__init__.py", tree, known):
            for name in (target, *_ancestors(target)):
                if name in known and name not in own_ancestors and name != module:
                    edges.add(name)
        graph[module] = edges
    return graph


def import_cycles(root: Path, package: str) -> list[list[str]]:
    """Groups of ``package``'s modules that import each other, directly or round a circle
    (strongly connected components of :func:`import_graph`), each sorted; none when clean."""
    graph = import_graph(root, package)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's algorithm
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(cycles)


NETWORK_CODE = ("engine", "bot")


def _descriptor_files(root: Path) -> set[Path]:
    """The files of engine/networks that define an architecture's descriptor."""
    found = set()
    for path in (root / "engine" / "networks").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(
                isinstance(base, ast.Subscript) and ast.unparse(base.value) == "Architecture"
                for base in node.bases
            ):
                found.add(path)
    return found


def _network_facts(root: Path) -> tuple[set[str], set[str]]:
    """The network classes (engine/networks/archs) and the descriptors' names."""
    classes, names = set(), set()
    for path in (root / "engine" / "networks" / "archs").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        classes.update(n.name for n in ast.walk(tree) if isinstance(n, ast.ClassDef))
    for path in _descriptor_files(root):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Assign)
                and [ast.unparse(t) for t in node.targets] == ["name"]
                and isinstance(node.value, ast.Constant)
            ):
                names.add(str(node.value.value))
    return classes, names


def network_type_tests(root: Path) -> list[str]:
    """Code outside the descriptors that asks which network it holds: ``isinstance`` or
    ``issubclass`` with a network class, or a comparison with a descriptor's name."""
    classes, names = _network_facts(root)
    descriptors = _descriptor_files(root)
    found = []
    for package in NETWORK_CODE:
        for path in sorted((root / package).rglob("*.py")):
            if path in descriptors:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                where = f"{path.relative_to(root)}:{getattr(node, 'lineno', 0)}"
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id in ("isinstance", "issubclass")
                    and len(node.args) == 2
                ):
                    tested = {
                        n.id if isinstance(n, ast.Name) else n.attr
                        for n in ast.walk(node.args[1])
                        if isinstance(n, ast.Name | ast.Attribute)
                    }
                    if tested & classes:
                        found.append(f"{where} tests for {', '.join(sorted(tested & classes))}")
                elif isinstance(node, ast.Compare):
                    constants = {
                        n.value
                        for n in (node.left, *node.comparators)
                        if isinstance(n, ast.Constant) and isinstance(n.value, str)
                    }
                    if constants & names:
                        found.append(
                            f"{where} compares with {', '.join(sorted(constants & names))}"
                        )
    return found


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
        ("from bot.ui.errors import describe", "bot.ui.errors"),
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


def test_engine_rooms_import_only_what_they_may():
    """If this fails, torch reaches the probe or remote-worker processes, or a room other than
    process/ and remote/ starts processes or talks to Redis."""
    assert engine_room_violations(ROOT) == []


def _plant(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        for folder in path.relative_to(root).parents:
            init = root / folder / "__init__.py"
            if folder != Path() and not init.exists():
                init.write_text("")
        path.write_text(text)
    return root


@pytest.mark.parametrize(
    ("name", "text", "reported"),
    [
        ("engine/images/planted.py", "def f() -> None:\n    import torch\n", "torch"),
        (
            "engine/remote/planted.py",
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from torch import nn\n",
            "torch",
        ),
        ("engine/tiling/planted.py", "import multiprocessing.connection\n", "multiprocessing"),
        ("engine/networks/planted.py", "import redis.asyncio as aioredis\n", "redis"),
        ("engine/planted.py", "from redis.exceptions import RedisError\n", "redis"),
    ],
)
def test_the_room_check_catches_a_planted_import(tmp_path: Path, name: str, text: str, reported):
    """The room rules are not vacuous: a planted torch, multiprocessing or redis import in a
    room that may not have it is reported; the same imports where they belong are fine."""
    _plant(
        tmp_path,
        {
            "engine/process/fine.py": "import multiprocessing\nimport torch\n",
            "engine/remote/fine.py": "import redis.asyncio\nimport multiprocessing\n",
            "engine/networks/fine.py": "import torch\n",
            name: text,
        },
    )
    assert engine_room_violations(tmp_path) == [f"{name} imports {reported}"]


def test_no_import_circle_in_engine():
    """If this fails, two engine modules import each other (perhaps round several others, or
    through a package's __init__): one of them only works while the other is half-loaded."""
    assert import_cycles(ROOT, "engine") == []


def test_no_import_circle_in_bot():
    """The presenter sits above the features, never below them: features reach it through
    ``bot.ui.context.FeaturePresenter`` and the app hands it the image message's buttons. The
    stand-in Discord's parts name the ``World`` protocol, never the server that holds them."""
    assert import_cycles(ROOT, "bot") == []


def features_reached_from_plumbing(root: Path) -> list[str]:
    """Modules of bot/ui, bot/ops and the presenter that import a feature."""
    graph = import_graph(root, "bot")
    plumbing = [m for m in graph if m.startswith(("bot.ui", "bot.ops")) or m == "bot.presenter"]
    return sorted(
        f"{m} imports {t}" for m in plumbing for t in graph[m] if t.startswith("bot.features")
    )


def test_shared_plumbing_never_imports_a_feature():
    assert features_reached_from_plumbing(ROOT) == []


def test_the_plumbing_check_catches_a_planted_import(tmp_path: Path):
    _plant(
        tmp_path,
        {
            "bot/features/__init__.py": "",
            "bot/features/upscale.py": "X = 1\n",
            "bot/ui/__init__.py": "",
            "bot/ui/context.py": "from typing import TYPE_CHECKING\n"
            "if TYPE_CHECKING:\n    from bot.features.upscale import X\n",
            "bot/presenter.py": "import bot.features.upscale\n",
        },
    )
    assert features_reached_from_plumbing(tmp_path) == [
        "bot.presenter imports bot.features",
        "bot.presenter imports bot.features.upscale",
        "bot.ui.context imports bot.features",
        "bot.ui.context imports bot.features.upscale",
    ]


@pytest.mark.parametrize(
    ("files", "cycle"),
    [
        (  # a type-only arrow closes the circle
            {
                "engine/a.py": "from engine.b import B\n",
                "engine/b.py": "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n    from engine.a import A\n",
            },
            ["engine.a", "engine.b"],
        ),
        (  # a lazy import inside a function, round three modules
            {
                "engine/a.py": "import engine.b\n",
                "engine/b.py": "from engine.c import C\n",
                "engine/c.py": "def f() -> None:\n    from engine import a\n",
            },
            ["engine.a", "engine.b", "engine.c"],
        ),
        (  # through a package's __init__, which imports its submodules
            {
                "engine/pack/__init__.py": "from engine.pack.inner import X\n",
                "engine/pack/inner.py": "from engine.outer import Y\n",
                "engine/outer.py": "from engine.pack.other import Z\n",
                "engine/pack/other.py": "Z = 1\n",
            },
            ["engine.outer", "engine.pack", "engine.pack.inner"],
        ),
    ],
)
def test_the_circle_check_catches_a_planted_circle(
    tmp_path: Path, files: dict[str, str], cycle: list[str]
):
    """The circle check is not vacuous, and it works for any package: planted circles (through
    type-only, lazy or package imports) are reported, in engine/ and under another name."""
    _plant(tmp_path, {"engine/fine.py": "from engine.a import A\n", **files})
    assert import_cycles(tmp_path, "engine") == [cycle]
    renamed = {
        name.replace("engine", "bot"): t.replace("engine", "bot") for name, t in files.items()
    }
    _plant(tmp_path, renamed)
    assert import_cycles(tmp_path, "bot") == [[m.replace("engine", "bot") for m in cycle]]


def test_a_package_importing_its_own_submodules_is_no_circle(tmp_path: Path):
    """A package whose __init__ imports its submodules, which import each other and the
    package's names, is clean (engine/creative works that way)."""
    _plant(
        tmp_path,
        {
            "engine/pack/__init__.py": "from engine.pack.a import A\nfrom engine.pack.b import B\n",
            "engine/pack/a.py": "from engine.pack import b\nA = 1\n",
            "engine/pack/b.py": "from engine.pack.c import C\nB = 2\n",
            "engine/pack/c.py": "C = 3\n",
            "engine/user.py": "from engine.pack import A\n",
        },
    )
    assert import_cycles(tmp_path, "engine") == []


def test_only_descriptors_ask_which_network_they_hold():
    """If this fails, code outside a descriptor tests a network's class or architecture name,
    so a new architecture would have to be added there too."""
    assert network_type_tests(ROOT) == []


def test_the_network_check_catches_a_planted_type_test(tmp_path: Path):
    """The network check is not vacuous: isinstance with a network class, or a comparison with
    a descriptor's name, is reported outside the descriptors and allowed inside them."""
    descriptor = (
        "from engine.networks.architecture import Architecture\n"
        "class Net(Architecture[int]):\n"
        '    name = "net"\n'
        "    def f(self, m: object) -> bool:\n"
        "        return isinstance(m, Conv)\n"
    )
    _plant(
        tmp_path,
        {
            "engine/networks/archs/conv.py": "class Conv:\n    pass\n",
            "engine/networks/net.py": descriptor,
            "engine/tiling/planted.py": "def f(m: object) -> bool:\n"
            "    return isinstance(m, (int, Conv))\n",
            "bot/planted.py": 'def g(kind: str) -> bool:\n    return kind == "net"\n',
        },
    )
    assert network_type_tests(tmp_path) == [
        "engine/tiling/planted.py:2 tests for Conv",
        "bot/planted.py:2 compares with net",
    ]


def test_the_bot_and_its_command_line_load_without_torch():
    """Only the engine's own process loads torch: the bot, its command line, the playground and
    the remote worker's command line start on a host where importing torch fails."""
    import subprocess
    import sys

    modules = ("bot.app", "bot.cli", "bot.playground.playground", "engine.remote.cli", "engine.cli")
    loaded = subprocess.run(
        [sys.executable, "-c", "; ".join(f"import {name}" for name in modules)],
        env={"PYTHONPATH": f"{ROOT / 'scripts' / 'without-torch'}:{ROOT}", "PATH": ""},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert loaded.returncode == 0, loaded.stderr[-2000:]
