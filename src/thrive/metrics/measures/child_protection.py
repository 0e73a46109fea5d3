"""Child protection: section 47 enquiries, initial conferences, plans, reviews and visits
(CIN census; visits from Annex A list 7)."""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from thrive.metrics.cohorts import (
    join_on_child,
)
from thrive.metrics.expr import (
    Params,
    Sources,
    as_int,
    child_profile,
    d,
    flag,
    in_window,
    open_at,
    units,
    with_calendar,
    with_working_days,
)
from thrive.metrics.measures.common import (
    CIN_SOURCE,
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
    Unit,
    measure,
)


@rate_measure(
    id="s47_rate",
    code="F06",
    name="Section 47 enquiries per 10,000 children",
    area="Child protection",
    definition="Section 47 enquiries starting in the year, for every 10,000 children.",
    numerator="Section 47 enquiries with a start date in the year",
    period_type=PeriodType.IN_YEAR,
    source=CIN_SOURCE,
    fields=("S47ActualStartDate",),
    follows="DfE Children in need table C4",
    tables=("cin_s47", "cin_children"),
    breakdowns=PEOPLE,
    date_labels=("Enquiry start", ""),
    england=(EnglandFigure(191.6, 2023, "DfE, Children in need 2023 (C4)", ""),),
    notes=(
        "Reviewed against the DfE definition (2026): confirmed: section 47 enquiries starting in "
        "the year (each enquiry, not each child).",
    ),
)
def _s47_rate(s: Sources, p: Params) -> ir.Table:
    e = s["cin_s47"]
    e = child_profile(s, e.filter(in_window(e.start, p)), "cin_children", p)
    return units(
        e,
        subject=e.child,
        num=1.0,
        den=0.0,
        date_a=e.start,
        age_band=e.age_band,
        gender=e.gender,
        ethnicity=e.ethnicity,
    )


@rate_measure(
    id="icpc_rate",
    code="F06b",
    name="Initial child protection conferences per 10,000 children",
    area="Child protection",
    definition="Initial child protection conferences held in the year, for every 10,000 children.",
    numerator="Section 47 enquiries with an initial conference dated in the year",
    period_type=PeriodType.IN_YEAR,
    source=CIN_SOURCE,
    fields=("DateOfInitialCPC",),
    follows="DfE Children in need table C4 (ICPCs)",
    tables=("cin_s47", "cin_children"),
    breakdowns=PEOPLE,
    date_labels=("Enquiry start", "Conference"),
    england=(EnglandFigure(63.2, 2023, "DfE, Children in need 2023 (C4)", ""),),
    notes=(
        "Reviewed against the DfE definition (2026): confirmed: initial conferences held in the "
        "year (each conference).",
    ),
)
def _icpc_rate(s: Sources, p: Params) -> ir.Table:
    e = s["cin_s47"]
    e = child_profile(s, e.filter(in_window(e.icpc, p)), "cin_children", p)
    return units(
        e,
        subject=e.child,
        num=1.0,
        den=0.0,
        date_a=e.start,
        date_b=e.icpc,
        age_band=e.age_band,
        gender=e.gender,
        ethnicity=e.ethnicity,
    )


@measure(
    id="icpc_15wd_pct",
    code="F07",
    name="Initial conferences within 15 working days",
    area="Child protection",
    definition="Of the initial child protection conferences in the year, the share held within "
    "15 working days of the section 47 enquiry starting.",
    numerator="Conferences in the year held 15 working days or fewer after the enquiry start",
    denominator="Conferences in the year, excluding any dated before the enquiry started",
    population="Initial child protection conferences",
    period_type=PeriodType.IN_YEAR,
    unit=Unit.PERCENT,
    polarity=Polarity.UP,
    source=CIN_SOURCE,
    fields=("S47ActualStartDate", "DateOfInitialCPC"),
    follows="DfE Children in need table C4: S47 start to ICPC in working days",
    tables=("cin_s47", "cin_children"),
    breakdowns=PEOPLE,
    date_labels=("Enquiry start", "Conference"),
    england=(EnglandFigure(78.5, 2023, "DfE, Children in need 2023 (C4)", "derived"),),
    notes=(
        "Reviewed against the DfE definition (2026): confirmed: conferences in the year, clock "
        "from the section 47 start; a conference dated before the enquiry started is left out "
        "(DfE does not give it a duration).",
    ),
)
def _icpc_15(s: Sources, p: Params) -> ir.Table:
    e = s["cin_s47"]
    e = e.filter(in_window(e.icpc, p) & (e.icpc >= e.start))
    e = child_profile(s, with_working_days(s, e, "start", "icpc"), "cin_children", p)
    return units(
        e,
        subject=e.child,
        num=flag(e.wd <= 15),
        date_a=e.start,
        date_b=e.icpc,
        age_band=e.age_band,
        gender=e.gender,
        ethnicity=e.ethnicity,
    )


def _cp_open(s: Sources, p: Params) -> ir.Table:
    c = s["cin_cp_plans"]
    return c.filter(open_at(c.start, c.end, p.ref))


@rate_measure(
    id="cp_rate",
    code="F09",
    name="Child protection plans per 10,000 children",
    area="Child protection",
    definition="Children subject to a child protection plan at the reference date, "
    "for every 10,000 children.",
    numerator="Children with a child protection plan open at the reference date",
    period_type=PeriodType.SNAPSHOT,
    source=CIN_SOURCE,
    fields=("CPPstartDate", "CPPendDate"),
    follows="DfE Children in need table D1 (children on a plan at 31 March)",
    tables=("cin_cp_plans", "cin_children"),
    breakdowns=PEOPLE,
    date_labels=("Plan start", ""),
    notes=(
        "Reviewed against the DfE definition (2026): confirmed: children (each once) with a plan "
        "open at 31 March; a plan ending on 31 March is not open.",
    ),
)
def _cp_rate(s: Sources, p: Params) -> ir.Table:
    c = _cp_open(s, p)
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


@rate_measure(
    id="cp_starts_rate",
    code="F10",
    name="Child protection plans starting per 10,000 children",
    area="Child protection",
    definition="Child protection plans starting in the year, for every 10,000 children.",
    numerator="Child protection plans with a start date in the year",
    period_type=PeriodType.IN_YEAR,
    source=CIN_SOURCE,
    fields=("CPPstartDate",),
    follows="DfE Children in need table D3 (plans starting)",
    tables=("cin_cp_plans", "cin_children"),
    breakdowns=PEOPLE,
    date_labels=("Plan start", ""),
    notes=(
        "Reviewed against the DfE definition (2026): confirmed: plans starting in the year (each "
        "plan).",
    ),
)
def _cp_starts(s: Sources, p: Params) -> ir.Table:
    c = s["cin_cp_plans"]
    c = child_profile(s, c.filter(in_window(c.start, p)), "cin_children", p)
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


@measure(
    id="cp_repeat_pct",
    code="F11",
    name="Second or subsequent child protection plans",
    area="Child protection",
    definition="Of the child protection plans starting in the year, the share for children "
    "who had been on a plan before, at any time.",
    numerator="Plans starting in the year where NumberOfPreviousCPP is more than 0, or the "
    "child has an earlier plan in the council's records",
    denominator="Plans starting in the year",
    population="Child protection plans starting",
    period_type=PeriodType.IN_YEAR,
    unit=Unit.PERCENT,
    polarity=Polarity.DOWN,
    source=CIN_SOURCE,
    fields=("CPPstartDate", "NumberOfPreviousCPP"),
    follows="DfE Children in need table D3: second or subsequent plans (ever)",
    tables=("cin_cp_plans", "cin_children"),
    breakdowns=PEOPLE,
    date_labels=("Plan start", "Earlier plan start"),
    notes=(
        "Reviewed against the DfE definition (2026): confirmed: second or subsequent plan at any "
        "time, from NumberOfPreviousCPP or an earlier plan in any return loaded.",
    ),
)
def _cp_repeat(s: Sources, p: Params) -> ir.Table:
    c = s["cin_cp_plans"]
    starting = c.filter(in_window(c.start, p))
    every = s["cin_cp_plans"].view()
    earlier = (
        starting.join(every, [starting.child == every.child, every.start < starting.start])
        .group_by(_ec=starting.child, _es=starting.start)
        .aggregate(_earlier=every.start.max())
    )
    j = starting.left_join(earlier, [starting.child == earlier._ec, starting.start == earlier._es])
    j = j.select(*[starting[col] for col in starting.columns], earlier._earlier)
    j = child_profile(s, j, "cin_children", p)
    return units(
        j,
        subject=j.child,
        num=flag((j.previous > 0) | j._earlier.notnull()),
        date_a=j.start,
        date_b=j._earlier,
        age_band=j.age_band,
        gender=j.gender,
        ethnicity=j.ethnicity,
    )


@measure(
    id="cp_2yrs_ended_pct",
    code="F12",
    name="Plans ending after 2 years or more",
    area="Child protection",
    definition="Of the child protection plans that ended in the year, the share that had lasted "
    "two years or more (variant: plans ending, as DfE table D7).",
    numerator="Plans ending in the year whose end date is on or after start + 24 months",
    denominator="Plans ending in the year",
    population="Child protection plans ending",
    period_type=PeriodType.IN_YEAR,
    unit=Unit.PERCENT,
    polarity=Polarity.DOWN,
    source=CIN_SOURCE,
    fields=("CPPstartDate", "CPPendDate"),
    follows="DfE Children in need table D7 (plans ending, by duration)",
    tables=("cin_cp_plans", "cin_children"),
    breakdowns=PEOPLE,
    date_labels=("Plan start", "Plan end"),
    england=(EnglandFigure(4.4, 2025, "DfE, Children in need 2025 (D7)", "2,710 of 62,300"),),
    notes=(
        "Reviewed against the DfE definition (2026): confirmed: DfE table D7's variant, plans "
        "ending in the year that lasted 2 years or more.",
    ),
)
def _cp_2yrs_ended(s: Sources, p: Params) -> ir.Table:
    c = s["cin_cp_plans"]
    c = with_calendar(s, c.filter(in_window(c.end, p)), "start", {"_p24": "p24m"})
    c = child_profile(s, c, "cin_children", p)
    return units(
        c,
        subject=c.child,
        num=flag(c.end >= c._p24),
        date_a=c.start,
        date_b=c.end,
        age_band=c.age_band,
        gender=c.gender,
        ethnicity=c.ethnicity,
    )


@measure(
    id="cp_2yrs_open_pct",
    code="F12b",
    name="Open plans lasting 2 years or more",
    area="Child protection",
    definition="Of the child protection plans open at the reference date, the share that had "
    "been open for two years or more (the open-plans variant some councils report).",
    numerator="Open plans whose start + 24 months is on or before the reference date",
    denominator="Plans open at the reference date",
    population="Children on a child protection plan",
    period_type=PeriodType.SNAPSHOT,
    unit=Unit.PERCENT,
    polarity=Polarity.DOWN,
    source=CIN_SOURCE,
    fields=("CPPstartDate", "CPPendDate"),
    follows="Local variant of DfE table D7, on plans open at 31 March",
    tables=("cin_cp_plans", "cin_children"),
    breakdowns=PEOPLE,
    date_labels=("Plan start", ""),
    notes=(
        "Reviewed against the DfE definition (2026): a local variant (plans open at 31 March), "
        "kept beside DfE's F12 and named as such.",
    ),
)
def _cp_2yrs_open(s: Sources, p: Params) -> ir.Table:
    c = with_calendar(s, _cp_open(s, p), "start", {"_p24": "p24m"})
    c = child_profile(s, c, "cin_children", p)
    return units(
        c,
        subject=c.child,
        num=flag(c._p24 <= d(p.ref)),
        date_a=c.start,
        age_band=c.age_band,
        gender=c.gender,
        ethnicity=c.ethnicity,
    )


@measure(
    id="cp_reviews_timely_pct",
    code="F13",
    name="Child protection reviews in timescale",
    area="Child protection",
    definition="Of the children on a plan for at least 3 months at the reference date, the "
    "share whose review conferences have all been on time: the first within 3 months of the "
    "plan starting, then no more than 6 months apart, and none overdue at the reference date.",
    numerator="Children on a plan for 3 months or more with no late or overdue review",
    denominator="Children on a plan at the reference date that started 3 months or more before",
    population="Children on a child protection plan",
    period_type=PeriodType.SNAPSHOT,
    unit=Unit.PERCENT,
    polarity=Polarity.UP,
    source=CIN_SOURCE,
    fields=("CPPstartDate", "CPPendDate", "CPPreviewDate"),
    follows="Working Together review intervals; former DfE CIN review-timeliness indicator",
    tables=("cin_cp_plans", "cin_cp_reviews", "cin_children"),
    breakdowns=PEOPLE,
    date_labels=("Plan start", "Latest review"),
    notes=(
        "Reviewed against the DfE definition (2026): no current DfE publication; follows the "
        "Working Together intervals (first review within 3 months, then every 6 months).",
    ),
)
def _cp_reviews(s: Sources, p: Params) -> ir.Table:
    plans = with_calendar(s, _cp_open(s, p), "start", {"_p3": "p3m"})
    plans = plans.filter(plans._p3 <= d(p.ref))
    r = s["cin_cp_reviews"]
    rv = plans.join(
        r, [plans.child == r.child, r.review >= plans.start, r.review <= d(p.ref)]
    ).select(child=plans.child, start=plans.start, _p3=plans._p3, review=r.review)
    rv = rv.mutate(_prev=rv.review.lag().over(group_by=rv.child, order_by=rv.review))
    rv = with_calendar(s, rv, "_prev", {"_prev6": "p6m"})
    rv = rv.mutate(_late=ibis.ifelse(rv._prev.isnull(), rv.review > rv._p3, rv.review > rv._prev6))
    per_child = rv.group_by(_c=rv.child).aggregate(
        _late_n=as_int(rv._late).sum(), _last=rv.review.max()
    )
    j = join_on_child(plans, per_child)
    j = with_calendar(s, j, "_last", {"_last6": "p6m"})
    j = child_profile(s, j, "cin_children", p)
    overdue = ibis.ifelse(j._last.isnull(), j._p3 < d(p.ref), j._last6 < d(p.ref))
    return units(
        j,
        subject=j.child,
        num=flag((j._late_n.fill_null(0) == 0) & ~overdue),
        date_a=j.start,
        date_b=j._last,
        age_band=j.age_band,
        gender=j.gender,
        ethnicity=j.ethnicity,
    )


@annex_a_share(
    id="cp_visits_pct",
    code="F14",
    name="Child protection visits in timescale",
    area="Child protection",
    definition="Of the children on a plan at the extract date, the share last visited within "
    "10 working days (a common local standard; not statutory).",
    numerator="Children on a plan whose last statutory visit was 10 working days or fewer "
    "before the extract date",
    denominator="Children on a plan at the extract date (Annex A list 7)",
    population="Children on a child protection plan",
    polarity=Polarity.UP,
    fields=("List 7: Date of the Last Statutory Visit",),
    follows="Ofsted Annex A list 7; local standard of 10 working days",
    tables=("aa_cp",),
    date_labels=("Plan start", "Last visit"),
    notes=(
        "Reviewed against the DfE definition (2026): not collected nationally; local standard of "
        "10 working days from Annex A list 7.",
    ),
)
def _cp_visits(s: Sources, p: Params) -> ir.Table:
    c = with_working_days(s, annex_a_open(s, p, "aa_cp", "end"), "last_visit", "_ref")
    return annex_a_units(c, flag(c.wd <= 10), c.start, c.last_visit)
