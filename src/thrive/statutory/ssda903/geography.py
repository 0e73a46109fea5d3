"""Where each episode's placement is: the fields DfE derives from the two postcodes.

An SSDA903 episode gives the child's home postcode (HOME_POST) and the placement postcode
(PL_POST). DfE derives from them, and its validation rules check:

- PL_LA: the council (DfE LA number) the placement is in, or WAL / SCO / NIR for Wales,
  Scotland, Northern Ireland and NUK outside the UK; blank when PL_POST is not a known postcode;
- PL_LOCATION: IN when PL_LA is the responsible council, OUT otherwise (blank with PL_LA);
- PL_DISTANCE: miles between the home and placement postcodes (blank unless both are known).

The responsible council is the one the return belongs to. The SSDA903 files do not name it,
so Thrive takes the council where most children's home postcodes are (a council's children
come mostly from its own area); `council_la` says which.
"""

from __future__ import annotations

import polars as pl

from thrive.reference import postcodes
from thrive.statutory.rules import ReturnData
from thrive.statutory.ssda903 import spec
from thrive.statutory.ssda903.derived import CHILD, episodes

PL_LA = "__PL_LA"
PL_LOCATION = "__PL_LOCATION"
PL_DISTANCE = "__PL_DISTANCE"
HOME_KNOWN = "__home_known"
PL_KNOWN = "__pl_known"
UASC_EVER = "__uasc"
"""The child is or was an unaccompanied asylum-seeking child (UASC table this year or last)."""


def council_la(data: ReturnData) -> str | None:
    """The responsible council: the one holding most known home postcodes (None if none)."""

    def build() -> pl.DataFrame:
        homes = postcodes.lookup(data[spec.EPISODES]["HOME_POST"])
        keys = postcodes.normalise(pl.col("HOME_POST"))
        counted = (
            data[spec.EPISODES]
            .select(keys.alias("postcode"))
            .join(homes.select("postcode", "la"), on="postcode", how="inner")
            .filter(pl.col("la").str.contains(r"^\d{3}$"))
            .group_by("la")
            .len()
            .sort(["len", "la"], descending=[True, False])
        )
        return counted.head(1).select("la")

    found = data.cached("903.council_la", build)
    return None if found.is_empty() else str(found["la"][0])


def _placements(data: ReturnData, council: str | None, uasc: pl.Series) -> pl.DataFrame:
    frame = episodes(data)
    frame = postcodes.locate_columns(frame, {"HOME_POST": "__home_", "PL_POST": "__pl_"})
    location = (
        pl.when(pl.col("__pl_la").is_null())
        .then(None)
        .when(pl.col("__pl_la") == pl.lit(council, dtype=pl.String))
        .then(pl.lit("IN"))
        .otherwise(pl.lit("OUT"))
    )
    distance = postcodes.distance_expr(
        pl.col("__home_easting").cast(pl.Float64),
        pl.col("__home_northing").cast(pl.Float64),
        pl.col("__pl_easting").cast(pl.Float64),
        pl.col("__pl_northing").cast(pl.Float64),
    )
    return frame.with_columns(
        pl.col("__pl_la").alias(PL_LA),
        location.alias(PL_LOCATION),
        distance.alias(PL_DISTANCE),
        pl.col("__home_known").alias(HOME_KNOWN),
        pl.col("__pl_known").alias(PL_KNOWN),
        pl.col(CHILD).is_in(uasc.implode()).alias(UASC_EVER),
    )


def placements(data: ReturnData) -> pl.DataFrame:
    """Episodes (as `derived.episodes`) with PL_LA, PL_LOCATION, PL_DISTANCE derived."""
    return data.cached(
        "903.placements", lambda: _placements(data, council_la(data), uasc_children(data))
    )


def previous_placements(data: ReturnData) -> pl.DataFrame:
    """Last year's episodes with the same derived fields (against this year's council)."""
    if data.previous is None:
        raise ValueError("last year's return is needed")
    last = data.previous
    return data.cached(
        "903.placements_last",
        lambda: _placements(last, council_la(data), uasc_children(data)),
    )


def uasc_children(data: ReturnData) -> pl.Series:
    """Children in the UASC table this year or (when given) last year."""
    frames = [data[spec.UASC].select(CHILD)]
    if data.previous is not None and spec.UASC in data.previous:
        frames.append(data.previous[spec.UASC].select(CHILD))
    return pl.concat(frames)[CHILD].drop_nulls().unique()


def not_short_break() -> pl.Expr:
    """The episode is not a short break (LS V3/V4); a blank LS counts as not one."""
    return ~pl.col("LS").is_in(sorted(spec.RESPITE_LS)).fill_null(False)


def short_break() -> pl.Expr:
    return pl.col("LS").is_in(sorted(spec.RESPITE_LS)).fill_null(False)
