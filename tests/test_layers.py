"""The project's layers depend one way, in the order of settings.INSTALLED_APPS: core ← members
← agreements ← events ← network ← bulletin ← record ← opendata ← search ← portal (network, the
ties and the map, reads the register and the agreements; the board reads and writes its ties). A
module may import its own package and those below it, never one above; templates may only
`{% load %}` tag libraries of their own app or below; no module-level import cycle; and no
migration runs live application code (it would break when that code changes).
"""

import ast
import re
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]

# Lowest first, as settings lists them: the installed apps that are packages of this project. Each
# package may import itself and any package before it.
LAYERS = [name for name in settings.INSTALLED_APPS if (ROOT / name / "__init__.py").is_file()]
RANK = {name: rank for rank, name in enumerate(LAYERS)}

# Template folders that belong to an app other than the one they are named for.
TEMPLATE_OWNERS = {"account": "members", "mfa": "members", "includes": "portal"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_package(path: Path) -> bool:
    return path.name == "__init__.py"


def project_modules() -> dict[str, Path]:
    modules = {}
    for package in LAYERS:
        for path in sorted((ROOT / package).rglob("*.py")):
            modules[_module_name(path)] = path
    return modules


def imports_of(path: Path, module: str) -> list[tuple[str, bool]]:
    """(imported module, at module level) for every import statement of a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if _is_package(path) else module.rpartition(".")[0]
    top_level = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        at_top = id(node) in top_level
        if isinstance(node, ast.Import):
            found += [(alias.name, at_top) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module
            found.append((target, at_top))
            # `from pkg import submodule` imports pkg.submodule too.
            found += [(f"{target}.{alias.name}", at_top) for alias in node.names]
    return found


def upward_imports(modules: dict[str, Path]) -> list[str]:
    problems = []
    for module, path in modules.items():
        here = module.split(".")[0]
        for target, _ in imports_of(path, module):
            there = target.split(".")[0]
            if there in RANK and RANK[there] > RANK[here]:
                problems.append(f"{module} imports {target} ({here} is below {there})")
    return sorted(set(problems))


def import_cycles(modules: dict[str, Path]) -> list[list[str]]:
    graph = {
        module: {
            target
            for target, at_top in imports_of(path, module)
            if at_top and target in modules and target != module
        }
        for module, path in modules.items()
    }
    cycles, state = [], {}

    def visit(node, trail):
        state[node] = "open"
        for nxt in sorted(graph[node]):
            # A package's own __init__ importing its submodules, and a submodule importing its
            # package, is the normal shape of a package, not a cycle between modules.
            if nxt.startswith(node + ".") or node.startswith(nxt + "."):
                continue
            if state.get(nxt) == "open":
                cycles.append(trail[trail.index(nxt) :] + [nxt])
            elif nxt not in state:
                visit(nxt, trail + [nxt])
        state[node] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    return cycles


def tag_libraries() -> dict[str, str]:
    """Tag library name → the project package that defines it."""
    return {
        path.stem: package
        for package in LAYERS
        for path in (ROOT / package).glob("templatetags/*.py")
        if path.stem != "__init__"
    }


def template_loads() -> list[tuple[Path, str, set[str]]]:
    loads = []
    for path in sorted((ROOT / "templates").rglob("*.*")):
        relative = path.relative_to(ROOT / "templates").parts
        if len(relative) == 1:
            owner = "portal"  # site-wide templates: base, error pages
        elif relative[0] == "admin" and len(relative) > 2:
            owner = relative[1]
        else:
            owner = TEMPLATE_OWNERS.get(relative[0], relative[0])
        if owner not in RANK:
            owner = "portal"
        names = set()
        for match in re.finditer(r"{%\s*load\s+([^%]+?)\s*%}", path.read_text(encoding="utf-8")):
            words = match.group(1).split()
            names |= set(words[words.index("from") + 1 :] if "from" in words else words)
        loads.append((path, owner, names))
    return loads


def upward_template_loads() -> list[str]:
    libraries = tag_libraries()
    problems = []
    for path, owner, names in template_loads():
        for name in names:
            there = libraries.get(name)
            if there and RANK[there] > RANK[owner]:
                problems.append(f"{path.relative_to(ROOT)} loads {name} from {there}")
    return sorted(problems)


def migration_imports(modules: dict[str, Path]) -> list[str]:
    """A migration may name its own app's callables as field arguments (validators, upload_to),
    which Django serialises as imports; it never imports another app, and a data migration
    (RunPython) imports no project code at all."""
    problems = []
    for module, path in modules.items():
        if ".migrations." not in module:
            continue
        own = module.split(".")[0]
        runs_python = "RunPython" in path.read_text(encoding="utf-8")
        for target, _ in imports_of(path, module):
            there = target.split(".")[0]
            if there in RANK and (there != own or runs_python):
                problems.append(f"{module} imports {target}")
    return sorted(problems)


def test_no_module_imports_from_a_layer_above_it():
    assert upward_imports(project_modules()) == []


def test_no_module_level_import_cycle():
    assert import_cycles(project_modules()) == []


def test_templates_load_only_tag_libraries_of_their_own_layer_or_below():
    assert upward_template_loads() == []


def test_migrations_import_no_application_code():
    assert migration_imports(project_modules()) == []


def test_core_is_free_of_every_app():
    imported = {
        target.split(".")[0]
        for module, path in project_modules().items()
        if module.split(".")[0] == "core"
        for target, _ in imports_of(path, module)
    }
    assert imported & set(LAYERS) <= {"core"}


def test_every_app_of_the_project_is_a_layer():
    # Else an app left out of INSTALLED_APPS (or a misnamed one) would escape every check above.
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert "network" in apps and set(LAYERS) == apps
    assert LAYERS[0] == "core" and LAYERS[-1] == "portal"


# The checks themselves: each must catch the mistake it is named for.


def _write(tmp_path: Path, relative: str, text: str) -> Path:
    path = tmp_path / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def fake_tree(tmp_path, monkeypatch):
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    for package in LAYERS:
        _write(tmp_path, f"{package}/__init__.py", "")
    return tmp_path


def test_the_check_catches_an_upward_import(fake_tree):
    _write(fake_tree, "members/services.py", "from bulletin.models import Proposal\n")
    _write(
        fake_tree, "bulletin/views.py", "def f():\n    from members.models import Municipality\n"
    )
    assert upward_imports(project_modules()) == [
        "members.services imports bulletin.models (members is below bulletin)",
        "members.services imports bulletin.models.Proposal (members is below bulletin)",
    ]


def test_the_check_catches_a_cycle_and_a_migration_that_runs_app_code(fake_tree):
    _write(fake_tree, "events/a.py", "from events import b\n")
    _write(fake_tree, "events/b.py", "from .a import thing\n")
    _write(fake_tree, "events/migrations/0002_x.py", "from members.roles import sync\n")
    _write(fake_tree, "events/migrations/0003_y.py", "import events.models\nRunPython\n")
    _write(fake_tree, "events/migrations/0001_z.py", "import events.validators\n")
    assert import_cycles(project_modules()) == [["events.a", "events.b", "events.a"]]
    assert migration_imports(project_modules()) == [
        "events.migrations.0002_x imports members.roles",
        "events.migrations.0002_x imports members.roles.sync",
        "events.migrations.0003_y imports events.models",
    ]


def test_the_check_catches_a_template_loading_a_library_from_above(fake_tree):
    _write(fake_tree, "bulletin/templatetags/bulletin_tags.py", "")
    _write(fake_tree, "templates/events/event_list.html", "{% load i18n bulletin_tags %}")
    _write(fake_tree, "templates/record/timeline.html", "{% load bulletin_tags %}")
    assert upward_template_loads() == [
        "templates/events/event_list.html loads bulletin_tags from bulletin"
    ]
