"""History: SSDA903 and CIN returns from 2019/20 load and are checked with the nearest rule set,
which the report names; Thrive never pretends to have a year's own rules."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from thrive.statutory.issues import Severity
from thrive.statutory.reading import ROW, Table
from thrive.statutory.rules import (
    HISTORY_FROM,
    RegistryError,
    ReturnData,
    RuleRegistry,
    nearest_rules_issue,
    run_rules,
    year_label,
)
from thrive.statutory.validate import validate_paths


def _registry() -> RuleRegistry:
    registry = RuleRegistry("demo", (2024, 2025, 2026, 2027), history_from=HISTORY_FROM)
    seen: dict[str, object] = {}

    @registry.rule("R1", severity=Severity.ERROR, message="Always", tables=("t",))
    def _(data: ReturnData) -> pl.DataFrame:
        seen["year"], seen["end"] = data.year, data.period_end
        return data["t"]

    @registry.rule("R2", severity=Severity.ERROR, message="From 2025", tables=("t",), since=2025)
    def _(data: ReturnData) -> pl.DataFrame:
        return data["t"]

    registry.seen = seen  # type: ignore[attr-defined]
    return registry


def _data(year: int) -> ReturnData:
    frame = pl.DataFrame({ROW: [2], "CHILD": ["A"]})
    return ReturnData(
        "demo",
        year,
        dt.date(year - 1, 4, 1),
        dt.date(year, 3, 31),
        {"t": Table("t", "t.csv", frame, "CHILD")},
    )


def test_registry_accepts_history_but_has_rules_only_for_its_own_years() -> None:
    registry = _registry()
    assert registry.accepted_years == (2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027)
    assert registry.years == (2024, 2025, 2026, 2027)
    assert [registry.rules_year(y) for y in (2020, 2023, 2024, 2026)] == [2024, 2024, 2024, 2026]
    with pytest.raises(RegistryError, match="2019 is not supported"):
        registry.rules_year(2019)
    with pytest.raises(RegistryError, match="2021 is not supported"):
        registry.rules_for(2021)  # no pretending: 2020/21 has no rule set of its own
    plain = RuleRegistry("plain", (2024, 2025))
    assert plain.accepted_years == (2024, 2025)


def test_an_old_year_runs_the_nearest_set_over_its_own_period() -> None:
    registry = _registry()
    result = run_rules(registry, _data(2020))
    assert result.checked == ["R1"]  # R2 starts in 2024/25: not in the 2023/24 set
    assert registry.seen == {"year": 2024, "end": dt.date(2020, 3, 31)}  # type: ignore[attr-defined]


def test_the_warning_names_the_rule_set_used() -> None:
    registry = _registry()
    assert nearest_rules_issue(registry, 2025, "a.csv") is None
    issue = nearest_rules_issue(registry, 2020, "a.csv")
    assert issue is not None
    assert (issue.rule, issue.severity, issue.file) == ("RULES01", Severity.WARNING, "a.csv")
    assert issue.message.startswith(
        "Checked with the 2023/24 rules: Thrive has no 2019/20 rule set."
    )
    assert year_label(2020) == "2019/20"


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from thrive.synth.generate import CouncilSpec, generate_council

    folder = tmp_path_factory.mktemp("history")
    spec = CouncilSpec("990", "Northbridge", "North East", 3000)
    generate_council(spec, folder, seed=5, end_year=2021, years=2, inject_errors=0.0)
    return folder


@pytest.mark.parametrize("path", ["ssda903/2020", "cin/2020/cin_census.xml"])
def test_a_2019_20_return_loads_and_says_which_rules_checked_it(history: Path, path: str) -> None:
    report = validate_paths([history / path])
    [run] = report.runs
    assert (run.year, run.period) == (2020, (dt.date(2019, 4, 1), dt.date(2020, 3, 31)))
    assert report.exit_code in (0, 1)  # checked, not refused
    [note] = [i for i in report.issues if i.rule == "RULES01"]
    assert note.severity is Severity.WARNING
    assert "Checked with the 2023/24 rules: Thrive has no 2019/20 rule set" in note.message


def test_the_rule_set_is_named_in_text_json_and_csv(history: Path) -> None:
    from thrive.cli import app

    runner = CliRunner()
    folder = str(history / "cin/2020/cin_census.xml")
    outputs = {
        fmt: runner.invoke(app, ["validate", folder, "--format", fmt]).output
        for fmt in ("text", "json", "csv")
    }
    wording = "Checked with the 2023/24 rules: Thrive has no 2019/20 rule set"
    assert all(wording in output for output in outputs.values())
    rows = list(csv.DictReader(io.StringIO(outputs["csv"])))
    assert [r["severity"] for r in rows if r["rule"] == "RULES01"] == ["warning"]


def test_a_year_before_2019_20_is_refused_with_exit_2(history: Path) -> None:
    from thrive.cli import app

    result = CliRunner().invoke(app, ["validate", str(history / "ssda903/2020"), "--year", "2019"])
    assert result.exit_code == 2
    assert "FILE12" in result.output
    assert "2019 is not one of the supported years 2020, 2021" in result.output


@pytest.mark.slow
def test_measures_compute_year_ends_for_history_years(history: Path) -> None:
    """H5's recompute gives year ends for every year loaded, 2019/20 included."""
    from thrive.metrics.engine import Engine
    from thrive.metrics.recompute import compute_all

    returns: dict[str, dict[int, dict[str, object]]] = {"ssda903": {}, "cin": {}}
    for year in (2020, 2021):
        for return_id, path in (
            ("ssda903", history / "ssda903" / str(year)),
            ("cin", history / "cin" / str(year) / "cin_census.xml"),
        ):
            [run] = validate_paths([path], keep_data=True, check=False).runs
            assert run.data is not None
            returns[return_id][run.year] = {n: t.frame for n, t in run.data.tables.items()}
    inputs = {"990": returns}
    engine = Engine("duckdb")
    engine.load(inputs)  # type: ignore[arg-type]
    results = compute_all(engine, inputs, {}, months=0)  # type: ignore[arg-type]
    periods = {r.period for r in results if r.measure_id == "referrals_rate" and not r.breakdown}
    assert periods == {"2020-03", "2021-03"}
    looked_after = [r for r in results if r.period == "2020-03" and not r.breakdown]
    assert any(r.units for r in looked_after if r.measure_id.startswith("cla"))


def test_continuity_rules_compare_like_with_like_in_history_years(history: Path) -> None:
    """2020/21 checked against 2019/20, both coded sex 1/2: no child's sex "changed" (202)."""
    report = validate_paths([history / "ssda903/2021"], previous=[history / "ssda903/2020"])
    [run] = report.runs
    assert run.year == 2021 and run.previous_files
    assert "202" in run.checked
    assert [i for i in report.issues if i.rule in ("202", "203")] == []
