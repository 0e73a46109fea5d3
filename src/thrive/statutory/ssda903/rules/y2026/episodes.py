"""2025/26 changes: placement types H5, P2 and Z1 go; K3 and Z11-Z14 arrive."""

from __future__ import annotations

import polars as pl

from thrive.statutory.issues import Severity
from thrive.statutory.rules import ReturnData
from thrive.statutory.ssda903 import spec
from thrive.statutory.ssda903.derived import not_in
from thrive.statutory.ssda903.registry import registry


@registry.rule(
    "146",
    severity=Severity.ERROR,
    tables=(spec.EPISODES,),
    fields=("PLACE",),
    since=2026,
    message="Placement type is not a valid code for 2025/26 onwards (A3-A6, K1-K3, P1, P3, "
    "R1-R3, R5, S1, T0-T4, U1-U6, Z11-Z14; H5, P2 and Z1 are no longer used).",
)
def rule_146(data: ReturnData) -> pl.DataFrame:
    return data[spec.EPISODES].filter(not_in("PLACE", spec.place_codes(data.year)))
