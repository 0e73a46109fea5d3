"""Adoption: the former adoption scorecard (A1, A2, A10) and children adopted (SSDA903)."""

from __future__ import annotations

from typing import Any

import ibis
import ibis.expr.types as ir

from thrive.metrics.cohorts import (
    ADOPTION_PLACEMENTS,
    ADOPTION_REASONS,
    NEW_CARER,
    ceasing,
    cla_profile,
    episodes,
)
from thrive.metrics.expr import (
    Params,
    Sources,
    as_int,
    d,
    flag,
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
    """Children adopted (REC E11/E12) in the window, once each, with the start of the period of
    care they were adopted from, the placement order, the start of the adoption placement with
    the family who adopted them, and the start of their last foster placement before it."""
    e = episodes(s)
    window_start = p.window_start(years)
    adopted = e.filter(
        e.rec.isin(ADOPTION_REASONS) & (e.dec >= d(window_start)) & (e.dec <= d(p.ref))
    )
    # A period of care begun before the earliest return loaded has no known start: its child is
    # left out rather than timed from the first episode in the data (which would flatter A1).
    adopted = adopted.filter(adopted.poc_known)
    adopted = adopted.group_by(_ac=adopted.child).aggregate(
        _la=adopted.la.max(), _dec=adopted.dec.max(), _poc=adopted.poc_start.max()
    )
    every = episodes(s).view()
    j = adopted.join(
        every,
        [adopted._ac == every.child, every.poc_start == adopted._poc, every.decom <= adopted._dec],
    )
    in_adoption = j.place.isin(ADOPTION_PLACEMENTS).fill_null(False)
    # An adoption placement begins where the child is first placed for adoption, or moves from
    # one adoptive family to another (RNE P or B): the last such start is the family who adopted.
    enters = in_adoption & (
        ~j.prev_place.isin(ADOPTION_PLACEMENTS).fill_null(False)
        | j.rne.isin(NEW_CARER).fill_null(False)
        | j.starts_period
    )
    summary = j.group_by(child=j._ac).aggregate(
        la=j._la.max(),
        dec=j._dec.max(),
        poc_start=j._poc.max(),
        order=j.decom.min(where=j.ls == "E1"),
        adoptive=j.decom.max(where=enters),
        _foster=j.decom.max(where=j.new_placement & j.place.startswith("U")),
    )
    # The foster placement counts for A10 only if it began before the adoption placement.
    summary = summary.mutate(
        foster=ibis.ifelse(summary._foster <= summary.adoptive, summary._foster, ibis.null("date"))
    ).drop("_foster")
    ad1 = s["s903_ad1"]
    summary = summary.left_join(ad1, summary.child == ad1.child).select(
        child=summary.child,
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


@measure(
    id="adoption_a1_days",
    code="L20",
    name="A1: days from entering care to moving in with the adoptive family",
    definition="For children adopted in the last three years, the average number of days "
    "between starting to be looked after and moving in with the adoptive family.",
    numerator="Sum of days from the start of the period of care the child was adopted from to "
    "the start of the adoption placement (A3–A6) with the family who adopted them",
    denominator="Children adopted in the 3 years who had an adoption placement",
    fields=("DECOM", "RNE", "PLACE", "REC", "DEC"),
    follows="DfE adoption scorecard A1 (threshold 426 days)",
    date_labels=("Entered care", "Placed for adoption"),
    england=(EnglandFigure(486.0, 2018, "DfE adoption scorecards 2015–18", "3-year average"),),
    notes=(
        "The clock stops at the last adoption placement before the adoption: the one with the "
        "family who adopted the child. An earlier adoption placement that broke down does not "
        "stop it. A move between adoptive families is an episode with RNE P or B while placed "
        "for adoption.",
        "The clock starts at the start of the period of care the child was adopted from. A "
        "child whose period of care began before the earliest return loaded is left out (its "
        "start is not known; load earlier returns to include it). Each child counts once.",
        "Until 2026 Thrive stopped the clock at the first adoption placement in the period.",
    ),
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
    notes=(
        "Reviewed against the DfE definition (2026): confirmed: from the first placement order "
        "(LS E1) in the period of care to the match (AD1 DATE_MATCH), 0 when matched before the "
        "order; children whose care began before the data are left out, as for A1.",
    ),
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
    notes=(
        "With AD1 FOSTER_CARE = 1 the clock stops at the start of the last foster placement "
        "(U1–U6, begun with a change of carer) before the adoption placement; otherwise as A1.",
    ),
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
    numerator="Children whose last ending of care in the year was an adoption (REC E11 or E12)",
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
    notes=(
        "Reviewed against the DfE definition (2026): children adopted in the year, each once; "
        "counted when the child's last ending of care in the year was an adoption.",
    ),
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
    """Children ceasing care in the year, once each on the last occasion, with `_adopted` 1
    when that occasion was an adoption."""
    t = ceasing(s, p)
    t = t.mutate(_adopted=as_int(t.rec.isin(ADOPTION_REASONS)))
    return cla_profile(s, t, p)


@measure(
    id="adopted_pct",
    code="L23b",
    name="Children ceasing care who were adopted",
    area="Adoption",
    definition="Of the children who stopped being looked after in the year, the share who were "
    "adopted.",
    numerator="Children whose last ending of care in the year was an adoption (REC E11 or E12)",
    denominator="Children ceasing care in the year (REC other than X1), each once, short "
    "breaks left out",
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
    notes=(
        "Each child counts once, on the last occasion in the year, with that occasion's reason "
        "(as children ceasing, L25); short breaks (V3, V4) are left out.",
    ),
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
