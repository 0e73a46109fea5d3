"""Architecture rules that code review would otherwise have to remember."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "thrive"
PURE_CORES = ["statutory", "synth", "metrics", "forecast", "reference"]


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
            if name.split(".")[0] in {"django", "simple_history", "django_otp", "axes"}
            or name.startswith(("thrive.councils", "thrive.accounts", "thrive.web"))
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
    allowed = {"demo", "ops_cli.py", "web/bench_runner.py"}
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
