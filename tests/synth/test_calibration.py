"""Headline measures of a default medium council, computed from the generated files.

Ranges are the issue's calibration targets (England 2023-2025, DfE): children looked after
60-80 per 10,000, CP plans 35-50 per 10,000, re-referrals within 12 months 18-25 %,
assessments within 45 working days 80-90 %.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import defusedxml.ElementTree as SafeTree
import holidays
import numpy as np
import pytest

from thrive.synth.generate import GenerateOptions, generate
from thrive.synth.params import SIZES

POPULATION = SIZES["medium"]


@pytest.fixture(scope="module")
def medium(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("medium") / "out"
    generate(GenerateOptions(out=out, seed=2026, size="medium", years=2))
    return out


def _date(text: str | None) -> dt.date:
    return dt.date.fromisoformat(text or "")


def _children(folder: Path, year: int) -> list[Any]:
    return list(SafeTree.parse(folder / f"cin/{year}/cin_census.xml").getroot().iter("Child"))


def test_children_looked_after_per_10k(medium: Path) -> None:
    with (medium / "ssda903/2026/episodes.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    looked_after = {r["CHILD"] for r in rows if r["DEC"] == "" and r["LS"] not in ("V3", "V4")}
    rate = len(looked_after) / POPULATION * 10_000
    assert 60 <= rate <= 80


def test_child_protection_plans_per_10k(medium: Path) -> None:
    on_plan = 0
    for child in _children(medium, 2026):
        plans = child.findall("CINdetails/ChildProtectionPlans")
        if any(p.find("CPPendDate") is None for p in plans):
            on_plan += 1
    rate = on_plan / POPULATION * 10_000
    assert 35 <= rate <= 50


def test_re_referrals_within_12_months(medium: Path) -> None:
    dates: dict[str, set[dt.date]] = {}
    for year in (2025, 2026):
        for child in _children(medium, year):
            key = child.findtext("ChildIdentifiers/LAchildID") or ""
            for text in child.iter("CINreferralDate"):
                dates.setdefault(key, set()).add(_date(text.text))
    start, end = dt.date(2025, 4, 1), dt.date(2026, 3, 31)
    referrals = re_referrals = 0
    for child_dates in dates.values():
        ordered = sorted(child_dates)
        for index, day in enumerate(ordered):
            if start <= day <= end:
                referrals += 1
                if index > 0 and (day - ordered[index - 1]).days <= 365:
                    re_referrals += 1
    assert referrals > 2000
    assert 0.18 <= re_referrals / referrals <= 0.25


def test_assessments_within_45_working_days(medium: Path) -> None:
    bank = np.array(
        sorted(holidays.country_holidays("GB", subdiv="ENG", years=range(2023, 2027))),
        dtype="datetime64[D]",
    )
    durations = []
    for child in _children(medium, 2026):
        for assessment in child.iter("Assessments"):
            authorised = assessment.findtext("AssessmentAuthorisationDate")
            if authorised is None:
                continue
            started = _date(assessment.findtext("AssessmentActualStartDate"))
            done = _date(authorised)
            if done < dt.date(2025, 4, 1):
                continue
            # Working days strictly after the start, up to and including the end.
            durations.append(
                np.busday_count(started + dt.timedelta(1), done + dt.timedelta(1), holidays=bank)
            )
    assert len(durations) > 2000
    share = sum(1 for d in durations if d <= 45) / len(durations)
    assert 0.80 <= share <= 0.90
