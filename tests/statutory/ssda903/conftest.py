"""The baseline council's copy of Ofsted's provider lists, for the URN rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from thrive.reference.providers import ENVIRONMENT_VARIABLE

PROVIDERS = Path(__file__).parent / "data" / "ofsted_providers.csv"


@pytest.fixture(autouse=True)
def ofsted_providers(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, str(PROVIDERS))
    return PROVIDERS
