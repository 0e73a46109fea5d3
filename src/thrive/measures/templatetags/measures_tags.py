"""Formatting measure values with their unit, and the RAG / SPC tags."""

from __future__ import annotations

from django import template

from thrive.metrics.registry import Measure, Unit

register = template.Library()


@register.filter
def measure_value(value: float | None, measure: Measure) -> str:
    if value is None:
        return "No data"
    if measure.unit == Unit.PERCENT:
        return f"{value:.1f}%"
    if measure.unit == Unit.COUNT:
        return f"{value:,.0f}"
    if measure.unit in (Unit.DAYS, Unit.WORKING_DAYS):
        return f"{value:,.0f} {measure.unit_label}"
    return f"{value:,.1f}"


@register.filter
def number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


RAG_CLASSES = {"red": "govuk-tag--red", "amber": "govuk-tag--orange", "green": "govuk-tag--green"}
SPC_LABELS = {
    "improving": ("Improving", "govuk-tag--blue"),
    "concern": ("Concern", "govuk-tag--orange"),
    "neither": ("Special cause", "govuk-tag--purple"),
    "common": ("No significant change", "govuk-tag--grey"),
}


@register.inclusion_tag("measures/_rag.html")
def rag_tag(rag: str) -> dict[str, str]:
    return {"rag": rag, "css": RAG_CLASSES.get(rag, "")}


@register.inclusion_tag("measures/_spc.html")
def spc_tag(signal: str) -> dict[str, str]:
    label, css = SPC_LABELS.get(signal, ("", ""))
    return {"label": label, "css": css}
