"""Targets with tolerance → red, amber or green, using the measure's polarity.

Higher-is-better: at or above target is green; below it by no more than the tolerance is amber;
further below is red. Lower-is-better mirrors this. Context measures, missing values and
missing targets get no RAG ("").
"""

from __future__ import annotations


def rag(value: float | None, target: float | None, tolerance: float, polarity: str) -> str:
    if value is None or target is None or polarity not in ("up", "down"):
        return ""
    shortfall = target - value if polarity == "up" else value - target
    if shortfall <= 0:
        return "green"
    if shortfall <= max(tolerance, 0.0):
        return "amber"
    return "red"
