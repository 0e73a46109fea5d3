"""The measure registry: each measure declared once, with its definition and Ibis expression.

`REGISTRY` maps measure id → `Measure`. The expression (`build`) turns the prepared tables and a
period into the *units* behind the figure (see `thrive.metrics.expr`); the engine aggregates the
units and `Measure.value` turns numerator and denominator into the published figure.

The measures themselves live in `thrive.metrics.measures`, one module per area, each declaring
its measures with `@measure(...)` (typed by `Declaration`). This module imports none of them:
`load()` imports the package by name the first time the registry is read, so the registry has
no import circle with the definitions.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NotRequired, TypedDict, Unpack

import ibis.expr.types as ir

from thrive.metrics.expr import Params, Sources


class Unit(StrEnum):
    PERCENT = "percent"
    RATE = "rate_per_10k"
    DAYS = "days"
    WORKING_DAYS = "working_days"
    COUNT = "count"
    RATIO = "ratio"


UNIT_LABELS = {
    Unit.PERCENT: "%",
    Unit.RATE: "per 10,000 children",
    Unit.DAYS: "days",
    Unit.WORKING_DAYS: "working days",
    Unit.COUNT: "count",
    Unit.RATIO: "",
}


class Polarity(StrEnum):
    UP = "up"  # higher is better
    DOWN = "down"  # lower is better
    CONTEXT = "context"  # judged against neighbours, not scored


class PeriodType(StrEnum):
    SNAPSHOT = "snapshot"  # at the end of the period
    IN_YEAR = "in_year"  # events in the 12 months to the end of the period
    ROLLING_3_YEARS = "rolling_3_years"  # adoption scorecard: 3 years to the end of the period
    COHORT = "cohort"  # a return's annual cohort (OC2, OC3, workforce census)


@dataclass(frozen=True)
class EnglandFigure:
    value: float
    year: int
    source: str
    note: str = ""


@dataclass(frozen=True)
class Measure:
    id: str
    code: str
    name: str
    area: str
    definition: str
    numerator: str
    denominator: str
    population: str
    period_type: PeriodType
    unit: Unit
    polarity: Polarity
    source: str
    fields: tuple[str, ...]
    follows: str
    tables: tuple[str, ...]
    build: Callable[[Sources, Params], ir.Table] = field(repr=False, compare=False)
    monthly: bool = True
    """False for measures only meaningful at the year end (annual cohorts, census snapshots)."""
    breakdowns: tuple[str, ...] = ()
    date_labels: tuple[str, str] = ("", "")
    england: tuple[EnglandFigure, ...] = ()
    subject_label: str = "Child"
    year_end_month: int = 3
    notes: tuple[str, ...] = ()
    """The DfE convention each choice follows (which codes count, who is left out, and why),
    printed under the measure in docs/measures.md."""

    @property
    def child_level(self) -> bool:
        return self.subject_label == "Child"

    @property
    def unit_label(self) -> str:
        return UNIT_LABELS[self.unit]

    def value(self, numerator: float | None, denominator: float | None) -> float | None:
        """The figure, or None when there is nothing to divide by (never a misleading 0 %)."""
        if numerator is None:
            return None
        if self.unit == Unit.COUNT:
            return float(numerator)
        if denominator is None or denominator <= 0:
            return None
        if self.unit == Unit.PERCENT:
            return 100.0 * numerator / denominator
        if self.unit == Unit.RATE:
            return 10_000.0 * numerator / denominator
        return numerator / denominator

    def latest_england(self) -> EnglandFigure | None:
        return max(self.england, key=lambda figure: figure.year) if self.england else None


Build = Callable[[Sources, Params], ir.Table]


class Declaration(TypedDict):
    """Everything a measure declares except its expression: the fields of `Measure` but `build`.

    `@measure(**fields)` is checked against this, so a misspelt or mistyped field is a type
    error (tests/metrics/test_registry_docs.py keeps it in step with `Measure`)."""

    id: str
    code: str
    name: str
    area: str
    definition: str
    numerator: str
    denominator: str
    population: str
    period_type: PeriodType
    unit: Unit
    polarity: Polarity
    source: str
    fields: tuple[str, ...]
    follows: str
    tables: tuple[str, ...]
    monthly: NotRequired[bool]
    breakdowns: NotRequired[tuple[str, ...]]
    date_labels: NotRequired[tuple[str, str]]
    england: NotRequired[tuple[EnglandFigure, ...]]
    subject_label: NotRequired[str]
    year_end_month: NotRequired[int]
    notes: NotRequired[tuple[str, ...]]


REGISTRY: dict[str, Measure] = {}

MEASURE_PACKAGE = "thrive.metrics.measures"
"""The package whose modules declare the measures (imported by `load`)."""


def register(measure: Measure) -> Measure:
    if measure.id in REGISTRY:
        raise ValueError(f"measure {measure.id!r} is declared twice")
    if any(m.code == measure.code for m in REGISTRY.values()):
        raise ValueError(f"measure code {measure.code!r} is used twice")
    REGISTRY[measure.id] = measure
    return measure


def measure(**fields: Unpack[Declaration]) -> Callable[[Build], Build]:
    """Declare a measure whose expression is the decorated function."""

    def decorator(build: Build) -> Build:
        register(Measure(build=build, **fields))
        return build

    return decorator


def load() -> None:
    """Import the measure modules (once), which registers every measure."""
    importlib.import_module(MEASURE_PACKAGE)


def measures() -> list[Measure]:
    """Every measure, in registry order (areas in `thrive.metrics.measures.AREAS`, then as
    declared)."""
    load()
    return list(REGISTRY.values())


def get(measure_id: str) -> Measure:
    load()
    return REGISTRY[measure_id]
