"""Children in need at the reference date, on a plan, and seen in timescale (CIN census;
visits from Annex A list 6)."""

from __future__ import annotations

import ibis.expr.types as ir

from thrive.metrics.expr import (
    Params,
    Sources,
    child_profile,
    flag,
    open_at,
    units,
    with_working_days,
)
from thrive.metrics.measures.common import (
    CIN_SOURCE,
    EES_CIN_2024,
    PEOPLE,
    annex_a_open,
    annex_a_share,
    annex_a_units,
    rate_measure,
)
from thrive.metrics.registry import (
    EnglandFigure,
    PeriodType,
    Polarity,
)


@rate_measure(
    id="cin_rate",
    code="F08",
    name="Children in need per 10,000 children",
    area="Children in need",
    definition="Children with an open children-in-need episode at the reference date "
    "(including children on protection plans and looked after), for every 10,000 "
    "children.",
    numerator="Children with a CIN episode open at the reference date",
    period_type=PeriodType.SNAPSHOT,
    source=CIN_SOURCE,
    fields=("CINreferralDate", "CINclosureDate"),
    follows="DfE Children in need table A1 (children in need at 31 March)",
    tables=("cin_details", "cin_children"),
    breakdowns=PEOPLE,
    date_labels=("Referral date", ""),
    england=(EnglandFigure(332.9, 2024, EES_CIN_2024, "399,460 children"),),
    notes=(
        "Reviewed against the DfE definition (2026): confirmed: children (each once) with a CIN "
        "episode open at 31 March, including children on a plan and looked after; an episode "
        "closed on 31 March is not open.",
    ),
)
def _cin_rate(s: Sources, p: Params) -> ir.Table:
    c = s["cin_details"]
    c = c.filter(open_at(c.referral_date, c.closure_date, p.ref))
    c = c.group_by(child=c.child).aggregate(la=c.la.max(), referral_date=c.referral_date.max())
    c = child_profile(s, c, "cin_children", p)
    return units(
        c,
        subject=c.child,
        num=1.0,
        den=0.0,
        date_a=c.referral_date,
        age_band=c.age_band,
        gender=c.gender,
        ethnicity=c.ethnicity,
    )


@annex_a_share(
    id="cin_seen_pct",
    code="F15",
    name="Children in need seen in timescale",
    area="Children in need",
    definition="Of the children in need (not on a protection plan or looked after) open at "
    "the extract date, the share seen within 20 working days (a common local standard).",
    numerator="Those children last seen 20 working days or fewer before the extract date",
    denominator="Open Annex A list 6 cases with status 'CIN plan' or 'Open assessment'",
    population="Children in need, excluding CP and CLA",
    polarity=Polarity.UP,
    fields=("List 6: Date Child Was Last Seen", "List 6: Case Status"),
    follows="Ofsted Annex A list 6; local standard of 20 working days",
    tables=("aa_cin",),
    date_labels=("CIN start", "Last seen"),
    notes=(
        "Reviewed against the DfE definition (2026): not collected nationally; local standard of "
        "20 working days from Annex A list 6.",
    ),
)
def _cin_seen(s: Sources, p: Params) -> ir.Table:
    c = annex_a_open(s, p, "aa_cin", "closure")
    c = c.filter(c.case_status.isin(("CIN plan", "Open assessment")))
    c = with_working_days(s, c, "last_seen", "_ref")
    return annex_a_units(c, flag(c.wd <= 20), c.start, c.last_seen)


@rate_measure(
    id="cin_plans_rate",
    code="F16",
    name="Children on a child in need plan per 10,000 children",
    area="Children in need",
    definition="Children with a child in need plan open at the reference date, for "
    "every 10,000 children.",
    numerator="Children with a CIN plan open at the reference date",
    period_type=PeriodType.SNAPSHOT,
    source=CIN_SOURCE,
    fields=("CINPlanStartDate", "CINPlanEndDate"),
    follows="DfE Children in need (children on CIN plans at 31 March)",
    tables=("cin_plans", "cin_children"),
    breakdowns=PEOPLE,
    date_labels=("Plan start", ""),
    notes=(
        "Reviewed against the DfE definition (2026): confirmed: children (each once) with a CIN "
        "plan open at 31 March.",
    ),
)
def _cin_plans(s: Sources, p: Params) -> ir.Table:
    c = s["cin_plans"]
    c = c.filter(open_at(c.start, c.end, p.ref))
    c = c.group_by(child=c.child).aggregate(la=c.la.max(), start=c.start.max())
    c = child_profile(s, c, "cin_children", p)
    return units(
        c,
        subject=c.child,
        num=1.0,
        den=0.0,
        date_a=c.start,
        age_band=c.age_band,
        gender=c.gender,
        ethnicity=c.ethnicity,
    )
