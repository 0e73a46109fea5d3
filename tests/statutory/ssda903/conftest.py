"""The baseline council's copy of Ofsted's provider lists, for the SSDA903 URN rules.

Tests outside this folder that run the baseline as a whole return use `ofsted_providers_set`.
Generated councils invent their URNs, so the generator agreement tests run without a list (the
URN rules are then "not checked").
"""

from __future__ import annotations

from pathlib import Path

import pytest

from thrive.reference.providers import ENVIRONMENT_VARIABLE

PROVIDERS = Path(__file__).parent / "data" / "ofsted_providers.csv"


def ofsted_providers_set(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, str(PROVIDERS))
    return PROVIDERS


@pytest.fixture(autouse=True)
def ofsted_providers(monkeypatch: pytest.MonkeyPatch) -> Path:
    return ofsted_providers_set(monkeypatch)
