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
    MI,
    O2,
    O3,
    PA,
    PP,
    RV,
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
    # The 12-month cohort (DfE <LOOKED_AFTER_CONTINUOUSLY>): broken by an episode ending care
    # (REC not X1) from 1 April to 30 March, starting care (RNE S) after 1 April, or any short
    # break in the year. C1 (in care since 2020, OC2 row 2) is in it; 190 fires once she is not.
    c("190", [s(EP, 2, REC="E4A")], [(O2, 2)]),
    c("190", [s(EP, 3, RNE="S")], [(O2, 2)]),
    c("190", [s(EP, 3, LS="V3")], [(O2, 2)]),
    c("190", [s(EP, 3, DEC="31/03/2025", REC="E4A")], []),
    c("190", [s(EP, 3, DEC="30/03/2025", REC="E4A")], [(O2, 2)]),
    # 191: a cohort child with no OC2 row is reported on the first episode.
    c("191", [s(O2, 2, CHILD="C9")], [(EP, 2)]),
    # 546: health promotion only matters for the cohort; outside it 190 reports the row.
    c("546", [s(O2, 2, HEALTH_CHECK="1"), s(EP, 2, REC="E4A")], []),
    # 157: SDQ1 for a cohort child aged 4+ on 1 April and 16 or under on 31 March, no score.
    c("157", [s(O2, 2, SDQ_SCORE=None, SDQ_REASON="SDQ1", DOB="01/01/2009")], [(O2, 2)]),
    c("157", [s(O2, 2, SDQ_SCORE=None, SDQ_REASON="SDQ1", DOB="01/01/2008")], []),
    c("157", [s(O2, 2, SDQ_SCORE=None, SDQ_REASON="SDQ1"), s(EP, 2, REC="E4A")], []),
    # 388: X1 needs a next episode starting on DEC; a next episode starting on DEC needs X1.
    c("388", [s(EP, 2, REC="E4A")], [(EP, 2)]),
    c("388", [s(EP, 3, DEC="01/03/2025", REC="X1")], [(EP, 3)]),
    c("388", [s(EP, 2, DEC=None, REC="X1")], []),
    # 431: an S episode must start after the previous episode ended (not on or before it).
    c("431", [s(EP, 3, RNE="S", DECOM="10/06/2024")], [(EP, 3)]),
    c("431", [s(EP, 2, REC="E4A", DEC="14/06/2024"), s(EP, 3, RNE="S")], []),
    # 433: a continuation RNE needs the previous episode to end that day; open counts as not.
    c("433", [s(EP, 2, DEC=None, REC=None)], [(EP, 3)]),
    c("433", [s(EP, 5, RNE="S")], []),
    # 178: a provider must be a valid code and is not given for placements without one
    # (T0-T4 and Z1 up to 2024/25; T0-T3 and Z11-Z14 in the 2025/26 wording).
    c("178", [s(EP, 3, PLACE="T0")], [(EP, 3)]),
    c("178", [s(EP, 3, PLACE="Z11")], [(EP, 3)], year=2026),
    c("178", [s(EP, 3, PLACE="T4")], [], year=2026),
    c("178", [s(EP, 3, PLACE="T0", PLACE_PROVIDER=None)], []),
    # 222: no Ofsted URN for R1 (care home) or R2 (NHS/health trust), any year.
    c("222", [s(EP, 2, PLACE="R1")], [(EP, 2)]),
    c("222", [s(EP, 2, PLACE="R2")], [(EP, 2)], year=2026),
    c("222", [s(EP, 2, PLACE="R1", URN="XXXXXXX")], []),
    # 226: no reason for placement change on a temporary placement or the episode before it.
    c("226", [s(EP, 3, PLACE="T0")], [(EP, 3)]),
    c("226", [s(EP, 3, PLACE="T0"), s(EP, 2, REASON_PLACE_CHANGE=None)], []),
    # 380: a temporary placement starts with a change of placement and carer (RNE P or B).
    c("380", [s(EP, 3, PLACE="T0")], []),
    c("380", [s(EP, 3, PLACE="T0", RNE="T")], [(EP, 3)]),
    c("380", [s(EP, 5, PLACE="T0", RNE="U")], [(EP, 5)]),
    # 361: consecutive L1 episodes count as one spell of police protection (over 72 hours).
    c(
        "361",
        [
            s(EP, 7, LS="L1", DEC="03/06/2024", REC="X1"),
            add(
                EP,
                CHILD="C5",
                DECOM="03/06/2024",
                RNE="L",
                LS="L1",
                CIN="N2",
                PLACE="K2",
                PLACE_PROVIDER="PR1",
                DEC="05/06/2024",
                REC="E4A",
            ),
        ],
        [(EP, 7), (EP, 9)],
    ),
    c("361", [s(EP, 7, LS="L1", DEC="03/06/2024")], []),
    # 362/363: an open order counts to 31 March.
    c("362", [s(EP, 6, LS="L2")], [(EP, 6)]),
    c("363", [s(EP, 6, LS="L3")], [(EP, 6)]),
    # 365: an open short break (V3) counts to 31 March.
    c("365", [s(EP, 6, LS="V3")], [(EP, 6)]),
    c("365", [s(EP, 7, DEC="18/06/2024")], []),
    # 207: once recorded as a mother, MOTHER stays 1 for a child looked after this year (blank
    # disagrees too); a care leaver with no episodes (C3) is not checked.
    c("207", [s(H, 3, MOTHER=None)], [(H, 3)], last=[add(H, CHILD="C2", MOTHER="1")]),
    c("207", [s(H, 4, MOTHER="0")], []),
    # 202/204: a value given in one year only is a change; 2023/24's 1/2 sex codes equal M/F.
    c("202", [s(H, 2, SEX=None)], [(H, 2)]),
    c("202", [], [], last=[s(H, 2, SEX="M"), s(H, 3, SEX="F")], year=2026),
    c("202", [], [(H, 2)], last=[s(H, 3, SEX="F")], year=2026),
    c("204", [s(H, 2, ETHNIC="wbri")], []),
    c("204", [s(H, 2, ETHNIC=None)], [(H, 2)]),
    # 208: UPN may progress blank/UN1 -> UN2-UN5 -> real UPN, never back or sideways.
    c("208", [s(H, 2, UPN="UN2")], [(H, 2)]),
    c("208", [], [], last=[s(H, 2, UPN="UN1")]),
    c("208", [s(H, 2, UPN="UN3")], [], last=[s(H, 2, UPN="UN1")]),
    c("208", [s(H, 2, UPN="UN3")], [(H, 2)], last=[s(H, 2, UPN="UN2")]),
    # 624: once given, the mother's child's date of birth stays (blank this year differs).
    c("624", [s(H, 4, MC_DOB=None)], [(H, 4)]),
    c("624", [], [], last=[s(H, 3, MC_DOB=None)]),
    # 551: any adoption placement (A3-A6) in the return needs a decision date, whenever it began.
    c("551", [s(PA, 2, CHILD="C9"), s(EP, 5, DECOM="01/03/2024")], [(EP, 5)]),
    c("551", [add(PA, CHILD="C2")], [(EP, 5)]),
    # 553: an E1 order needs a decision to place for adoption; while the order is open, the
    # decision cannot be recorded as ceased.
    c("553", [s(EP, 5, LS="E1", DECOM="01/03/2024"), s(PA, 2, CHILD="C9")], [(EP, 5)]),
    c(
        "553",
        [s(EP, 5, LS="E1", DEC=None, REC=None), s(PA, 2, DATE_PLACED_CEASED="01/09/2024")],
        [(PA, 2)],
    ),
    c("553", [s(EP, 5, LS="E1", DEC=None, REC=None)], []),
    # 557: leaving care from an adoption placement or E1 without adoption needs the decision
    # ceased (date and reason); a missing placed-for-adoption row is reported on the episode.
    c("557", [s(EP, 5, REC="E4A"), s(PA, 2, CHILD="C9")], [(EP, 5)]),
    c(
        "557",
        [
            s(EP, 5, REC="E4A", DEC="01/11/2024"),
            s(PA, 2, DATE_PLACED_CEASED="01/11/2024", REASON_PLACED_CEASED="RD1"),
        ],
        [],
    ),
    c("557", [s(EP, 5, REC="E4A", PLACE="U1", LS="C2")], []),
    # 1012: no reviews, missing, OC2, adoption or permanence rows for a child with no episodes,
    # whether or not the child has care leaver (OC3) data.
    c("1012", [add(RV, CHILD="C9", REVIEW="01/07/2024", REVIEW_CODE="PN1")], [(RV, 5)]),
    c("1012", [s(PP, 4, CHILD="C9")], [(PP, 4)]),
    # 377: every T3 episode in the return counts, even one that began before 1 April.
    c(
        "377",
        [
            s(EP, 7, PLACE="T3"),
            s(EP, 8, PLACE="T3", DECOM="01/03/2024", DEC="05/03/2024"),
            add(EP, CHILD="C5", DECOM="01/12/2024", RNE="S", LS="V3", CIN="N2", PLACE="T3"),
        ],
        [(EP, 7), (EP, 8), (EP, 9)],
    ),
    c("377", [s(EP, 7, PLACE="T3"), s(EP, 8, PLACE="T3")], []),
    # 504: the category of need stays the same from an episode ending X1 to the next one.
    c("504", [s(EP, 5, CIN="N2")], [(EP, 5)]),
    c("504", [s(EP, 8, CIN="N1")], []),
    # INT11-INT18, INT21: only two real values can differ; a child with two header rows is
    # compared with both.
    c("INT14", [s(O2, 2, DOB=None)], []),
    c("INT14", [s(O2, 2, DOB="2012-06-01")], []),
    c("INT17", [add(H, CHILD="C1", SEX="M", DOB="02/06/2012")], [(RV, 2)]),
    c("INT21", [s(UA, 2, SEX=None)], []),
    # 167: a review needs a valid participation code; no review, no code.
    c("167", [s(RV, 2, REVIEW=None, REVIEW_CODE=None)], []),
    c("167", [s(RV, 2, REVIEW=None)], [(RV, 2)]),
    c("167", [s(RV, 2, REVIEW_CODE=None)], [(RV, 2)]),
    # 631: only a given option must be valid (a missing one is rule 630's).
    c("631", [s(PP, 2, PREV_PERM=None)], []),
    # 577/578/581: a missing period must lie within a spell in care; a gap between two spells
    # of care is "not looked after" as much as the time before the first one.
    c(
        "578",
        [
            s(EP, 6, DEC="01/11/2024", REC="E4A"),
            add(EP, CHILD="C4", DECOM="01/12/2024", RNE="S", LS="V2", CIN="N4", PLACE="K2"),
        ],
        [(MI, 3)],
    ),
    c(
        "581",
        [
            s(EP, 6, DEC="01/11/2024", REC="E4A"),
            add(EP, CHILD="C4", DECOM="01/12/2024", RNE="S", LS="V2", CIN="N4", PLACE="K2"),
        ],
        [(MI, 3)],
    ),
    c("581", [s(MI, 2, MIS_START=None)], []),
    c("577", [s(EP, 6, DEC="01/12/2024", REC="E8")], [(MI, 3)]),
    c("577", [s(MI, 2, MIS_START="01/08/2024", MIS_END="02/08/2024")], [(MI, 2)]),
    c("577", [s(MI, 2, MIS_END="02/09/2025")], []),
    # Code lists: the episode codes 143-146 check a value that is given (a blank is left to the
    # rules on chaining); the OC3 codes 131-133 reject a blank too.
    c("143", [s(EP, 3, RNE=None)], []),
    c("144", [s(EP, 3, LS=None)], []),
    c("145", [s(EP, 3, CIN=None)], []),
    c("146", [s(EP, 3, PLACE=None)], []),
    c("146", [s(EP, 3, PLACE=None)], [], year=2026),
    c("131", [s(O3, 2, IN_TOUCH=None)], [(O3, 2)]),
    c("132", [s(O3, 2, ACTIV=None)], [(O3, 2)]),
    c("133", [s(O3, 2, ACCOM=None)], [(O3, 2)]),
    # OC2/OC3 age rules read the DOB on the row they check (a header mismatch is INT14/INT15).
    c("188", [s(O2, 2, DOB="01/06/2021")], [(O2, 2)]),
    c("188", [s(H, 2, DOB="01/06/2021")], []),
    c("391", [s(O3, 2, DOB="15/05/2010")], [(O3, 2)]),
    c("391", [s(O3, 2, DOB="15/03/2002")], [(O3, 2)]),
    c("391", [s(O3, 2, DOB="15/05/2002")], []),
    # 544: health items are required when the child was convicted (CONVICTED 1), not for 0.
    c("544", [s(O2, 2, CONVICTED="1", TEETH_CHECK=None)], [(O2, 2)]),
    c("544", [s(O2, 2, CONVICTED="0", TEETH_CHECK=None)], []),
    # 561: a decision recorded last year as ceased is not returned again, even with its ceased
    # date and reason copied.
    c(
        "561",
        [
            add(
                PA,
                CHILD="C1",
                DATE_PLACED="01/01/2021",
                DATE_PLACED_CEASED="01/06/2022",
                REASON_PLACED_CEASED="RD1",
            ),
        ],
        [(PA, 3)],
    ),
    c("561", [add(PA, CHILD="C1", DATE_PLACED="01/01/2023")], []),
    # 503A-F: this year's first episode is compared with last year's latest episode when that
    # was open, even if the start dates differ (502 reports those).
    c("503A", [s(EP, 2, DECOM="02/01/2020", RNE="L")], [(EP, 2)]),
    c("503D", [s(EP, 2, PLACE="Z11")], [], last=[s(EP, 2, PLACE="Z1")], year=2026),
    c("503D", [s(EP, 2, PLACE="Z11")], [(EP, 2)], last=[s(EP, 2, PLACE="U6")], year=2026),
    # 502: every episode left open last year must be this year's first episode.
    c(
        "502",
        [],
        [(EP, 2)],
        last=[add(EP, CHILD="C1", DECOM="01/06/2019", RNE="S", LS="C2", CIN="N1", PLACE="U4")],
    ),
    # 562: an episode begun before 1 April must be last year's latest one; a child missing
    # from last year's return altogether is reported too.
    c("562", [s(EP, 4, DECOM="01/03/2024")], [(EP, 4)]),
    c(
        "562",
        [],
        [(EP, 2)],
        last=[
            s(EP, 2, DEC="01/03/2024", REC="E4A"),
            add(EP, CHILD="C1", DECOM="01/03/2024", RNE="S", LS="C2", CIN="N1", PLACE="U4"),
        ],
    ),
    # 440/441/304 read the row's own DOB; 440 counts the 4th birthday itself as "4 or over".
    c("440", [s(RV, 3, REVIEW_CODE="PN0", DOB="01/06/2020")], [(RV, 3)]),
    c("440", [s(RV, 3, REVIEW_CODE="PN0"), s(H, 3, DOB="01/01/2022")], [(RV, 3)]),
    c("441", [s(H, 3, DOB="01/03/2021")], []),
    c("304", [s(UA, 2, DOB="10/10/2006", DUC="11/10/2024")], [(UA, 2)]),
    # 635: a date or council of an order given with Z1 or with no option at all.
    c("635", [s(PP, 2, PREV_PERM=None, LA_PERM="316")], [(PP, 2)]),
    c("635", [s(PP, 2, LA_PERM="316")], [(PP, 2)]),
    # SW02STG1: a blank social worker ID is not in the SW/XX format either.
    c("SW02STG1", [s(SW, 2, SW_ID=None)], [(SW, 2)]),
    # 432: after an episode that ended care, the next one starts care (RNE S); blank is not S.
    c("432", [s(EP, 4, REC="E4A"), s(EP, 5, RNE=None)], [(EP, 5)]),
    # 344: died or returned home: activity and accommodation both 0 (a blank is not 0).
    c("344", [s(O3, 2, IN_TOUCH="RHOM", ACTIV="0", ACCOM=None)], [(O3, 2)]),
    c("344", [s(O3, 2, IN_TOUCH="RHOM", ACTIV="0", ACCOM="0")], []),
    # 383: after a temporary placement the child returns (RNE P) to the same placement type
    # and postcode as before it; the episode after the temporary one is reported.
    c(
        "383",
        [
            s(EP, 3, PLACE="T3", DEC="20/06/2024", REC="X1"),
            add(
                EP,
                CHILD="C1",
                DECOM="20/06/2024",
                RNE="P",
                LS="C2",
                CIN="N1",
                PLACE="U4",
                PLACE_PROVIDER="PR1",
                PL_POST="ZZ9 9ZZ",
            ),
        ],
        [(EP, 9)],
    ),
    c(
        "383",
        [
            s(EP, 2, PL_POST="AB3 4"),
            s(EP, 3, PLACE="T3", DEC="20/06/2024", REC="X1"),
            add(
                EP,
                CHILD="C1",
                DECOM="20/06/2024",
                RNE="P",
                LS="C2",
                CIN="N1",
                PLACE="U4",
                PLACE_PROVIDER="PR1",
                PL_POST="AB3 4",
            ),
        ],
        [],
    ),
    # 199: an adoption in last year's return means no further episodes this year.
    c(
        "199",
        [],
        [(EP, 2), (EP, 3)],
        last=[s(EP, 2, DEC="01/03/2020", REC="E11")],
    ),
    # 1004: a missing period's start date is required, so a blank one is not a valid date.
    c("1004", [s(MI, 2, MIS_START=None)], [(MI, 2)]),
    c("1004", [s(MI, 2, MIS_START="31/02/2024")], [(MI, 2)]),
    # 574: in the order they ended, each missing period starts on or after the day the one
    # before ended; starting the day the previous one ended is not an overlap.
    c("574", [s(MI, 3, MIS_START="03/10/2024")], []),
    c("574", [s(MI, 2, MIS_END=None)], [(MI, 3)]),
    c("574", [s(MI, 3, MIS_START="02/10/2024")], [(MI, 2)]),
    # 1010: "looked after at the end of last year" means last year's latest episode was open;
    # an earlier episode left open by mistake does not count.
    c(
        "1010",
        [],
        [],
        last=[
            add(EP, CHILD="C3", DECOM="01/01/2024", RNE="S", LS="C2", CIN="N1", PLACE="U4"),
            add(
                EP,
                CHILD="C3",
                DECOM="01/02/2024",
                RNE="S",
                LS="C2",
                CIN="N1",
                PLACE="U4",
                DEC="01/03/2024",
                REC="E8",
            ),
        ],
    ),
    # 142: an episode followed by another needs both DEC and REC.
    c("142", [s(EP, 2, REC=None)], [(EP, 2)]),
    c("142", [s(EP, 3, DEC=None, REC=None)], []),
    # 560: while last year's decision is in force, a decision with another date this year is
    # reported even if last year's is carried over too.
    c(
        "560",
        [add(PA, CHILD="C2", DOB="01/03/2020", DATE_PLACED="01/08/2024")],
        [(PA, 3)],
        last=[add(PA, CHILD="C2", DOB="01/03/2020", DATE_PLACED="01/07/2024")],
    ),
    c("560", [], [], last=[add(PA, CHILD="C2", DOB="01/03/2020", DATE_PLACED="01/07/2024")]),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.code}-{CASES.index(case)}")
def test_rule_follows_dfe_wording(case: Case) -> None:
    rows = mutate(mutate(baseline(), case.setup), case.changes)
    assert _run(case, rows, mutate(baseline_last(), case.last)) == sorted(case.expected)
