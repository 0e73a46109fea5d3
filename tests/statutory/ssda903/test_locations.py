"""Placement location fields derived from postcodes, and the two rules real postcodes never break.

Baseline rows (see baseline.py): episodes C1 = 2, 3; C2 = 4, 5; C4 (UASC) = 6; C5 (V3) = 7, 8.
"""

from __future__ import annotations

import polars as pl
import pytest

from tests.statutory.ssda903.baseline import baseline, build, mutate
from thrive.statutory.reading import ROW
from thrive.statutory.rules import run_rules
from thrive.statutory.ssda903 import geography, registry
from thrive.statutory.ssda903.rules.y2024 import locations


def _rows(code: str, data_rows: dict | None = None) -> list[int]:
    data = build(data_rows or baseline())
    result = run_rules(registry, data, codes=[code])
    assert result.checked == [code]
    return sorted(issue.row or 0 for issue in result.issues)


def test_derived_fields_follow_the_dfe_derivation() -> None:
    data = build(baseline())
    assert geography.council_la(data) == "318"  # where the home postcodes are
    frame = geography.placements(data).sort(ROW)
    assert frame[geography.PL_LA].to_list() == ["318", "314", "318", "318", "314", None, None]
    assert frame[geography.PL_LOCATION].to_list() == ["IN", "OUT", "IN", "IN", "OUT", None, None]
    assert frame[ROW].to_list() == [2, 3, 4, 5, 6, 7, 8]
    # TW9 1DN to TW1 3QS is 1.5 miles; C4 (UASC) has no home postcode, so no distance.
    assert frame[geography.PL_DISTANCE].to_list()[0] == 1.5
    assert frame[geography.PL_DISTANCE].to_list()[5] is None
    assert frame[geography.UASC_EVER].to_list() == [False] * 4 + [True, False, False]


def test_164_distance_outside_0_to_999_9(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _rows("164") == []
    monkeypatch.setattr(geography.postcodes, "distance_expr", lambda *_: pl.lit(1000.0))
    # Not for the UASC child (row 6) or short breaks (rows 7, 8).
    assert _rows("164") == [2, 3, 4, 5]


def test_411_inside_the_council_but_placed_in_another(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _rows("411") == []
    monkeypatch.setattr(locations, "council_la", lambda _data: "314")
    # Rows placed inside 318 (IN) no longer agree with the council.
    assert _rows("411") == [2, 4, 5]


def test_no_known_home_postcode_means_no_council() -> None:
    rows = mutate(baseline(), [("episodes", r, {"HOME_POST": "ZZ1 1ZZ"}) for r in (2, 3, 4, 5)])
    data = build(rows)
    assert geography.council_la(data) is None
    # PR1 own provision can then never be "in the council": 1015 reports it.
    rows = mutate(rows, [("episodes", 3, {"PLACE": "K2", "PLACE_PROVIDER": "PR1"})])
    assert _rows("1015", rows) == [3]


def test_urn_rules_say_how_to_give_the_provider_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("THRIVE_OFSTED_PROVIDERS")
    result = run_rules(registry, build(baseline()), codes=["1008", "229"])
    assert result.checked == []
    assert sorted(n.rule for n in result.not_checked) == ["1008", "229"]
    assert all("THRIVE_OFSTED_PROVIDERS" in n.reason for n in result.not_checked)
