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
