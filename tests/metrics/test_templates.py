"""Measures compiled once run correctly for any period (`thrive.metrics.templates`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import ibis
import ibis.expr.types as ir
import pytest

from thrive.metrics.engine import Engine, MeasureResult
from thrive.metrics.expr import Params, Sources, d
from thrive.metrics.inputs import inputs_from_files
from thrive.metrics.periods import month_params, year_params
from thrive.metrics.registry import Measure, measures
from thrive.metrics.templates import (
    PlaceholderParams,
    Template,
    TemplateCache,
    TemplateError,
    literal_text,
    make_template,
    resolve,
)
from thrive.synth.generate import GenerateOptions, generate


@pytest.fixture(scope="module")
def council_inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    folder: Path = tmp_path_factory.mktemp("metrics-templates")
    generate(GenerateOptions(out=folder, size="small", years=3, population=6000, seed=11))
    return {"990": inputs_from_files([folder])}


def _periods(measure: Measure) -> list[tuple[str, Params]]:
    """A year end, a leap-day month end and an ordinary month end."""
    year = 2026 if measure.year_end_month == 3 else 2025
    return [
        ("year", year_params(measure, year)),
        ("month", month_params(measure, 2024, 2)),
        ("month", month_params(measure, 2025, 8)),
    ]


def _run(engine: Engine) -> list[MeasureResult]:
    results: list[MeasureResult] = []
    for measure in measures():
        for kind, params in _periods(measure):
            results += engine.compute(
                measure,
                params,
                period=f"{params.ref:%Y-%m}",
                period_type=kind,
                populations={"990": 6000.0},
                breakdowns=measure.breakdowns if kind == "year" else (),
            )
    return results


def test_templates_give_the_same_figures_as_compiling_each_period(
    council_inputs: dict[str, object],
) -> None:
    templated = Engine("duckdb")
    templated.load(council_inputs)  # type: ignore[arg-type]
    direct = Engine("duckdb")
    direct.load(council_inputs)  # type: ignore[arg-type]
    direct.untemplated = {m.id for m in measures()}  # force a compile for every period

    fast, slow = _run(templated), _run(direct)

    assert templated.untemplated == set()
    assert fast == slow
    assert sum(r.value is not None for r in fast) > 100


def test_every_period_value_maps_back_to_params() -> None:
    params = Params(ref=date(2024, 2, 29), start=date(2023, 3, 1), year=2024)
    assert resolve(("ref",), params) == date(2024, 2, 29)
    assert resolve(("start",), params) == date(2023, 3, 1)
    assert resolve(("year",), params) == 2024
    assert resolve(("before", 1, 0, 0), params) == date(2023, 2, 28)  # month end clipped
    assert resolve(("before", 0, 30, 0), params) == date(2021, 8, 29)
    assert resolve(("before", 0, 0, 42), params) == date(2024, 1, 18)
    assert resolve(("window_start", 2), params) == date(2022, 3, 1)
    assert resolve(("working_days_in_window",), params) == params.working_days_in_window()
    with pytest.raises(TemplateError):
        resolve(("next_tuesday",), params)


def test_placeholders_are_recorded_once_each() -> None:
    p = PlaceholderParams.make()
    assert p.before(months=3) == p.before(months=3)
    assert p.before(months=3) != p.before(years=1)
    assert isinstance(p.working_days_in_window(), int)
    assert set(p.slots) == {
        ("ref",),
        ("start",),
        ("year",),
        ("before", 0, 3, 0),
        ("before", 1, 0, 0),
        ("working_days_in_window",),
    }


EPISODES = ibis.table({"decom": "date", "n": "int64"}, name="episodes")


def _literal(value: date | int) -> str:
    return literal_text(lambda expr: str(ibis.to_sql(expr, dialect="duckdb")), value)


def _compiler(build: object) -> object:
    def compile_sql(p: Params) -> str:
        return str(ibis.to_sql(build(p), dialect="duckdb"))  # type: ignore[operator]

    return compile_sql


def test_a_measure_doing_date_arithmetic_in_python_is_refused() -> None:
    from dateutil.relativedelta import relativedelta

    def sneaky(p: Params) -> ir.Table:
        return EPISODES.filter(EPISODES.decom > d(p.ref - relativedelta(months=6)))

    with pytest.raises(TemplateError, match="Untracked"):
        make_template(_compiler(sneaky), _literal)  # type: ignore[arg-type]


def test_a_template_fills_in_each_period() -> None:
    def honest(p: Params) -> ir.Table:
        return EPISODES.filter((EPISODES.decom > d(p.before(months=6))) & (EPISODES.n == p.year))

    template = make_template(_compiler(honest), _literal)  # type: ignore[arg-type]
    sql = template.render(Params(date(2025, 3, 31), date(2024, 4, 1), 2025), _literal)
    assert "MAKE_DATE(2024, 9, 30)" in sql
    assert "= 2025" in sql
    assert "29" not in sql.replace("MAKE_DATE(2024, 9, 30)", "")


def test_templates_are_kept_on_disk_between_processes(tmp_path: Path) -> None:
    made: list[int] = []

    def make() -> Template:
        made.append(1)
        return Template(sql="SELECT 1", slots=((("ref",), "MAKE_DATE(2900, 1, 1)"),))

    first = TemplateCache(tmp_path)
    assert first.get(("duckdb", "x"), make).sql == "SELECT 1"
    TemplateCache.forget()
    second = TemplateCache(tmp_path)
    again = second.get(("duckdb", "x"), make)
    assert again == first.get(("duckdb", "x"), make)
    assert (first.compiled, second.compiled, len(made)) == (1, 0, 1)


def test_a_damaged_cache_file_is_compiled_again(tmp_path: Path) -> None:
    cache = TemplateCache(tmp_path)
    cache.get(("duckdb", "y"), lambda: Template(sql="SELECT 2", slots=()))
    for path in tmp_path.rglob("*.json"):
        path.write_text("{not json", encoding="utf-8")
    TemplateCache.forget()
    fresh = TemplateCache(tmp_path)
    assert fresh.get(("duckdb", "y"), lambda: Template(sql="SELECT 3", slots=())).sql == "SELECT 3"
    assert fresh.compiled == 1


def test_sources_are_unbound_without_an_engine() -> None:
    assert "s903_episodes" in Sources()["s903_episodes"].get_name()


def test_a_new_release_removes_the_templates_of_the_old_one(tmp_path: Path) -> None:
    old = tmp_path / "0123456789abcdef"
    old.mkdir()
    (old / "stale.json").write_text("{}", encoding="utf-8")
    TemplateCache(tmp_path).get(("duckdb", "z"), lambda: Template(sql="SELECT 4", slots=()))
    assert not old.exists()
    assert len(list(tmp_path.rglob("*.json"))) == 1


def test_the_cache_digest_covers_every_measure_module() -> None:
    # ADR 0006: a release that changes any measure must not reuse the previous release's SQL.
    from thrive.metrics import measures as package
    from thrive.metrics.templates import digest_sources

    covered = {path.name for path in digest_sources() if path.parent.name == "measures"}
    assert {f"{area}.py" for area in package.AREAS} <= covered
    assert {"cohorts.py", "registry.py", "expr.py"} <= {p.name for p in digest_sources()}
