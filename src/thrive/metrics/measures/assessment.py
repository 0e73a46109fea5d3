"""Assessments: timeliness and duration from start to authorisation (CIN census)."""

from __future__ import annotations

import ibis.expr.types as ir

from thrive.metrics.expr import (
    Params,
    Sources,
    child_profile,
    flag,
    in_window,
    units,
    with_working_days,
)
from thrive.metrics.measures.common import (
    CIN_SOURCE,
    PEOPLE,
)
from thrive.metrics.registry import (
    EnglandFigure,
    PeriodType,
    Polarity,
    Unit,
    measure,
)


def _assessments(s: Sources, p: Params) -> ir.Table:
    a = s["cin_assessments"]
    a = a.filter(in_window(a.authorised, p) & (a.authorised >= a.start))
    a = with_working_days(s, a, "start", "authorised")
    return child_profile(s, a, "cin_children", p)


@measure(
    id="assessments_45wd_pct",
    code="F05",
    name="Assessments completed within 45 working days",
    area="Assessment",
    definition="Of the assessments authorised in the year, the share completed within 45 "
    "working days of the assessment starting.",
    numerator="Assessments authorised in the year taking 45 working days or fewer",
    denominator="Assessments authorised in the year (authorised on or after their start)",
    population="Children's social care assessments",
    period_type=PeriodType.IN_YEAR,
    unit=Unit.PERCENT,
    polarity=Polarity.UP,
    source=CIN_SOURCE,
    fields=("AssessmentActualStartDate", "AssessmentAuthorisationDate"),
    follows="DfE Children in need table C2: assessment start to authorisation, working days",
    tables=("cin_assessments", "cin_children"),
    breakdowns=PEOPLE,
    date_labels=("Assessment start", "Authorised"),
    england=(EnglandFigure(85.7, 2025, "DfE, Children in need 2025 (C2)", "derived"),),
    notes=(
        "Reviewed against the DfE definition (2026): confirmed: assessments authorised in the "
        "year, clock from the assessment's actual start to authorisation, in working days; an "
        "authorisation dated before the start is left out as invalid.",
    ),
)
def _assessments_45(s: Sources, p: Params) -> ir.Table:
    a = _assessments(s, p)
    return units(
        a,
        subject=a.child,
        num=flag(a.wd <= 45),
        date_a=a.start,
        date_b=a.authorised,
        age_band=a.age_band,
        gender=a.gender,
        ethnicity=a.ethnicity,
    )


@measure(
    id="assessments_mean_wd",
    code="F05b",
    name="Average assessment duration",
    area="Assessment",
    definition="The mean number of working days from an assessment starting to its "
    "authorisation, over assessments authorised in the year.",
    numerator="Sum of working days taken by assessments authorised in the year",
    denominator="Assessments authorised in the year",
    population="Children's social care assessments",
    period_type=PeriodType.IN_YEAR,
    unit=Unit.WORKING_DAYS,
    polarity=Polarity.DOWN,
    source=CIN_SOURCE,
    fields=("AssessmentActualStartDate", "AssessmentAuthorisationDate"),
    follows="DfE Children in need table C2 durations (DfE publishes the median)",
    tables=("cin_assessments", "cin_children"),
    breakdowns=PEOPLE,
    date_labels=("Assessment start", "Authorised"),
    notes=(
        "Reviewed against the DfE definition (2026): DfE publishes the median duration; Thrive "
        "shows the mean, with the same clock and cohort as F05.",
    ),
)
def _assessments_mean(s: Sources, p: Params) -> ir.Table:
    a = _assessments(s, p)
    return units(
        a,
        subject=a.child,
        num=a.wd,
        date_a=a.start,
        date_b=a.authorised,
        age_band=a.age_band,
        gender=a.gender,
        ethnicity=a.ethnicity,
    )
