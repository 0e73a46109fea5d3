"""Benchmarks from the shipped public data: England, region and statistical neighbours.

Only published figures are used (`thrive.reference` data and the England figures declared on
each measure, with source and year); where nothing is published the benchmark is absent.
Population estimates for real councils are derived from DfE's published children-looked-after
count and rate: count ÷ rate × 10,000 (an estimate; DfE uses ONS mid-year estimates).
"""

from __future__ import annotations

import csv
import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from thrive.reference import local_authorities

SOURCE = "DfE Children looked after in England 2025 release (shipped reference data)"

# Measure id -> (published measure, kind): "rate" values are per 10,000 children.
PUBLISHED: dict[str, str] = {
    "cla_rate": "cla_31_march_rate_per_10k",
    "cla_count": "cla_31_march_count",
    "cla_starts_rate": "cla_started_during_year_rate_per_10k",
    "cla_ceased_rate": "cla_ceased_during_year_rate_per_10k",
    "cp_rate": "cpp_31_march_rate_per_10k_derived",
}
COUNTS = {
    "cla_31_march_rate_per_10k": "cla_31_march_count",
    "cla_started_during_year_rate_per_10k": "cla_started_during_year_count",
    "cla_ceased_during_year_rate_per_10k": "cla_ceased_during_year_count",
    "cpp_31_march_rate_per_10k_derived": "cpp_31_march_count",
}


@dataclass(frozen=True)
class Benchmark:
    kind: str  # "council", "region", "neighbours", "england"
    label: str
    value: float
    year: int
    source: str
    councils: int = 1
    low: float | None = None
    high: float | None = None


def _rows(filename: str) -> list[dict[str, str]]:
    text = resources.files("thrive.reference").joinpath("data", filename).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def _published() -> dict[tuple[str, int, str], float]:
    values: dict[tuple[str, int, str], float] = {}
    for row in _rows("cla_cpp_published_figures.csv"):
        try:
            values[(row["la_number"], int(row["year"]), row["measure"])] = float(row["value"])
        except ValueError:
            continue  # suppressed ("c", "x", ...)
    for (la, year, measure), count in list(values.items()):
        if measure == "cpp_31_march_count":
            population = population_estimate_from(values, la, year)
            if population:
                values[(la, year, "cpp_31_march_rate_per_10k_derived")] = (
                    count / population * 10_000
                )
    return values


def population_estimate_from(
    values: dict[tuple[str, int, str], float], la: str, year: int
) -> float | None:
    count = values.get((la, year, "cla_31_march_count"))
    rate = values.get((la, year, "cla_31_march_rate_per_10k"))
    if not count or not rate:
        return None
    return count / rate * 10_000


def population_estimate(la: str, year: int) -> float | None:
    """Children aged 0–17 in a real council, estimated from DfE's published CLA count and rate."""
    return population_estimate_from(_published(), la, year)


def published_years() -> list[int]:
    return sorted({year for (_, year, _) in _published()})


def published_value(measure_id: str, la: str, year: int) -> float | None:
    name = PUBLISHED.get(measure_id)
    return None if name is None else _published().get((la, year, name))


def benchmarks(
    measure_id: str,
    *,
    year: int,
    la: str,
    region: str,
    neighbours: Sequence[str],
    england: tuple[float, int, str] | None = None,
) -> list[Benchmark]:
    """England, region and statistical-neighbour figures for one measure and year."""
    result: list[Benchmark] = []
    name = PUBLISHED.get(measure_id)
    values = _published()
    if name is not None:
        own = values.get((la, year, name))
        if own is not None:
            result.append(
                Benchmark("council", "Published figure for this council", own, year, SOURCE)
            )
        members = [a.la_number for a in local_authorities().values() if a.region == region]
        regional = _pooled(name, members, year) if members else None
        if regional is not None:
            value, count = regional
            result.append(Benchmark("region", f"{region} (region)", value, year, SOURCE, count))
        found = [values[(n, year, name)] for n in neighbours if (n, year, name) in values]
        if found:
            result.append(
                Benchmark(
                    "neighbours",
                    f"Statistical neighbours (mean of {len(found)})",
                    statistics.fmean(found),
                    year,
                    SOURCE,
                    len(found),
                    min(found),
                    max(found),
                )
            )
    if england is not None:
        value, figure_year, source = england
        result.append(Benchmark("england", "England", value, figure_year, source))
    return result


def _pooled(name: str, members: Sequence[str], year: int) -> tuple[float, int] | None:
    """A region's figure: total count ÷ total estimated population (rates), or the total."""
    values = _published()
    if name in COUNTS:
        counts: defaultdict[str, float] = defaultdict(float)
        used = 0
        for la in members:
            count = values.get((la, year, COUNTS[name]))
            population = population_estimate_from(values, la, year)
            if count is None or not population:
                continue
            counts["count"] += count
            counts["population"] += population
            used += 1
        if not used or not counts["population"]:
            return None
        return counts["count"] / counts["population"] * 10_000, used
    found = [values[(la, year, name)] for la in members if (la, year, name) in values]
    return (sum(found), len(found)) if found else None
