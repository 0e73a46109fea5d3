"""Every figure a council's pages show: year ends for each year in the data, with breakdowns,
and monthly values for the months before the latest year end (`thrive.measures` stores them)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from thrive.metrics.engine import Engine, Inputs, MeasureResult
from thrive.metrics.periods import month_params, months_back, period_label, window, year_params
from thrive.metrics.registry import Measure, measures
from thrive.metrics.tables import SPECS

MONTHS = 24
"""Monthly values kept: two years of trend."""


def data_years(inputs: Inputs, measure: Measure) -> list[int]:
    """Collection years any council has for every return the measure reads."""
    returns = {SPECS[t].return_id for t in measure.tables}
    return sorted({y for council in inputs.values() for r in returns for y in council.get(r, {})})


def compute_all(
    engine: Engine,
    inputs: Inputs,
    populations: Mapping[str, Mapping[int, float]],
    *,
    months: int = MONTHS,
    only: Iterable[Measure] | None = None,
) -> list[MeasureResult]:
    """Year-end values (with breakdowns) for every year in the data, and monthly values for up
    to `months` months ending at the latest year end, for every council loaded in `engine`."""
    results: list[MeasureResult] = []
    for measure in only or measures():
        years = data_years(inputs, measure)
        for year in years:
            params = year_params(measure, year)
            results += engine.compute(
                measure,
                params,
                period=period_label(params.ref),
                period_type="year",
                populations={la: populations.get(la, {}).get(year) for la in inputs},
                breakdowns=measure.breakdowns,
            )
        if not measure.monthly or not years or months <= 0:
            continue
        latest = year_params(measure, years[-1]).ref
        earliest_start = window(year_params(measure, years[0]).ref)
        for ref in months_back(latest, months):
            if window(ref) < earliest_start:
                continue  # the 12 months would reach before the first return
            params = month_params(measure, ref.year, ref.month)
            results += engine.compute(
                measure,
                params,
                period=period_label(ref),
                period_type="month",
                populations={la: populations.get(la, {}).get(params.year) for la in inputs},
            )
    return results
