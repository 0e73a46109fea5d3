"""Placement location rules: postcodes, the council and distance DfE derives from them.

PL_LA, PL_LOCATION and PL_DISTANCE are not in the files; DfE derives them from HOME_POST and
PL_POST with the ONS Postcode Directory (`thrive.statutory.ssda903.geography`). "UASC" below
means the child is in the UASC table this year or last year (when last year is given).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import polars as pl

from thrive.statutory.issues import Severity
from thrive.statutory.rules import ReturnData, RuleFunction
from thrive.statutory.ssda903 import spec
from thrive.statutory.ssda903.derived import CHILD, DEC, DECOM
from thrive.statutory.ssda903.geography import (
    HOME_KNOWN,
    PL_DISTANCE,
    PL_KNOWN,
    PL_LA,
    PL_LOCATION,
    UASC_EVER,
    council_la,
    not_short_break,
    placements,
    previous_placements,
    short_break,
)
from thrive.statutory.ssda903.registry import registry

EP = spec.EPISODES


def _rule(
    code: str, fields: Iterable[str], message: str, *, needs_previous: bool = False
) -> Callable[[RuleFunction], RuleFunction]:
    return registry.rule(
        code,
        severity=Severity.ERROR,
        tables=(EP,),
        fields=tuple(fields),
        message=message,
        needs_previous=needs_previous,
    )


@_rule(
    "164",
    ["PL_DISTANCE"],
    "Distance is not valid. Please check a valid postcode has been entered: the distance from "
    "home to placement must be between 0.0 and 999.9 miles.",
)
def rule_164(data: ReturnData) -> pl.DataFrame:
    distance = pl.col(PL_DISTANCE)
    return placements(data).filter(
        ~pl.col(UASC_EVER) & not_short_break() & ((distance < 0) | (distance > 999.9))
    )


@_rule(
    "169",
    ["PL_LA"],
    "Local Authority (LA) of placement is not valid or is missing. Please check a valid "
    "postcode has been entered in PL_POST.",
)
def rule_169(data: ReturnData) -> pl.DataFrame:
    return placements(data).filter(not_short_break() & pl.col(PL_LA).is_null())


@_rule(
    "179",
    ["PL_LOCATION"],
    "Placement location code is not a valid code: it is worked out from PL_POST, so check a "
    "valid placement postcode has been entered.",
)
def rule_179(data: ReturnData) -> pl.DataFrame:
    return placements(data).filter(not_short_break() & pl.col(PL_LOCATION).is_null())


@_rule(
    "214",
    ["PL_POST", "URN"],
    "Placement location information not required: leave PL_POST and URN blank for a short "
    "break (legal status V3 or V4).",
)
def rule_214(data: ReturnData) -> pl.DataFrame:
    given = pl.col("PL_POST").is_not_null() | pl.col("URN").is_not_null()
    return data[EP].filter(short_break() & given)


@_rule(
    "392a",
    ["PL_DISTANCE"],
    "Child is looked after but no distance is recorded: give valid home and placement "
    "postcodes (not needed for a child who is or was UASC).",
)
def rule_392a(data: ReturnData) -> pl.DataFrame:
    return placements(data).filter(
        ~pl.col(UASC_EVER) & not_short_break() & pl.col(PL_DISTANCE).is_null()
    )


@_rule(
    "392b",
    ["HOME_POST", "PL_POST"],
    "Child is looked after but no postcodes are recorded: give HOME_POST and PL_POST (not "
    "needed for a child who is or was UASC).",
)
def rule_392b(data: ReturnData) -> pl.DataFrame:
    missing = pl.col("HOME_POST").is_null() | pl.col("PL_POST").is_null()
    return placements(data).filter(~pl.col(UASC_EVER) & not_short_break() & missing)


@_rule(
    "392c",
    ["HOME_POST", "PL_POST"],
    "Postcode(s) provided are invalid: HOME_POST or PL_POST is not a postcode in the ONS "
    "Postcode Directory.",
)
def rule_392c(data: ReturnData) -> pl.DataFrame:
    home_bad = pl.col("HOME_POST").is_not_null() & ~pl.col(HOME_KNOWN)
    placement_bad = pl.col("PL_POST").is_not_null() & ~pl.col(PL_KNOWN)
    return placements(data).filter(home_bad | placement_bad)


@_rule(
    "398",
    ["LS", "HOME_POST", "PL_POST"],
    "Distance field completed but child looked after under legal status V3 or V4: leave "
    "HOME_POST and PL_POST blank for a short break.",
)
def rule_398(data: ReturnData) -> pl.DataFrame:
    given = pl.col("HOME_POST").is_not_null() | pl.col("PL_POST").is_not_null()
    return data[EP].filter(short_break() & given)


@_rule(
    "406",
    ["PL_DISTANCE"],
    "Child is Unaccompanied Asylum-Seeking Child (UASC) or was formerly UASC. Distance should "
    "be blank: leave HOME_POST blank.",
)
def rule_406(data: ReturnData) -> pl.DataFrame:
    return placements(data).filter(pl.col(UASC_EVER) & pl.col(PL_DISTANCE).is_not_null())


@_rule(
    "411",
    ["PL_LOCATION"],
    "Placement location code disagrees with LA of placement: a placement inside the council "
    "must have the council as its LA of placement.",
)
def rule_411(data: ReturnData) -> pl.DataFrame:
    council = pl.lit(council_la(data), dtype=pl.String)
    inside = pl.col(PL_LOCATION) == "IN"
    return placements(data).filter(inside & ~pl.col(PL_LA).eq_missing(council))


@_rule(
    "420",
    ["PL_LA"],
    "LA of placement completed but child is looked after under legal status V3 or V4: leave "
    "PL_POST blank for a short break.",
)
def rule_420(data: ReturnData) -> pl.DataFrame:
    return placements(data).filter(short_break() & pl.col(PL_LA).is_not_null())


_NOT_OWN_PROVISION_CHECKED = sorted(spec.ADOPTION_PLACE | spec.FOSTER_PLACE)


@_rule(
    "1015",
    ["PL_LA", "PLACE_PROVIDER"],
    "Placement provider is own provision but child not placed in own LA: check PLACE_PROVIDER "
    "(PR1 is the council's own provision) and PL_POST.",
)
def rule_1015(data: ReturnData) -> pl.DataFrame:
    council = pl.lit(council_la(data), dtype=pl.String)
    checked = (
        ~pl.col("PLACE").is_in(_NOT_OWN_PROVISION_CHECKED)
        & pl.col("PLACE").is_not_null()
        & pl.col("LS").is_not_null()
        & not_short_break()
        & (pl.col("PLACE_PROVIDER") == "PR1")
    )
    # A blank PL_LA (no valid placement postcode) is not the council either.
    return placements(data).filter(checked & ~(pl.col(PL_LA) == council).fill_null(False))


# --- carried over from last year's open episode ------------------------------------------


def _carried(data: ReturnData) -> pl.DataFrame:
    """Each child's first episode this year beside last year's latest one, when it was open."""
    last = (
        previous_placements(data)
        .filter(pl.col("is_last"))
        .select(
            CHILD,
            pl.col(DEC).alias("__dec_last"),
            pl.col("RNE").alias("__rne_last"),
            pl.col(PL_LA).alias("__la_last"),
            pl.col(PL_LOCATION).alias("__location_last"),
            pl.col(PL_DISTANCE).alias("__distance_last"),
        )
    )
    first = placements(data).filter(pl.col("is_first") & pl.col(DECOM).is_not_null())
    return first.join(last, on=CHILD, how="inner").filter(pl.col("__dec_last").is_null())


def _distance_differs() -> pl.Expr:
    now, before = pl.col(PL_DISTANCE), pl.col("__distance_last")
    moved = ((now - before).abs() >= 0.2).fill_null(False)
    return moved | (before.is_null() & now.is_not_null())


@_rule(
    "452",
    ["PL_LA"],
    "Contradiction between local authority of placement code in the last episode of the "
    "previous year and in the first episode of the current year: check PL_POST.",
    needs_previous=True,
)
def rule_452(data: ReturnData) -> pl.DataFrame:
    same_reason = pl.col("RNE").eq_missing(pl.col("__rne_last"))
    return _carried(data).filter(same_reason & ~pl.col(PL_LA).eq_missing(pl.col("__la_last")))


@_rule(
    "453",
    ["PL_DISTANCE"],
    "Contradiction between placement distance in the last episode of the previous year and in "
    "the first episode of the current year: check HOME_POST and PL_POST.",
    needs_previous=True,
)
def rule_453(data: ReturnData) -> pl.DataFrame:
    same_reason = pl.col("RNE").eq_missing(pl.col("__rne_last"))
    return _carried(data).filter(same_reason & _distance_differs())


@_rule(
    "503G",
    ["PL_DISTANCE"],
    "The distance in first episode does not match open episode at end of last year: the open "
    "episode's postcodes must carry over unchanged.",
    needs_previous=True,
)
def rule_503g(data: ReturnData) -> pl.DataFrame:
    return _carried(data).filter(_distance_differs())


@_rule(
    "503H",
    ["PL_LA"],
    "The placement LA in first episode does not match open episode at end of last year: the "
    "open episode's placement postcode must carry over unchanged.",
    needs_previous=True,
)
def rule_503h(data: ReturnData) -> pl.DataFrame:
    return _carried(data).filter(~pl.col(PL_LA).eq_missing(pl.col("__la_last")))


@_rule(
    "503J",
    ["PL_LOCATION"],
    "The placement location in first episode does not match open episode at end of last year: "
    "the open episode's placement postcode must carry over unchanged.",
    needs_previous=True,
)
def rule_503j(data: ReturnData) -> pl.DataFrame:
    return _carried(data).filter(~pl.col(PL_LOCATION).eq_missing(pl.col("__location_last")))
