"""docs/measures.md, generated from the registry (`python -m thrive.metrics.docs`)."""

from __future__ import annotations

import sys
from pathlib import Path

from thrive.metrics import cohorts
from thrive.metrics import measures as measure_package
from thrive.metrics.expr import BREAKDOWNS
from thrive.metrics.registry import UNIT_LABELS, Measure, measures

REQUIRED_TEXT = ("name", "definition", "numerator", "denominator", "population", "follows")


def missing_text(measure: Measure) -> list[str]:
    """The descriptive fields a measure leaves empty (each must be written)."""
    missing = [name for name in REQUIRED_TEXT if not str(getattr(measure, name)).strip()]
    if not measure.fields:
        missing.append("fields")
    return missing


def _polarity(measure: Measure) -> str:
    return {"up": "Higher is better", "down": "Lower is better", "context": "Context (not scored)"}[
        measure.polarity.value
    ]


def _cohort_conventions() -> list[str]:
    """The SSDA903 conventions of `thrive.metrics.cohorts` (its docstring after the first
    paragraph), shared by the looked-after, placement and adoption measures."""
    text = (cohorts.__doc__ or "").strip().split("\n\n", 2)
    return text[2].splitlines() if len(text) > 2 else []


def render() -> str:
    module_doc = (measure_package.__doc__ or "").strip()
    lines = [
        "# Measures",
        "",
        "Generated from the registry by `python -m thrive.metrics.docs`; do not edit by hand (a "
        "test checks it is current). Each area's measures are declared in "
        "`src/thrive/metrics/measures/<area>.py` and checked against hand-worked cases in "
        "`tests/metrics/test_measures_hand.py`.",
        "",
        f"{len(measures())} measures. Each runs as one Ibis expression on DuckDB, PostgreSQL or "
        "PySpark with identical results.",
        "",
        "## Conventions",
        "",
        *module_doc.split("\n\n", 1)[1].splitlines()[1:],
        "",
        "- Monthly values: the 12 months (or the snapshot) ending on each month's last day, for "
        "the 24 months to the latest data. Year-end values: 31 March (workforce: 30 September).",
        "- A zero denominator, or a council without the source return, is shown as *no data*, "
        "never as 0 %.",
        "- England figures are quoted with their year and source; where none is published or "
        "verified the cell stays empty.",
        "",
        "### Children looked after: periods of care and placements",
        "",
        *_cohort_conventions(),
        "",
        "## Summary",
        "",
        "| Code | Measure | Unit | Polarity | Period | England |",
        "|---|---|---|---|---|---|",
    ]
    for m in measures():
        england = m.latest_england()
        eng = f"{england.value:g} ({england.year})" if england else ""
        unit = UNIT_LABELS[m.unit] or "ratio"
        lines.append(
            f"| {m.code} | [{m.name}](#{m.code.lower()}) | {unit} | {_polarity(m)} "
            f"| {m.period_type.value.replace('_', ' ')} | {eng} |"
        )
    area = ""
    for m in measures():
        if m.area != area:
            area = m.area
            lines += ["", f"## {area}"]
        lines += [
            "",
            f"### {m.code}",
            "",
            f"**{m.name}** (`{m.id}`)",
            "",
            m.definition,
            "",
            f"- Numerator: {m.numerator}",
            f"- Denominator: {m.denominator}",
            f"- Population: {m.population}",
            f"- Period: {m.period_type.value.replace('_', ' ')}"
            + ("; monthly and year end" if m.monthly else "; year end only"),
            f"- Unit: {UNIT_LABELS[m.unit] or 'ratio'}; {_polarity(m).lower()}",
            f"- Source: {m.source}: {', '.join(m.fields)}",
            f"- Follows: {m.follows}",
        ]
        lines += [f"- Convention: {note}" for note in m.notes]
        if m.breakdowns:
            lines.append("- Breakdowns: " + ", ".join(BREAKDOWNS[b].lower() for b in m.breakdowns))
        for figure in m.england:
            note = f"; {figure.note}" if figure.note else ""
            lines.append(f"- England {figure.year}: {figure.value:g} ({figure.source}{note})")
    return "\n".join(lines) + "\n"


DOC_PATH = Path(__file__).resolve().parents[3] / "docs" / "measures.md"


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DOC_PATH
    path.write_text(render(), encoding="utf-8")
    print(f"Wrote {path}")


if __name__ == "__main__":
    main()
