"""2025/26: placements unusually far from home."""

from __future__ import annotations

import polars as pl

from thrive.statutory.issues import Severity
from thrive.statutory.rules import ReturnData
from thrive.statutory.ssda903 import spec
from thrive.statutory.ssda903.geography import PL_DISTANCE, placements
from thrive.statutory.ssda903.registry import registry


@registry.rule(
    "454",
    severity=Severity.ERROR,
    tables=(spec.EPISODES,),
    fields=("PL_DISTANCE",),
    since=2026,
    message="Placement distance from home is over 350 miles: check HOME_POST and PL_POST "
    "(not expected for a child who is or was UASC, whose home postcode is left blank).",
)
def rule_454(data: ReturnData) -> pl.DataFrame:
    distance = pl.col(PL_DISTANCE)
    return placements(data).filter((distance > 350) & (distance != 999.9))
