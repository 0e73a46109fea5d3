"""Statistical process control: XmR charts read the way NHS "Making Data Count" reads them.

- Centre line: the mean of the points. Natural process limits: mean ± 2.66 × the mean moving
  range (the average absolute difference between consecutive points).
- Special cause when any of these holds: a point outside a limit; a *shift* of 7 or more
  consecutive points on one side of the mean; a *trend* of 6 or more consecutive points all
  rising or all falling; two of three consecutive points beyond two-thirds of the way to a limit
  on the same side.
- The chart's signal is about the latest point: special cause (high or low) when the latest
  point is part of such a pattern; read as improvement or concern using the measure's polarity;
  "neither" for context measures. Fewer than `MIN_POINTS` points: not enough data.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

MIN_POINTS = 10
SHIFT = 7
TREND = 6
SIGMA_FACTOR = 2.66


@dataclass(frozen=True)
class XmR:
    values: tuple[float, ...]
    mean: float
    upper: float
    lower: float
    special: tuple[str, ...]
    """Per point: "" (common cause), "high" or "low" (special cause)."""
    rules: tuple[frozenset[str], ...] = field(default=())
    signal: str = ""
    """"improving", "concern", "neither" (special cause on a context measure), "common", or ""."""


def _mark(flags: list[set[str]], sides: list[str], index: int, side: str, rule: str) -> None:
    flags[index].add(rule)
    sides[index] = sides[index] or side


def xmr(values: Sequence[float], polarity: str) -> XmR | None:
    """The XmR chart of `values` (oldest first); None with fewer than MIN_POINTS points."""
    points = [float(v) for v in values]
    if len(points) < MIN_POINTS:
        return None
    mean = sum(points) / len(points)
    ranges = [abs(b - a) for a, b in itertools.pairwise(points)]
    mean_range = sum(ranges) / len(ranges)
    upper = mean + SIGMA_FACTOR * mean_range
    lower = mean - SIGMA_FACTOR * mean_range
    flags: list[set[str]] = [set() for _ in points]
    sides = [""] * len(points)
    for i, value in enumerate(points):
        if value > upper:
            _mark(flags, sides, i, "high", "outside limits")
        elif value < lower:
            _mark(flags, sides, i, "low", "outside limits")
    # Shifts: runs on one side of the mean (points on the mean break a run).
    start = 0
    while start < len(points):
        side = (points[start] > mean) - (points[start] < mean)
        end = start
        while (
            end + 1 < len(points) and ((points[end + 1] > mean) - (points[end + 1] < mean)) == side
        ):
            end += 1
        if side != 0 and end - start + 1 >= SHIFT:
            for i in range(start, end + 1):
                _mark(flags, sides, i, "high" if side > 0 else "low", "shift")
        start = end + 1
    # Trends: consecutive rises or falls (ties break a trend).
    start = 0
    while start < len(points) - 1:
        direction = (points[start + 1] > points[start]) - (points[start + 1] < points[start])
        end = start + 1
        while (
            end + 1 < len(points)
            and ((points[end + 1] > points[end]) - (points[end + 1] < points[end])) == direction
        ):
            end += 1
        if direction != 0 and end - start + 1 >= TREND:
            for i in range(start, end + 1):
                _mark(flags, sides, i, "high" if direction > 0 else "low", "trend")
        start = end
    # Two out of three beyond two-thirds of the way to a limit, same side.
    high_band = mean + (upper - mean) * 2 / 3
    low_band = mean - (mean - lower) * 2 / 3
    for i in range(len(points) - 2):
        window = points[i : i + 3]
        bands: tuple[tuple[str, list[bool]], ...] = (
            ("high", [v > high_band for v in window]),
            ("low", [v < low_band for v in window]),
        )
        for band_side, beyond in bands:
            if sum(beyond) >= 2:
                for offset, hit in enumerate(beyond):
                    if hit:
                        _mark(flags, sides, i + offset, band_side, "two of three")
    special = tuple(sides)
    last = special[-1]
    if not last:
        signal = "common"
    elif polarity == "context":
        signal = "neither"
    elif (last == "high") == (polarity == "up"):
        signal = "improving"
    else:
        signal = "concern"
    return XmR(
        values=tuple(points),
        mean=mean,
        upper=upper,
        lower=lower,
        special=special,
        rules=tuple(frozenset(f) for f in flags),
        signal=signal,
    )
