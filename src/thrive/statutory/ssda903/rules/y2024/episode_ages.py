"""Episode rules: legal status durations, ages, and placement, provider and legal status
combinations (the rest of the episode rules are in `episodes.py`).

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
    AGE_AT_END,
    AGE_AT_START,
    DEC,
    DECOM,
    HEADER_DOB,
    episodes,
    is_in,
)
from thrive.statutory.ssda903.registry import registry

E = Severity.ERROR
W = Severity.WARNING
EP = spec.EPISODES
_TEMPORARY = sorted(spec.TEMPORARY_PLACE)


def _rule(
    code: str, fields: Iterable[str], message: str, severity: Severity = E
) -> Callable[[RuleFunction], RuleFunction]:
    return registry.rule(
        code, severity=severity, tables=(EP,), fields=tuple(fields), message=message
    )


# --- legal status durations ---------------------------------------------------------------


def _legal_status_too_long(data: ReturnData, status: str, limit: int) -> pl.DataFrame:
    """Episodes in a run of `status` episodes lasting more than `limit` days in all.

    DfE counts consecutive episodes with the same legal status (each starting the day the last
    ended) as one spell, and an open episode as lasting to 31 March.
    """
    frame = episodes(data)
    continues = (
        (pl.col("LS") == status)
        & (pl.col("prev_LS") == status)
        & (pl.col("prev_DEC") == pl.col(DECOM))
    ).fill_null(False)
    frame = frame.with_columns((~continues).cum_sum().alias("__spell"))
    spells = frame.filter(pl.col("LS") == status)
    end = pl.col(DEC).fill_null(data.period_end).max().over("__spell")
    days = (end - pl.col(DECOM).min().over("__spell")).dt.total_days()
    return spells.filter(days > limit)


@_rule(
    "361",
    ["LS", "DECOM", "DEC"],
    "Police protection (L1) lasted longer than the 72 hours the Children Act 1989 allows "
    "(consecutive L1 episodes count together; an open one counts to 31 March): check the "
    "dates and legal status.",
)
def rule_361(data: ReturnData) -> pl.DataFrame:
    return _legal_status_too_long(data, "L1", 3)


@_rule(
    "362",
    ["LS", "DECOM", "DEC"],
    "An emergency protection order (L2) lasted longer than 21 days (consecutive L2 episodes "
    "count together; an open one counts to 31 March): check the dates and legal status.",
)
def rule_362(data: ReturnData) -> pl.DataFrame:
    return _legal_status_too_long(data, "L2", 21)


@_rule(
    "363",
    ["LS", "DECOM", "DEC"],
    "A child assessment order (L3) lasted longer than the 7 days allowed (consecutive L3 "
    "episodes count together; an open one counts to 31 March): check the dates and legal "
    "status.",
)
def rule_363(data: ReturnData) -> pl.DataFrame:
    return _legal_status_too_long(data, "L3", 7)


# --- ages ---------------------------------------------------------------------------------


def _age_at_start() -> pl.Expr:
    return pl.col(AGE_AT_START)


def _age_at_end() -> pl.Expr:
    return pl.col(AGE_AT_END)


@_rule(
    "302",
    ["DECOM", "DOB"],
    "The first episode starts before the child was born: check the dates.",
)
def rule_302(data: ReturnData) -> pl.DataFrame:
    return episodes(data).filter(pl.col("is_first") & (pl.col(DECOM) < pl.col(HEADER_DOB)))


@_rule(
    "352",
    ["RNE", "DECOM", "DOB"],
    "The child started to be looked after aged 18 or over: check the date of birth and "
    "episode start.",
)
def rule_352(data: ReturnData) -> pl.DataFrame:
    frame = episodes(data)
    return frame.filter((pl.col("RNE") == "S") & (_age_at_start() >= 18))


@_rule(
    "358",
    ["LS", "DECOM", "DOB"],
    "Legal status J1, J2 or J3 (youth justice) is not possible for a child under 10.",
)
def rule_358(data: ReturnData) -> pl.DataFrame:
    return episodes(data).filter(is_in("LS", {"J1", "J2", "J3"}) & (_age_at_start() < 10))


def _min_age_rule(code: str, places: set[str] | None, age: int, what: str) -> None:
    @_rule(
        code,
        ["PLACE", "DECOM", "DOB"],
        f"{what} should be at least {age} years old: check the placement type and date of birth.",
    )
    def check(data: ReturnData) -> pl.DataFrame:
        codes = places if places is not None else spec.supported_accommodation(data.year)
        return episodes(data).filter(is_in("PLACE", codes) & (_age_at_start() < age))


_min_age_rule("371", None, 16, "A child in supported accommodation (H5; K3 from 2025/26)")
_min_age_rule("372", {"R5"}, 10, "A child in youth custody or prison (R5)")
_min_age_rule("373", {"S1"}, 4, "A child placed in a residential school (S1)")
_min_age_rule("374", {"P3"}, 14, "A child in residential employment (P3)")


@_rule(
    "386",
    ["REC", "DEC", "DOB"],
    "Reason episode ceased is adoption but the child was 18 or over: check REC and the dates.",
)
def rule_386(data: ReturnData) -> pl.DataFrame:
    return episodes(data).filter(is_in("REC", spec.ADOPTED_REC) & (_age_at_end() >= 18))


@_rule(
    "387",
    ["REC", "DEC", "DOB"],
    "Reason episode ceased is independent living (E5/E6) but the child was under 14.",
)
def rule_387(data: ReturnData) -> pl.DataFrame:
    return episodes(data).filter(is_in("REC", {"E5", "E6"}) & (_age_at_end() < 14))


@_rule(
    "389",
    ["REC", "DEC", "DOB"],
    "Reason episode ceased is transfer to adult social care (E7) but the child was under 16.",
)
def rule_389(data: ReturnData) -> pl.DataFrame:
    return episodes(data).filter((pl.col("REC") == "E7") & (_age_at_end() < 16))


@_rule(
    "407",
    ["REC", "DEC", "DOB"],
    "Reason episode ceased is a special guardianship order (E45-E48) but the child was 18 or over.",
)
def rule_407(data: ReturnData) -> pl.DataFrame:
    return episodes(data).filter(is_in("REC", spec.SGO_REC) & (_age_at_end() >= 18))


@_rule(
    "460",
    ["REC", "DEC", "DOB"],
    "Reason episode ceased is 'stayed with current carers at 18 or over' (E17) but the child "
    "was under 18.",
)
def rule_460(data: ReturnData) -> pl.DataFrame:
    return episodes(data).filter((pl.col("REC") == "E17") & (_age_at_end() < 18))


# --- placement, provider and legal status combinations ------------------------------------


@_rule(
    "378",
    ["LS", "PLACE"],
    "A child placed with parents (P1) cannot be accommodated under a single section 20 "
    "period (V2): check the legal status or placement.",
)
def rule_378(data: ReturnData) -> pl.DataFrame:
    return data[EP].filter((pl.col("PLACE") == "P1") & (pl.col("LS") == "V2"))


@_rule(
    "390",
    ["REC", "PLACE"],
    "Reason episode ceased is adoption but the child was not placed for adoption (A3-A6) in "
    "that episode.",
)
def rule_390(data: ReturnData) -> pl.DataFrame:
    return data[EP].filter(is_in("REC", spec.ADOPTED_REC) & ~is_in("PLACE", spec.ADOPTION_PLACE))


@_rule(
    "408",
    ["LS", "PLACE"],
    "The child is placed for adoption under a placement order (A5/A6) but the legal status is "
    "not a placement or freeing order (E1/D1).",
)
def rule_408(data: ReturnData) -> pl.DataFrame:
    return data[EP].filter(is_in("PLACE", {"A5", "A6"}) & ~is_in("LS", {"E1", "D1"}))


@_rule(
    "516",
    ["REC", "PLACE"],
    "Reason episode ceased is an SGO to former foster carers (E45/E46) but the child was not "
    "in a foster placement (U1-U6).",
)
def rule_516(data: ReturnData) -> pl.DataFrame:
    return data[EP].filter(is_in("REC", {"E45", "E46"}) & ~is_in("PLACE", spec.FOSTER_PLACE))


@_rule(
    "217",
    ["PLACE", "RNE", "DECOM"],
    "A child placed for adoption with current foster carers (A3/A5) must have reason for new "
    "episode S, T or U.",
)
def rule_217(data: ReturnData) -> pl.DataFrame:
    return data[EP].filter(
        is_in("PLACE", {"A3", "A5"})
        & (pl.col(DECOM) >= dt.date(2015, 4, 1))
        & ~is_in("RNE", {"S", "T", "U"})
    )


def _no_provider(year: int) -> list[str]:
    return sorted(spec.TEMPORARY_PLACE | spec.other_place(year))


@_rule(
    "213",
    ["PLACE", "PLACE_PROVIDER"],
    "Placement provider is not needed for temporary (T0-T4) or 'other' (Z1; Z11-Z14) "
    "placements: leave it blank.",
)
def rule_213(data: ReturnData) -> pl.DataFrame:
    return data[EP].filter(
        is_in("PLACE", _no_provider(data.year)) & pl.col("PLACE_PROVIDER").is_not_null()
    )


@_rule(
    "526",
    ["PLACE", "PLACE_PROVIDER"],
    "Placement provider is missing: give PR0-PR5 for every placement except temporary and "
    "'other' ones.",
)
def rule_526(data: ReturnData) -> pl.DataFrame:
    return data[EP].filter(
        pl.col("PLACE").is_not_null()
        & ~is_in("PLACE", _no_provider(data.year))
        & pl.col("PLACE_PROVIDER").is_null()
    )


def _provider_rule(code: str, provider: str, places: set[str], what: str) -> None:
    @_rule(
        code,
        ["PLACE", "PLACE_PROVIDER"],
        f"Placement provider {provider} cannot be used "
        f"with placement type {what}: check the provider or placement.",
    )
    def check(data: ReturnData) -> pl.DataFrame:
        return data[EP].filter((pl.col("PLACE_PROVIDER") == provider) & is_in("PLACE", places))


_provider_rule("527", "PR1", {"P1", "R2", "R5"}, "P1, R2 or R5")
_provider_rule("528", "PR2", {"P1", "R2", "R5"}, "P1, R2 or R5")
_provider_rule(
    "529",
    "PR3",
    {"P1", "A3", "A4", "A5", "A6", "K1", "K2", *spec.FOSTER_PLACE},
    "P1, A3-A6, K1, K2 or U1-U6 (other public bodies do not provide these)",
)
_provider_rule("530", "PR4", {"P1"}, "P1 (placed with parents)")
_provider_rule("531", "PR5", {"P1"}, "P1 (placed with parents)")


@_rule(
    "550",
    ["PLACE", "PLACE_PROVIDER"],
    "Placement provider PR0 (parent) can only be used with placement type P1.",
)
def rule_550(data: ReturnData) -> pl.DataFrame:
    return data[EP].filter((pl.col("PLACE_PROVIDER") == "PR0") & (pl.col("PLACE") != "P1"))


@_rule(
    "222",
    ["PLACE", "URN"],
    "An Ofsted URN should not be recorded for this placement type: leave URN blank (or XXXXXXX).",
)
def rule_222(data: ReturnData) -> pl.DataFrame:
    given = pl.col("URN").is_not_null() & (pl.col("URN") != "XXXXXXX")
    return data[EP].filter(is_in("PLACE", spec.no_urn_place(data.year)) & given)


@_rule(
    "225",
    ["REASON_PLACE_CHANGE"],
    "The placement changed at the end of this episode but the reason for placement change is "
    "blank: record why the placement changed.",
)
def rule_225(data: ReturnData) -> pl.DataFrame:
    frame = episodes(data)
    return frame.filter(
        (pl.col("REC") == "X1")
        & is_in("next_RNE", {"P", "T", "B", "U"})
        & ~is_in("PLACE", _TEMPORARY)
        & ~is_in("next_PLACE", _TEMPORARY)
        & pl.col("REASON_PLACE_CHANGE").is_null()
    )


@_rule(
    "226",
    ["PLACE", "REASON_PLACE_CHANGE"],
    "A reason for placement change is not needed for a temporary placement (T0-T4), nor on "
    "the episode just before it: leave both blank.",
)
def rule_226(data: ReturnData) -> pl.DataFrame:
    given = pl.col("REASON_PLACE_CHANGE").is_not_null() | pl.col("prev_REASON").is_not_null()
    frame = episodes(data).with_columns(
        pl.when(~pl.col("is_first"))
        .then(pl.col("REASON_PLACE_CHANGE").shift(1))
        .alias("prev_REASON")
    )
    return frame.filter(is_in("PLACE", _TEMPORARY) & given)


@_rule(
    "392d",
    ["HOME_POST", "PL_POST", "PLACE"],
    "Home and placement postcodes are the same but the child is not placed with parents (P1): "
    "check both postcodes.",
    W,
)
def rule_392d(data: ReturnData) -> pl.DataFrame:
    def norm(column: str) -> pl.Expr:
        return pl.col(column).str.replace_all(" ", "").str.to_uppercase()

    return data[EP].filter((norm("HOME_POST") == norm("PL_POST")) & (pl.col("PLACE") != "P1"))
