"""Rules comparing this year's return with last year's (given with --previous).

When last year's return is not given these rules are reported as "not checked".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import polars as pl

from thrive.statutory.issues import Severity
from thrive.statutory.reading import ROW, date_col
from thrive.statutory.rules import ReturnData, RuleFunction
from thrive.statutory.ssda903 import spec
from thrive.statutory.ssda903.derived import CHILD, DECOM, DOB, episodes
from thrive.statutory.ssda903.registry import registry

E = Severity.ERROR
H = spec.HEADER
EP = spec.EPISODES


def _rule(
    code: str, table: str, fields: Iterable[str], message: str
) -> Callable[[RuleFunction], RuleFunction]:
    return registry.rule(
        code,
        severity=E,
        tables=(table,),
        fields=tuple(fields),
        message=message,
        needs_previous=True,
    )


def _previous(data: ReturnData) -> ReturnData:
    if data.previous is None:  # the runner never calls these rules without it
        raise ValueError("last year's return is needed")
    return data.previous


_SEX_TO_CURRENT = {"1": "M", "2": "F"}


def _header_last(data: ReturnData, column: str) -> pl.DataFrame:
    previous = _previous(data)
    last = previous[H].unique(CHILD, keep="first")
    value = pl.col(column)
    if column == "SEX" and previous.year <= 2024:
        # 2023/24 returns coded sex 1/2; 2024/25 onwards M/F: the same child is no change.
        value = value.replace(_SEX_TO_CURRENT)
    return last.select(CHILD, value.alias("__last"))


def _header_changed(data: ReturnData, column: str) -> pl.DataFrame:
    """Children in both years whose value differs (a value given one year only differs)."""
    joined = data[H].join(_header_last(data, column), on=CHILD, how="inner")
    current = pl.col(column)
    if column == "SEX":
        # Both sides in M/F: a 2023/24 (or older) return with last year's is coded 1/2 too.
        current = current.replace(_SEX_TO_CURRENT)
    return joined.filter(current.ne_missing(pl.col("__last")))


@_rule(
    "202",
    H,
    ["SEX"],
    "Sex differs from the sex recorded for this child last year: check which is right.",
)
def rule_202(data: ReturnData) -> pl.DataFrame:
    return _header_changed(data, "SEX")


@_rule(
    "203",
    H,
    ["DOB"],
    "Date of birth differs from the one recorded for this child last year: check which is right.",
)
def rule_203(data: ReturnData) -> pl.DataFrame:
    joined = data[H].join(
        _previous(data)[H].unique(CHILD, keep="first").select(CHILD, pl.col(DOB).alias("__last")),
        on=CHILD,
        how="inner",
    )
    return joined.filter(pl.col(DOB) != pl.col("__last"))


@_rule(
    "204",
    H,
    ["ETHNIC"],
    "Ethnicity differs from the one recorded for this child last year: check which is right.",
)
def rule_204(data: ReturnData) -> pl.DataFrame:
    joined = data[H].join(_header_last(data, "ETHNIC"), on=CHILD, how="inner")
    upper = pl.col("ETHNIC").str.to_uppercase()
    return joined.filter(upper.ne_missing(pl.col("__last").str.to_uppercase()))


@_rule(
    "208",
    H,
    ["UPN"],
    "UPN differs from the UPN recorded for this child last year: check which is right.",
)
def rule_208(data: ReturnData) -> pl.DataFrame:
    # DfE allows a UPN to progress, never to go back: blank or UN1 (not yet known) to a reason
    # code UN2-UN5, and blank or any UN code to the real UPN once it is known.
    joined = data[H].join(_header_last(data, "UPN"), on=CHILD, how="inner")
    now, last = pl.col("UPN").str.to_uppercase(), pl.col("__last").str.to_uppercase()
    unknown = sorted(spec.UPN_UNKNOWN)
    reasons = sorted(spec.UPN_UNKNOWN - {"UN1"})
    was_unknown = last.is_null() | last.is_in(unknown)
    to_reason = (last.is_null() | (last == "UN1")) & now.is_in(reasons)
    to_known = was_unknown & now.is_not_null() & ~now.is_in(unknown)
    allowed = (to_reason | to_known).fill_null(False)
    return joined.filter(now.ne_missing(last) & ~allowed)


@_rule(
    "624",
    H,
    ["MC_DOB"],
    "Date of birth of the mother's first child differs from the one "
    "recorded last year: check which is right.",
)
def rule_624(data: ReturnData) -> pl.DataFrame:
    # Once recorded, the date stays: a blank this year differs too.
    joined = data[H].join(_header_last(data, "MC_DOB"), on=CHILD, how="inner")
    return joined.filter(
        pl.col("__last").is_not_null() & pl.col("MC_DOB").ne_missing(pl.col("__last"))
    )


def _last_latest(data: ReturnData) -> pl.DataFrame:
    """Each child's latest-starting episode in last year's return (open or not)."""
    previous_episodes = _previous(data)[EP].filter(pl.col(DECOM).is_not_null())
    ordered = previous_episodes.sort([CHILD, DECOM, ROW], descending=[False, True, False])
    return ordered.unique(CHILD, keep="first", maintain_order=True)


def _first_this_year(data: ReturnData) -> pl.DataFrame:
    return episodes(data).filter(pl.col("is_first"))


@_rule(
    "502",
    EP,
    ["DECOM"],
    "Last year's return ended with an open episode but its start date "
    "differs from this year's first episode: the open episode must carry over unchanged.",
)
def rule_502(data: ReturnData) -> pl.DataFrame:
    # Compared with every episode left open last year (two open ones cannot both carry over).
    last = _previous(data)[EP]
    carried = last.filter(pl.col("DEC").is_null()).select(CHILD, pl.col(DECOM).alias("__last"))
    joined = _first_this_year(data).join(carried, on=CHILD, how="inner")
    differs = joined.filter(~pl.col(DECOM).eq_missing(pl.col("__last")))
    return differs.unique(ROW, keep="first", maintain_order=True)


# Placement types DfE retired in 2025/26 with the codes that replaced them: an episode open
# across 1 April 2025 recoded from one to the other is not a change in 503D.
_PLACE_RENAMED = {"H5": ("K3",), "Z1": ("Z11", "Z12", "Z13", "Z14")}


def _carried_field_rule(code: str, field: str, what: str) -> None:
    @_rule(
        code,
        EP,
        [field],
        f"The {what} in the first episode differs from last year's open "
        "episode: the open episode must carry over unchanged.",
    )
    def check(data: ReturnData) -> pl.DataFrame:
        # DfE compares this year's first episode with last year's latest one, when that was
        # still open (a different start date is rule 502's concern, not a reason to skip).
        carried = (
            _last_latest(data)
            .filter(pl.col("DEC").is_null())
            .select(CHILD, pl.col(field).alias("__last"))
        )
        joined = _first_this_year(data).join(carried, on=CHILD, how="inner")
        differs = ~pl.col(field).eq_missing(pl.col("__last"))
        if field == "PLACE" and data.year == 2026:
            for old, new in _PLACE_RENAMED.items():
                recoded = (pl.col("__last") == old) & pl.col(field).is_in(new)
                differs = differs & ~recoded.fill_null(False)
        return joined.filter(differs)


_carried_field_rule("503A", "RNE", "reason for new episode")
_carried_field_rule("503B", "LS", "legal status")
_carried_field_rule("503C", "CIN", "category of need")
_carried_field_rule("503D", "PLACE", "placement type")
_carried_field_rule("503E", "PLACE_PROVIDER", "placement provider")
_carried_field_rule("503F", "URN", "Ofsted URN")


@_rule(
    "562",
    EP,
    ["DECOM"],
    "This episode started before the collection year but is not in "
    "last year's return: add it to last year's data or correct the start date.",
)
def rule_562(data: ReturnData) -> pl.DataFrame:
    # The earliest episode this year that began before 1 April must be the one last year's
    # return ended with (the child's latest episode there).
    earlier = episodes(data).filter(pl.col(DECOM) < data.period_start)
    first_earlier = earlier.unique(CHILD, keep="first", maintain_order=True)
    latest = _last_latest(data).select(CHILD, DECOM)
    return first_earlier.join(latest, on=[CHILD, DECOM], how="anti")


@_rule(
    "NoE",
    EP,
    ["DECOM"],
    "The child started to be looked after before this year but has no "
    "episodes in last year's return: check last year's data.",
)
def rule_noe(data: ReturnData) -> pl.DataFrame:
    last_children = _previous(data)[EP].select(CHILD).unique()
    earlier = _first_this_year(data).filter(pl.col(DECOM) < data.period_start)
    return earlier.join(last_children, on=CHILD, how="anti")


@_rule(
    "576",
    spec.MISSING,
    ["MIS_START"],
    "Last year's return has an open missing or away period for this child that is not carried "
    "into this year: add it with its end date.",
)
def rule_576(data: ReturnData) -> dict[str, pl.DataFrame]:
    start = date_col("MIS_START")
    open_last = _previous(data)[spec.MISSING].filter(
        pl.col("MIS_END").is_null() & pl.col(start).is_not_null()
    )
    this_year = data[spec.MISSING].select(CHILD, start)
    lost = open_last.join(this_year, on=[CHILD, start], how="anti").select(CHILD).unique()
    # Point at the child's missing rows this year, or at their header row when they have none.
    with_rows = data[spec.MISSING].join(lost, on=CHILD, how="semi")
    without_rows = lost.join(with_rows.select(CHILD), on=CHILD, how="anti")
    return {
        spec.MISSING: with_rows.unique(CHILD, keep="first"),
        H: data[H].join(without_rows, on=CHILD, how="semi"),
    }


PA = spec.PLACED_FOR_ADOPTION
DATE_PLACED = date_col("DATE_PLACED")


def _decisions(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.filter(pl.col(DATE_PLACED).is_not_null())


@_rule(
    "559",
    PA,
    ["DATE_PLACED"],
    "This decision to place for adoption was made before this collection year but is not in "
    "last year's return: add it to last year's data or correct the date.",
)
def rule_559(data: ReturnData) -> pl.DataFrame:
    last = _decisions(_previous(data)[PA]).select(CHILD, DATE_PLACED)
    earlier = _decisions(data[PA]).filter(pl.col(DATE_PLACED) < data.period_start)
    return earlier.join(last, on=[CHILD, DATE_PLACED], how="anti")


@_rule(
    "560",
    PA,
    ["DATE_PLACED", "DATE_PLACED_CEASED"],
    "Last year's decision to place for adoption was still open, but this year's decisions for "
    "the child do not include it: carry the decision over with its original date.",
)
def rule_560(data: ReturnData) -> pl.DataFrame:
    # While last year's decision is still in force, every decision returned this year must be
    # that one: a different date means the decision changed without being recorded as ceased.
    open_last = _decisions(_previous(data)[PA]).filter(pl.col("DATE_PLACED_CEASED").is_null())
    last_dates = open_last.select(CHILD, pl.col(DATE_PLACED).alias("__last"))
    joined = data[PA].join(last_dates, on=CHILD, how="inner")
    differs = joined.filter(~pl.col(DATE_PLACED).eq_missing(pl.col("__last")))
    return differs.unique(ROW, keep="first", maintain_order=True)


@_rule(
    "561",
    PA,
    ["DATE_PLACED"],
    "This decision to place for adoption was recorded last year as no longer in force (a "
    "date or reason it ceased was given), so it should not be returned again this year: "
    "remove the row, or correct the date of a new decision.",
)
def rule_561(data: ReturnData) -> pl.DataFrame:
    ceased = (
        pl.col("DATE_PLACED_CEASED").is_not_null() | pl.col("REASON_PLACED_CEASED").is_not_null()
    )
    reversed_last = _decisions(_previous(data)[PA]).filter(ceased)
    keys = reversed_last.select(CHILD, DATE_PLACED).unique()
    return _decisions(data[PA]).join(keys, on=[CHILD, DATE_PLACED], how="semi")


@_rule(
    "1010",
    spec.OC3,
    ["IN_TOUCH", "ACTIV", "ACCOM"],
    "The young person was still looked after at the end of last year but has no episodes this "
    "year, yet care leaver information is given: add this year's episodes or remove the "
    "care leaver information.",
)
def rule_1010(data: ReturnData) -> pl.DataFrame:
    # Looked after at the end of last year: the child's latest episode there was still open.
    open_last = _last_latest(data).filter(pl.col("DEC").is_null()).select(CHILD)
    leavers = data[spec.OC3].filter(
        pl.any_horizontal(pl.col(c).is_not_null() for c in ("IN_TOUCH", "ACTIV", "ACCOM"))
    )
    without_episodes = leavers.join(data[EP].select(CHILD), on=CHILD, how="anti")
    return without_episodes.join(open_last, on=CHILD, how="semi")
