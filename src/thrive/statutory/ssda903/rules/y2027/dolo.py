"""Deprivation of liberty orders (DoLo table, new in 2026/27).

DfE's own codes for this table were not published when this was written, so these checks use
Thrive's local codes DOLO01-DOLO04 (documented in docs/rules.md).
"""

from __future__ import annotations

import polars as pl

from thrive.statutory.issues import Severity
from thrive.statutory.reading import date_col
from thrive.statutory.rules import ReturnData
from thrive.statutory.ssda903 import spec
from thrive.statutory.ssda903.derived import CHILD, bad_date, blank_or_bad_date
from thrive.statutory.ssda903.registry import registry

E = Severity.ERROR
DL = spec.DOLO


@registry.rule(
    "DOLO01",
    severity=E,
    tables=(DL,),
    fields=("DOLO_START",),
    since=2027,
    message="Start date of the deprivation of liberty order is blank or not a valid date: use "
    "dd/mm/yyyy.",
)
def rule_dolo01(data: ReturnData) -> pl.DataFrame:
    return data[DL].filter(blank_or_bad_date("DOLO_START"))


@registry.rule(
    "DOLO02",
    severity=E,
    tables=(DL,),
    fields=("DOLO_END",),
    since=2027,
    message="End date of the deprivation of liberty order is not a valid date: use dd/mm/yyyy "
    "or leave it blank if the order is still in force.",
)
def rule_dolo02(data: ReturnData) -> pl.DataFrame:
    return data[DL].filter(bad_date("DOLO_END"))


@registry.rule(
    "DOLO03",
    severity=E,
    tables=(DL,),
    fields=("DOLO_START", "DOLO_END"),
    since=2027,
    message="The deprivation of liberty order ends before it starts: check both dates.",
)
def rule_dolo03(data: ReturnData) -> pl.DataFrame:
    return data[DL].filter(pl.col(date_col("DOLO_END")) < pl.col(date_col("DOLO_START")))


@registry.rule(
    "DOLO04",
    severity=E,
    tables=(DL,),
    fields=("CHILD",),
    since=2027,
    message="The child with a deprivation of liberty order is not in the header table: add the "
    "child or correct the CHILD id.",
)
def rule_dolo04(data: ReturnData) -> pl.DataFrame:
    return data[DL].join(data[spec.HEADER].select(CHILD).drop_nulls(), on=CHILD, how="anti")
