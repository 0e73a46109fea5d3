"""Every measure against the hand-built council in `handbuilt.py`, answers worked out on paper.

Each expectation is (numerator, denominator, value); the comment gives the working.
"""

from __future__ import annotations

from datetime import date

import pytest

from thrive.dates.working_days import working_days_between
from thrive.metrics.engine import Engine, MeasureResult
from thrive.metrics.periods import year_params
from thrive.metrics.registry import measures

from . import handbuilt

P = handbuilt.POPULATION

EXPECTED: dict[str, tuple[float, float | None, float | None]] = {
    # Front door: referrals in year A(30 May), B(1 Apr), B(31 Mar), D(1 Jun).
    "contacts_rate": (3, P, 3.0),  # X1 twice (1 Apr 2025, 31 Mar 2026) and X4
    "referrals_rate": (4, P, 4.0),
    "rereferrals_pct": (2, 4, 50.0),  # A and B(31 Mar); D's earlier one is 12 months + 1 day
    "referrals_nfa_pct": (1, 4, 25.0),
    # Assessments A 45 WD (Easter + two May holidays), B 46, C 0, E 1 (Saturday start); D excluded.
    "assessments_45wd_pct": (3, 4, 75.0),
    "assessments_mean_wd": (92, 4, 23.0),  # (45 + 46 + 0 + 1) / 4
    "s47_rate": (4, P, 4.0),  # A, B, C, E start in the year; D started in March 2025
    "icpc_rate": (4, P, 4.0),  # A, B, D, E conferences in the year
    "icpc_15wd_pct": (2, 3, 66.666667),  # A 15 WD over Christmas, D 9; B 16; E excluded
    "cin_rate": (2, P, 2.0),  # B (referred on ref) and C; D closed on ref
    "cp_rate": (4, P, 4.0),  # A, E, F, G open
    "cp_starts_rate": (4, P, 4.0),  # A, B, F, G
    "cp_repeat_pct": (2, 4, 50.0),  # A (earlier plan), B (previous = 1)
    "cp_2yrs_ended_pct": (1, 3, 33.333333),  # C exactly 24 months; D one day short; B
    "cp_2yrs_open_pct": (1, 4, 25.0),  # E
    "cp_reviews_timely_pct": (1, 3, 33.333333),  # A on time; E one day late; G never reviewed
    "cp_visits_pct": (1, 3, 33.333333),  # Q1 10 WD, Q2 11 WD, Q4 never visited
    "cin_seen_pct": (1, 2, 50.0),  # R1 20 WD, R2 21 WD
    "cin_plans_rate": (2, P, 2.0),  # A, and C starting on ref; B ends on ref
    # Children looked after at ref: K1, K2, K7, K8, K9, K10.
    "cla_rate": (6, P, 6.0),
    "cla_count": (6, 0, 6.0),
    "cla_starts_rate": (3, P, 3.0),  # K2, K7, K9 (K4 short breaks)
    "cla_ceased_rate": (2, P, 2.0),  # K3 (on ref), K5 (adopted)
    "uasc_pct": (1, 6, 16.666667),  # K7; K8's status ended on ref
    "uasc_count": (1, 0, 1.0),
    "placements_3plus_pct": (1, 6, 16.666667),  # K2 (legal-status-only change not counted)
    "placements_3plus_2yrs_pct": (2, 6, 33.333333),  # K2, K8
    "long_term_stability_pct": (1, 2, 50.0),  # K1 yes, K10 moved Jan 2025
    "placed_outside_pct": (2, 3, 66.666667),  # T2, T3 of T1–T3
    "missing_pct": (2, 8, 25.0),  # K1, K3 of the 8 looked after in the year
    "missing_incidents_per_child": (3, 2, 1.5),
    "health_assessment_pct": (3, 4, 75.0),  # last year's O9 ignored
    "dental_check_pct": (2, 4, 50.0),
    "immunisations_pct": (3, 4, 75.0),
    "development_checks_pct": (1, 2, 50.0),  # O1, O4 under 5; O2 is 5 on ref
    "cla_reviews_timely_pct": (1, 5, 20.0),  # K1 only; K9 under 20 WD in care
    "cla_visits_pct": (2, 3, 66.666667),  # T1 exactly 42 days, T3 exactly 3 months
    "leavers_1718_eet_pct": (1, 2, 50.0),
    "leavers_1921_eet_pct": (2, 3, 66.666667),
    "leavers_1718_accom_pct": (1, 2, 50.0),
    "leavers_1921_accom_pct": (2, 3, 66.666667),
    "leavers_in_touch_pct": (3, 5, 60.0),  # P5 is 22
    "adoption_a1_days": (415 + 791, 2, 603.0),
    "adoption_a2_days": (228 + 111, 2, 169.5),
    "adoption_a10_days": (415 + 306, 2, 360.5),  # K6 adopted by foster carers from 1 Feb 2022
    "adoptions_count": (1, 0, 1.0),
    "adopted_pct": (1, 2, 50.0),
    "sw_changes_3plus_pct": (1, 6, 16.666667),  # K1; K2 had SW4 twice
    # Workforce at 30 September 2025.
    "caseload_avg": (44, 2.5, 17.6),
    "vacancy_pct": (2, 4.5, 44.444444),
    "agency_pct": (1, 3.5, 28.571429),
    "turnover_pct": (1, 2.5, 40.0),
    "sickness_pct": (18, 2.5 * 253, 2.84585),
    "agency_cover_pct": (1.5, 2, 75.0),
}


@pytest.fixture(scope="module")
def engine() -> Engine:
    engine = Engine("duckdb")
    engine.load(handbuilt.inputs())
    return engine


def _overall(engine: Engine, measure_id: str) -> MeasureResult:
    measure = next(m for m in measures() if m.id == measure_id)
    results = engine.compute(
        measure,
        year_params(measure, 2026 if measure.year_end_month == 3 else 2025),
        period="x",
        period_type="year",
        populations={handbuilt.LA: P},
    )
    return next(r for r in results if r.breakdown == "")


def test_every_measure_has_a_hand_worked_answer() -> None:
    assert {m.id for m in measures()} == set(EXPECTED)
    assert len(EXPECTED) >= 45


@pytest.mark.parametrize("measure_id", sorted(EXPECTED))
def test_measure_matches_hand_worked_answer(engine: Engine, measure_id: str) -> None:
    numerator, denominator, value = EXPECTED[measure_id]
    result = _overall(engine, measure_id)
    assert result.numerator == pytest.approx(numerator)
    assert result.denominator == pytest.approx(denominator)
    assert result.value == pytest.approx(value, abs=1e-6)


def test_hand_counts_of_working_days_agree_with_the_calendar() -> None:
    # The day counts used in the comments above, checked against thrive.dates.
    assert working_days_between(date(2025, 4, 17), date(2025, 6, 25)) == 45
    assert working_days_between(date(2025, 12, 15), date(2026, 1, 8)) == 15
    assert working_days_between(date(2025, 11, 1), date(2025, 11, 3)) == 1
    assert working_days_between(date(2025, 5, 1), date(2025, 5, 30)) == 19
    assert working_days_between(date(2024, 9, 30), date(2025, 9, 30)) == 253
    assert working_days_between(date(2026, 3, 17), date(2026, 3, 31)) == 10


def test_breakdowns_split_the_whole(engine: Engine) -> None:
    measure = next(m for m in measures() if m.id == "cla_count")
    results = engine.compute(
        measure,
        year_params(measure, 2026),
        period="x",
        period_type="year",
        breakdowns=["gender", "legal_status"],
    )
    by_gender = {r.breakdown_value: r.value for r in results if r.breakdown == "gender"}
    assert by_gender == {"1": 3.0, "2": 3.0}  # K1, K7, K9 / K2, K8, K10
    legal = {r.breakdown_value: r.value for r in results if r.breakdown == "legal_status"}
    assert legal == {"C2": 6.0}


def test_zero_denominator_is_no_data_not_zero_percent(engine: Engine) -> None:
    measure = next(m for m in measures() if m.id == "assessments_45wd_pct")
    params = year_params(measure, 2030)  # nothing authorised in that year
    result = engine.compute(measure, params, period="x", period_type="year")[0]
    assert result.denominator == 0
    assert result.value is None


def test_council_without_the_return_has_no_data() -> None:
    engine = Engine("duckdb")
    engine.load({"990": {"cin": {2026: handbuilt.cin_tables()}}, "991": {}})
    measure = next(m for m in measures() if m.id == "cla_rate")
    results = engine.compute(
        measure,
        year_params(measure, 2026),
        period="x",
        period_type="year",
        populations={"990": P, "991": P},
    )
    assert [(r.la, r.numerator, r.value) for r in results] == [
        ("990", None, None),
        ("991", None, None),
    ]


def test_drill_down_lists_the_children_behind_a_figure(engine: Engine) -> None:
    measure = next(m for m in measures() if m.id == "assessments_45wd_pct")
    units = engine.units(measure, year_params(measure, 2026), la=handbuilt.LA)
    rows = {(r["subject"], r["num"]) for r in units.to_dicts()}
    assert rows == {("990:A", 1.0), ("990:B", 0.0), ("990:C", 1.0), ("990:E", 1.0)}


def test_loading_only_some_tables_leaves_the_rest_without_data() -> None:
    engine = Engine("duckdb")
    engine.load(handbuilt.inputs(), only=("cin_assessments", "cin_children"))
    by_id = {m.id: m for m in measures()}
    loaded = engine.compute(
        by_id["assessments_45wd_pct"],
        year_params(by_id["assessments_45wd_pct"], 2026),
        period="x",
        period_type="year",
    )[0]
    assert loaded.value == 75.0
    skipped = engine.compute(
        by_id["cla_count"], year_params(by_id["cla_count"], 2026), period="x", period_type="year"
    )[0]
    assert skipped.value is None
