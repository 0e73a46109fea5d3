"""SSDA903 rules checked against the DfE rule wording where Thrive once read it differently.

Each case starts from the clean 2024/25 submission in `baseline.py`, changes it as the DfE
wording describes, and asserts exactly which (table, analyst row) pairs the rule reports; a
case expecting no rows is the passing side of the same wording (e.g. a short-break-only girl
needs no MOTHER). Rows: episodes C1 = 2, 3; C2 = 4, 5; C4 = 6; C5 = 7, 8.
"""

from __future__ import annotations

import pytest

from tests.statutory.ssda903.baseline import baseline, baseline_last, mutate
from tests.statutory.ssda903.test_ssda903_rules import (
    EP,
    PP,
    SW,
    UA,
    Case,
    H,
    _run,
    add,
    c,
    s,
)

CASES: list[Case] = [
    # SW13STG1: a reason is required on every social worker episode starting on or after
    # 1 April 2023, open or ended; before that date it may be blank.
    c("SW13STG1", [s(SW, 4, SW_REASON=None)], [(SW, 4)]),
    c("SW13STG1", [s(SW, 3, SW_REASON=None)], [(SW, 3)]),
    c("SW13STG1", [s(SW, 2, SW_DECOM="01/01/2023", SW_REASON=None)], []),
    c("SW13STG1", [s(SW, 2, SW_REASON="manage")], [(SW, 2)]),
    # 393: every looked-after girl needs MOTHER, whatever her age; short breaks only do not count.
    c("393", [s(H, 3, MOTHER=None)], [(H, 3)]),
    c("393", [s(H, 6, SEX="F")], []),
    c("393", [s(H, 6, SEX="F"), s(EP, 8, LS="C2")], [(H, 6)]),
    # 104: DUC must be a real date and not before the start of the collection year.
    c("104", [s(UA, 2, DUC="31/03/2024")], [(UA, 2)]),
    c("104", [s(UA, 2, DUC="01/04/2024")], []),
    # 630: a child starting care this year needs a previous permanence row with PREV_PERM, and
    # for a previous order (P1-P4) both LA_PERM and DATE_PERM.
    c("630", [s(PP, 3, LA_PERM=None)], [(EP, 6)]),
    c("630", [s(PP, 3, DATE_PERM=None)], [(EP, 6)]),
    c("630", [s(PP, 3, PREV_PERM=None)], [(EP, 6)]),
    c("630", [s(PP, 3, PREV_PERM="Z1", LA_PERM=None, DATE_PERM=None)], []),
    c(
        "630",
        [s(PP, 3, PREV_PERM="Z1", LA_PERM=None, DATE_PERM=None), add(PP, CHILD="C4")],
        [(EP, 6)],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.code}-{CASES.index(case)}")
def test_rule_follows_dfe_wording(case: Case) -> None:
    rows = mutate(mutate(baseline(), case.setup), case.changes)
    assert _run(case, rows, mutate(baseline_last(), case.last)) == sorted(case.expected)
