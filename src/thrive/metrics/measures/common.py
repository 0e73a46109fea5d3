"""Labels and declaration helpers shared by the measure modules."""

from __future__ import annotations

from collections.abc import Callable
from typing import NotRequired, TypedDict, Unpack

import ibis.expr.types as ir

from thrive.metrics.expr import Params, Sources, age_band, extract_day, open_at, units
from thrive.metrics.registry import (
    Build,
    EnglandFigure,
    PeriodType,
    Polarity,
    Unit,
    measure,
)

CIN_SOURCE = "CIN census"
S903_SOURCE = "SSDA903"
WF_SOURCE = "Children's social work workforce census"
AA_SOURCE = "Ofsted ILACS Annex A"

PEOPLE = ("age_band", "gender", "ethnicity")
CLA_BREAKDOWNS = (*PEOPLE, "legal_status", "placement_type")

EES_CIN_2024 = "DfE, Children in need 2024 (explore education statistics)"
EES_CLA_2024 = "DfE, Children looked after in England including adoptions 2024"
EES_CSWW = "DfE, Children's social work workforce (indicators)"

POPULATION_DENOMINATOR = "Estimated population aged 0–17 (÷ 10,000)"
POPULATION = "All children aged 0–17 living in the council's area"


class RateDeclaration(TypedDict):
    """A rate per 10,000 children: `Declaration` without the unit, denominator and population
    every rate shares (polarity defaults to context)."""

    id: str
    code: str
    name: str
    area: str
    definition: str
    numerator: str
    period_type: PeriodType
    source: str
    fields: tuple[str, ...]
    follows: str
    tables: tuple[str, ...]
    monthly: NotRequired[bool]
    breakdowns: NotRequired[tuple[str, ...]]
    date_labels: NotRequired[tuple[str, str]]
    england: NotRequired[tuple[EnglandFigure, ...]]
    notes: NotRequired[tuple[str, ...]]


def rate_measure(**fields: Unpack[RateDeclaration]) -> Callable[[Build], Build]:
    """Declare a rate per 10,000 children aged 0–17 (ONS mid-year estimate, see the population
    form)."""
    return measure(
        unit=Unit.RATE,
        denominator=POPULATION_DENOMINATOR,
        population=POPULATION,
        polarity=Polarity.CONTEXT,
        **fields,
    )


class AnnexAShareDeclaration(TypedDict):
    """A share of the children open in one Annex A list at its extract date: `Declaration`
    without what every such measure shares (snapshot, percent, source, breakdowns)."""

    id: str
    code: str
    name: str
    area: str
    definition: str
    numerator: str
    denominator: str
    population: str
    polarity: Polarity
    fields: tuple[str, ...]
    follows: str
    tables: tuple[str, ...]
    date_labels: tuple[str, str]
    notes: tuple[str, ...]


def annex_a_share(**fields: Unpack[AnnexAShareDeclaration]) -> Callable[[Build], Build]:
    """Declare a percentage of the children open in an Annex A list on the day it was
    extracted (yearly only: Annex A is an inspection-time extract, not a monthly feed)."""
    return measure(
        period_type=PeriodType.SNAPSHOT,
        unit=Unit.PERCENT,
        source=AA_SOURCE,
        monthly=False,
        breakdowns=(*PEOPLE, "team"),
        **fields,
    )


def annex_a_open(s: Sources, p: Params, table: str, end: str) -> ir.Table:
    """The rows of Annex A list `table` filed under the period's year and open on the day the
    list was extracted (`_ref`): started by then and `end` not on or before it."""
    t = s[table]
    t = t.mutate(_ref=extract_day(t, p))
    return t.filter((t._year == p.year) & open_at(t.start, t[end], t._ref))


def annex_a_units(t: ir.Table, num: ir.Value, date_a: ir.Value, date_b: ir.Value) -> ir.Table:
    """One unit per Annex A row (from `annex_a_open`), broken down by the child and the team,
    ages taken at the extract date."""
    return units(
        t,
        subject=t.child,
        num=num,
        date_a=date_a,
        date_b=date_b,
        age_band=age_band(t.dob, t._ref),
        gender=t.gender,
        ethnicity=t.ethnicity,
        team=t.team,
        worker=t.worker,
    )
