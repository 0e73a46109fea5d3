"""Labels and declaration helpers shared by the measure modules."""

from __future__ import annotations

from collections.abc import Callable
from typing import NotRequired, TypedDict, Unpack

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
