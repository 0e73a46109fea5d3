"""The rule registry: yearly inheritance, amendments, deletions, duplicates and the runner."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from thrive.statutory.issues import Severity
from thrive.statutory.reading import ROW, Table
from thrive.statutory.rules import (
    RegistryError,
    ReturnData,
    RuleRegistry,
    code_sort_key,
    collection_year_of,
    run_rules,
)


def _registry() -> RuleRegistry:
    registry = RuleRegistry("toy", years=(2025, 2026, 2027))

    @registry.rule("101", severity=Severity.ERROR, message="A blank.", tables=("t",), fields=("A",))
    def _a(data: ReturnData) -> pl.DataFrame:
        return data["t"].filter(pl.col("A").is_null())

    @registry.rule("101", severity=Severity.ERROR, message="A not x.", tables=("t",), since=2026)
    def _a2(data: ReturnData) -> pl.DataFrame:
        return data["t"].filter(pl.col("A") != "x")

    @registry.rule("102", severity=Severity.QUERY, message="B set.", tables=("t",))
    def _b(data: ReturnData) -> pl.DataFrame:
        return data["t"].filter(pl.col("B").is_not_null())

    @registry.rule(
        "200", severity=Severity.ERROR, message="Last.", tables=("t",), needs_previous=True
    )
    def _c(data: ReturnData) -> pl.DataFrame:
        return data["t"].head(0)

    registry.delete("102", since=2027)
    return registry


def _data(year: int) -> ReturnData:
    frame = pl.DataFrame(
        {ROW: [2, 3, 4], "ID": ["c1", "c2", "c3"], "A": [None, "x", "y"], "B": [None, "1", None]}
    )
    table = Table("t", "t.csv", frame, child_column="ID")
    return ReturnData("toy", year, dt.date(year - 1, 4, 1), dt.date(year, 3, 31), {"t": table})


def test_years_inherit_amend_and_delete() -> None:
    registry = _registry()
    assert registry.codes_for(2025) == ["101", "102", "200"]
    assert registry.codes_for(2026) == ["101", "102", "200"]
    assert registry.codes_for(2027) == ["101", "200"]
    assert [r.message for r in registry.rules_for(2025) if r.code == "101"] == ["A blank."]
    assert [r.years for r in registry.rules_for(2027) if r.code == "101"] == [(2026, 2027)]


def test_a_code_can_be_absent_from_its_own_first_year() -> None:
    # As in the DfE's lists: a code added and withdrawn in one year never applies; deleting
    # it in its first year must not be silently ignored.
    registry = _registry()

    @registry.rule("300", severity=Severity.ERROR, message="Once.", tables=("t",), since=2026)
    def _once(data: ReturnData) -> pl.DataFrame:
        return data["t"]

    @registry.rule("301", severity=Severity.ERROR, message="From 2025.", tables=("t",))
    def _first(data: ReturnData) -> pl.DataFrame:
        return data["t"]

    registry.delete("300", since=2026)
    registry.delete("301", since=2025)
    assert [y for y in registry.years if "300" in registry.codes_for(y)] == []
    assert [y for y in registry.years if "301" in registry.codes_for(y)] == []

    # A version registered after the deletion brings the code back from its own year.
    @registry.rule("301", severity=Severity.ERROR, message="Back.", tables=("t",), since=2027)
    def _back(data: ReturnData) -> pl.DataFrame:
        return data["t"]

    assert [y for y in registry.years if "301" in registry.codes_for(y)] == [2027]


def test_duplicate_code_fails() -> None:
    registry = _registry()
    with pytest.raises(RegistryError, match="twice"):

        @registry.rule("102", severity=Severity.ERROR, message="again", tables=("t",))
        def _dup(data: ReturnData) -> pl.DataFrame:
            return data["t"]


def test_unknown_year_and_blank_message_fail() -> None:
    registry = _registry()
    with pytest.raises(RegistryError):
        registry.rule("9", severity=Severity.ERROR, message="m", tables=("t",), since=2030)
    with pytest.raises(RegistryError):
        registry.rule("9", severity=Severity.ERROR, message=" ", tables=("t",))


def test_runner_reports_rows_children_and_not_checked() -> None:
    result = run_rules(_registry(), _data(2025))
    found = [(i.rule, i.row, i.child, i.severity) for i in result.issues]
    assert found == [("101", 2, "c1", Severity.ERROR), ("102", 3, "c2", Severity.QUERY)]
    assert [n.rule for n in result.not_checked] == ["200"]
    result_2026 = run_rules(_registry(), _data(2026))
    assert [(i.rule, i.row) for i in result_2026.issues] == [("101", 4), ("102", 3)]


def test_code_sort_and_collection_year() -> None:
    assert sorted(["INT03", "1000", "101", "SW01"], key=code_sort_key) == [
        "101",
        "1000",
        "INT03",
        "SW01",
    ]
    assert collection_year_of(dt.date(2024, 4, 1)) == 2025
    assert collection_year_of(dt.date(2025, 3, 31)) == 2025
