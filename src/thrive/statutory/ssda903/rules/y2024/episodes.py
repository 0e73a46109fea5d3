"""Episode rules: code lists, dates, how episodes chain, temporary placements and short breaks.

Durations, ages and placement/provider combinations are in `episode_ages.py`.

Codes and meanings follow the DfE SSDA903 validation rules (2023/24 onwards); code lists that
change by year are taken from `spec` for the submission's collection year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

import polars as pl

from thrive.statutory.issues import Severity
from thrive.statutory.rules import ReturnData, RuleFunction
from thrive.statutory.ssda903 import spec
from thrive.statutory.ssda903.derived import (
    CHILD,
    DEC,
    DECOM,
    bad_date,
    blank_or_bad_date,
    changed,
    episodes,
    is_in,
    not_in,
    placement_changed,
)
from thrive.statutory.ssda903.registry import registry

E = Severity.ERROR
W = Severity.WARNING
EP = spec.EPISODES


def _rule(
    code: str, fields: Iterable[str], message: str, severity: Severity = E
) -> Callable[[RuleFunction], RuleFunction]:
    return registry.rule(
        code, severity=severity, tables=(EP,), fields=tuple(fields), message=message
    )


# --- code lists and dates -----------------------------------------------------------------
# As DfE (and the national reference validator) apply them, the episode code-list rules 143-146
# and 149 check a value that is given; the OC3 ones (131-133) also reject a blank.


@_rule("141", ["DECOM"], "Date episode began is blank or not a valid date: use dd/mm/yyyy.")
def rule_141(data: ReturnData) -> pl.DataFrame:
    return data[EP].filter(blank_or_bad_date("DECOM"))


@_rule(
    "143",
    ["RNE"],
    "Reason for new episode is not a valid code: use S, L, P, T, B or U (capital letters).",
)
def rule_143(data: ReturnData) -> pl.DataFrame:
    return data[EP].filter(not_in("RNE", spec.RNE))


@_rule(
    "144",
    ["LS"],
    "Legal status is not a valid code: use C1, C2, D1, E1, V2, V3, V4, L1, L2, L3, J1, J2 or J3.",
)
def rule_144(data: ReturnData) -> pl.DataFrame:
    return data[EP].filter(not_in("LS", spec.LS))


@_rule("145", ["CIN"], "Category of need is not a valid code: use N1 to N8.")
def rule_145(data: ReturnData) -> pl.DataFrame:
    return data[EP].filter(not_in("CIN", spec.CIN))


@_rule(
    "146",
    ["PLACE"],
    "Placement type is not a valid code for 2023/24-2024/25 (A3-A6, H5, K1, K2, P1-P3, R1-R3, "
    "R5, S1, T0-T4, U1-U6, Z1).",
)
def rule_146(data: ReturnData) -> pl.DataFrame:
    return data[EP].filter(not_in("PLACE", spec.place_codes(data.year)))


@_rule("147", ["DEC"], "Date episode ceased is not a valid date: use dd/mm/yyyy or leave it blank.")
def rule_147(data: ReturnData) -> pl.DataFrame:
    return data[EP].filter(bad_date("DEC"))


@_rule(
    "148",
    ["DEC", "REC"],
    "Date episode ceased and reason episode ceased must both be given, or both left blank.",
)
def rule_148(data: ReturnData) -> pl.DataFrame:
    return data[EP].filter(pl.col("DEC").is_null() != pl.col("REC").is_null())


@_rule("149", ["REC"], "Reason episode ceased is not a valid code: check the DfE REC code list.")
def rule_149(data: ReturnData) -> pl.DataFrame:
    return data[EP].filter(not_in("REC", spec.REC))


@_rule(
    "178",
    ["PLACE_PROVIDER", "PLACE"],
    "Placement provider is not a valid code, or is given for a placement type that has no "
    "provider: use PR0 to PR5, and leave it blank for temporary and 'other' placements.",
)
def rule_178(data: ReturnData) -> pl.DataFrame:
    given = pl.col("PLACE_PROVIDER").is_not_null()
    no_provider = is_in("PLACE", spec.no_provider_place(data.year))
    return data[EP].filter(not_in("PLACE_PROVIDER", spec.PLACE_PROVIDER) | (given & no_provider))


@_rule(
    "1009",
    ["REASON_PLACE_CHANGE"],
    "Reason for placement change is not a valid code: use CARPL, CLOSE, ALLEG, STAND, APPRR, "
    "CREQB, CREQO, CHILD, LAREQ, PLACE, CUSTOD or OTHER.",
)
def rule_1009(data: ReturnData) -> pl.DataFrame:
    return data[EP].filter(not_in("REASON_PLACE_CHANGE", spec.REASON_PLACE_CHANGE))


@_rule(
    "353",
    ["DECOM"],
    "No episode can start before 14 October 1991 (the Children Act 1989): check the date.",
)
def rule_353(data: ReturnData) -> pl.DataFrame:
    return data[EP].filter(pl.col(DECOM) < dt.date(1991, 10, 14))


@_rule(
    "354",
    ["DECOM"],
    "Date episode began is after the end of the collection year: check the date.",
)
def rule_354(data: ReturnData) -> pl.DataFrame:
    return data[EP].filter(pl.col(DECOM) > data.period_end)


@_rule(
    "385",
    ["DEC"],
    "Date episode ceased is after the end of the collection year: leave it blank if the "
    "episode was still open on 31 March.",
)
def rule_385(data: ReturnData) -> pl.DataFrame:
    return data[EP].filter(pl.col(DEC) > data.period_end)


@_rule(
    "355",
    ["DECOM", "DEC"],
    "The episode starts and ends on the same day (under 24 hours): check the dates.",
)
def rule_355(data: ReturnData) -> pl.DataFrame:
    return data[EP].filter(pl.col(DECOM) == pl.col(DEC))


@_rule(
    "356",
    ["DECOM", "DEC"],
    "Date episode ceased is before the date it began: check both dates.",
)
def rule_356(data: ReturnData) -> pl.DataFrame:
    return data[EP].filter(pl.col(DEC) < pl.col(DECOM))


@_rule(
    "445",
    ["LS", "DECOM"],
    "Legal status D1 (freeing order) is not valid for episodes starting after 30 December "
    "2005: use E1 (placement order).",
)
def rule_445(data: ReturnData) -> pl.DataFrame:
    return data[EP].filter((pl.col("LS") == "D1") & (pl.col(DECOM) > dt.date(2005, 12, 30)))


@_rule(
    "446",
    ["LS", "DECOM"],
    "Legal status E1 (placement order) is not valid for episodes starting before 30 December "
    "2005: use D1.",
)
def rule_446(data: ReturnData) -> pl.DataFrame:
    return data[EP].filter((pl.col("LS") == "E1") & (pl.col(DECOM) < dt.date(2005, 12, 30)))


@_rule(
    "451",
    ["LS", "DEC"],
    "The child is still freed for adoption (legal status D1, episode open), but freeing orders "
    "ended in December 2005: correct the legal status.",
)
def rule_451(data: ReturnData) -> pl.DataFrame:
    return data[EP].filter((pl.col("LS") == "D1") & pl.col("DEC").is_null())


# --- how episodes chain -------------------------------------------------------------------

_CONTINUATION = sorted(spec.CONTINUATION_RNE)


@_rule(
    "142",
    ["DEC", "REC"],
    "A new episode starts after this one, but this one has no end date or no reason it "
    "ended: add DEC and REC.",
)
def rule_142(data: ReturnData) -> pl.DataFrame:
    not_ended = pl.col("DEC").is_null() | pl.col("REC").is_null()
    return episodes(data).filter(~pl.col("is_last") & not_ended & pl.col("DECOM").is_not_null())


@_rule(
    "501",
    ["DECOM", "DEC"],
    "This episode starts before the previous episode ended: episodes must not overlap.",
)
def rule_501(data: ReturnData) -> pl.DataFrame:
    return episodes(data).filter(pl.col(DECOM) < pl.col("prev_DEC"))


@_rule(
    "357",
    ["RNE"],
    "The child's first episode must have reason for new episode S: add any earlier episode "
    "that is missing, or change RNE to S.",
)
def rule_357(data: ReturnData) -> pl.DataFrame:
    frame = episodes(data)
    first = frame.filter(pl.col("is_first"))
    return first.filter((pl.col("RNE") != "S") & (pl.col(DECOM) >= data.period_start))


@_rule(
    "388",
    ["REC"],
    "Reason episode ceased does not match what follows: X1 (new episode begins) needs a next "
    "episode starting the day this one ends, and an episode followed by one starting that same "
    "day must end with X1.",
)
def rule_388(data: ReturnData) -> pl.DataFrame:
    frame = episodes(data)
    ended = pl.col(DEC).is_not_null()
    x1 = (pl.col("REC") == "X1").fill_null(False)
    has_next = pl.col("next_DECOM").is_not_null()
    continues = (pl.col("next_DECOM") == pl.col(DEC)).fill_null(False)
    x1_without_continuation = x1 & ended & ~continues
    # the child's care ended (REC not X1) yet the next episode starts that same day
    ended_but_continues = pl.col("REC").is_not_null() & ~x1 & has_next & continues
    return frame.filter(x1_without_continuation | ended_but_continues)


@_rule(
    "431",
    ["RNE", "DECOM"],
    "Reason for new episode is S (started to be looked after) but the previous episode had not "
    "ended before this one began: use the RNE for what changed instead, or check the dates.",
)
def rule_431(data: ReturnData) -> pl.DataFrame:
    return episodes(data).filter((pl.col("RNE") == "S") & (pl.col(DECOM) <= pl.col("prev_DEC")))


@_rule(
    "432",
    ["RNE"],
    "The previous episode ended the child's care (REC not X1) but this episode's reason for "
    "new episode is not S.",
)
def rule_432(data: ReturnData) -> pl.DataFrame:
    ended = pl.col("prev_REC").is_not_null() & (pl.col("prev_REC") != "X1")
    return episodes(data).filter(ended & ~(pl.col("RNE") == "S").fill_null(False))


@_rule(
    "433",
    ["RNE", "DECOM"],
    "Reason for new episode says this continues the previous episode, but it does not start "
    "on the day the previous one ended (or the previous one has no end date).",
)
def rule_433(data: ReturnData) -> pl.DataFrame:
    continuation = pl.col("RNE").str.to_uppercase().is_in(_CONTINUATION).fill_null(False)
    same_day = (pl.col("prev_DEC") == pl.col(DECOM)).fill_null(False)
    return episodes(data).filter(continuation & ~pl.col("is_first") & ~same_day)


@_rule(
    "434",
    ["RNE", "LS", "PLACE", "PLACE_PROVIDER", "PL_POST", "URN"],
    "Reason for new episode is L (legal status changed) but the legal status did not change "
    "or the placement did: use the RNE for what changed.",
)
def rule_434(data: ReturnData) -> pl.DataFrame:
    frame = episodes(data).filter((pl.col("RNE") == "L") & pl.col("prev_DECOM").is_not_null())
    return frame.filter(~changed("LS") | placement_changed())


@_rule(
    "435",
    ["RNE", "LS", "PLACE", "PLACE_PROVIDER", "PL_POST", "URN"],
    "Reason for new episode is P or T (placement changed) but the placement did not change or "
    "the legal status did: use the RNE for what changed.",
)
def rule_435(data: ReturnData) -> pl.DataFrame:
    frame = episodes(data).filter(is_in("RNE", {"P", "T"}) & pl.col("prev_DECOM").is_not_null())
    return frame.filter(changed("LS") | ~placement_changed())


@_rule(
    "436",
    ["RNE", "LS", "PLACE", "PLACE_PROVIDER", "PL_POST", "URN"],
    "Reason for new episode is B or U (legal status and placement changed) but one of them did "
    "not change: use the RNE for what changed.",
)
def rule_436(data: ReturnData) -> pl.DataFrame:
    frame = episodes(data).filter(is_in("RNE", {"B", "U"}) & pl.col("prev_DECOM").is_not_null())
    return frame.filter(~changed("LS") | ~placement_changed())


@_rule(
    "437",
    ["REC"],
    "The episode ended because the child died or was found to be 18 or over, but there are "
    "later episodes: remove them or correct REC.",
)
def rule_437(data: ReturnData) -> pl.DataFrame:
    return episodes(data).filter(is_in("REC", {"E2", "E15"}) & ~pl.col("is_last"))


@_rule(
    "504",
    ["CIN"],
    "Category of need differs from the previous episode's, which ended the same day with X1 "
    "(new episode begins): it should not change within a period of care.",
)
def rule_504(data: ReturnData) -> pl.DataFrame:
    chained = (pl.col("prev_REC") == "X1") & (pl.col("prev_DEC") == pl.col(DECOM))
    return episodes(data).filter(
        chained.fill_null(False) & ~pl.col("CIN").eq_missing(pl.col("prev_CIN"))
    )


# --- temporary placements and short breaks ------------------------------------------------

_TEMPORARY = sorted(spec.TEMPORARY_PLACE)


def _days() -> pl.Expr:
    return (pl.col(DEC) - pl.col(DECOM)).dt.total_days()


@_rule(
    "380",
    ["RNE", "PLACE"],
    "A temporary placement (T0-T4) must begin with a change of placement and carer: reason "
    "for new episode P or B. A period of care cannot start with one, and a change with the "
    "same carer (T, U) or of legal status only (L) cannot be temporary.",
)
def rule_380(data: ReturnData) -> pl.DataFrame:
    return data[EP].filter(is_in("PLACE", _TEMPORARY) & ~is_in("RNE", {"P", "B"}))


@_rule(
    "381",
    ["REC", "PLACE"],
    "A period of care cannot end with a temporary placement (T0-T4): check the placement and "
    "the reason episode ceased.",
)
def rule_381(data: ReturnData) -> pl.DataFrame:
    ended = pl.col("REC").is_not_null() & (pl.col("REC") != "X1")
    return data[EP].filter(ended & is_in("PLACE", _TEMPORARY))


@_rule(
    "382",
    ["LS", "PLACE"],
    "A child on a short break (legal status V3/V4) cannot be in a temporary placement (T0-T4).",
)
def rule_382(data: ReturnData) -> pl.DataFrame:
    return data[EP].filter(is_in("LS", spec.RESPITE_LS) & is_in("PLACE", _TEMPORARY))


@_rule(
    "383",
    ["PLACE", "RNE", "PL_POST"],
    "After a temporary placement (T0-T4) the child must return to the placement they had "
    "before it: the next episode needs reason for new episode P and the same placement type "
    "and postcode as before the temporary placement.",
)
def rule_383(data: ReturnData) -> pl.DataFrame:
    # Reported on the episode after the temporary one, which should be the return.
    frame = episodes(data).with_columns(
        pl.when(~pl.col("is_first")).then(pl.col(col).shift(1)).alias(f"__before_{col}")
        for col in ("prev_PLACE", "prev_PL_POST")
    )
    before_known = ~pl.col("is_first") & pl.col("prev_DECOM").is_not_null()
    two_back = before_known & (pl.col(CHILD) == pl.col(CHILD).shift(2)).fill_null(False)
    after_temporary = two_back & is_in("prev_PLACE", _TEMPORARY)
    not_returned = (
        ~(pl.col("RNE") == "P").fill_null(False)
        | ~pl.col("PLACE").eq_missing(pl.col("__before_prev_PLACE"))
        | ~pl.col("PL_POST").eq_missing(pl.col("__before_prev_PL_POST"))
    )
    return frame.filter(after_temporary & not_returned)


@_rule(
    "384",
    ["LS", "PLACE"],
    "A child on a short break (legal status V3/V4) cannot be in a long-term foster placement "
    "(U1 or U4).",
)
def rule_384(data: ReturnData) -> pl.DataFrame:
    return data[EP].filter(is_in("LS", spec.RESPITE_LS) & is_in("PLACE", {"U1", "U4"}))


@_rule(
    "375",
    ["PLACE", "DECOM", "DEC"],
    "A temporary placement in hospital (T1) lasted more than six weeks: check the dates or "
    "record the placement differently.",
)
def rule_375(data: ReturnData) -> pl.DataFrame:
    return data[EP].filter((pl.col("PLACE") == "T1") & (_days() > 42))


@_rule(
    "376",
    ["PLACE", "DECOM", "DEC"],
    "A temporary placement for the usual foster carer's holiday (T3) lasted more than three "
    "weeks: check the dates.",
)
def rule_376(data: ReturnData) -> pl.DataFrame:
    return data[EP].filter((pl.col("PLACE") == "T3") & (_days() > 21))


@_rule(
    "377",
    ["PLACE"],
    "Only two temporary placements for the foster carer's holiday (T3) are allowed in a year: "
    "check the extra ones.",
)
def rule_377(data: ReturnData) -> pl.DataFrame:
    # Every T3 episode in the return counts, including one that began before 1 April.
    frame = data[EP].filter(pl.col("PLACE") == "T3")
    return frame.filter(pl.len().over(CHILD) > 2)


@_rule(
    "379",
    ["PLACE", "DECOM", "DEC"],
    "A temporary placement for another reason (T4) lasted more than seven days: check the "
    "dates or record the placement differently.",
)
def rule_379(data: ReturnData) -> pl.DataFrame:
    return data[EP].filter((pl.col("PLACE") == "T4") & (_days() > 7))


@_rule(
    "365",
    ["LS", "DECOM", "DEC"],
    "A single short break (legal status V3) lasted more than 17 days (an open one counts to "
    "31 March): check the dates.",
)
def rule_365(data: ReturnData) -> pl.DataFrame:
    days = (pl.col(DEC).fill_null(data.period_end) - pl.col(DECOM)).dt.total_days()
    return data[EP].filter((pl.col("LS") == "V3") & (days > 17))


@_rule(
    "366",
    ["RNE", "LS"],
    "A child cannot change placement during a single short break (legal status V3): a V3 "
    "episode must start with RNE S.",
)
def rule_366(data: ReturnData) -> pl.DataFrame:
    return data[EP].filter((pl.col("LS") == "V3") & (pl.col("RNE") != "S"))


@_rule(
    "367",
    ["LS", "DECOM", "DEC"],
    "Short breaks (legal status V3) add up to more than 75 days in the year: check the dates.",
)
def rule_367(data: ReturnData) -> pl.DataFrame:
    start = pl.max_horizontal(pl.col(DECOM), pl.lit(data.period_start))
    end = pl.min_horizontal(pl.col(DEC).fill_null(data.period_end), pl.lit(data.period_end))
    frame = (
        data[EP]
        .filter(pl.col("LS") == "V3")
        .with_columns(((end - start).dt.total_days() + 1).clip(0).alias("__days"))
    )
    return frame.filter(pl.col("__days").sum().over(CHILD) > 75)


@_rule(
    "426",
    ["LS"],
    "A child on short breaks cannot have both legal status V3 and V4 in the same year: use one "
    "of them.",
)
def rule_426(data: ReturnData) -> pl.DataFrame:
    frame = data[EP].filter(is_in("LS", spec.RESPITE_LS))
    return frame.filter(pl.col("LS").n_unique().over(CHILD) > 1)
