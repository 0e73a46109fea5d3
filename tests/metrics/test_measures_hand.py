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
    # Children looked after at ref: K1, K2, K7, K8, K9, K10, K11, K12, K13, K14.
    "cla_rate": (10, P, 10.0),
    "cla_count": (10, 0, 10.0),
    "cla_starts_rate": (5, P, 5.0),  # K2, K7, K9, K11, K15 once (K4, K16 short breaks)
    "cla_ceased_rate": (3, P, 3.0),  # K3 (on ref), K5 (adopted), K15 once; not K16 (V3)
    "uasc_pct": (1, 10, 10.0),  # K7; K8's status ended on ref
    "uasc_count": (1, 0, 1.0),
    # K2 only: S, P, P (its L is legal status only). K11 has 1 (T, U same carer; T1
    # temporary and the return from it), K12 2 (A5 with its foster carers is no move), K13 2.
    "placements_3plus_pct": (1, 10, 10.0),
    "placements_3plus_2yrs_pct": (2, 10, 20.0),  # K2, K8 (U1 held on 1 Apr 2024, U2, U3)
    # Under 16, in care since 30 Sep 2023 or before: K1, K10, K13, K14 (cut-off history from
    # its first DECOM). Stable: K1 (U3 since Feb 2023), K13 (A6 since Oct 2025 + U6 since
    # 1 Sep 2023: adoption adjustment), K14 (since Mar 2022). K10 moved Jan 2025.
    "long_term_stability_pct": (3, 4, 75.0),
    "placed_outside_pct": (2, 3, 66.666667),  # T2, T3 of T1–T3
    # K1, K3 of the 13 looked after in the year (K1–K3, K5, K7–K15; not K4, K16 on short
    # breaks, nor K6, K18 who left before it)
    "missing_pct": (2, 13, 15.384615),
    "missing_incidents_per_child": (3, 2, 1.5),
    "health_assessment_pct": (3, 4, 75.0),  # last year's O9 ignored
    "dental_check_pct": (2, 4, 50.0),
    "immunisations_pct": (3, 4, 75.0),
    "development_checks_pct": (1, 2, 50.0),  # O1, O4 under 5; O2 is 5 on ref
    # K1 only; K9 under 20 WD in care; K11–K13 never reviewed; K14's care began before the
    # data, so its first reviews cannot be judged: left out
    "cla_reviews_timely_pct": (1, 8, 12.5),
    "cla_visits_pct": (2, 3, 66.666667),  # T1 exactly 42 days, T3 exactly 3 months
    # 17–18: P1, P2, P9 (P7 still looked after, left out). EET: P1 (F2), P9 (P5).
    "leavers_1718_eet_pct": (2, 3, 66.666667),
    # 19–21: P3, P4, P6, P8. EET: P6 (F1), P8 (F4); P3's P3 is not a valid EET code.
    "leavers_1921_eet_pct": (2, 4, 50.0),
    "leavers_1718_accom_pct": (1, 3, 33.333333),  # P1 (B1); P2, P9 end in 2
    "leavers_1921_accom_pct": (3, 4, 75.0),  # P3 C1, P6 D1, P8 C1
    "leavers_in_touch_pct": (5, 7, 71.428571),  # P1, P3, P6, P8, P9 of 7; P5 is 22, P7 out
    # K5 2022-01-10 → A5 2023-03-01 (415), K6 2021-04-01 → A6 2023-06-01 (791), K18
    # 2022-04-01 → the second adoptive family on 2023-08-01 (487; not the first, 183).
    "adoption_a1_days": (415 + 791 + 487, 3, 564.333333),
    "adoption_a2_days": (228 + 111 + 273, 3, 204.0),  # K18: E1 2022-10-01 → match 2023-07-01
    # K6 adopted by foster carers from 1 Feb 2022 (306)
    "adoption_a10_days": (415 + 306 + 487, 3, 402.666667),
    "adoptions_count": (1, 0, 1.0),
    "adopted_pct": (1, 3, 33.333333),  # K5 of K3, K5, K15
    "sw_changes_3plus_pct": (1, 10, 10.0),  # K1; K2 had SW4 twice
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
    assert by_gender == {"1": 5.0, "2": 5.0}  # K1, K7, K9, K11, K13 / K2, K8, K10, K12, K14
    legal = {r.breakdown_value: r.value for r in results if r.breakdown == "legal_status"}
    assert legal == {"C2": 8.0, "E1": 2.0}  # K12, K13 placed for adoption


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
