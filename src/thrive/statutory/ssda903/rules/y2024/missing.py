"""Missing and away-from-placement rules: codes, dates, overlaps and leaving care."""

from __future__ import annotations

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
    bad_date,
    episodes,
    not_in,
    with_dob,
)
from thrive.statutory.ssda903.registry import registry

E = Severity.ERROR
MI = spec.MISSING
MIS_START = date_col("MIS_START")
MIS_END = date_col("MIS_END")


def _rule(code: str, fields: Iterable[str], message: str) -> Callable[[RuleFunction], RuleFunction]:
    return registry.rule(code, severity=E, tables=(MI,), fields=tuple(fields), message=message)


@_rule(
    "1004",
    ["MIS_START"],
    "Start date of the missing or away period is blank or not a valid date: use dd/mm/yyyy.",
)
def rule_1004(data: ReturnData) -> pl.DataFrame:
    # Every missing or away period has a start date, so a blank one is not a valid date either.
    return data[MI].filter(pl.col(MIS_START).is_null())


@_rule(
    "1005",
    ["MIS_END"],
    "End date of the missing or away period is not a valid date: use "
    "dd/mm/yyyy or leave it blank if still missing.",
)
def rule_1005(data: ReturnData) -> pl.DataFrame:
    return data[MI].filter(bad_date("MIS_END"))


@_rule(
    "1006",
    ["MISSING"],
    "Missing type is not valid: use M (missing) or A (away from placement without authorisation).",
)
def rule_1006(data: ReturnData) -> pl.DataFrame:
    return data[MI].filter(not_in("MISSING", spec.MISSING_CODES))


@_rule(
    "564",
    ["MISSING", "MIS_START"],
    "The child was missing or away but the start date is blank: add MIS_START.",
)
def rule_564(data: ReturnData) -> pl.DataFrame:
    return data[MI].filter(pl.col("MISSING").is_not_null() & pl.col("MIS_START").is_null())


@_rule(
    "565",
    ["MISSING", "MIS_START"],
    "A missing start date is given but whether the child was "
    "missing (M) or away (A) is blank: fill in MISSING.",
)
def rule_565(data: ReturnData) -> pl.DataFrame:
    return data[MI].filter(pl.col("MIS_START").is_not_null() & pl.col("MISSING").is_null())


@_rule(
    "566",
    ["MISSING", "MIS_END"],
    "A missing end date is given but whether the child was "
    "missing (M) or away (A) is blank: fill in MISSING.",
)
def rule_566(data: ReturnData) -> pl.DataFrame:
    return data[MI].filter(pl.col("MIS_END").is_not_null() & pl.col("MISSING").is_null())


@_rule(
    "567",
    ["MIS_START", "MIS_END"],
    "The missing or away period ends before it starts: check both dates.",
)
def rule_567(data: ReturnData) -> pl.DataFrame:
    return data[MI].filter(pl.col(MIS_END) < pl.col(MIS_START))


@_rule(
    "570",
    ["MIS_START"],
    "The missing or away period starts after the end of the collection year: check the date.",
)
def rule_570(data: ReturnData) -> pl.DataFrame:
    return data[MI].filter(pl.col(MIS_START) > data.period_end)


@_rule(
    "571",
    ["MIS_END"],
    "The missing or away period ends before the start or after the end of "
    "the collection year: check the date.",
)
def rule_571(data: ReturnData) -> pl.DataFrame:
    return data[MI].filter(
        (pl.col(MIS_END) < data.period_start) | (pl.col(MIS_END) > data.period_end)
    )


@_rule(
    "574",
    ["MIS_START", "MIS_END"],
    "A missing or away period starts while the previous one is still open, or the periods "
    "overlap: check the dates.",
)
def rule_574(data: ReturnData) -> pl.DataFrame:
    # Periods in the order they ended (an open one by its start): each must start on or after
    # the day the one before it ended, and the one before must have ended. A period may start
    # the day the previous one ended, as episodes do.
    ordered = data[MI].with_columns(pl.coalesce(MIS_END, MIS_START).alias("__end_or_start"))
    frame = ordered.sort([CHILD, "__end_or_start", MIS_START, ROW], nulls_last=True)
    same_child = (pl.col(CHILD) == pl.col(CHILD).shift(1)).fill_null(False)
    previous_end = pl.col(MIS_END).shift(1)
    still_open = previous_end.is_null()
    overlaps = (pl.col(MIS_START) < previous_end).fill_null(False)
    return frame.filter(same_child & (still_open | overlaps))


@_rule(
    "586",
    ["MIS_START", "DOB"],
    "The missing or away period starts before the child was born: check the dates.",
)
def rule_586(data: ReturnData) -> pl.DataFrame:
    frame = with_dob(data[MI], data)
    return frame.filter(pl.col(MIS_START) < pl.coalesce(pl.col(HEADER_DOB), pl.col(DOB)))


def _care_spells(data: ReturnData) -> pl.DataFrame:
    """Each child's spells in care: episodes joined end to start (or overlapping).

    A new spell starts when an episode begins after the previous one ended. `__spell_end` is
    the DEC of the spell's last episode (blank while it is open).
    """

    def build() -> pl.DataFrame:
        frame = episodes(data).filter(pl.col(DECOM).is_not_null())
        gap = (pl.col(DECOM) > pl.col("prev_DEC")).fill_null(False)
        new_spell = pl.col("is_first") | (pl.col(CHILD) != pl.col(CHILD).shift(1)) | gap
        frame = frame.with_columns(new_spell.fill_null(True).cum_sum().alias("__spell"))
        return frame.group_by("__spell", maintain_order=True).agg(
            pl.col(CHILD).first(),
            pl.col(DECOM).first().alias("__spell_start"),
            pl.col(DEC).last().alias("__spell_end"),
        )

    return data.cached("903.care_spells", build)


def _outside_every_spell(data: ReturnData, outside: pl.Expr) -> pl.DataFrame:
    """Missing rows for which `outside` holds against every care spell of the child."""
    joined = data[MI].join(_care_spells(data), on=CHILD, how="inner")
    flagged = joined.group_by(ROW).agg(outside.fill_null(False).all().alias("__out"))
    rows = flagged.filter(pl.col("__out")).select(ROW)
    return data[MI].join(rows, on=ROW, how="semi")


@_rule(
    "581",
    ["MIS_START"],
    "The child is recorded as missing on a date they were not looked after (before care "
    "started or between episodes): check the dates.",
)
def rule_581(data: ReturnData) -> pl.DataFrame:
    frame = episodes(data).select(CHILD, DECOM, DEC)
    joined = data[MI].filter(pl.col(MIS_START).is_not_null()).join(frame, on=CHILD, how="inner")
    within = (pl.col(MIS_START) >= pl.col(DECOM)) & (
        pl.col(DEC).is_null() | (pl.col(MIS_START) <= pl.col(DEC))
    )
    inside = joined.group_by(ROW).agg(within.fill_null(False).any().alias("__in"))
    rows = inside.filter(~pl.col("__in")).select(ROW)
    return data[MI].join(rows, on=ROW, how="semi")


@_rule(
    "578",
    ["MIS_START"],
    "The missing or away period starts when the child was not looked after (before a period "
    "of care began or after it ended): check the dates.",
)
def rule_578(data: ReturnData) -> pl.DataFrame:
    start = pl.col(MIS_START)
    outside = (start < pl.col("__spell_start")) | (start > pl.col("__spell_end"))
    return _outside_every_spell(data, outside)


@_rule(
    "577",
    ["MIS_END"],
    "The missing or away period does not fit in a period of care: it has no end date though "
    "the child has left care, or it ends before care started or after it ended.",
)
def rule_577(data: ReturnData) -> pl.DataFrame:
    open_ = pl.col("MIS_END").is_null() & pl.col(MIS_START).is_not_null()
    end, spell_start, spell_end = pl.col(MIS_END), pl.col("__spell_start"), pl.col("__spell_end")
    outside = (
        (open_ & spell_end.is_not_null())
        | (pl.col("MIS_END").is_null() & (pl.col(MIS_START) < spell_start))
        | (end > spell_end)
        | (end < spell_start)
    )
    return _outside_every_spell(data, outside)


@registry.rule(
    "580",
    severity=E,
    tables=(spec.EPISODES,),
    fields=("REC", "MIS_START", "MIS_END"),
    message="The child was missing when they stopped being looked after, so the reason episode "
    "ceased should be E8: check REC or the missing dates.",
)
def rule_580(data: ReturnData) -> pl.DataFrame:
    ended = episodes(data).filter(
        pl.col("REC").is_not_null() & (pl.col("REC") != "X1") & pl.col(DEC).is_not_null()
    )
    missing = data[MI].filter(pl.col(MIS_START).is_not_null()).select(CHILD, MIS_START, MIS_END)
    joined = ended.join(missing, on=CHILD, how="inner")
    during = (pl.col(MIS_START) <= pl.col(DEC)) & (
        pl.col(MIS_END).is_null() | (pl.col(MIS_END) > pl.col(DEC))
    )
    return joined.filter(during & (pl.col("REC") != "E8"))
