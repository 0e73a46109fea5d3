"""Public reference data on England's councils, shipped with the package (no Django).

The CSV files under `data/` are published DfE/ONS/Ofsted facts; `data/SOURCES.md` says where each
came from and how it was transformed. `REFERENCE_VERSION` names this snapshot.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

REFERENCE_VERSION = "2026-11-23"

FICTIONAL_SINGLE_RANGE = range(990, 1000)
FICTIONAL_NATION_RANGE = range(9000, 10000)


@dataclass(frozen=True)
class LocalAuthority:
    """An English council with children's services responsibilities, as DfE and ONS list it."""

    la_number: str
    ons_code: str
    name: str
    dfe_name: str
    region: str
    region_code: str
    la_type: str


@dataclass(frozen=True)
class StatisticalNeighbour:
    la_number: str
    rank: int
    neighbour_la_number: str
    closeness: str


def _rows(filename: str) -> list[dict[str, str]]:
    text = resources.files("thrive.reference").joinpath("data", filename).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def local_authorities() -> dict[str, LocalAuthority]:
    """All 153 current English councils, keyed by DfE LA number."""
    return {
        row["dfe_la_number"]: LocalAuthority(
            la_number=row["dfe_la_number"],
            ons_code=row["ons_code"],
            name=row["name"],
            dfe_name=row["dfe_name"],
            region=row["region"],
            region_code=row["region_code"],
            la_type=row["la_type"],
        )
        for row in _rows("local_authorities.csv")
    }


@cache
def statistical_neighbours(
    neighbour_set: str = "dfe_2025",
) -> dict[str, list[StatisticalNeighbour]]:
    """DfE statistical neighbours (closest first) for each council, keyed by LA number."""
    result: dict[str, list[StatisticalNeighbour]] = {}
    for row in _rows("statistical_neighbours.csv"):
        if row["neighbour_set"] != neighbour_set:
            continue
        result.setdefault(row["la_number"], []).append(
            StatisticalNeighbour(
                la_number=row["la_number"],
                rank=int(row["neighbour_rank"]),
                neighbour_la_number=row["neighbour_la_number"],
                closeness=row["closeness"],
            )
        )
    for neighbours in result.values():
        neighbours.sort(key=lambda neighbour: neighbour.rank)
    return result


def regions() -> list[str]:
    """The nine English regions, alphabetically."""
    return sorted({authority.region for authority in local_authorities().values()})


def is_fictional_code(code: str) -> bool:
    """True for codes reserved for fictional councils: 990–999 and 9000–9999."""
    if not code.isdigit():
        return False
    number = int(code)
    return number in FICTIONAL_SINGLE_RANGE or number in FICTIONAL_NATION_RANGE
