"""Adoption rules linking AD1, decisions to place for adoption and the episodes."""

from __future__ import annotations

import polars as pl

from thrive.statutory.issues import Severity
from thrive.statutory.reading import ROW, date_col
from thrive.statutory.rules import ReturnData
from thrive.statutory.ssda903 import spec
from thrive.statutory.ssda903.derived import CHILD, DEC, DECOM, episodes, filled, is_in
from thrive.statutory.ssda903.registry import registry

E = Severity.ERROR
AD1 = spec.AD1
PA = spec.PLACED_FOR_ADOPTION
AD1_FIELDS = ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR")
DATE_INT = date_col("DATE_INT")
DATE_MATCH = date_col("DATE_MATCH")
DATE_PLACED = date_col("DATE_PLACED")
DATE_PLACED_CEASED = date_col("DATE_PLACED_CEASED")
WITH_FOSTER_CARERS = frozenset({"A3", "A5"})
NOT_WITH_FOSTER_CARERS = frozenset({"A4", "A6"})


def _adopted(data: ReturnData) -> pl.DataFrame:
    """Each child's adoption episode (REC E11/E12) this year."""
    frame = episodes(data).filter(
        is_in("REC", spec.ADOPTED_REC) & (pl.col(DEC) >= data.period_start)
    )
    return frame.unique(CHILD, keep="last")


def _first_placed(data: ReturnData) -> pl.DataFrame:
    frame = episodes(data).filter(is_in("PLACE", spec.ADOPTION_PLACE))
    return frame.group_by(CHILD).agg(pl.col(DECOM).min().alias("__placed"))


@registry.rule(
    "331",
    severity=E,
    tables=(AD1,),
    fields=("DATE_MATCH", "DECOM"),
    message="Date of matching with adopter(s) must be on or before the date the child was "
    "placed for adoption.",
)
def rule_331(data: ReturnData) -> pl.DataFrame:
    joined = data[AD1].join(_first_placed(data), on=CHILD, how="inner")
    return joined.filter(pl.col(DATE_MATCH) > pl.col("__placed"))


@registry.rule(
    "334",
    severity=E,
    tables=(AD1,),
    fields=("DATE_INT", "DECOM", "RNE"),
    message="The date adoption was decided to be in the child's best interest is before the "
    "child started this period of care: check the dates.",
)
def rule_334(data: ReturnData) -> pl.DataFrame:
    adopted = _adopted(data).select(CHILD, "period")
    # Only when the period's start is in this year's file (its first episode has RNE S).
    starts = (
        episodes(data)
        .join(adopted, on=[CHILD, "period"], how="semi")
        .filter(pl.col("RNE") == "S")
        .group_by(CHILD)
        .agg(pl.col(DECOM).min().alias("__started"))
    )
    joined = data[AD1].join(starts, on=CHILD, how="inner")
    return joined.filter(pl.col(DATE_INT) < pl.col("__started"))


@registry.rule(
    "335",
    severity=E,
    tables=(AD1,),
    fields=("FOSTER_CARE", "PLACE"),
    message="Adopted by former foster carers (FOSTER_CARE) does not match the adoption "
    "placement: A3/A5 mean with current foster carers (1), A4/A6 not (0).",
)
def rule_335(data: ReturnData) -> pl.DataFrame:
    placement = _adopted(data).select(CHILD, pl.col("PLACE").alias("__place"))
    joined = data[AD1].join(placement, on=CHILD, how="inner")
    place = pl.col("__place")
    wrong = ((pl.col("FOSTER_CARE") == "0") & place.is_in(sorted(WITH_FOSTER_CARERS))) | (
        (pl.col("FOSTER_CARE") == "1") & place.is_in(sorted(NOT_WITH_FOSTER_CARERS))
    )
    return joined.filter(wrong)


@registry.rule(
    "336",
    severity=E,
    tables=(spec.EPISODES,),
    fields=("PLACE",),
    message="The child was placed for adoption with current foster carers (A3/A5) but the "
    "placement just before was not foster care (U1-U6).",
)
def rule_336(data: ReturnData) -> pl.DataFrame:
    foster_or_same = sorted(spec.FOSTER_PLACE | WITH_FOSTER_CARERS)
    return episodes(data).filter(
        is_in("PLACE", WITH_FOSTER_CARERS)
        & (pl.col("prev_REC") == "X1")
        & (pl.col("prev_DEC") == pl.col(DECOM))
        & ~is_in("prev_PLACE", foster_or_same)
    )


@registry.rule(
    "523",
    severity=E,
    tables=(AD1,),
    fields=("DATE_INT", "DATE_PLACED"),
    message="The date adoption was decided to be in the child's best interest (AD1) should be "
    "the same as the date of the decision to place for adoption.",
)
def rule_523(data: ReturnData) -> pl.DataFrame:
    latest = (
        data[PA]
        .filter(pl.col(DATE_PLACED).is_not_null())
        .group_by(CHILD)
        .agg(pl.col(DATE_PLACED).max().alias("__decided"))
    )
    joined = data[AD1].filter(pl.col(DATE_INT).is_not_null()).join(latest, on=CHILD, how="inner")
    return joined.filter(pl.col(DATE_INT) != pl.col("__decided"))


@registry.rule(
    "525",
    severity=E,
    tables=(AD1,),
    fields=(*AD1_FIELDS, "DATE_PLACED_CEASED"),
    message="Every decision to place this child for adoption was reversed, so they cannot have "
    "been adopted this year: check AD1 and the placed-for-adoption rows.",
)
def rule_525(data: ReturnData) -> pl.DataFrame:
    decisions = (
        data[PA]
        .group_by(CHILD)
        .agg(pl.col("DATE_PLACED_CEASED").is_not_null().all().alias("__all_reversed"))
    )
    reversed_only = decisions.filter(pl.col("__all_reversed")).select(CHILD)
    return data[AD1].filter(filled(AD1_FIELDS)).join(reversed_only, on=CHILD, how="semi")


def _order_rule(code: str, legal_status: str, order: str) -> None:
    @registry.rule(
        code,
        severity=E,
        tables=(PA,),
        fields=("DATE_PLACED", "DECOM", "LS"),
        message=f"The decision to place for adoption must be on or before the date the {order} "
        f"({legal_status}) was granted.",
    )
    def check(data: ReturnData) -> pl.DataFrame:
        granted = (
            episodes(data)
            .filter(pl.col("LS") == legal_status)
            .group_by(CHILD)
            .agg(pl.col(DECOM).min().alias("__granted"))
        )
        first = data[PA].filter(pl.col(DATE_PLACED) == pl.col(DATE_PLACED).min().over(CHILD))
        joined = first.join(granted, on=CHILD, how="inner")
        return joined.filter(pl.col(DATE_PLACED) > pl.col("__granted"))


_order_rule("554", "E1", "placement order")
_order_rule("556", "D1", "freeing order")


@registry.rule(
    "555",
    severity=E,
    tables=(spec.EPISODES,),
    fields=("LS", "DATE_PLACED"),
    message="A freeing order (D1) has been granted but there is no date of the decision that "
    "the child should be placed for adoption: add the placed-for-adoption row.",
)
def rule_555(data: ReturnData) -> pl.DataFrame:
    decided = data[PA].filter(pl.col(DATE_PLACED).is_not_null()).select(CHILD)
    freed = episodes(data).filter((pl.col("LS") == "D1") & (pl.col(DECOM) >= data.period_start))
    return freed.join(decided, on=CHILD, how="anti")


@registry.rule(
    "557",
    severity=E,
    tables=(spec.EPISODES, PA),
    fields=("DATE_PLACED_CEASED", "REASON_PLACED_CEASED", "PLACE", "LS", "REC"),
    message="The child left care from an adoption placement or a placement order without "
    "being adopted, so the decision to place for adoption should be recorded as ceased: add "
    "the date and reason it ceased (or the placed-for-adoption row).",
)
def rule_557(data: ReturnData) -> dict[str, pl.DataFrame]:
    adoption_track = is_in("PLACE", spec.ADOPTION_PLACE) | (pl.col("LS") == "E1")
    left_care = pl.col("REC").is_not_null() & ~is_in("REC", {"X1", *spec.ADOPTED_REC})
    left = episodes(data).filter(adoption_track & left_care)
    incomplete = data[PA].filter(
        pl.col("DATE_PLACED_CEASED").is_null() | pl.col("REASON_PLACED_CEASED").is_null()
    )
    no_row = left.join(data[PA].select(CHILD), on=CHILD, how="anti")
    with_incomplete = left.join(incomplete.select(CHILD), on=CHILD, how="semi")
    return {
        spec.EPISODES: pl.concat([no_row, with_incomplete]).unique(ROW, maintain_order=True),
        PA: incomplete.join(left.select(CHILD).unique(), on=CHILD, how="semi"),
    }


@registry.rule(
    "199",
    severity=E,
    tables=(spec.EPISODES,),
    fields=("CHILD", "REC"),
    message="The child was adopted from care in an earlier episode but has further episodes: "
    "check the CHILD id and the reason the earlier episode ceased.",
)
def rule_199(data: ReturnData) -> pl.DataFrame:
    # An adoption in last year's return counts too, when it is given.
    this_year = (
        episodes(data).select(CHILD, DECOM, "REC", ROW).with_columns(pl.lit(True).alias("__now"))
    )
    history = [this_year]
    if data.previous is not None:
        last = data.previous[spec.EPISODES].select(CHILD, DECOM, "REC", ROW)
        history.append(last.with_columns(pl.lit(False).alias("__now")))
    frame = (
        pl.concat(history).filter(pl.col(DECOM).is_not_null()).sort([CHILD, DECOM, "__now", ROW])
    )
    adopted_before = (
        is_in("REC", spec.ADOPTED_REC).cast(pl.Int32).cum_sum().shift(1).over(CHILD).fill_null(0)
    )
    rows = frame.filter(pl.col("__now") & (adopted_before > 0)).select(ROW)
    return data[spec.EPISODES].join(rows, on=ROW, how="semi")


@registry.rule(
    "583",
    severity=E,
    tables=(PA,),
    fields=("DATE_PLACED", "DATE_PLACED_CEASED"),
    message="The child has more than one decision to place for adoption but this earlier one "
    "was never reversed: add the date (and reason) it ceased, or remove the extra decision.",
)
def rule_583(data: ReturnData) -> pl.DataFrame:
    frame = data[PA].filter(pl.col(DATE_PLACED).is_not_null())
    latest = pl.col(DATE_PLACED) == pl.col(DATE_PLACED).max().over(CHILD)
    return frame.filter(~latest & pl.col("DATE_PLACED_CEASED").is_null())


def _care_started(data: ReturnData) -> pl.DataFrame:
    """When each child's latest visible period of care began (its first episode has RNE S)."""
    return data.cached(
        "903.care_started",
        lambda: (
            episodes(data)
            .filter(pl.col("RNE") == "S")
            .group_by(CHILD)
            .agg(pl.col(DECOM).max().alias("__care_started"))
        ),
    )


@registry.rule(
    "1003",
    severity=E,
    tables=(PA,),
    fields=("DATE_PLACED", "DECOM", "RNE"),
    message="The decision to place for adoption is dated before the child started to be looked "
    "after in this period of care: check the dates.",
)
def rule_1003(data: ReturnData) -> pl.DataFrame:
    if data[PA].height == 0:
        return data[PA]
    joined = data[PA].join(_care_started(data), on=CHILD, how="inner")
    return joined.filter(pl.col(DATE_PLACED) < pl.col("__care_started"))


@registry.rule(
    "118",
    severity=E,
    tables=(PA,),
    fields=("DATE_PLACED_CEASED", "DECOM"),
    message="The decision that the child should no longer be placed for adoption is dated "
    "before this collection year or before the child started to be looked after.",
)
def rule_118(data: ReturnData) -> pl.DataFrame:
    reversed_ = data[PA].filter(pl.col(DATE_PLACED_CEASED).is_not_null())
    if reversed_.height == 0:
        return reversed_
    joined = reversed_.join(_care_started(data), on=CHILD, how="left")
    ceased = pl.col(DATE_PLACED_CEASED)
    return joined.filter(
        (ceased < data.period_start) | (ceased < pl.col("__care_started")).fill_null(False)
    )
