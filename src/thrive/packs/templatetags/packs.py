"""Filters the pack templates use to show snapshot values (plain JSON) in words."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import template
from django.utils.safestring import SafeString

from thrive.web.charts import sparkline

register = template.Library()

SIGNALS = {
    "improving": "Improving (special cause)",
    "concern": "Concern (special cause)",
    "neither": "Special cause",
    "common": "No significant change",
    "": "",
}
RAG = {"red": "Red", "amber": "Amber", "green": "Green", "": "Not rated"}


@register.filter
def figure(value: Any) -> str:
    if value is None or value == "":
        return "–"
    number = float(value)
    return f"{number:,.0f}" if number.is_integer() else f"{number:,.1f}"


@register.filter
def isodate(value: str | None) -> str:
    return date.fromisoformat(value).strftime("%-d %B %Y") if value else "–"


@register.filter
def signal(value: str) -> str:
    return SIGNALS.get(value or "", value)


@register.filter
def rag_word(value: str) -> str:
    return RAG.get(value or "", value)


@register.filter
def rag_counts(counts: dict[str, int]) -> str:
    return " / ".join(str(counts.get(rag, 0)) for rag in ("red", "amber", "green"))


@register.filter
def lookup(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key or "", key)


@register.filter
def england(benchmarks: list[dict[str, Any]]) -> str:
    found = next((b for b in benchmarks if b["kind"] == "england"), None)
    return f"{figure(found['value'])} ({found['year']})" if found else "–"


@register.filter
def trend_sparkline(trend: list[list[Any]], name: str) -> SafeString | str:
    values = [float(v) for _period, v in trend if v is not None]
    if len(values) < 2:
        return "–"
    first, last = trend[0][0], trend[-1][0]
    return sparkline(values, f"Trend of {name} from {first} to {last}")
