"""Adoption: the former adoption scorecard (A1, A2, A10) and children adopted (SSDA903)."""

from __future__ import annotations

from typing import Any

import ibis
import ibis.expr.types as ir

from thrive.metrics.cohorts import (
    ADOPTION_PLACEMENTS,
    ADOPTION_REASONS,
    NEW_PLACEMENT,
    cla_profile,
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
)
from thrive.metrics.measures.common import (
    PEOPLE,
    S903_SOURCE,
)
from thrive.metrics.registry import (
    EnglandFigure,
    PeriodType,
    Polarity,
    Unit,
    measure,
)


def _adopted(s: Sources, p: Params, years: int) -> ir.Table:
    """Children adopted (REC E11/E12) in the window, with their care start, placement order,
    adoption placement and last foster placement in that period of care."""
    e = s["s903_episodes"]
    window_start = p.window_start(years)
    adopted = e.filter(
        e.rec.isin(ADOPTION_REASONS) & (e.dec >= d(window_start)) & (e.dec <= d(p.ref))
    ).select(child=e.child, la=e.la, dec=e.dec)
    every = s["s903_episodes"].view()
    j = adopted.join(every, [adopted.child == every.child, every.decom <= adopted.dec])
    j = j.select(
        child=adopted.child,
        la=adopted.la,
        dec=adopted.dec,
        decom=every.decom,
        rne=every.rne,
        ls=every.ls,
        place=every.place,
    )
    poc = j.filter(j.rne == "S").group_by(_c=j.child).aggregate(poc_start=j.decom.max())
    j = join_on_child(j, poc)
    j = j.filter(j.decom >= j.poc_start)
    new_place = j.rne.isin(NEW_PLACEMENT)
    summary = j.group_by(_c=j.child).aggregate(
        la=j.la.max(),
        dec=j.dec.max(),
        poc_start=j.poc_start.max(),
        order=j.decom.min(where=j.ls == "E1"),
        adoptive=j.decom.min(where=new_place & j.place.isin(ADOPTION_PLACEMENTS)),
        foster=j.decom.max(where=new_place & j.place.startswith("U")),
    )
    ad1 = s["s903_ad1"]
    summary = summary.left_join(ad1, summary._c == ad1.child).select(
        child=summary._c,
        la=summary.la,
        dec=summary.dec,
        poc_start=summary.poc_start,
        order=summary.order,
        adoptive=summary.adoptive,
        foster=summary.foster,
        date_match=ad1.date_match,
        foster_care=ad1.foster_care,
    )
    return cla_profile(s, summary, p)


def _adoption_units(t: ir.Table, days: Any, include: Any, date_a: Any, date_b: Any) -> ir.Table:
    t = t.filter(include)
    return units(
        t,
        subject=t.child,
        num=days,
        date_a=date_a,
        date_b=date_b,
        age_band=t.age_band,
        gender=t.gender,
        ethnicity=t.ethnicity,
    )


_ADOPTION = {
    "area": "Adoption",
    "period_type": PeriodType.ROLLING_3_YEARS,
    "unit": Unit.DAYS,
    "polarity": Polarity.DOWN,
    "source": S903_SOURCE,
    "tables": ("s903_episodes", "s903_header", "s903_ad1"),
    "monthly": False,
    "breakdowns": PEOPLE,
    "population": "Children adopted from care in the 3 years to the reference date",
}


@measure(
    id="adoption_a1_days",
    code="L20",
    name="A1: days from entering care to moving in with the adoptive family",
    definition="For children adopted in the last three years, the average number of days "
    "between starting to be looked after and moving in with the adoptive family.",
    numerator="Sum of days from the start of the final period of care to the first adoption "
    "placement (A3–A6)",
    denominator="Children adopted in the 3 years who had an adoption placement",
    fields=("DECOM", "RNE", "PLACE", "REC", "DEC"),
    follows="DfE adoption scorecard A1 (threshold 426 days)",
    date_labels=("Entered care", "Placed for adoption"),
    england=(EnglandFigure(486.0, 2018, "DfE adoption scorecards 2015–18", "3-year average"),),
    area="Adoption",
    period_type=PeriodType.ROLLING_3_YEARS,
    unit=Unit.DAYS,
    polarity=Polarity.DOWN,
    source=S903_SOURCE,
    tables=("s903_episodes", "s903_header", "s903_ad1"),
    monthly=False,
    breakdowns=PEOPLE,
    population="Children adopted from care in the 3 years to the reference date",
)
def _a1(s: Sources, p: Params) -> ir.Table:
    t = _adopted(s, p, 3)
    return _adoption_units(
        t, t.adoptive.delta(t.poc_start, unit="day"), t.adoptive.notnull(), t.poc_start, t.adoptive
    )


@measure(
    id="adoption_a2_days",
    code="L21",
    name="A2: days from placement order to match",
    definition="For children adopted in the last three years, the average number of days "
    "between the court's placement order and the match with adopters (0 when matched first).",
    numerator="Sum of days from the first E1 legal status to DATE_MATCH (never negative)",
    denominator="Children adopted in the 3 years with a placement order and a match date",
    fields=("LS", "DECOM", "AD1: DATE_MATCH"),
    follows="DfE adoption scorecard A2 (threshold 121 days)",
    date_labels=("Placement order", "Matched"),
    area="Adoption",
    period_type=PeriodType.ROLLING_3_YEARS,
    unit=Unit.DAYS,
    polarity=Polarity.DOWN,
    source=S903_SOURCE,
    tables=("s903_episodes", "s903_header", "s903_ad1"),
    monthly=False,
    breakdowns=PEOPLE,
    population="Children adopted from care in the 3 years to the reference date",
)
def _a2(s: Sources, p: Params) -> ir.Table:
    t = _adopted(s, p, 3)
    days = t.date_match.delta(t.order, unit="day")
    days = ibis.ifelse(days < 0, 0, days)
    include = t.order.notnull() & t.date_match.notnull()
    return _adoption_units(t, days, include, t.order, t.date_match)


@measure(
    id="adoption_a10_days",
    code="L22",
    name="A10: days from entering care to placement, adjusted for foster carer adoptions",
    definition="As A1, but when the child's foster carers adopted them the clock stops when "
    "the child moved in with those foster carers.",
    numerator="Sum of days from the start of care to the adoption placement, or to the start "
    "of the last foster placement when AD1 FOSTER_CARE = 1",
    denominator="Children adopted in the 3 years with an end date",
    fields=("DECOM", "PLACE", "AD1: FOSTER_CARE"),
    follows="ASGLB A10 (A1 adjusted for foster carer adoptions)",
    date_labels=("Entered care", "Clock stopped"),
    area="Adoption",
    period_type=PeriodType.ROLLING_3_YEARS,
    unit=Unit.DAYS,
    polarity=Polarity.DOWN,
    source=S903_SOURCE,
    tables=("s903_episodes", "s903_header", "s903_ad1"),
    monthly=False,
    breakdowns=PEOPLE,
    population="Children adopted from care in the 3 years to the reference date",
)
def _a10(s: Sources, p: Params) -> ir.Table:
    t = _adopted(s, p, 3)
    end = ibis.ifelse((t.foster_care == "1") & t.foster.notnull(), t.foster, t.adoptive)
    t = t.mutate(_end=end)
    return _adoption_units(
        t, t._end.delta(t.poc_start, unit="day"), t._end.notnull(), t.poc_start, t._end
    )


@measure(
    id="adoptions_count",
    code="L23",
    name="Children adopted from care",
    area="Adoption",
    definition="The number of children who stopped being looked after in the year because "
    "they were adopted.",
    numerator="Children with an episode ending in the year with REC E11 or E12",
    denominator="None (a count)",
    population="Children ceasing to be looked after",
    period_type=PeriodType.IN_YEAR,
    unit=Unit.COUNT,
    polarity=Polarity.CONTEXT,
    source=S903_SOURCE,
    fields=("REC", "DEC"),
    follows="DfE Children looked after in England (adopted in year)",
    tables=("s903_episodes", "s903_header"),
    breakdowns=PEOPLE,
    date_labels=("Episode start", "Adopted"),
)
def _adoptions(s: Sources, p: Params) -> ir.Table:
    t = _ceasing(s, p)
    t = t.filter(t._adopted > 0)
    return units(
        t,
        subject=t.child,
        num=1.0,
        den=0.0,
        date_a=t.decom,
        date_b=t.dec,
        age_band=t.age_band,
        gender=t.gender,
        ethnicity=t.ethnicity,
    )


def _ceasing(s: Sources, p: Params) -> ir.Table:
    e = s["s903_episodes"]
    e = e.filter(in_window(e.dec, p) & e.rec.notnull() & (e.rec != "X1"))
    e = e.group_by(child=e.child).aggregate(
        la=e.la.max(),
        decom=e.decom.max(),
        dec=e.dec.max(),
        _adopted=as_int(e.rec.isin(ADOPTION_REASONS)).sum(),
    )
    return cla_profile(s, e, p)


@measure(
    id="adopted_pct",
    code="L23b",
    name="Children ceasing care who were adopted",
    area="Adoption",
    definition="Of the children who stopped being looked after in the year, the share who were "
    "adopted.",
    numerator="Children ceasing care in the year through adoption (REC E11 or E12)",
    denominator="Children ceasing care in the year (REC other than X1)",
    population="Children ceasing to be looked after",
    period_type=PeriodType.IN_YEAR,
    unit=Unit.PERCENT,
    polarity=Polarity.CONTEXT,
    source=S903_SOURCE,
    fields=("REC", "DEC"),
    follows="DfE Children looked after in England (ceased by reason)",
    tables=("s903_episodes", "s903_header"),
    breakdowns=PEOPLE,
    date_labels=("Episode start", "Ceased"),
)
def _adopted_pct(s: Sources, p: Params) -> ir.Table:
    t = _ceasing(s, p)
    return units(
        t,
        subject=t.child,
        num=flag(t._adopted > 0),
        date_a=t.decom,
        date_b=t.dec,
        age_band=t.age_band,
        gender=t.gender,
        ethnicity=t.ethnicity,
    )
