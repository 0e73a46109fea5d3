"""Care leavers, UASC status and motherhood across tables and years.

UASC status: in the CSV return a child is UASC (status 1) when they have a row in the UASC
table; "UASC last year" means a row in last year's UASC table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

import polars as pl

from thrive.statutory.issues import Severity
from thrive.statutory.reading import ROW, date_col
from thrive.statutory.rules import ReturnData, RuleFunction
from thrive.statutory.ssda903 import spec
from thrive.statutory.ssda903.derived import (
    CHILD,
    DEC,
    DECOM,
    DOB,
    HEADER_DOB,
    age_at,
    birthday,
    filled,
    header_facts,
    lit_date,
)
from thrive.statutory.ssda903.registry import registry

E = Severity.ERROR
EP, H, O3, UA = spec.EPISODES, spec.HEADER, spec.OC3, spec.UASC
OC3_FIELDS = ("IN_TOUCH", "ACTIV", "ACCOM")
DUC = date_col("DUC")
FEMALE = ("2", "F")
"""SEX of a girl: 2 up to 2023/24, F from 2024/25."""


def _rule(
    code: str,
    tables: Iterable[str],
    fields: Iterable[str],
    message: str,
    *,
    needs_previous: bool = False,
) -> Callable[[RuleFunction], RuleFunction]:
    return registry.rule(
        code,
        severity=E,
        tables=tuple(tables),
        fields=tuple(fields),
        message=message,
        needs_previous=needs_previous,
    )


def _previous(data: ReturnData) -> ReturnData:
    if data.previous is None:  # the runner never calls these rules without it
        raise ValueError("last year's return is needed")
    return data.previous


def _leavers(data: ReturnData) -> pl.DataFrame:
    """OC3 rows that give care leaver information."""
    return data[O3].filter(filled(OC3_FIELDS))


def _children(frame: pl.DataFrame) -> pl.Series:
    return frame[CHILD].drop_nulls().unique().implode()


# --- care leavers ---------------------------------------------------------------------------


def _care_history(data: ReturnData) -> pl.DataFrame:
    """This year's and last year's episodes (each once), open ones ending on 31 March."""
    columns = [CHILD, DECOM, DEC, "LS", "REC"]
    frames = [data[EP].select(columns)]
    if data.previous is not None:
        frames.append(data.previous[EP].select(columns))
    both = pl.concat(frames).filter(pl.col(CHILD).is_not_null() & pl.col(DECOM).is_not_null())
    # An episode open at the end of last year appears again this year: keep its ended copy.
    both = both.sort([CHILD, DECOM, DEC], nulls_last=True).unique(
        [CHILD, DECOM], keep="first", maintain_order=True
    )
    return both.with_columns(pl.col(DEC).fill_null(lit_date(data.period_end)))


@_rule(
    "1001",
    [O3],
    OC3_FIELDS,
    "The episodes recorded for this young person suggest they are not a relevant or a former "
    "relevant child and therefore should not have care leaver information completed (they "
    "need 13 weeks in care after their 14th birthday, ending after their 16th, and not to "
    "have been adopted).",
    needs_previous=True,
)
def rule_1001(data: ReturnData) -> pl.DataFrame:
    history = _care_history(data).join(header_facts(data), on=CHILD, how="inner")
    adopted = (
        history.sort([CHILD, DECOM])
        .group_by(CHILD, maintain_order=True)
        .last()
        .filter(pl.col("REC").is_in(sorted(spec.ADOPTED_REC)))
        .select(CHILD)
    )
    care = history.filter(~pl.col("LS").is_in(sorted(spec.RESPITE_LS)).fill_null(False))
    dob = pl.col(HEADER_DOB)

    def days_after(age: int) -> pl.Expr:
        start = pl.max_horizontal(pl.col(DECOM), birthday(dob, age))
        return (pl.col(DEC) - start).dt.total_days().clip(lower_bound=0).sum()

    totals = care.group_by(CHILD).agg(
        days_after(14).alias("__after_14"), days_after(16).alias("__after_16")
    )
    eligible = totals.filter((pl.col("__after_14") >= 91) & (pl.col("__after_16") >= 1))
    # Only two years of episodes are loaded: judge young people who turned 16 within them
    # (aged under 18 on 31 March), whose whole time in care after 16 is visible.
    young = header_facts(data).filter(age_at(pl.col(HEADER_DOB), lit_date(data.period_end)) < 18)
    leavers = _leavers(data).join(young.select(CHILD), on=CHILD, how="semi")
    wrong = pl.col(CHILD).is_in(_children(adopted)) | ~pl.col(CHILD).is_in(_children(eligible))
    return leavers.filter(wrong)


@_rule(
    "1002",
    [O3],
    OC3_FIELDS,
    "This child has no previous episodes of care, therefore should not have care leaver "
    "information recorded: check the CHILD identifier matches their episodes.",
    needs_previous=True,
)
def rule_1002(data: ReturnData) -> pl.DataFrame:
    seen = pl.concat([data[EP].select(CHILD), _previous(data)[EP].select(CHILD)])
    # A young person who turned 17 this year turned 16 last year, and a former relevant child
    # was looked after on or after their 16th birthday: that episode is in one of the two
    # years loaded. Older care leavers may have left care before last year.
    turned_17 = header_facts(data).filter(
        age_at(pl.col(HEADER_DOB), lit_date(data.period_end)) == 17
    )
    leavers = _leavers(data).join(turned_17.select(CHILD), on=CHILD, how="semi")
    return leavers.filter(~pl.col(CHILD).is_in(_children(seen)))


@_rule(
    "1014",
    [UA, O3],
    ["ACTIV", "ACCOM", "IN_TOUCH", "DUC"],
    "UASC information is not required for care leavers: a young person with no episode in "
    "the year should have no UASC row.",
)
def rule_1014(data: ReturnData) -> dict[str, pl.DataFrame]:
    start, end = data.period_start, data.period_end
    in_year = (pl.col(DECOM) <= end) & (pl.col(DEC).is_null() | (pl.col(DEC) >= start))
    looked_after = data[EP].filter(in_year.fill_null(False))
    leavers = _leavers(data).filter(~pl.col(CHILD).is_in(_children(looked_after)))
    uasc = data[UA].filter(pl.col(CHILD).is_in(_children(leavers)))
    return {UA: uasc, O3: leavers.filter(pl.col(CHILD).is_in(_children(uasc)))}


@_rule(
    "1016",
    [O3],
    OC3_FIELDS,
    "Care leaver information is not required for 17- or 18-year olds who cease to be looked "
    "after, after their birthday: leave IN_TOUCH, ACTIV and ACCOM blank.",
)
def rule_1016(data: ReturnData) -> pl.DataFrame:
    leavers = _leavers(data).with_columns(
        age_at(pl.col(DOB), lit_date(data.period_end)).alias("__age")
    )
    ends = data[EP].select(CHILD, DEC).filter(pl.col(DEC).is_not_null())
    joined = leavers.filter(pl.col("__age").is_in([17, 18])).join(ends, on=CHILD, how="inner")
    after = pl.col(DEC) >= pl.col(DOB).dt.offset_by(pl.format("{}y", pl.col("__age")))
    return leavers.filter(pl.col(ROW).is_in(joined.filter(after)[ROW].implode()))


@_rule(
    "628",
    [H],
    ["MOTHER"],
    "Motherhood details are not required for care leavers who have not been looked after "
    "during the year: leave MOTHER blank.",
)
def rule_628(data: ReturnData) -> pl.DataFrame:
    no_episodes = ~pl.col(CHILD).is_in(_children(data[EP]))
    leaver = pl.col(CHILD).is_in(_children(_leavers(data)))
    return data[H].filter(no_episodes & leaver & pl.col("MOTHER").is_not_null())


# --- motherhood -----------------------------------------------------------------------------


@_rule(
    "607",
    [EP, H],
    ["DEC", "REC", "MOTHER", "LS", "SEX"],
    "Child ceased to be looked after in the year, but mother field has not been completed: "
    "give MOTHER (1 or 0) for every girl who left care.",
)
def rule_607(data: ReturnData) -> dict[str, pl.DataFrame]:
    ceased = data[EP].filter(
        pl.col("REC").is_not_null()
        & (pl.col("REC") != "X1")
        & pl.col(DEC).is_between(data.period_start, data.period_end)
        & ~pl.col("LS").is_in(sorted(spec.RESPITE_LS)).fill_null(False)
    )
    girls = data[H].filter(pl.col("SEX").is_in(FEMALE) & pl.col("MOTHER").is_null())
    return {
        EP: ceased.filter(pl.col(CHILD).is_in(_children(girls))),
        H: girls.filter(pl.col(CHILD).is_in(_children(ceased))),
    }


@_rule(
    "626",
    [H],
    ["MOTHER", "MC_DOB"],
    "Child was reported as a mother but the date of birth of the first child is before the "
    "current year which contradicts with the mother status recorded last year: check MOTHER "
    "and MC_DOB.",
    needs_previous=True,
)
def rule_626(data: ReturnData) -> pl.DataFrame:
    last = _previous(data)[H].select(CHILD, pl.col("MOTHER").alias("__mother_last"))
    joined = data[H].join(last, on=CHILD, how="inner")
    early = pl.col(date_col("MC_DOB")) < data.period_start
    wrong = (pl.col("MOTHER") == "1") & (pl.col("__mother_last") == "0") & early
    return data[H].filter(pl.col(ROW).is_in(joined.filter(wrong)[ROW].implode()))


# --- UASC across years ----------------------------------------------------------------------


def _uasc_last(data: ReturnData) -> pl.DataFrame:
    return (
        _previous(data)[UA]
        .filter(pl.col(CHILD).is_not_null())
        .unique(CHILD, keep="first")
        .select(CHILD, pl.col(DUC).alias("__duc_last"), pl.col(DOB).alias("__dob_last"))
    )


def _last_year(data: ReturnData) -> tuple[dt.date, dt.date]:
    last = _previous(data)
    return last.period_start, last.period_end


@_rule(
    "205A",
    [H],
    ["CHILD", "UASC"],
    "Child identified as UASC last year is no longer UASC this year, but date UASC ceased in "
    "both years does not support this: last year's DUC must fall in last year.",
    needs_previous=True,
)
def rule_205a(data: ReturnData) -> pl.DataFrame:
    start, end = _last_year(data)
    last = _uasc_last(data)
    not_now = ~pl.col(CHILD).is_in(_children(data[UA]))
    ceased_last_year = pl.col("__duc_last").is_between(start, end).fill_null(False)
    joined = data[H].join(last, on=CHILD, how="inner")
    return joined.filter(not_now & ~ceased_last_year)


@_rule(
    "205B",
    [UA],
    ["DUC", "UASC"],
    "Child previously identified as UASC is also UASC this year, but date UASC ceased in both "
    "years does not support this: DUC must be this year, or the same as last year's DUC and "
    "the 18th birthday.",
    needs_previous=True,
)
def rule_205b(data: ReturnData) -> pl.DataFrame:
    joined = data[UA].join(_uasc_last(data), on=CHILD, how="inner")
    this_year = pl.col(DUC).is_between(data.period_start, data.period_end).fill_null(False)
    same = pl.col(DUC).eq_missing(pl.col("__duc_last")) & pl.col(DUC).is_not_null()
    eighteenth = (pl.col("__duc_last") == birthday(pl.col("__dob_last"), 18)).fill_null(False)
    return joined.filter((~this_year & ~same) | ~eighteenth)


@_rule(
    "205C",
    [UA],
    ["DUC", "UASC"],
    "Child not identified as UASC either this year or last year but date UASC ceased has been "
    "provided: remove DUC or record the child as UASC.",
    needs_previous=True,
)
def rule_205c(data: ReturnData) -> pl.DataFrame:
    # In the CSV return a row in the UASC table is what makes a child UASC, so a DUC can only
    # sit on a UASC child's row; only a row without a child identifier breaks this.
    return data[UA].filter(pl.col(CHILD).is_null() & pl.col("DUC").is_not_null())


@_rule(
    "205D",
    [H],
    ["UASC", "CHILD"],
    "Child identified as UASC this year but not identified as UASC status provided for the "
    "child last year: check the UASC rows of both years.",
    needs_previous=True,
)
def rule_205d(data: ReturnData) -> pl.DataFrame:
    last = _previous(data)
    in_last = pl.col(CHILD).is_in(_children(last[H]))
    uasc_now = pl.col(CHILD).is_in(_children(data[UA]))
    uasc_last = pl.col(CHILD).is_in(_children(last[UA]))
    return data[H].filter(in_last & uasc_now & ~uasc_last)


@_rule(
    "303",
    [UA],
    ["DUC", "UASC"],
    "If date Unaccompanied Asylum-Seeking Child (UASC) status ceased is not null, UASC status "
    "must be coded 1: a DUC needs the child's UASC row.",
)
def rule_303(data: ReturnData) -> pl.DataFrame:
    # As 205C: in the CSV return the UASC row itself marks the child as UASC.
    return data[UA].filter(pl.col(CHILD).is_null() & pl.col("DUC").is_not_null())
