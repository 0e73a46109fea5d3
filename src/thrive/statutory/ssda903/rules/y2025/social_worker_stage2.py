"""2024/25: every social worker episode must be complete (SW01STG1 split in two)."""

from __future__ import annotations

import datetime as dt

import polars as pl

from thrive.statutory.rules import ReturnData
from thrive.statutory.ssda903.rules.y2024.social_worker_stage2 import SW, SW_DECOM, rule

REASONS_FROM = dt.date(2023, 4, 1)
"""Reasons for a change of social worker are collected for episodes from 1 April 2023."""


@rule(
    "SW01aSTG1",
    ["SW_DECOM", "SW_ID"],
    "For each social worker episode, information should be complete: give SW_DECOM, and "
    "SW_ID for an episode that started before 1 April 2023.",
    since=2025,
)
def rule_sw01a(data: ReturnData) -> pl.DataFrame:
    before = (pl.col(SW_DECOM) < REASONS_FROM).fill_null(False)
    return data[SW].filter((before & pl.col("SW_ID").is_null()) | pl.col(SW_DECOM).is_null())


@rule(
    "SW01bSTG1",
    ["SW_DECOM", "SW_ID", "SW_REASON"],
    "For each social worker episode, information should be complete: give SW_DECOM, SW_ID and "
    "SW_REASON for an episode that started on or after 1 April 2023.",
    since=2025,
)
def rule_sw01b(data: ReturnData) -> pl.DataFrame:
    after = (pl.col(SW_DECOM) >= REASONS_FROM).fill_null(False)
    incomplete = pl.col("SW_ID").is_null() | pl.col("SW_REASON").is_null()
    return data[SW].filter((after & incomplete) | pl.col(SW_DECOM).is_null())
