"""The `thrive` command line: version, council add and clear errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from thrive import __version__
from thrive.cli import app


def test_version() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"thrive {__version__}"


def _thrive(args: list[str], data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "THRIVE_TESTING"}}
    env.update(THRIVE_DATA_DIR=str(data_dir), COLUMNS="200")
    return subprocess.run(
        [sys.executable, "-m", "thrive.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_council_add_end_to_end(tmp_path: Path) -> None:
    before = _thrive(["council", "add", "887", "Medway"], tmp_path)
    assert before.returncode == 2
    assert "Run `thrive migrate` first" in before.stderr
    assert _thrive(["migrate"], tmp_path).returncode == 0
    added = _thrive(["council", "add", "887", "Medway"], tmp_path)
    assert added.returncode == 0, added.stderr
    assert "Added Medway (LA 887, E06000035, South East, 10 statistical neighbours)" in added.stdout
    unknown = _thrive(["council", "add", "123", "Nowhere"], tmp_path)
    assert unknown.returncode == 2
    assert "123 is not a DfE LA number" in unknown.stderr
    assert "Traceback" not in unknown.stderr


HEAVY = ("polars", "ibis", "django", "numpy", "holidays", "rich", "thrive.synth", "xlsxwriter",
         "pydantic")  # fmt: skip


def _modules_after(code: str) -> set[str]:
    """Top-level and thrive sub-package names in sys.modules after running `code` afresh."""
    probe = (
        f"import sys\n{code}\n"
        "names = {m.split('.')[0] for m in sys.modules}\n"
        "names |= {'.'.join(m.split('.')[:2]) for m in sys.modules if m.startswith('thrive.')}\n"
        "print(' '.join(sorted(names)))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(done.stdout.split())


def test_importing_the_cli_imports_no_heavy_library() -> None:
    loaded = _modules_after("import thrive.cli")
    assert loaded.isdisjoint(HEAVY), loaded & set(HEAVY)


def test_validate_help_imports_no_heavy_library() -> None:
    loaded = _modules_after(
        "from thrive.cli import load_command\n"
        "from typer._click import Context\n"
        "command = load_command('validate')\n"
        "command.get_help(Context(command))"
    )
    assert "thrive.statutory" in loaded
    assert loaded.isdisjoint(HEAVY), loaded & set(HEAVY)


def test_validate_run_imports_polars_but_not_django_ibis_generator_or_holidays(
    tmp_path: Path,
) -> None:
    (tmp_path / "header.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    loaded = _modules_after(
        "from thrive.cli import app\n"
        f"try:\n    app(['validate', {str(tmp_path)!r}, '--format', 'json'])\n"
        "except SystemExit:\n    pass"
    )
    assert "polars" in loaded
    assert loaded.isdisjoint(
        {"ibis", "django", "thrive.synth", "holidays", "rich", "numpy", "pydantic"}
    )


def test_cin_validate_runs_its_rules_without_numpy_or_the_holiday_package() -> None:
    # Working days come from the shipped bank-holiday table and Polars, not NumPy/holidays.
    census = Path(__file__).parent / "fixtures" / "parity" / "cin" / "icpc-and-overlaps.xml"
    loaded = _modules_after(
        "from thrive.cli import app\n"
        f"try:\n    app(['validate', {str(census)!r}, '--year', '2026', '--format', 'json'])\n"
        "except SystemExit as exit:\n    assert exit.code in (0, 1), exit.code"
    )
    assert "thrive.statutory" in loaded
    assert loaded.isdisjoint({"ibis", "django", "thrive.synth", "holidays", "numpy"})


def test_every_lazy_command_loads_and_its_listed_help_is_its_own() -> None:
    from thrive.cli import COMMANDS, load_command

    for name, entry in COMMANDS.items():
        command = load_command(name)
        assert command.name == name
        first_line = (command.help or "").strip().splitlines()[0]
        assert first_line == entry.help, name


def test_root_help_lists_every_command_without_importing_them() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    for name in ("validate", "ingest", "generate", "council", "plan", "audits"):
        assert f"\n  {name} " in result.stdout


def test_plain_options_are_still_checked_and_converted(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["validate", str(tmp_path), "--year", "abc"])
    assert result.exit_code == 2
    assert "'abc' is not a whole number" in result.output
    result = CliRunner().invoke(app, ["rules", "--return", "ssda903", "--year", "2026"])
    assert result.exit_code == 0
    assert result.output.endswith(" rule(s)\n")
