"""Rule 218: an Ofsted URN is required for placements Ofsted registers, by year.

The placement types without a URN changed with the placement codes: H5 and P2 went in 2024/25
and Z1 became Z11-Z14 in 2025/26. Placements outside England (PL_LA WAL, SCO, NIR, NUK) need
none, nor episodes that ended before the collection year, nor short breaks (LS V3/V4), which
record no placement details (rule 214).
"""

from __future__ import annotations

import polars as pl

from thrive.statutory.issues import Severity
from thrive.statutory.rules import ReturnData
from thrive.statutory.ssda903 import spec
from thrive.statutory.ssda903.derived import DEC
from thrive.statutory.ssda903.geography import PL_LA, not_short_break, placements
from thrive.statutory.ssda903.registry import registry

_NO_URN_BASE = ("P1", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4")
NO_URN: dict[int, tuple[str, ...]] = {
    2024: (*_NO_URN_BASE, "H5", "P2", "Z1"),
    2025: (*_NO_URN_BASE, "Z1"),
    2026: (*_NO_URN_BASE, "Z11", "Z12", "Z13", "Z14"),
}
_OUTSIDE_ENGLAND = ("WAL", "SCO", "NIR", "NUK")
MESSAGE = (
    "Ofsted Unique reference number (URN) is required: give the placement's URN (XXXXXXX if "
    "the provider has none), except for placement types {codes} and placements outside England."
)


def _register(since: int) -> None:
    exempt = NO_URN[since]

    @registry.rule(
        "218",
        severity=Severity.ERROR,
        tables=(spec.EPISODES,),
        fields=("URN",),
        since=since,
        message=MESSAGE.format(codes=", ".join(exempt)),
    )
    def rule_218(data: ReturnData) -> pl.DataFrame:
        current = pl.col(DEC).is_null() | (pl.col(DEC) >= data.period_start)
        outside = pl.col(PL_LA).is_in(_OUTSIDE_ENGLAND).fill_null(False)
        exempt_place = pl.col("PLACE").is_in(exempt).fill_null(False)
        # A short break (V3/V4) records no placement details at all (rule 214).
        return placements(data).filter(
            current & pl.col("URN").is_null() & ~exempt_place & ~outside & not_short_break()
        )


for _year in sorted(NO_URN):
    _register(_year)
