"""Architecture rules that code review would otherwise have to remember."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "thrive"
# The pure cores take files or tables and return data; they never import Django or an app.
PURE_CORES = ["statutory", "synth", "metrics", "dates", "reference", "parity"]
# Everything Django: each app (a package with apps.py) and the web, demo and settings modules.
DJANGO_SIDE = sorted(
    {path.parent.name for path in SRC.glob("*/apps.py")} | {"web", "demo", "settings", "ops_cli"}
)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("core", PURE_CORES)
def test_pure_cores_never_import_django(core: str) -> None:
    offenders = []
    for path in sorted((SRC / core).rglob("*.py")) if (SRC / core).exists() else []:
        bad = {
            name
            for name in _imports(path)
            if name.split(".")[0] in {"django", "simple_history", "django_otp", "axes", "csp"}
            or any(
                name == f"thrive.{app}" or name.startswith(f"thrive.{app}.") for app in DJANGO_SIDE
            )
        }
        if bad:
            offenders.append(f"{path.relative_to(SRC)}: {sorted(bad)}")
    assert offenders == []


def test_views_do_not_filter_by_council_by_hand() -> None:
    # Tenancy goes through thrive.councils.scoping; a hand-written filter is a review smell.
    offenders = []
    for path in SRC.rglob("views.py"):
        text = path.read_text(encoding="utf-8")
        if "filter(council=" in text or "filter(council__" in text:
            offenders.append(str(path.relative_to(SRC)))
    assert offenders == []


def test_the_demo_is_the_top_floor() -> None:
    # thrive.demo builds the demo through each app's public services; no app depends on it.
    allowed = {"demo", "ops_cli.py", "web/bench_runner.py", "web/loadbench_setup.py"}
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC).as_posix()
        if relative.split("/")[0] in allowed or relative in allowed:
            continue
        if any(name.startswith("thrive.demo") for name in _imports(path)):
            offenders.append(relative)
    assert offenders == []


def test_no_management_commands_outside_django_needs() -> None:
    # One command-line mechanism: Typer (`thrive ...`). Django's own commands stay Django's.
    assert sorted(SRC.rglob("management/commands/*.py")) == []


def test_permission_checks_go_through_the_permission_module() -> None:
    # A role is compared only in councils.roles/permissions; elsewhere ask `can(...)`.
    offenders = []
    for path in sorted(SRC.rglob("views*.py")) + sorted(SRC.rglob("views/*.py")):
        text = path.read_text(encoding="utf-8")
        if "membership.role in" in text or "membership.role ==" in text:
            offenders.append(str(path.relative_to(SRC)))
    assert offenders == []


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _module_level_imports(path: Path, modules: set[str]) -> set[str]:
    """Thrive modules imported when `path` is imported (not inside functions or TYPE_CHECKING)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    statements: list[ast.stmt] = []
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.dump(node.test):
            continue
        if isinstance(node, ast.Try | ast.If):
            statements.extend(n for n in ast.walk(node) if isinstance(n, ast.stmt))
        else:
            statements.append(node)
    for node in statements:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            submodules = [f"{base}.{alias.name}" for alias in node.names]
            found.update(m for m in submodules if m in modules)
            if any(m not in modules for m in submodules):
                found.add(base)
    return {m for m in found if m in modules and m != name}


def test_no_import_cycles() -> None:
    paths = [p for p in SRC.rglob("*.py") if "migrations" not in p.parts]
    modules = {_module_name(p) for p in paths}
    graph = {_module_name(p): _module_level_imports(p, modules) for p in paths}
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: finished

    def visit(module: str, trail: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                cycles.append([*trail[trail.index(target) :], target])
            elif target not in state:
                visit(target, [*trail, target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_no_model_signals_for_business_steps() -> None:
    # What follows a save is called by name from a service (e.g. returns.services.after_ingest),
    # so it can be read in the code that causes it. History and the access log are the exception.
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if any(
            signal in text for signal in ("post_save", "pre_save", "post_delete", "m2m_changed")
        ):
            offenders.append(str(path.relative_to(SRC)))
    assert offenders == []


def test_stored_returns_are_read_only_through_the_returns_storage_module() -> None:
    # The folder layout lives in statutory/layout.py; Django code reads stored tables through
    # returns.selectors (returns/storage.py). The measure engine reads the paths it is handed,
    # and the postcode lookup reads its own shipped reference file.
    allowed = {
        "returns/storage.py",
        "statutory/layout.py",
        "metrics/engine.py",
        "reference/postcodes.py",
    }
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC).as_posix()
        if relative in allowed or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if any(word in text for word in ("read_parquet(", "scan_parquet(", '"v0001"', "v{version")):
            offenders.append(relative)
    assert offenders == []


# Declarative tables may be long; the others are modules still to split (none may grow, and an
# entry must go once its module is under the limit).
LONG_MODULES = {
    "statutory/annexa/spec.py": "declarative: Annex A lists, columns and code sets",
    "parity/differences.py": "declarative: documented disagreements with the reference",
    "synth/simulate.py": "to split: journeys by stage (issue 13)",
    "synth/errors.py": "to split: injected errors by return (issue 13)",
    "statutory/reading.py": "to split: workbooks apart from CSV text (issue 13)",
}
MAX_LINES = 600


def test_no_module_is_longer_than_600_lines() -> None:
    too_long = {}
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        lines = len(path.read_text(encoding="utf-8").splitlines())
        relative = path.relative_to(SRC).as_posix()
        if lines > MAX_LINES and relative not in LONG_MODULES:
            too_long[relative] = lines
        if relative in LONG_MODULES and lines <= MAX_LINES:
            too_long[relative] = lines  # now short enough: take it off the list
    assert too_long == {}
