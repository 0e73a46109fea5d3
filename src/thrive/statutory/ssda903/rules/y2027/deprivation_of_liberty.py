"""Deprivation of liberty orders (DoLO table, 2026/27): DfE's rules 700-710."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import polars as pl

from thrive.statutory.issues import Severity
from thrive.statutory.reading import ROW, date_col
from thrive.statutory.rules import ReturnData, RuleFunction
from thrive.statutory.ssda903 import spec
from thrive.statutory.ssda903.derived import CHILD, DEC, DECOM, DOB, episodes
from thrive.statutory.ssda903.registry import registry

DL, EP = spec.DOLO, spec.EPISODES
START, END = date_col("DOLO_START"), date_col("DOLO_END")


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
        severity=Severity.ERROR,
        tables=tuple(tables),
        fields=tuple(fields),
        message=message,
        since=2027,
        needs_previous=needs_previous,
    )


@_rule("700", [DL], ["DOLO_START"], "The start date of the DoLO is not a valid date: use "
       "dd/mm/yyyy.")  # fmt: skip
def rule_700(data: ReturnData) -> pl.DataFrame:
    return data[DL].filter(pl.col(START).is_null())


@_rule("701", [DL], ["DOLO_END"], "The end date of the DoLO is not a valid date: use "
       "dd/mm/yyyy, or leave it blank while the order is in force.")  # fmt: skip
def rule_701(data: ReturnData) -> pl.DataFrame:
    return data[DL].filter(pl.col("DOLO_END").is_not_null() & pl.col(END).is_null())


@_rule("702", [DL], ["DOLO_START", "DOLO_END"], "The date that the DoLO ended is before the "
       "date that it started (or the same day).")  # fmt: skip
def rule_702(data: ReturnData) -> pl.DataFrame:
    return data[DL].filter(pl.col(END) <= pl.col(START))


@_rule("703", [DL], ["DOLO_START"], "The date that the DoLO started is after the end of the "
       "collection year.")  # fmt: skip
def rule_703(data: ReturnData) -> pl.DataFrame:
    return data[DL].filter(pl.col(START) > data.period_end)


@_rule("704", [DL], ["DOLO_END"], "The date that the DoLO ended is before the start or after "
       "the end of the collection year.")  # fmt: skip
def rule_704(data: ReturnData) -> pl.DataFrame:
    return data[DL].filter(~pl.col(END).is_between(data.period_start, data.period_end))


@_rule("705", [DL], ["DOLO_START", "DOLO_END"], "A DoLO cannot start when the previous DoLO is "
       "still open: end the earlier order first.")  # fmt: skip
def rule_705(data: ReturnData) -> pl.DataFrame:
    ordered = (
        data[DL]
        .with_columns(pl.coalesce(END, START).alias("__until"))
        .sort([CHILD, "__until", START, ROW], nulls_last=True)
    )
    same_child = pl.col(CHILD) == pl.col(CHILD).shift(1)
    previous_open = pl.col(END).shift(1).is_null()
    overlaps = pl.col(START) < pl.col(END).shift(1)
    return ordered.filter(same_child.fill_null(False) & (previous_open | overlaps.fill_null(False)))


@_rule("706", [spec.HEADER], ["DOLO_START"], "There is an open DoLO in last year's return "
       "and there is no corresponding DoLO recorded at the start of this year: repeat it with "
       "the same start date.", needs_previous=True)  # fmt: skip
def rule_706(data: ReturnData) -> pl.DataFrame:
    if data.previous is None:  # the runner never calls it without last year
        raise ValueError("last year's return is needed")
    if DL not in data.previous:  # 2025/26 and earlier returns have no DoLO table
        return data[spec.HEADER].clear()
    open_last = data.previous[DL].filter(pl.col("DOLO_END").is_null())
    carried = data[DL].select(CHILD, "DOLO_START")
    missing = open_last.join(carried, on=[CHILD, "DOLO_START"], how="anti")
    # The missing order has no row this year: the child's Header row is reported.
    return data[spec.HEADER].filter(pl.col(CHILD).is_in(missing[CHILD].implode()))


@_rule("707", [DL], ["DOLO_END"], "Child ceased to be looked after but there is a DoLO without "
       "an end date: a DoLO must fall within a period of care.")  # fmt: skip
def rule_707(data: ReturnData) -> pl.DataFrame:
    periods = (
        episodes(data)
        .filter(pl.col(DECOM).is_not_null())
        .group_by("period")
        .agg(
            pl.col(CHILD).first(),
            pl.col(DECOM).min().alias("__from"),
            pl.col(DEC).last().alias("__to"),
        )
    )
    orders = data[DL].filter(pl.col(START).is_not_null())
    joined = orders.join(periods, on=CHILD, how="inner")
    outside = (
        (pl.col(END).is_null() & pl.col("__to").is_not_null())
        | (pl.col(END).is_null() & (pl.col(START) < pl.col("__from")))
        | (pl.col(END) > pl.col("__to")).fill_null(False)
        | (pl.col(END) < pl.col("__from")).fill_null(False)
    )
    # Wrong only when the order sits outside every period of care of the child.
    inside_one = joined.filter(~outside.fill_null(False))[ROW].implode()
    return orders.filter(
        pl.col(CHILD).is_in(periods[CHILD].implode()) & ~pl.col(ROW).is_in(inside_one)
    )


@_rule("708", [DL], ["DOLO_START"], "Dates of DoLOs are before child's date of birth.")  # fmt: skip
def rule_708(data: ReturnData) -> pl.DataFrame:
    return data[DL].filter(pl.col(START) <= pl.col(DOB))


def _overlapping(data: ReturnData) -> pl.DataFrame:
    orders = data[DL].filter(pl.col(START).is_not_null() & pl.col(END).is_not_null())
    pairs = data[EP].select(CHILD, DECOM, DEC, "PLACE", pl.col(ROW).alias("__ep_row"))
    joined = orders.join(pairs, on=CHILD, how="inner")
    return joined.filter(
        ((pl.col(START) <= pl.col(DEC)) | pl.col(DEC).is_null()) & (pl.col(END) >= pl.col(DECOM))
    )


def _placement_rule(data: ReturnData, wrong: pl.Expr) -> dict[str, pl.DataFrame]:
    found = _overlapping(data).filter(wrong)
    return {
        DL: data[DL].filter(pl.col(ROW).is_in(found[ROW].implode())),
        EP: data[EP].filter(pl.col(ROW).is_in(found["__ep_row"].implode())),
    }


@_rule("709", [DL, EP], ["DOLO_START", "PLACE"], "Child with a DoLO is in an unexpected "
       "placement type: while the order lasts the placement should be K2, Z12 or Z13.")  # fmt: skip
def rule_709(data: ReturnData) -> dict[str, pl.DataFrame]:
    return _placement_rule(data, ~pl.col("PLACE").is_in(["K2", "Z12", "Z13"]).fill_null(False))


@_rule("710", [DL, EP], ["DOLO_START", "PLACE"], "Child with a DoLO can not be placed in secure "
       "children's homes, with parents, young offender institutions, or supported "
       "accommodation (K1, P1, R5, K3).")  # fmt: skip
def rule_710(data: ReturnData) -> dict[str, pl.DataFrame]:
    return _placement_rule(data, pl.col("PLACE").is_in(["K1", "P1", "R5", "K3"]).fill_null(False))
