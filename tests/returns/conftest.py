"""Fixtures for returns: a tiny generated council (made once per session) and a data folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def generated_council(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One small synthetic council's files for two collection years (made once)."""
    from typer.testing import CliRunner

    from thrive.cli import app

    out = tmp_path_factory.mktemp("generated") / "council"
    result = CliRunner().invoke(
        app, ["generate", "--out", str(out), "--size", "small", "--years", "2", "--seed", "7"]
    )
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def ssda903_files(generated_council: Path, tmp_path: Path) -> Path:
    """A copy of the newest SSDA903 year's CSVs, safe to edit."""
    years = sorted((generated_council / "ssda903").iterdir())
    target = tmp_path / "ssda903"
    shutil.copytree(years[-1], target)
    return target
