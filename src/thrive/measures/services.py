"""Writes for measures: recompute stored values from the current returns, targets, populations.

`measures_recompute` reads the current version of each return (`thrive.returns.selectors`),
runs every measure on DuckDB for each year end and for the latest months, and replaces the
council's stored values in one transaction (all or nothing).
"""

from __future__ import annotations

import hashlib
import time
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from thrive.councils.models import Council
from thrive.measures.models import MeasureTarget, MeasureValue, Population, RecomputeRun
from thrive.metrics import benchmarks
from thrive.metrics.engine import CouncilInputs, Engine, EngineName, MeasureResult
from thrive.metrics.rag import rag
from thrive.metrics.recompute import MONTHS, compute_all
from thrive.metrics.registry import Measure, measures
from thrive.metrics.spc import xmr

RETURN_IDS = ("cin", "ssda903", "workforce", "annexa")

TARGET_UNKNOWN_MEASURE = "There is no measure with that id."
TARGET_CONTEXT_MEASURE = "This is a context measure: it is compared with neighbours, not scored."
POPULATION_NOT_POSITIVE = "Enter a population of 1 or more."


class MeasureServiceError(Exception):
    pass


def council_inputs(*, council: Council) -> CouncilInputs:
    """The current Parquet tables of every return: return id → year → table → path."""
    from thrive.returns.selectors import current_return_tables

    inputs: dict[str, Any] = {}
    for return_id in RETURN_IDS:
        tables = current_return_tables(council=council, return_id=return_id)
        if tables:
            inputs[return_id] = tables
    return inputs


def _source_version(inputs: CouncilInputs) -> str:
    text = "|".join(
        f"{return_id}:{year}:{sorted(str(p) for p in tables.values())}"
        for return_id, years in sorted(inputs.items())
        for year, tables in sorted(years.items())
    )
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()


def population_for(*, council: Council, year: int) -> Population | None:
    """The stored population for `year`; for a real council, estimated from published figures
    (the nearest earlier published year when `year` is not yet published) and stored."""
    stored = Population.objects.for_council(council).filter(year=year).first()
    if stored is not None or council.is_fictional:
        return stored
    for candidate in range(year, year - 6, -1):
        estimate = benchmarks.population_estimate(council.la_number, candidate)
        if estimate:
            note = "DfE CLA count ÷ rate × 10,000"
            if candidate != year:
                note += f", {candidate} figures (latest published)"
            return population_set(
                council=council,
                year=year,
                population=estimate,
                source=Population.Source.PUBLISHED_ESTIMATE,
                note=note,
            )
    return None


def population_set(
    *, council: Council, year: int, population: float, source: str, note: str = ""
) -> Population:
    if population < 1:
        raise MeasureServiceError(POPULATION_NOT_POSITIVE)
    if source not in Population.Source.values:
        raise ValueError(f"unknown population source {source!r}: use Population.Source")
    row, _ = Population.objects.update_or_create(
        council=council,
        year=year,
        defaults={"population": population, "source": source, "note": note[:300]},
    )
    return row


TARGET_STALE = (
    "Someone else changed this target while you were editing it. Your change has not been "
    "saved. Check the current target below, then make your change again if it is still needed."
)


class StaleTargetError(MeasureServiceError):
    """The target was saved by someone else after this person's form was loaded."""


def target_set(
    *,
    council: Council,
    measure_id: str,
    target: float,
    tolerance: float,
    set_by: str,
    reason: str = "",
    expected_version: int | None = None,
) -> MeasureTarget:
    """Set a measure's target and re-rate its stored values, in one transaction.

    `expected_version` is the target's version when the person's form was loaded (0 when no
    target was set yet); the edit page always passes it, so a save on top of someone else's is
    refused with `StaleTargetError`. Scripted callers (the demo) pass None: last write wins.
    """
    by_id = {m.id: m for m in measures()}
    measure = by_id.get(measure_id)
    if measure is None:
        raise MeasureServiceError(TARGET_UNKNOWN_MEASURE)
    if measure.polarity.value == "context":
        raise MeasureServiceError(TARGET_CONTEXT_MEASURE)
    with transaction.atomic():
        existing = (
            MeasureTarget.objects.select_for_update()
            .filter(council=council, measure_id=measure_id)
            .first()
        )
        if expected_version is not None and expected_version != (
            existing.version if existing else 0
        ):
            raise StaleTargetError(TARGET_STALE)
        row, _ = MeasureTarget.objects.update_or_create(
            council=council,
            measure_id=measure_id,
            defaults={
                "target": target,
                "tolerance": abs(tolerance),
                "set_by": set_by[:150],
                "reason": reason[:300],
                "version": existing.version + 1 if existing else 1,
            },
        )
        values = MeasureValue.objects.for_council(council).filter(
            measure_id=measure_id, breakdown=""
        )
        for value in values:
            value.rag = rag(value.value, target, abs(tolerance), measure.polarity.value)
        MeasureValue.objects.bulk_update(values, ["rag"])
    return row


def measures_recompute_queue(*, council: Council) -> None:
    """Queue one recompute of `council`'s measures for when the current transaction commits.

    The returns ingest calls this after storing new versions (`returns.services.after_ingest`).
    Nothing is queued when `THRIVE_RECOMPUTE_AFTER_INGEST` is off (tests: the immediate task
    backend would run the recompute inside the upload request).
    """
    if not settings.THRIVE_RECOMPUTE_AFTER_INGEST:
        return
    from thrive.measures.tasks import measures_recompute as recompute_task

    council_id = council.pk
    transaction.on_commit(lambda: recompute_task.enqueue(council_id))


def measures_engine(name: EngineName = "duckdb") -> Engine:
    """An engine whose compiled measure templates are kept under the data folder."""
    return Engine(name, template_cache=Path(settings.THRIVE_DATA_DIR) / "cache" / "measure-sql")


def compute_results(
    *,
    inputs: Mapping[str, CouncilInputs],
    populations: Mapping[str, Mapping[int, float]],
    months: int = MONTHS,
    engine_name: EngineName = "duckdb",
    only: list[Measure] | None = None,
) -> list[MeasureResult]:
    """Every stored figure for the councils in `inputs` (`thrive.metrics.recompute`)."""
    engine = measures_engine(engine_name)
    try:
        engine.load(inputs)
        return compute_all(engine, inputs, populations, months=months, only=only)
    finally:
        engine.close()


def measures_recompute(
    *, council: Council, months: int | None = None, inputs: CouncilInputs | None = None
) -> RecomputeRun:
    """Recompute and store every measure for `council` (replacing its stored values)."""
    started = time.perf_counter()
    months = getattr(settings, "MEASURES_MONTHS", MONTHS) if months is None else months
    inputs = council_inputs(council=council) if inputs is None else inputs
    years = sorted({y for r in inputs.values() for y in r})
    populations: dict[int, float] = {}
    for year in years:
        population = population_for(council=council, year=year)
        if population is not None:
            populations[year] = population.population
    try:
        results = compute_results(
            inputs={council.la_number: inputs},
            populations={council.la_number: populations},
            months=months,
        )
    except Exception as error:  # the run is recorded; stored values stay as they were
        return RecomputeRun.objects.create(
            council=council,
            status=RecomputeRun.Status.FAILED,
            seconds=time.perf_counter() - started,
            message=f"{type(error).__name__}: {error}"[:300],
        )
    version = _source_version(inputs)
    rows = _rows_for(council, results, version)
    with transaction.atomic():
        MeasureValue.objects.for_council(council).delete()
        MeasureValue.objects.bulk_create(rows, batch_size=1000)
        run = RecomputeRun.objects.create(
            council=council,
            status=RecomputeRun.Status.DONE,
            seconds=time.perf_counter() - started,
            values_written=len(rows),
            source_version=version,
        )
    # Early warning: measures that started to slip this month (called by name, not a signal).
    from thrive.alerts.services import alerts_raise_after_recompute

    alerts_raise_after_recompute(council=council, run=run)
    return run


def _rows_for(council: Council, results: list[MeasureResult], version: str) -> list[MeasureValue]:
    by_id = {m.id: m for m in measures()}
    targets = {t.measure_id: t for t in MeasureTarget.objects.for_council(council)}
    series: dict[str, list[MeasureResult]] = defaultdict(list)
    for result in results:
        if result.period_type == "month" and result.breakdown == "" and result.value is not None:
            series[result.measure_id].append(result)
    signals: dict[tuple[str, str], str] = {}
    for measure_id, points in series.items():
        points.sort(key=lambda r: r.period)
        chart = xmr([p.value or 0.0 for p in points], by_id[measure_id].polarity.value)
        if chart is not None:
            signals[(measure_id, points[-1].period)] = chart.signal
    rows = []
    for result in results:
        measure = by_id[result.measure_id]
        target = targets.get(result.measure_id)
        overall = result.breakdown == ""
        rows.append(
            MeasureValue(
                council=council,
                period=result.period,
                period_type=result.period_type,
                measure_id=result.measure_id,
                breakdown=result.breakdown,
                breakdown_value=result.breakdown_value[:64],
                numerator=result.numerator,
                denominator=result.denominator,
                value=result.value,
                rag=rag(
                    result.value,
                    target.target if target else None,
                    target.tolerance if target else 0.0,
                    measure.polarity.value,
                )
                if overall
                else "",
                spc_signal=signals.get((result.measure_id, result.period), "")
                if overall and result.period_type == "month"
                else "",
                source_version=version,
            )
        )
    return rows
