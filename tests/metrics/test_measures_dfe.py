"""DfE conventions, child by child, on the hand-built council (`handbuilt.py`): which episodes
start a placement, the long-term stability cohort and its adoption adjustment, children ceasing
care counted once, and where the A1 clock stops. Each test names the children behind a figure,
so a convention that drifts fails on the child it affects."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from thrive.metrics.engine import Engine
from thrive.metrics.periods import year_params
from thrive.metrics.registry import get

from . import handbuilt

D = date


@pytest.fixture(scope="module")
def engine() -> Engine:
    engine = Engine("duckdb")
    engine.load(handbuilt.inputs())
    return engine


def _units(engine: Engine, measure_id: str) -> dict[str, dict[str, Any]]:
    measure = get(measure_id)
    frame = engine.units(measure, year_params(measure, 2026), la=handbuilt.LA)
    return {row["subject"].split(":", 1)[1]: row for row in frame.to_dicts()}


def test_three_or_more_placements_count_only_changes_of_carer(engine: Engine) -> None:
    rows = _units(engine, "placements_3plus_pct")
    counted = {child for child, row in rows.items() if row["num"] == 1.0}
    # K2: S (U4), P (U5), P (U6) in the year; its RNE L episode changes only the legal status.
    assert counted == {"K2"}
    # K11: RNE T and U keep the carer, T1 is a temporary stay in hospital and the RNE P back
    # to the same U4 placement is the same placement: one placement, not four.
    # K12: U6, then U4 (RNE P); A5 with those foster carers (RNE B) is no move: two, not three.
    assert {"K11", "K12", "K13", "K14"} <= set(rows) - counted


def test_long_term_stability_cohort_and_adoption_adjustment(engine: Engine) -> None:
    rows = _units(engine, "long_term_stability_pct")
    assert {child: row["num"] for child, row in rows.items()} == {
        "K1": 1.0,  # U3 since 1 Feb 2023
        "K10": 0.0,  # moved on 1 Jan 2025
        "K13": 1.0,  # placed for adoption 1 Oct 2025; with the U6 before it, since 1 Sep 2023
        "K14": 1.0,  # care began before the data: counted from its first DECOM, 1 Mar 2022
    }
    # The drill-down shows the date stability counts from.
    assert rows["K13"]["date_b"] == D(2023, 9, 1)
    assert rows["K14"]["date_b"] == D(2022, 3, 1)


def test_children_ceasing_care_count_once_on_the_last_occasion(engine: Engine) -> None:
    rows = _units(engine, "cla_ceased_rate")
    assert set(rows) == {"K3", "K5", "K15"}  # K16's short break ending is left out
    # K15 left care on 10 June and again on 1 December: once, with the second period of care.
    assert (rows["K15"]["date_a"], rows["K15"]["date_b"]) == (D(2025, 8, 1), D(2025, 12, 1))


def test_adopted_share_uses_the_reason_of_the_last_occasion(engine: Engine) -> None:
    rows = _units(engine, "adopted_pct")
    assert {child: row["num"] for child, row in rows.items()} == {
        "K3": 0.0,
        "K5": 1.0,
        "K15": 0.0,
    }


def test_a1_stops_at_the_placement_with_the_family_who_adopted(engine: Engine) -> None:
    rows = _units(engine, "adoption_a1_days")
    # K18's first adoption placement (1 Oct 2022) broke down; the family who adopted took
    # the child on 1 Aug 2023: 487 days after care began on 1 Apr 2022, not 183.
    assert (rows["K18"]["date_a"], rows["K18"]["date_b"], rows["K18"]["num"]) == (
        D(2022, 4, 1),
        D(2023, 8, 1),
        487.0,
    )
    # K5 was placed for adoption with its foster carers (A5): the clock stops on that day.
    assert (rows["K5"]["date_b"], rows["K5"]["num"]) == (D(2023, 3, 1), 415.0)


def test_care_leavers_eet_codes_and_the_still_looked_after_left_out(engine: Engine) -> None:
    young = _units(engine, "leavers_1718_eet_pct")
    assert {child: row["num"] for child, row in young.items()} == {
        "P1": 1.0,  # F2 other education
        "P2": 0.0,  # G4 NEET
        "P9": 1.0,  # P5 part-time training or employment
    }  # P7 is still looked after on the birthday (IN_TOUCH, ACTIV, ACCOM blank): left out
    older = _units(engine, "leavers_1921_eet_pct")
    assert {child: row["num"] for child, row in older.items()} == {
        "P3": 0.0,  # P3 is not a valid EET code
        "P4": 0.0,  # 0: no information, in the denominator
        "P6": 1.0,  # F1 higher education
        "P8": 1.0,  # F4 apprenticeship
    }


def test_every_convention_is_written_in_the_measure_notes() -> None:
    for measure_id in (
        "placements_3plus_pct",
        "placements_3plus_2yrs_pct",
        "long_term_stability_pct",
        "cla_ceased_rate",
        "adoption_a1_days",
        "leavers_1718_eet_pct",
    ):
        assert get(measure_id).notes, measure_id
    notes = " ".join(get("placements_3plus_pct").notes)
    for phrase in ("RNE T and U", "T0–T4", "A3, A5", "P or B"):
        assert phrase in notes
    assert "F4/P4" in " ".join(get("leavers_1718_eet_pct").notes)


def test_a_cut_off_history_is_not_timed_from_its_first_episode_in_the_data() -> None:
    # K19's care began before the returns loaded (first episode RNE P): adopted in the window,
    # but its A1 clock start is unknown, so A1 leaves it out instead of flattering the mean.
    inputs = handbuilt.inputs()
    tables = inputs[handbuilt.LA]["ssda903"][2026]
    extra = handbuilt._frame(
        handbuilt.EPISODE_COLUMNS,
        [
            ("K19", D(2023, 6, 1), "P", "E1", "U6", D(2024, 1, 10), "X1"),
            ("K19", D(2024, 1, 10), "P", "E1", "A6", D(2025, 2, 1), "E11"),
        ],
    )
    tables["episodes"] = handbuilt.pl.concat([tables["episodes"], extra], how="diagonal")
    engine = Engine("duckdb")
    engine.load(inputs)
    measure = get("adoption_a1_days")
    frame = engine.units(measure, year_params(measure, 2026), la=handbuilt.LA)
    assert sorted(row["subject"] for row in frame.to_dicts()) == ["990:K18", "990:K5", "990:K6"]
