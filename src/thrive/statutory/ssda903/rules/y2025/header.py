"""2024/25 changes to header rules: sex is now recorded as M, F or U."""

from __future__ import annotations

import polars as pl

from thrive.statutory.issues import Severity
from thrive.statutory.rules import ReturnData
from thrive.statutory.ssda903 import spec
from thrive.statutory.ssda903.derived import blank_or_not_in
from thrive.statutory.ssda903.registry import registry


@registry.rule(
    "101",
    severity=Severity.ERROR,
    tables=(spec.HEADER,),
    fields=("SEX",),
    since=2025,
    message="Sex code is not valid: from 2024/25 use M (male), F (female) or U (unknown).",
)
def rule_101(data: ReturnData) -> pl.DataFrame:
    return data[spec.HEADER].filter(blank_or_not_in("SEX", spec.sex_codes(data.year)))
