"""Rule 706 with last year's DoLO table (from 2027/28 on; 2025/26 returns have none)."""

from __future__ import annotations

from tests.statutory.ssda903.baseline import baseline, build, mutate
from thrive.statutory.rules import run_rules
from thrive.statutory.ssda903 import registry


def _issues(
    this_year: list[dict[str, str | None]], last_year: list[dict[str, str | None]]
) -> list[tuple[str | None, int | None]]:
    data = build(mutate(baseline(), [("dolo", None, row) for row in this_year]), 2027)
    data.previous = build(mutate(baseline(), [("dolo", None, row) for row in last_year]), 2027)
    result = run_rules(registry, data, codes=["706"])
    assert result.checked == ["706"]
    return sorted((i.table, i.row) for i in result.issues)


ORDER = {"CHILD": "C1", "DOB": "01/06/2012", "DOLO_START": "01/05/2025", "DOLO_END": None}


def test_an_open_order_must_carry_into_this_year() -> None:
    assert _issues([], [ORDER]) == [("header", 2)]  # C1's Header row
    assert _issues([{**ORDER, "DOLO_END": "01/06/2026"}], [ORDER]) == []
    assert _issues([], [{**ORDER, "DOLO_END": "01/06/2025"}]) == []
