"""`thrive measures --council CODE [--period YYYY-MM] [--engine ...] [--format ...]`."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import typer

from thrive.ops_cli import django_setup

FORMATS = ("text", "json", "csv")
ENGINES = ("duckdb", "postgres", "pyspark")
FIELDS = (
    "id", "code", "name", "period", "period_type", "numerator", "denominator", "value", "unit",
    "polarity", "target", "rag", "england", "england_year",
)  # fmt: skip


def measures_command(
    council: str = typer.Option(..., "--council", help="The council's DfE LA number, e.g. 990"),
    period: str | None = typer.Option(
        None, "--period", help="YYYY-MM: that month (year-end-only measures: its year end)"
    ),
    engine: str = typer.Option("duckdb", "--engine", help="duckdb, postgres or pyspark"),
    output: str = typer.Option("text", "--format", help="text, json or csv"),
    recompute: bool = typer.Option(
        False, "--recompute", help="Also recompute and store every period for the web pages"
    ),
) -> None:
    """Compute every measure for one council from its current returns."""
    if output not in FORMATS:
        typer.echo(f"Error: --format must be one of {', '.join(FORMATS)}.", err=True)
        raise typer.Exit(2)
    if engine not in ENGINES:
        typer.echo(f"Error: --engine must be one of {', '.join(ENGINES)}.", err=True)
        raise typer.Exit(2)
    if period is not None and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", period):
        typer.echo("Error: --period must look like 2026-03.", err=True)
        raise typer.Exit(2)
    django_setup()
    from thrive.councils.models import Council

    found = Council.objects.filter(la_number=council).first()
    if found is None:
        typer.echo(f"Error: no council with LA number {council}.", err=True)
        raise typer.Exit(1)
    if recompute:
        from thrive.measures.services import measures_recompute

        run = measures_recompute(council=found)
        typer.echo(f"Recomputed: {run.values_written} values stored ({run.status}).", err=True)
    rows = compute_rows(council=found, period=period, engine=engine)
    typer.echo(render(rows, output))


def compute_rows(*, council: Any, period: str | None, engine: str) -> list[dict[str, Any]]:
    from thrive.measures.models import MeasureTarget
    from thrive.measures.services import council_inputs, measures_engine, population_for
    from thrive.metrics.periods import collection_year, month_end, month_params, year_params
    from thrive.metrics.rag import rag
    from thrive.metrics.registry import measures
    from thrive.metrics.tables import SPECS

    inputs = council_inputs(council=council)
    targets = {t.measure_id: t for t in MeasureTarget.objects.for_council(council)}
    machine = measures_engine(engine)  # type: ignore[arg-type]
    rows: list[dict[str, Any]] = []
    try:
        machine.load({council.la_number: inputs})
        for measure in measures():
            returns = {SPECS[t].return_id for t in measure.tables}
            years = sorted({y for r in returns for y in inputs.get(r, {})})
            if period is not None:
                ref = month_end(int(period[:4]), int(period[5:]))
                if measure.monthly:
                    params, kind = month_params(measure, ref.year, ref.month), "month"
                else:
                    year = collection_year(ref, year_end_month=measure.year_end_month)
                    params, kind = year_params(measure, year), "year"
            elif years:
                params, kind = year_params(measure, years[-1]), "year"
            else:
                params, kind = None, "year"
            result = None
            if params is not None:
                population = population_for(council=council, year=params.year)
                result = machine.compute(
                    measure,
                    params,
                    period=f"{params.ref:%Y-%m}",
                    period_type=kind,
                    populations={council.la_number: population.population if population else None},
                )[0]
            target = targets.get(measure.id)
            england = measure.latest_england()
            value = result.value if result else None
            rows.append(
                {
                    "id": measure.id,
                    "code": measure.code,
                    "name": measure.name,
                    "period": result.period if result else None,
                    "period_type": kind,
                    "numerator": result.numerator if result else None,
                    "denominator": result.denominator if result else None,
                    "value": value,
                    "unit": measure.unit.value,
                    "polarity": measure.polarity.value,
                    "target": target.target if target else None,
                    "rag": rag(
                        value,
                        target.target if target else None,
                        target.tolerance if target else 0,
                        measure.polarity.value,
                    ),
                    "england": england.value if england else None,
                    "england_year": england.year if england else None,
                }
            )
    finally:
        machine.close()
    return rows


def render(rows: list[dict[str, Any]], output: str) -> str:
    if output == "json":
        return json.dumps(rows, indent=2)
    if output == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return buffer.getvalue().rstrip("\n")
    lines = []
    for row in rows:
        value = "no data" if row["value"] is None else f"{row['value']:.1f}"
        lines.append(
            f"{row['code']:<5} {row['name'][:60]:<60} {row['period'] or '':<8} {value:>10}"
        )
    return "\n".join(lines)
