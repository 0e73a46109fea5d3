"""The baseline council's copy of Ofsted's provider lists, for the SSDA903 URN rules (every
statutory test: a whole-return run checks them too)."""

from __future__ import annotations

from pathlib import Path

import pytest

from thrive.reference.providers import ENVIRONMENT_VARIABLE

PROVIDERS = Path(__file__).parent / "ssda903" / "data" / "ofsted_providers.csv"


@pytest.fixture(autouse=True)
def ofsted_providers(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, str(PROVIDERS))
    return PROVIDERS
