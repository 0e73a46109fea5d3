"""Social worker episode rules (stage 1 and 2) added to close gaps in Thrive's set.

The 2023/24 versions are here; 2024/25 changes are in `y2025/social_worker_stage2.py`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

import polars as pl

from thrive.statutory.issues import Severity
from thrive.statutory.reading import ROW, date_col
from thrive.statutory.rules import ReturnData, RuleFunction
from thrive.statutory.ssda903 import spec
from thrive.statutory.ssda903.derived import CHILD, DEC, DECOM, lit_date
from thrive.statutory.ssda903.registry import registry

SW = spec.SOCIAL_WORKER_EPISODES
EP = spec.EPISODES
SW_DECOM = date_col("SW_DECOM")
SW_DEC = date_col("SW_DEC")
WINDOW = dt.timedelta(days=5)
"""Social worker episodes ending in the last five days of March may be changeovers."""


def rule(
    code: str,
    fields: Iterable[str],
    message: str,
    *,
    since: int = 2024,
    table: str = SW,
) -> Callable[[RuleFunction], RuleFunction]:
    return registry.rule(
        code,
        severity=Severity.ERROR,
        tables=(table,),
        fields=tuple(fields),
        message=message,
        since=since,
    )


def ordered(data: ReturnData) -> pl.DataFrame:
    """Social worker episodes by child and start, with the previous and next of the child."""

    def build() -> pl.DataFrame:
        frame = data[SW].sort([CHILD, SW_DECOM, ROW], nulls_last=True)
        same_prev = (pl.col(CHILD) == pl.col(CHILD).shift(1)).fill_null(False)
        same_next = (pl.col(CHILD) == pl.col(CHILD).shift(-1)).fill_null(False)
        return frame.with_columns(
            pl.when(same_prev).then(pl.col(SW_DEC).shift(1)).alias("__prev_dec"),
            pl.when(same_next).then(pl.col(SW_DECOM).shift(-1)).alias("__next_decom"),
            (~same_next).alias("__is_last"),
        )

    return data.cached("903.sw_ordered", build)


@rule(
    "SW08STG2",
    ["SW_DEC"],
    "A new social worker episode has started, but the previous episode has not ended: give "
    "the earlier episode's SW_DEC.",
)
def rule_sw08(data: ReturnData) -> pl.DataFrame:
    frame = ordered(data)
    return frame.filter(
        ~pl.col("__is_last")
        & pl.col(SW_DEC).is_null()
        & pl.col(SW_DECOM).is_not_null()
        & pl.col(CHILD).is_not_null()
    )


@rule(
    "SW11aSTG2",
    ["SW_DEC"],
    "Social worker episode has ended before 31 March and no subsequent social worker episode "
    "has been provided: the next episode should start within 5 days of the previous one "
    "ending.",
)
def rule_sw11a(data: ReturnData) -> pl.DataFrame:
    frame = ordered(data)
    ended = pl.col("__prev_dec") <= data.period_end - WINDOW
    gap = (pl.col(SW_DECOM) - pl.col("__prev_dec")).abs()
    return frame.filter(ended & (pl.col(SW_DECOM).is_null() | (gap > WINDOW)))


@rule(
    "SW11bSTG2",
    ["SW_DEC"],
    "Social worker episode has ended before 31 March and no subsequent social worker episode "
    "has been provided: an episode ending in the last 5 days of March needs the next one.",
)
def rule_sw11b(data: ReturnData) -> pl.DataFrame:
    frame = ordered(data)
    late = pl.col(SW_DEC).is_between(data.period_end - WINDOW, data.period_end)
    return frame.filter(late & pl.col("__next_decom").is_null())


@rule(
    "SW12STG2",
    ["SW_DECOM"],
    "If a child is looked after on 31 March then all social worker episodes for the full "
    "previous year should be reported, even those whilst they were not looked after: add "
    "the social worker episode covering the start of the year or of care.",
    table=EP,
)
def rule_sw12(data: ReturnData) -> pl.DataFrame:
    episodes = data[EP]
    looked_after = episodes.filter(
        pl.col(DEC).is_null()
        & pl.col(DECOM).is_not_null()
        & ~pl.col("LS").is_in(sorted(spec.RESPITE_LS)).fill_null(False)
    )
    # Social work must be reported from 1 April, or from the day care started in the year.
    started = (
        episodes.filter((pl.col("RNE") == "S") & (pl.col(DECOM) <= data.period_end))
        .group_by(CHILD)
        .agg(pl.col(DECOM).max().alias("__care_start"))
    )
    needed = looked_after.join(started, on=CHILD, how="left").with_columns(
        pl.max_horizontal(lit_date(data.period_start), pl.col("__care_start")).alias("__from")
    )
    first_sw = data[SW].group_by(CHILD).agg(pl.col(SW_DECOM).min().alias("__first_sw"))
    joined = needed.join(first_sw, on=CHILD, how="left")
    return joined.filter(~(pl.col("__first_sw") <= pl.col("__from")).fill_null(False))


@rule(
    "SW14STG2",
    ["SW_DEC"],
    "Social worker episode date ceased is blank: only the child's latest social worker "
    "episode may be open.",
)
def rule_sw14(data: ReturnData) -> pl.DataFrame:
    return ordered(data).filter(~pl.col("__is_last") & pl.col(SW_DEC).is_null())
