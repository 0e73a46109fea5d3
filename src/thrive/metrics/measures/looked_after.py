"""Children looked after: numbers, starts, ceasing, UASC, missing, reviews, visits and social
worker changes (SSDA903; visits from Annex A list 8)."""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from thrive.metrics.cohorts import (
    SHORT_BREAKS,
    care_start,
    ceasing,
    cla,
    cla_profile,
    cla_units,
    join_on_child,
)
from thrive.metrics.expr import (
    Params,
    Sources,
    as_int,
    d,
    flag,
    in_window,
    units,
    with_calendar,
    with_working_days,
)
from thrive.metrics.measures.common import (
    CLA_BREAKDOWNS,
    EES_CLA_2024,
    PEOPLE,
    S903_SOURCE,
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
    id="cla_rate",
    code="L01",
    name="Children looked after per 10,000 children",
    area="Children looked after",
    definition="Children looked after at the reference date, excluding those only "
    "on short breaks, for every 10,000 children.",
    numerator="Children with an episode open at the reference date (legal status not V3 or V4)",
    period_type=PeriodType.SNAPSHOT,
    source=S903_SOURCE,
    fields=("DECOM", "DEC", "LS"),
    follows="DfE Children looked after in England, table A1 (at 31 March)",
    tables=("s903_episodes", "s903_header"),
    breakdowns=CLA_BREAKDOWNS,
    date_labels=("Episode start", ""),
    england=(EnglandFigure(70.0, 2024, EES_CLA_2024, "83,630 children"),),
    notes=(
        "Reviewed against the DfE definition (2026): confirmed: children looked after at 31 "
        "March, each once, leaving out those only on an agreed series of short breaks (V3, V4).",
    ),
)
def _cla_rate(s: Sources, p: Params) -> ir.Table:
    return cla_units(cla(s, p), 1.0, den=0.0)


@measure(
    id="cla_count",
    code="L01b",
    name="Children looked after",
    area="Children looked after",
    definition="The number of children looked after at the reference date, excluding those "
    "only on short breaks.",
    numerator="Children with an episode open at the reference date (legal status not V3/V4)",
    denominator="None (a count)",
    population="Children looked after",
    period_type=PeriodType.SNAPSHOT,
    unit=Unit.COUNT,
    polarity=Polarity.CONTEXT,
    source=S903_SOURCE,
    fields=("DECOM", "DEC", "LS"),
    follows="DfE Children looked after in England, table A1",
    tables=("s903_episodes", "s903_header"),
    breakdowns=CLA_BREAKDOWNS,
    date_labels=("Episode start", ""),
    notes=("Reviewed against the DfE definition (2026): confirmed, as L01.",),
)
def _cla_count(s: Sources, p: Params) -> ir.Table:
    return cla_units(cla(s, p), 1.0, den=0.0)


@rate_measure(
    id="cla_starts_rate",
    code="L02",
    name="Children starting to be looked after per 10,000 children",
    area="Children looked after",
    definition="Children who started to be looked after in the year (each child "
    "once), for every 10,000 children.",
    numerator="Children with an episode starting a period of care (RNE = S) in the year",
    period_type=PeriodType.IN_YEAR,
    source=S903_SOURCE,
    fields=("DECOM", "RNE"),
    follows="DfE Children looked after in England (children starting, first start)",
    tables=("s903_episodes", "s903_header"),
    breakdowns=CLA_BREAKDOWNS,
    date_labels=("Started", ""),
    notes=(
        "Each child counts once, on the first start in the year (RNE S); short breaks (V3, V4) "
        "are left out.",
    ),
)
def _cla_starts(s: Sources, p: Params) -> ir.Table:
    e = s["s903_episodes"]
    e = e.filter((e.rne == "S") & in_window(e.decom, p) & ~e.ls.isin(SHORT_BREAKS))
    ranked = e.mutate(_n=ibis.row_number().over(group_by=e.child, order_by=e.decom))
    first = cla_profile(s, ranked.filter(ranked._n == 0), p)
    return cla_units(first, 1.0, den=0.0)


@rate_measure(
    id="cla_ceased_rate",
    code="L25",
    name="Children ceasing to be looked after per 10,000 children",
    area="Children looked after",
    definition="Children who stopped being looked after in the year (each child "
    "once), for every 10,000 children.",
    numerator="Children with an episode ending in the year with a reason other than "
    "X1 (episode ends and a new one begins), short breaks left out; each child once",
    period_type=PeriodType.IN_YEAR,
    source=S903_SOURCE,
    fields=("DEC", "REC", "LS"),
    follows="DfE Children looked after in England (children ceasing to be looked after)",
    tables=("s903_episodes", "s903_header"),
    breakdowns=PEOPLE,
    date_labels=("Period of care start", "Ceased"),
    notes=(
        "A child who left care more than once in the year counts once, on the last occasion "
        "(its date and reason).",
        "Episodes under short breaks (legal status V3, V4) are left out: a child only on short "
        "breaks never ceases to be looked after.",
        "Until 2026 Thrive counted endings of short-break episodes too.",
    ),
)
def _cla_ceased(s: Sources, p: Params) -> ir.Table:
    e = cla_profile(s, ceasing(s, p), p)
    return units(
        e,
        subject=e.child,
        num=1.0,
        den=0.0,
        date_a=e.poc_start,
        date_b=e.dec,
        age_band=e.age_band,
        gender=e.gender,
        ethnicity=e.ethnicity,
    )


def _uasc(s: Sources, p: Params) -> ir.Table:
    looked_after = cla(s, p)
    u = s["s903_uasc"]
    u = u.filter(u.duc.isnull() | (u.duc > d(p.ref))).select(_c=u.child, _uasc=ibis.literal(1))
    return join_on_child(looked_after, u)


@measure(
    id="uasc_pct",
    code="L03",
    name="Unaccompanied asylum-seeking children among children looked after",
    area="Children looked after",
    definition="Of the children looked after at the reference date, the share who are "
    "unaccompanied asylum-seeking children.",
    numerator="Children looked after at the reference date with UASC status not yet ceased "
    "(DUC after the reference date or blank)",
    denominator="Children looked after at the reference date",
    population="Children looked after",
    period_type=PeriodType.SNAPSHOT,
    unit=Unit.PERCENT,
    polarity=Polarity.CONTEXT,
    source=S903_SOURCE,
    fields=("UASC: DUC", "DECOM", "DEC"),
    follows="DfE Children looked after in England (UASC at 31 March)",
    tables=("s903_episodes", "s903_header", "s903_uasc"),
    breakdowns=CLA_BREAKDOWNS,
    date_labels=("Episode start", ""),
    england=(EnglandFigure(8.8, 2024, EES_CLA_2024, "7,380 of 83,630; derived"),),
    notes=(
        "Reviewed against the DfE definition (2026): confirmed: children looked after at 31 March "
        "(short breaks left out) whose UASC status had not ceased (DUC blank or after 31 March).",
    ),
)
def _uasc_pct(s: Sources, p: Params) -> ir.Table:
    t = _uasc(s, p)
    return cla_units(t, flag(t._uasc.notnull()))


@measure(
    id="uasc_count",
    code="L03b",
    name="Unaccompanied asylum-seeking children looked after",
    area="Children looked after",
    definition="The number of unaccompanied asylum-seeking children looked after at the "
    "reference date.",
    numerator="Children looked after with UASC status at the reference date",
    denominator="None (a count)",
    population="Children looked after",
    period_type=PeriodType.SNAPSHOT,
    unit=Unit.COUNT,
    polarity=Polarity.CONTEXT,
    source=S903_SOURCE,
    fields=("UASC: DUC",),
    follows="DfE Children looked after in England (UASC at 31 March)",
    tables=("s903_episodes", "s903_header", "s903_uasc"),
    breakdowns=CLA_BREAKDOWNS,
    date_labels=("Episode start", ""),
    notes=("Reviewed against the DfE definition (2026): confirmed, as L03.",),
)
def _uasc_count(s: Sources, p: Params) -> ir.Table:
    t = _uasc(s, p)
    t = t.filter(t._uasc.notnull())
    return cla_units(t, 1.0, den=0.0)


def _missing(s: Sources, p: Params) -> ir.Table:
    e = s["s903_episodes"]
    during = e.filter(
        (e.decom <= d(p.ref)) & (e.dec.isnull() | (e.dec >= d(p.start))) & ~e.ls.isin(SHORT_BREAKS)
    )
    during = during.group_by(child=during.child).aggregate(
        la=during.la.max(), decom=during.decom.max()
    )
    m = s["s903_missing"]
    m = m.filter((m.kind == "M") & in_window(m.start, p))
    incidents = m.group_by(_c=m.child).aggregate(_incidents=ibis._.count(), _first=m.start.min())
    return cla_profile(s, join_on_child(during, incidents), p)


@measure(
    id="missing_pct",
    code="L08",
    name="Children looked after who went missing",
    area="Children looked after",
    definition="Of the children looked after at any time in the year, the share who went "
    "missing from their placement at least once ('absent' does not count).",
    numerator="Children with at least one missing (M) episode starting in the year",
    denominator="Children looked after at any time in the year",
    population="Children looked after during the year",
    period_type=PeriodType.IN_YEAR,
    unit=Unit.PERCENT,
    polarity=Polarity.DOWN,
    source=S903_SOURCE,
    fields=("Missing: MISSING", "Missing: MIS_START", "DECOM", "DEC"),
    follows="DfE Children looked after: missing from placement (official statistics)",
    tables=("s903_episodes", "s903_header", "s903_missing"),
    breakdowns=PEOPLE,
    date_labels=("Latest episode start", "First missing"),
    england=(EnglandFigure(11.0, 2022, "DfE, Children looked after in England 2022", ""),),
    notes=(
        "Reviewed against the DfE definition (2026): confirmed: children with at least one "
        "missing (not absent) episode starting in the year, over children looked after at any "
        "time in the year, short breaks left out.",
    ),
)
def _missing_pct(s: Sources, p: Params) -> ir.Table:
    t = _missing(s, p)
    return units(
        t,
        subject=t.child,
        num=flag(t._incidents.notnull()),
        date_a=t.decom,
        date_b=t._first,
        age_band=t.age_band,
        gender=t.gender,
        ethnicity=t.ethnicity,
    )


@measure(
    id="missing_incidents_per_child",
    code="L08b",
    name="Missing incidents per missing child",
    area="Children looked after",
    definition="The average number of missing incidents in the year for each looked-after "
    "child who went missing.",
    numerator="Missing (M) episodes starting in the year",
    denominator="Children looked after who went missing in the year",
    population="Children looked after who went missing",
    period_type=PeriodType.IN_YEAR,
    unit=Unit.RATIO,
    polarity=Polarity.DOWN,
    source=S903_SOURCE,
    fields=("Missing: MISSING", "Missing: MIS_START"),
    follows="DfE Children looked after: missing incidents per child",
    tables=("s903_episodes", "s903_header", "s903_missing"),
    breakdowns=PEOPLE,
    date_labels=("Latest episode start", "First missing"),
    notes=(
        "Reviewed against the DfE definition (2026): confirmed: missing incidents starting in the "
        "year per child who went missing.",
    ),
)
def _missing_per_child(s: Sources, p: Params) -> ir.Table:
    t = _missing(s, p)
    t = t.filter(t._incidents.notnull())
    return units(
        t,
        subject=t.child,
        num=t._incidents,
        date_a=t.decom,
        date_b=t._first,
        age_band=t.age_band,
        gender=t.gender,
        ethnicity=t.ethnicity,
    )


@measure(
    id="cla_reviews_timely_pct",
    code="L13",
    name="Looked-after reviews in timescale",
    area="Children looked after",
    definition="Of the children looked after at the reference date for more than 20 working "
    "days, the share whose reviews in this period of care have all been on time: the first "
    "within 20 working days, the second within 3 months of it, then no more than 6 months "
    "apart, and none overdue at the reference date.",
    numerator="Those children with no late or overdue review",
    denominator="Children looked after at the reference date whose period of care started "
    "more than 20 working days before",
    population="Children looked after",
    period_type=PeriodType.SNAPSHOT,
    unit=Unit.PERCENT,
    polarity=Polarity.UP,
    source=S903_SOURCE,
    fields=("Reviews: REVIEW", "DECOM", "RNE"),
    follows="Care Planning, Placement and Case Review (England) Regulations 2010, reg. 33",
    tables=("s903_episodes", "s903_header", "s903_reviews"),
    breakdowns=CLA_BREAKDOWNS,
    date_labels=("Episode start", "Latest review"),
    notes=(
        "Timed from the start of the period of care (episodes chained by REC X1 on the same "
        "day). Children whose period of care began before the earliest return loaded are left "
        "out: their first reviews are not in the data.",
    ),
)
def _cla_reviews(s: Sources, p: Params) -> ir.Table:
    t = join_on_child(cla(s, p), care_start(s, p.ref))
    # Reviews are timed from the start of care: a period begun before the earliest return
    # loaded has its first reviews outside the data, so it cannot be judged.
    t = t.filter(t.poc_known)
    t = with_working_days(s, t.mutate(_ref=d(p.ref)), "poc_start", "_ref", "_in_care_wd")
    t = t.filter(t._in_care_wd > 20)
    r = s["s903_reviews"]
    rv = t.join(r, [t.child == r.child, r.review >= t.poc_start, r.review <= d(p.ref)]).select(
        child=t.child, poc_start=t.poc_start, review=r.review
    )
    window = ibis.window(group_by=rv.child, order_by=rv.review)
    rv = rv.mutate(_prev=rv.review.lag().over(window), _n=ibis.row_number().over(window))
    rv = with_working_days(s, rv, "poc_start", "review", "_wd")
    rv = with_calendar(s, rv, "_prev", {"_prev3": "p3m", "_prev6": "p6m"})
    late = ibis.cases(
        (rv._n == 0, rv._wd > 20), (rv._n == 1, rv.review > rv._prev3), else_=rv.review > rv._prev6
    )
    rv = rv.mutate(_late=late)
    per_child = rv.group_by(_c=rv.child).aggregate(
        _late_n=as_int(rv._late).sum(), _last=rv.review.max(), _count=ibis._.count()
    )
    j = join_on_child(t, per_child)
    j = with_calendar(s, j, "_last", {"_last3": "p3m", "_last6": "p6m"})
    overdue = ibis.cases(
        (j._last.isnull(), True),  # more than 20 working days in care and never reviewed
        (j._count == 1, j._last3 < d(p.ref)),
        else_=j._last6 < d(p.ref),
    )
    return cla_units(j, flag((j._late_n.fill_null(0) == 0) & ~overdue), date_b=j._last)


@annex_a_share(
    id="cla_visits_pct",
    code="L14",
    name="Looked-after visits in timescale",
    area="Children looked after",
    definition="Of the children looked after at the extract date, the share visited within the "
    "regulation 28 maximum: 6 weeks in the first year of a placement, 3 months after that.",
    numerator="Children whose last social work visit is within 42 days (placement under a "
    "year old) or 3 months (older placement) before the extract date",
    denominator="Children looked after at the extract date (Annex A list 8)",
    population="Children looked after",
    polarity=Polarity.UP,
    fields=(
        "List 8: Date of Last Social Work Visit",
        "List 8: Start Date of Most Recent Placement",
    ),
    follows="Care Planning Regulations 2010, reg. 28 (simplified: no first-week visit check)",
    tables=("aa_cla",),
    date_labels=("Placement start", "Last visit"),
    notes=(
        "Reviewed against the DfE definition (2026): not collected nationally; regulation 28 "
        "intervals from Annex A list 8.",
    ),
)
def _cla_visits(s: Sources, p: Params) -> ir.Table:
    c = annex_a_open(s, p, "aa_cla", "ceased")
    new_placement = c.placement_start > (c._ref - ibis.interval(years=1)).cast("date")
    due = ibis.ifelse(
        new_placement,
        (c._ref - ibis.interval(days=42)).cast("date"),
        (c._ref - ibis.interval(months=3)).cast("date"),
    )
    return annex_a_units(c, flag(c.last_visit >= due), c.placement_start, c.last_visit)


@measure(
    id="sw_changes_3plus_pct",
    code="L24",
    name="Three or more social workers in the year",
    area="Children looked after",
    definition="Of the children looked after at the reference date, the share who had three or "
    "more different social workers during the year.",
    numerator="Children looked after with 3 or more distinct SW_ID in social worker episodes "
    "overlapping the year",
    denominator="Children looked after at the reference date",
    population="Children looked after",
    period_type=PeriodType.SNAPSHOT,
    unit=Unit.PERCENT,
    polarity=Polarity.DOWN,
    source=S903_SOURCE,
    fields=("SW_ID", "SW_DECOM", "SW_DEC"),
    follows="DfE Stability measures: social worker changes (official statistics in development)",
    tables=("s903_episodes", "s903_header", "s903_sw"),
    breakdowns=CLA_BREAKDOWNS,
    date_labels=("Episode start", ""),
    england=(EnglandFigure(27.0, 2024, "DfE, Stability measures 2024", ""),),
    notes=(
        "Reviewed against the DfE definition (2026): confirmed: children looked after at 31 March "
        "(short breaks left out) with 3 or more different social workers (SW_ID) in episodes "
        "overlapping the year.",
    ),
)
def _sw_changes(s: Sources, p: Params) -> ir.Table:
    w = s["s903_sw"]
    w = w.filter((w.start <= d(p.ref)) & (w.end.isnull() | (w.end >= d(p.start))))
    workers = w.group_by(_c=w.child).aggregate(_workers=w.sw_id.nunique())
    t = join_on_child(cla(s, p), workers)
    return cla_units(t, flag(t._workers >= 3))
