"""Sampling is reproducible by seed, stratifies fairly, applies rules and never self-assigns."""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thrive.audits.sampling import (
    ERROR_MISSING_COLUMNS,
    ERROR_NO_ELIGIBLE,
    SamplingError,
    assign_auditors,
    draw_sample,
    read_case_list,
    stratum_sizes,
)


def _cases(n: int = 60) -> pl.DataFrame:
    teams = ["North", "South", "East"]
    return pl.DataFrame(
        {
            "child_id": [f"C{i:04d}" for i in range(n)],
            "team": [teams[i % 3] if i < 45 else "North" for i in range(n)],
            "worker": [f"sw{i % 7}" for i in range(n)],
            "cp_plan_start_date": [
                date(2024, 1, 1) if i % 4 == 0 else date(2026, 1, 1) for i in range(n)
            ],
            "care_leaver_activity": ["G5" if i % 5 == 0 else "F1" for i in range(n)],
        }
    )


def test_same_seed_same_sample_whatever_the_row_order() -> None:
    cases = _cases()
    first = draw_sample(cases, size=10, seed=42)
    shuffled = cases.sample(fraction=1.0, shuffle=True, seed=7)
    again = draw_sample(shuffled, size=10, seed=42)
    assert first.cases["child_id"].to_list() == again.cases["child_id"].to_list()
    assert first.cases.height == 10 and first.seed == 42 and first.candidate_count == 60


def test_different_seed_different_sample() -> None:
    cases = _cases()
    one = set(draw_sample(cases, size=10, seed=1).cases["child_id"])
    two = set(draw_sample(cases, size=10, seed=2).cases["child_id"])
    assert one != two


def test_size_larger_than_cases_takes_them_all() -> None:
    assert draw_sample(_cases(5), size=10, seed=3).size == 5


def test_stratified_shares_in_proportion_to_team_size() -> None:
    # North has 30 of 60 cases, South and East 15 each.
    sample = draw_sample(_cases(), size=12, seed=9, method="stratified")
    assert sample.strata == {"East": 3, "North": 6, "South": 3}
    assert sample.cases.height == 12


def test_stratum_sizes_largest_remainder() -> None:
    assert stratum_sizes({"A": 1, "B": 1, "C": 1}, 2) == {"A": 1, "B": 1, "C": 0}
    assert stratum_sizes({"A": 5, "B": 3}, 4) == {"A": 3, "B": 1}
    assert stratum_sizes({"A": 2}, 10) == {"A": 2}


def test_rule_cp_plan_longer_than_18_months() -> None:
    sample = draw_sample(
        _cases(),
        size=100,
        seed=1,
        method="rule",
        rule="cp_plan_over_months",
        as_of=date(2026, 3, 1),
    )
    # Rows 0, 4, 8 … started 1 January 2024: more than 18 months before 1 March 2026.
    assert sample.eligible_count == 15
    assert sample.rule_parameter == 18
    assert all(d == date(2024, 1, 1) for d in sample.cases["cp_plan_start_date"])


def test_rule_parameter_changes_the_cohort() -> None:
    sample = draw_sample(
        _cases(),
        size=100,
        seed=1,
        method="rule",
        rule="cp_plan_over_months",
        rule_parameter=1,
        as_of=date(2026, 3, 1),
    )
    assert sample.eligible_count == 60


def test_rule_care_leavers_neet() -> None:
    sample = draw_sample(_cases(), size=100, seed=1, method="rule", rule="care_leaver_neet")
    assert sample.eligible_count == 12
    assert set(sample.cases["care_leaver_activity"]) == {"G5"}


def test_rule_with_no_match_is_an_error() -> None:
    cases = _cases().with_columns(pl.lit("F1").alias("care_leaver_activity"))
    with pytest.raises(SamplingError, match=ERROR_NO_ELIGIBLE):
        draw_sample(cases, size=5, seed=1, method="rule", rule="care_leaver_neet")


def test_missing_columns_is_an_error() -> None:
    with pytest.raises(SamplingError, match="child_id, team, worker"):
        draw_sample(pl.DataFrame({"child_id": ["A"]}), size=1, seed=1)
    assert "{columns}" in ERROR_MISSING_COLUMNS


def test_auditors_never_get_their_own_cases_and_share_the_load() -> None:
    cases = [("C1", "amy"), ("C2", "amy"), ("C3", "ben"), ("C4", "cat"), ("C5", "AMY")]
    assignment = assign_auditors(cases, ["amy", "ben"])
    assert assignment == {"C1": "ben", "C2": "ben", "C3": "amy", "C4": "amy", "C5": "ben"}


def test_a_case_only_its_worker_could_audit_is_left_unassigned() -> None:
    assert assign_auditors([("C1", "amy")], ["amy"]) == {"C1": None}


@settings(max_examples=50, deadline=None)
@given(
    workers=st.lists(st.sampled_from(["a", "b", "c", "d"]), min_size=1, max_size=30),
    auditors=st.lists(st.sampled_from(["a", "b", "c", "d"]), min_size=2, max_size=4, unique=True),
)
def test_assignment_property_never_own_case(workers: list[str], auditors: list[str]) -> None:
    cases = [(f"C{i}", worker) for i, worker in enumerate(workers)]
    for (_child, worker), auditor in zip(
        cases, assign_auditors(cases, auditors).values(), strict=True
    ):
        assert auditor is not None and auditor != worker


def test_read_case_list_reports_row_errors() -> None:
    data = (
        b"child_id,team,worker,cp_plan_start_date\n"
        b"C1,North,amy,2024-01-05\n"
        b",South,ben,\n"
        b"C3,South,ben,32/13/2024\n"
        b"C1,North,amy,\n"
        b"C5,North\n"
    )
    frame, errors = read_case_list(data)
    assert [str(error) for error in errors] == [
        "Row 3, child_id: is blank",
        "Row 4, cp_plan_start_date: “32/13/2024” is not a date (use 2025-03-31 or 31/03/2025)",
        "Row 5, child_id: repeats row 2",
        "Row 6, row: has 2 values, expected 4",
    ]
    assert frame.schema["cp_plan_start_date"] == pl.Date


def test_read_case_list_accepts_bom_and_uk_dates() -> None:
    frame, errors = read_case_list(
        "\ufeffChild ID,Team,Worker,CP plan start date\nC1,N,amy,05/01/2024\n".encode()
    )
    assert errors == []
    assert frame.row(0, named=True) == {
        "child_id": "C1",
        "team": "N",
        "worker": "amy",
        "cp_plan_start_date": date(2024, 1, 5),
    }


def test_read_case_list_rejects_non_utf8_and_missing_columns() -> None:
    with pytest.raises(SamplingError):
        read_case_list(b"\xff\xfe\x00junk")
    with pytest.raises(SamplingError):
        read_case_list(b"id,name\n1,2\n")


def test_command_redraws_the_same_sample(tmp_path: Any) -> None:
    from typer.testing import CliRunner

    from thrive.cli import app

    path = tmp_path / "cases.csv"
    _cases().drop("cp_plan_start_date").write_csv(path)
    outputs = []
    for _ in range(2):
        args = ["audits", "sample", str(path), "--size", "6", "--seed", "77"]
        result = CliRunner().invoke(app, [*args, "--method", "stratified"])
        assert result.exit_code == 0, result.output
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]
    lines = outputs[0].splitlines()
    assert len(lines) == 7 and lines[-1].startswith("6 of 60 eligible")
    expected = draw_sample(_cases(), size=6, seed=77, method="stratified")
    assert [line.split("\t")[0] for line in lines[:6]] == expected.cases["child_id"].to_list()


def test_command_refuses_a_missing_file_and_a_bad_date(tmp_path: Any) -> None:
    from typer.testing import CliRunner

    from thrive.cli import app

    missing = CliRunner().invoke(
        app, ["audits", "sample", str(tmp_path / "nope.csv"), "--size", "2", "--seed", "1"]
    )
    assert missing.exit_code == 2 and "no such file" in missing.stderr
    path = tmp_path / "cases.csv"
    _cases().drop("cp_plan_start_date").write_csv(path)
    bad = CliRunner().invoke(
        app,
        ["audits", "sample", str(path), "--size", "2", "--seed", "1", "--as-of", "31/03/2026"],
    )
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output
