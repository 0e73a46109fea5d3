"""Small generated councils shared by the synth tests (generated once per session)."""

from __future__ import annotations

from pathlib import Path

import pytest

from thrive.synth.generate import GenerateOptions, generate

TINY_POPULATION = 4000


@pytest.fixture(scope="session")
def clean_council(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("clean") / "out"
    generate(GenerateOptions(out=out, seed=11, years=2, population=TINY_POPULATION))
    return out


@pytest.fixture(scope="session")
def broken_council(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("broken") / "out"
    generate(
        GenerateOptions(out=out, seed=12, years=2, population=TINY_POPULATION, inject_errors=0.25)
    )
    return out
