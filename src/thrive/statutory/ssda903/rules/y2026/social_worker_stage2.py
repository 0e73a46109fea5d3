"""2025/26: the latest social worker episode is open at 31 March."""

from __future__ import annotations

import polars as pl

from thrive.statutory.rules import ReturnData
from thrive.statutory.ssda903.rules.y2024.social_worker_stage2 import SW_DEC, ordered, rule


@rule(
    "SW17STG2",
    ["SW_DEC", "SW_DECOM"],
    "There is no social worker episode open at 31 March: the child's latest social worker "
    "episode should have no end date.",
    since=2026,
)
def rule_sw17(data: ReturnData) -> pl.DataFrame:
    return ordered(data).filter(pl.col("__is_last") & pl.col(SW_DEC).is_not_null())
