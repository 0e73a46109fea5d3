"""Legal status, placements, missing periods, permanence and year-on-year rules that Thrive
lacked, with the 2023/24 placement rules retired from 2024/25 (217t, 230, 370)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

import polars as pl

from thrive.reference import local_authorities
from thrive.statutory.issues import Severity
from thrive.statutory.reading import ROW, date_col
from thrive.statutory.rules import ReturnData, RuleFunction
from thrive.statutory.ssda903 import spec
from thrive.statutory.ssda903.derived import (
    AGE_AT_START,
    CHILD,
    DEC,
    DECOM,
    DOB,
    HEADER_DOB,
    birthday,
    episodes,
    lit_date,
    oc2_cohort,
)
from thrive.statutory.ssda903.geography import PL_LA, placements
from thrive.statutory.ssda903.registry import registry

EP, H, O2, O3, MI = spec.EPISODES, spec.HEADER, spec.OC2, spec.OC3, spec.MISSING
PP, PA = spec.PREVIOUS_PERMANENCE, spec.PLACED_FOR_ADOPTION


def _rule(
    code: str,
    tables: Iterable[str],
    fields: Iterable[str],
    message: str,
    *,
    severity: Severity = Severity.ERROR,
    needs_previous: bool = False,
    since: int = 2024,
) -> Callable[[RuleFunction], RuleFunction]:
    return registry.rule(
        code,
        severity=severity,
        tables=tuple(tables),
        fields=tuple(fields),
        message=message,
        needs_previous=needs_previous,
        since=since,
    )


def _children(frame: pl.DataFrame) -> pl.Series:
    return frame[CHILD].drop_nulls().unique().implode()


@_rule(
    "197B",
    [O2],
    ["SDQ_REASON", "DOB"],
    "SDQ score or reason for no SDQ should be reported for 4- or 17-year-olds: give "
    "SDQ_SCORE or SDQ_REASON for a child looked after for 12 months who turned 4 or 17 this "
    "year.",
)
def rule_197b(data: ReturnData) -> pl.DataFrame:
    def turned(age: int) -> pl.Expr:
        day = birthday(pl.col(DOB), age)
        return day.is_between(data.period_start, data.period_end).fill_null(False)

    cohort = pl.col(CHILD).is_in(_children(oc2_cohort(data)))
    blank = pl.col("SDQ_SCORE").is_null() & pl.col("SDQ_REASON").is_null()
    return data[O2].filter(cohort & (turned(4) | turned(17)) & blank)


@_rule(
    "359",
    [EP],
    ["DEC", "LS", "PLACE"],
    "Child being looked after following 18th birthday must be accommodated under section 20(5) "
    "of the Children Act 1989 in a community home (LS V2, PLACE K2).",
)
def rule_359(data: ReturnData) -> pl.DataFrame:
    # DfE 359: "If <DEC> is null" -- a blank end date; an end date that is not a valid date
    # is rule 147's error, not an episode still open.
    adult = birthday(pl.col(HEADER_DOB), 18) < data.period_end
    allowed = (pl.col("LS") == "V2") & (pl.col("PLACE") == "K2")
    return episodes(data).filter(
        adult.fill_null(False) & pl.col("DEC").is_null() & ~allowed.fill_null(False)
    )


@_rule(
    "364",
    [EP],
    ["LS", "DECOM", "DEC"],
    "Sections 41-46 of Police and Criminal Evidence (PACE; 1984) severely limits the time a "
    "child can be detained in custody in Local Authority (LA) accommodation: a run of J2 "
    "episodes cannot last more than 21 days.",
)
def rule_364(data: ReturnData) -> pl.DataFrame:
    j2 = (
        data[EP]
        .filter((pl.col("LS") == "J2") & pl.col(DECOM).is_not_null())
        .with_columns(pl.col(DEC).fill_null(lit_date(data.period_end)).alias("__end"))
        .sort([CHILD, DECOM, ROW])
    )
    # Consecutive J2 episodes of a child (each starting the day the last ended) are one stay.
    continues = (pl.col(CHILD) == pl.col(CHILD).shift(1)) & (
        pl.col(DECOM) <= pl.col("__end").shift(1)
    )
    stays = j2.with_columns((~continues.fill_null(False)).cum_sum().alias("__stay"))
    days = (pl.col("__end") - pl.col(DECOM)).dt.total_days().sum().over("__stay")
    return stays.filter(days > 21)


@_rule(
    "575",
    [MI],
    ["MIS_END"],
    "If the placement from which the child goes missing/away from placement without "
    "authorisation ends, the missing/away from placement without authorisation period in the "
    "missing module must also have an end date.",
)
def rule_575(data: ReturnData) -> pl.DataFrame:
    ended = data[EP].filter(pl.col(DEC).is_not_null()).select(CHILD, DECOM, DEC)
    open_missing = data[MI].filter(pl.col("MIS_END").is_null())
    start = pl.col(date_col("MIS_START"))
    joined = open_missing.join(ended, on=CHILD, how="inner").filter(
        (start >= pl.col(DECOM)) & (start <= pl.col(DEC))
    )
    return open_missing.filter(pl.col(ROW).is_in(joined[ROW].implode()))


# Councils that existed when earlier permanence orders were made (DfE keeps their codes valid):
# 835 Dorset and 836 Poole and 837 Bournemouth (2019: 838, 839), 909 Cumbria (2023: 942, 943),
# 928 Northamptonshire (2021: 940, 941); 999 is on DfE's list of LA codes too.
_FORMER_LA_CODES = frozenset({"835", "836", "837", "909", "928", "999"})
_OUTSIDE_ENGLAND = frozenset({"WAL", "SCO", "NUK", "NIR"})


@_rule(
    "633",
    [PP],
    ["LA_PERM"],
    "Local authority code where previous permanence option was arranged is not a valid value: "
    "use the council's 3-digit LA code, or WAL, SCO, NIR or NUK.",
)
def rule_633(data: ReturnData) -> pl.DataFrame:
    valid = set(local_authorities()) | _FORMER_LA_CODES | _OUTSIDE_ENGLAND
    return data[PP].filter(
        pl.col("LA_PERM").is_not_null() & ~pl.col("LA_PERM").is_in(sorted(valid))
    )


@_rule(
    "EPI",
    [H],
    ["CHILD"],
    "WARNING: Episodes need to be loaded for this child before further validation is "
    "possible: a child in the Header needs episodes, or care leaver (OC3) information.",
    severity=Severity.WARNING,
)
def rule_epi(data: ReturnData) -> pl.DataFrame:
    known = pl.concat([data[EP].select(CHILD), data[O3].select(CHILD)])
    return data[H].filter(~pl.col(CHILD).is_in(_children(known)))


@_rule(
    "584",
    [PA],
    ["DATE_PLACED"],
    "Date of decision that the child should be placed for adoption this year is different "
    "from that recorded last year, but the decision to placed the child for adoption changed "
    "and the child should no longer be placed for adoption: a new decision must be later "
    "than last year's.",
    needs_previous=True,
)
def rule_584(data: ReturnData) -> pl.DataFrame:
    if data.previous is None:  # the runner never calls it without last year
        raise ValueError("last year's return is needed")
    placed = date_col("DATE_PLACED")
    reversed_last = (
        data.previous[PA]
        .filter(
            pl.col("DATE_PLACED_CEASED").is_not_null()
            | pl.col("REASON_PLACED_CEASED").is_not_null()
        )
        .select(CHILD, pl.col(placed).alias("__placed_last"))
    )
    joined = data[PA].join(reversed_last, on=CHILD, how="inner")
    wrong = pl.col(placed).is_null() | (pl.col(placed) <= pl.col("__placed_last")).fill_null(False)
    return data[PA].filter(pl.col(ROW).is_in(joined.filter(wrong)[ROW].implode()))


# --- 2023/24 only: placement types P2 and H5 changed on 28 October 2023 -------------------

_P2_ENDS = dt.date(2023, 10, 28)
_H5_URN_FROM = dt.date(2023, 10, 29)


@_rule(
    "217t",
    [EP],
    ["PLACE", "DECOM"],
    "Placement type 'P2' is not a valid placement type from 28 October 2023: an episode still "
    "open after that date needs another placement type.",
)
def rule_217t(data: ReturnData) -> pl.DataFrame:
    after = pl.col(DEC).is_null() | (pl.col(DEC) > _P2_ENDS)
    return data[EP].filter((pl.col("PLACE") == "P2") & after)


@_rule(
    "230",
    [EP],
    ["PLACE", "DEC", "URN"],
    "Ofsted Unique reference number (URN) is required for any English H5 placements from 28 "
    "October 2023.",
)
def rule_230(data: ReturnData) -> pl.DataFrame:
    after = pl.col(DEC).is_null() | (pl.col(DEC) >= _H5_URN_FROM)
    no_urn = pl.col("URN").is_null() | (pl.col("URN") == "XXXXXXX")
    english = pl.col(PL_LA).str.contains(r"^\d{3}$").fill_null(False)
    return placements(data).filter((pl.col("PLACE") == "H5") & after & no_urn & english)


@_rule(
    "370",
    [EP],
    ["DECOM", "PLACE"],
    "Child in independent living should be at least 16: placement type P2 is for young people "
    "aged 16 or over when it starts.",
)
def rule_370(data: ReturnData) -> pl.DataFrame:
    return episodes(data).filter(
        (pl.col("PLACE") == "P2") & (pl.col(AGE_AT_START) < 16).fill_null(False)
    )
