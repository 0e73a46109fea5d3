"""Social worker episode rules (table introduced in 2023/24), DfE codes SWnn STG1/STG2."""

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
    bad_date,
    episodes,
    not_in,
)
from thrive.statutory.ssda903.registry import registry

E = Severity.ERROR
SW = spec.SOCIAL_WORKER_EPISODES
SW_DECOM = date_col("SW_DECOM")
SW_DEC = date_col("SW_DEC")


def _rule(code: str, fields: Iterable[str], message: str) -> Callable[[RuleFunction], RuleFunction]:
    return registry.rule(code, severity=E, tables=(SW,), fields=tuple(fields), message=message)


def _sorted(data: ReturnData) -> pl.DataFrame:
    def build() -> pl.DataFrame:
        frame = data[SW].sort([CHILD, SW_DECOM, ROW], nulls_last=True)
        child = pl.col(CHILD)
        same_as_previous = (child == child.shift(1)).fill_null(False)
        same_as_next = (child == child.shift(-1)).fill_null(False)
        return frame.with_columns(
            pl.when(same_as_previous).then(pl.col(SW_DEC).shift(1)).alias("prev_SW_DEC"),
            same_as_previous.alias("has_previous"),
            (~same_as_next).alias("is_last"),
        )

    return data.cached("903.sw_sorted", build)


@_rule(
    "SW02STG1",
    ["SW_ID"],
    "Social worker ID is blank or does not begin with SW (Social Work England "
    "registration) or XX (not registered).",
)
def rule_sw02(data: ReturnData) -> pl.DataFrame:
    # A blank ID has no valid format either.
    return data[SW].filter(~pl.col("SW_ID").str.contains("^(SW|XX)").fill_null(False))


@_rule(
    "SW03STG1",
    ["SW_ID", "SW_DECOM", "SW_REASON"],
    "Each social worker episode needs the social worker ID and start date, and a reason for "
    "the change once the episode has ended.",
)
def rule_sw03(data: ReturnData) -> pl.DataFrame:
    incomplete = pl.col("SW_ID").is_null() | pl.col("SW_DECOM").is_null()
    no_reason = pl.col("SW_DEC").is_not_null() & pl.col("SW_REASON").is_null()
    return data[SW].filter(incomplete | no_reason)


@_rule(
    "SW04STG1",
    ["SW_DECOM"],
    "Date the social worker episode began is not a valid date: use dd/mm/yyyy.",
)
def rule_sw04(data: ReturnData) -> pl.DataFrame:
    return data[SW].filter(bad_date("SW_DECOM"))


@_rule(
    "SW05STG1",
    ["SW_DEC"],
    "Date the social worker episode ended is not a valid date: use dd/mm/yyyy or leave it blank.",
)
def rule_sw05(data: ReturnData) -> pl.DataFrame:
    return data[SW].filter(bad_date("SW_DEC"))


# SW_REASON became part of the return for social worker episodes starting on or after 1 April
# 2023; from then on every episode (open or ended) must say why the social worker changed.
SW_REASON_REQUIRED_FROM = dt.date(2023, 4, 1)


@_rule(
    "SW13STG1",
    ["SW_REASON"],
    "Reason for social worker change is blank or not valid: every social worker episode "
    "starting on or after 1 April 2023 needs one of MANAGE, FCONTA, LEFTRL, ORGRST, TSPROC, "
    "ABSENC, CHCHAN, PCCHAN, SWDIED or OTHERS.",
)
def rule_sw13(data: ReturnData) -> pl.DataFrame:
    blank = pl.col("SW_REASON").is_null() & (pl.col(SW_DECOM) >= SW_REASON_REQUIRED_FROM)
    return data[SW].filter(not_in("SW_REASON", spec.SW_REASON) | blank.fill_null(False))


@_rule(
    "SW06STG2",
    ["SW_DECOM"],
    "Social worker episode starts after the end of the collection year: check the date.",
)
def rule_sw06(data: ReturnData) -> pl.DataFrame:
    return data[SW].filter(pl.col(SW_DECOM) > data.period_end)


@_rule(
    "SW07STG2",
    ["SW_DEC"],
    "Social worker episode end date must be within the collection year: check the date.",
)
def rule_sw07(data: ReturnData) -> pl.DataFrame:
    return data[SW].filter(
        (pl.col(SW_DEC) < data.period_start) | (pl.col(SW_DEC) > data.period_end)
    )


@_rule(
    "SW09STG2",
    ["SW_DECOM", "SW_DEC"],
    "Social worker episode starts and ends on the same day (under 24 hours): check the dates.",
)
def rule_sw09(data: ReturnData) -> pl.DataFrame:
    return data[SW].filter(pl.col(SW_DECOM) == pl.col(SW_DEC))


@_rule(
    "SW10STG2",
    ["SW_DECOM"],
    "A new social worker episode starts before the previous one "
    "ended: social worker episodes must not overlap.",
)
def rule_sw10(data: ReturnData) -> pl.DataFrame:
    return _sorted(data).filter(pl.col(SW_DECOM) < pl.col("prev_SW_DEC"))


@registry.rule(
    "SW01STG1",
    severity=E,
    tables=(spec.EPISODES,),
    fields=("DEC",),
    message="The child is looked after on 31 March but no social worker episodes are reported: "
    "add the child's social worker episodes.",
)
def rule_sw01(data: ReturnData) -> pl.DataFrame:
    frame = episodes(data).filter(pl.col("is_last") & pl.col(DEC).is_null())
    return frame.join(data[SW].select(CHILD), on=CHILD, how="anti")
