"""The same expressions give identical results on DuckDB, PostgreSQL and PySpark.

Runs every measure, with every breakdown, on a small generated council (slow: Spark in local
mode pays a few seconds per query; the PostgreSQL database is the metrics engine's own,
`thrive_metrics`, created when missing).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from thrive.metrics.engine import Engine, MeasureResult
from thrive.metrics.inputs import inputs_from_files
from thrive.metrics.periods import year_params
from thrive.metrics.registry import measures
from thrive.synth.generate import GenerateOptions, generate

pytestmark = [
    pytest.mark.slow,
    # py4j leaves its gateway sockets to the garbage collector.
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]


@pytest.fixture(scope="module")
def council_inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    folder: Path = tmp_path_factory.mktemp("metrics-engines")
    generate(GenerateOptions(out=folder, size="small", years=2, population=6000, seed=7))
    return {"990": inputs_from_files([folder])}


def _all_results(engine: Engine) -> list[MeasureResult]:
    results: list[MeasureResult] = []
    for measure in measures():
        year = 2026 if measure.year_end_month == 3 else 2025
        results += engine.compute(
            measure,
            year_params(measure, year),
            period=str(year),
            period_type="year",
            populations={"990": 6000.0},
            breakdowns=measure.breakdowns,
        )
    return sorted(results, key=lambda r: (r.measure_id, r.breakdown, r.breakdown_value))


@pytest.fixture(scope="module")
def duckdb_results(council_inputs: dict[str, object]) -> list[MeasureResult]:
    engine = Engine("duckdb")
    engine.load(council_inputs)  # type: ignore[arg-type]
    results = _all_results(engine)
    assert engine.untemplated == set()  # every measure ran from its compiled template
    return results


def test_generated_council_gives_real_figures(duckdb_results: list[MeasureResult]) -> None:
    overall = [r for r in duckdb_results if r.breakdown == ""]
    with_values = [r for r in overall if r.value is not None]
    assert len(with_values) >= 45  # the generator fills every return


@pytest.mark.parametrize("engine_name", ["postgres", "pyspark"])
def test_engine_matches_duckdb(
    engine_name: str, council_inputs: dict[str, object], duckdb_results: list[MeasureResult]
) -> None:
    engine = Engine(engine_name)  # type: ignore[arg-type]
    try:
        engine.load(council_inputs)  # type: ignore[arg-type]
        other = _all_results(engine)
    finally:
        engine.close()
    assert engine.untemplated == set()
    assert len(other) == len(duckdb_results)
    for mine, theirs in zip(other, duckdb_results, strict=True):
        assert (mine.measure_id, mine.breakdown, mine.breakdown_value) == (
            theirs.measure_id,
            theirs.breakdown,
            theirs.breakdown_value,
        )
        assert mine.units == theirs.units, mine
        for field in ("numerator", "denominator", "value"):
            a, b = getattr(mine, field), getattr(theirs, field)
            assert (a is None) == (b is None), (field, mine)
            if b is not None:
                assert a == pytest.approx(b, rel=1e-9, abs=1e-9), (field, mine, theirs)


def test_postgres_matches_duckdb_on_the_hand_built_council() -> None:
    # The hand-built council has what generated ones lack (RNE T and U, temporary placements,
    # placement for adoption with the foster carers, cut-off histories, short breaks ending):
    # the period-of-care and placement windows must give the same units on PostgreSQL.
    from . import handbuilt

    inputs = handbuilt.inputs()
    duck = Engine("duckdb")
    duck.load(inputs)
    postgres = Engine("postgres")
    try:
        postgres.load(inputs)
        for measure in measures():
            if not set(measure.tables) & {"s903_episodes", "s903_oc3"}:
                continue
            year = 2026 if measure.year_end_month == 3 else 2025
            params = year_params(measure, year)
            mine = postgres.units(measure, params, la=handbuilt.LA)
            theirs = duck.units(measure, params, la=handbuilt.LA)
            key = ["subject", "date_a", "date_b", "num", "den"]
            assert (
                mine.select(key).sort(key).to_dicts() == theirs.select(key).sort(key).to_dicts()
            ), measure.id
    finally:
        postgres.close()
