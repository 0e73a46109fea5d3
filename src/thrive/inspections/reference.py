"""The published latest ILACS judgement of every English council (pure: no Django).

Reads `thrive/reference/data/ilacs_judgements.csv` (see its SOURCES.md): one row per council,
its latest ILACS inspection, with grades in lower case ("requires improvement" means "requires
improvement to be good"; `not_separately_judged` for pre-2023 care leavers).
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

from thrive import reference

GRADE_COLUMNS = {
    "overall": "overall_effectiveness_grade",
    "leaders": "leaders_grade",
    "help_and_protection": "help_and_protection_grade",
    "children_in_care": "children_in_care_grade",
    "care_leavers": "care_leavers_grade",
}
GRADE_ORDER = ("outstanding", "good", "requires improvement", "inadequate", "")


@dataclass(frozen=True)
class PublishedJudgement:
    la_number: str
    name: str
    region: str
    inspection_type: str  # short | standard
    start_date: date
    end_date: date
    publication_date: date | None
    grades: dict[str, str]
    report_url: str
    lead_inspector: str
    checked_against_pdf: bool

    @property
    def overall(self) -> str:
        return self.grades.get("overall", "")


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


@cache
def published_judgements() -> dict[str, PublishedJudgement]:
    text = (
        resources.files("thrive.reference")
        .joinpath("data", "ilacs_judgements.csv")
        .read_text("utf-8")
    )
    authorities = reference.local_authorities()
    result = {}
    for row in csv.DictReader(text.splitlines()):
        code = row["dfe_la_number"]
        authority = authorities.get(code)
        start, end = _date(row["inspection_start_date"]), _date(row["inspection_end_date"])
        if start is None or end is None:
            continue
        result[code] = PublishedJudgement(
            la_number=code,
            name=row["name"],
            region=authority.region if authority else "",
            inspection_type=row["inspection_type"],
            start_date=start,
            end_date=end,
            publication_date=_date(row["publication_date"]),
            grades={area: row[column].strip() for area, column in GRADE_COLUMNS.items()},
            report_url=row["report_url"],
            lead_inspector=row["lead_inspector"].title(),
            checked_against_pdf=row["grades_checked_against_report_pdf"] == "yes",
        )
    return result


@dataclass(frozen=True)
class Landscape:
    by_grade: list[tuple[str, int]]
    regions: list[str]
    by_region: list[tuple[str, list[int], int]]  # region, counts in GRADE_ORDER, total
    years: list[tuple[int, list[int], int]]
    total: int


def landscape(area: str = "overall") -> Landscape:
    rows = list(published_judgements().values())
    grades = Counter(r.grades.get(area, "") for r in rows)
    regions = sorted({r.region for r in rows if r.region})
    by_region = []
    for region in regions:
        counts = Counter(r.grades.get(area, "") for r in rows if r.region == region)
        by_region.append((region, [counts[g] for g in GRADE_ORDER], sum(counts.values())))
    years_seen = sorted({(r.publication_date or r.end_date).year for r in rows})
    years = []
    for year in years_seen:
        counts = Counter(
            r.grades.get(area, "") for r in rows if (r.publication_date or r.end_date).year == year
        )
        years.append((year, [counts[g] for g in GRADE_ORDER], sum(counts.values())))
    return Landscape(
        by_grade=[(g, grades[g]) for g in GRADE_ORDER],
        regions=regions,
        by_region=by_region,
        years=years,
        total=len(rows),
    )
